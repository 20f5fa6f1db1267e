#!/usr/bin/env bash
# Creates .venv with the Python peers (PyRadiomics, lifelines, scikit-learn, Jupyter) that the test
# suites compare radiogx against. Idempotent; `npm run setup:python`. CI runs it before `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/pip install -q --disable-pip-version-check setuptools wheel versioneer "numpy<2"
.venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements-peers.txt
# PyRadiomics' sdist imports numpy in setup.py: build it against the venv's numpy.
if ! .venv/bin/python -c "import radiomics" 2>/dev/null; then
  .venv/bin/pip install -q --disable-pip-version-check --no-build-isolation "pyradiomics==3.1.0"
fi
for extra in scripts/requirements-*.txt; do
  [ "$extra" = scripts/requirements-peers.txt ] && continue
  .venv/bin/pip install -q --disable-pip-version-check -r "$extra"
done
.venv/bin/python -c "import radiomics, lifelines, sklearn, SimpleITK; print('python peers ready: pyradiomics', radiomics.__version__)"
