#!/usr/bin/env bash
# Creates .venv with the Python peers (PyRadiomics, lifelines, scikit-learn, Jupyter) that the test
# suites compare radiogx against. Idempotent; `npm run setup:python`. CI runs it before `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
PIP=(.venv/bin/pip install -q --disable-pip-version-check)
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
"${PIP[@]}" --upgrade pip
"${PIP[@]}" setuptools wheel versioneer numpy
# Every requirements file in one resolve, so numpy is settled before PyRadiomics is compiled against it.
reqs=()
for r in scripts/requirements-*.txt; do reqs+=(-r "$r"); done
"${PIP[@]}" "${reqs[@]}"
# PyRadiomics ships only an sdist whose setup.py imports numpy: build it against the venv's numpy, never
# from pip's wheel cache (a cached wheel may be built against another numpy ABI).
if ! .venv/bin/python -c "import radiomics; from radiomics import cMatrices" >/dev/null 2>&1; then
  "${PIP[@]}" --no-build-isolation --no-cache-dir --force-reinstall --no-deps pyradiomics
fi
.venv/bin/python -c "import radiomics, numpy, lifelines, sklearn, SimpleITK; from radiomics import cMatrices; print('python peers ready: pyradiomics', radiomics.__version__, 'numpy', numpy.__version__)"
