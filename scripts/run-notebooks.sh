#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with nbclient on the radiogx kernel, top to bottom, and saves
# each one in place with its outputs (Vega-Lite charts carry an SVG fallback; widget state goes into the
# notebook metadata), so they read well on GitHub. Fails (exit 1) when a cell raises or a notebook takes longer
# than NOTEBOOK_MAX_SECONDS; a notebook that fails is not overwritten.
#
#   bash scripts/run-notebooks.sh                       # every notebook (npm run notebooks:run)
#   bash scripts/run-notebooks.sh notebooks/05-*.ipynb  # some of them
#
# Environment:
#   RADIOGX_DATA          the real-data folder of 06-real-data (default ../shared/data/radiogenomics when present;
#                         without it that notebook says so and skips its analyses)
#   RADIOGX_REFDATA       reference data of 07-ibsi-compliance (default ../shared/data)
#   NOTEBOOK_MAX_SECONDS  time limit per notebook (default 180: three minutes)
#   NOTEBOOKS_SKIP_BUILD=1  reuse dist/ and kernel-ext/dist as they are
#   KEEP_DATA=1           keep notebooks/data (the synthetic cohort and the extracted features) from the last run;
#                         by default it is removed first, so every run starts from nothing, as CI does
#
# Needs node_modules (npm ci) and .venv with nbclient, nbformat and jupyter_client
# (scripts/requirements-notebooks.txt; `npm run setup:python` installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
py="$repo/.venv/bin/python"

if ! "$py" -c "import nbclient, nbformat, jupyter_client" 2>/dev/null; then
  echo "run-notebooks: .venv lacks nbclient/nbformat/jupyter_client; run: npm run setup:python" >&2
  exit 1
fi

# 1. The library (notebooks import "radiogx" from dist/) and the kernel.
if [ "${NOTEBOOKS_SKIP_BUILD:-0}" != 1 ]; then
  echo "run-notebooks: building the library and the kernel"
  mkdir -p test-artifacts
  if ! npx tsc -p tsconfig.build.json > test-artifacts/notebooks-library-build.log 2>&1; then
    echo "run-notebooks: the library build reported errors (test-artifacts/notebooks-library-build.log); using what it emitted"
  fi
  npm run --silent build -w kernel-ext
fi
[ -f dist/index.js ] || { echo "run-notebooks: dist/index.js is missing (npm run build)" >&2; exit 1; }

# 2. The radiogx kernelspec, installed into the venv (issue 4's installer).
node bin/radiogx.js kernel install --sys-prefix --python "$py" > /dev/null

# 3. Data folders.
shared="$(cd "$repo/.." && pwd)/shared/data"
if [ -z "${RADIOGX_DATA:-}" ] && [ -d "$shared/radiogenomics" ]; then export RADIOGX_DATA="$shared/radiogenomics"; fi
if [ -z "${RADIOGX_REFDATA:-}" ] && [ -d "$shared" ]; then export RADIOGX_REFDATA="$shared"; fi
[ -n "${RADIOGX_DATA:-}" ] && export RADIOGX_DATA="$(cd "$RADIOGX_DATA" 2>/dev/null && pwd || echo "$RADIOGX_DATA")"
[ -n "${RADIOGX_REFDATA:-}" ] && export RADIOGX_REFDATA="$(cd "$RADIOGX_REFDATA" 2>/dev/null && pwd || echo "$RADIOGX_REFDATA")"
echo "run-notebooks: RADIOGX_DATA=${RADIOGX_DATA:-(unset)} RADIOGX_REFDATA=${RADIOGX_REFDATA:-(unset)}"
if [ "${KEEP_DATA:-0}" != 1 ]; then rm -rf notebooks/data; fi

# 4. Execute.
if [ "$#" -gt 0 ]; then notebooks=("$@"); else notebooks=(notebooks/*.ipynb); fi
export NOTEBOOK_MAX_SECONDS="${NOTEBOOK_MAX_SECONDS:-180}"
"$py" - "${notebooks[@]}" <<'PY'
"""Runs each notebook with nbclient on the radiogx kernel, in its own folder; saves it in place when it succeeds."""
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

limit = float(os.environ["NOTEBOOK_MAX_SECONDS"])
failed = []
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    name = nb.metadata.get("kernelspec", {}).get("name")
    if name != "radiogx":
        failed.append(f"{path}: kernelspec is {name!r}, expected 'radiogx'")
        print(f"FAIL  {path}: kernelspec {name!r}", flush=True)
        continue
    client = NotebookClient(
        nb, kernel_name="radiogx", timeout=limit, startup_timeout=120, record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    t0 = time.time()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as e:
        seconds = time.time() - t0
        failed.append(f"{path} ({seconds:.0f} s):\n{e}")
        print(f"FAIL  {path} after {seconds:.0f} s", flush=True)
        continue
    seconds = time.time() - t0
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        failed.append(f"{path}: {len(errors)} error outputs")
        print(f"FAIL  {path}: error outputs", flush=True)
        continue
    if seconds > limit:
        failed.append(f"{path}: {seconds:.0f} s, more than the {limit:.0f} s allowed (NOTEBOOK_MAX_SECONDS)")
        print(f"SLOW  {path}: {seconds:.0f} s", flush=True)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    print(f"ok    {path}  {seconds:5.1f} s", flush=True)

if failed:
    print("\nrun-notebooks: failures:\n" + "\n\n".join(failed), file=sys.stderr)
    sys.exit(1)
print(f"run-notebooks: {len(sys.argv) - 1} notebooks executed")
PY
