#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with nbclient on the radiogx kernel, top to bottom, and saves
# each one in place with its outputs (Vega-Lite charts carry an SVG fallback; widget state goes into the
# notebook metadata), so they read well on GitHub. Saved outputs are kept stable between runs (no progress-bar
# rates or elapsed times, widget ids derived from the notebook), so a re-run shows only real changes.
# 06-real-data and 07-ibsi-compliance are run a second time with their data folder (RADIOGX_DATA,
# RADIOGX_REFDATA) pointing to an empty folder, not saved: they must still run and say the data are absent.
# Fails (exit 1) when a cell raises, the kernel dies, a notebook takes longer than NOTEBOOK_MAX_SECONDS, or a
# notebook without its data does not say so; a notebook that fails is not overwritten.
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
"""Runs each notebook with nbclient on the radiogx kernel, in its own folder; saves it in place when it succeeds.

Saved outputs are made stable from run to run, so a re-run changes a notebook only where its results change:
the progress bars' rate, elapsed time and ETA are dropped from their final text, adjacent pieces of printed text
are merged (how printing is split into messages depends on timing), and widget model ids (random
UUIDs from the kernel) are replaced by ids derived from the notebook's name and the widget's order.
A notebook that reads a data folder from the environment (ABSENT_DATA below) is also run once with that
variable pointing to an empty folder, not saved: it must run through and say that the data are not there.
"""
import hashlib
import json
import os
import re
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

limit = float(os.environ["NOTEBOOK_MAX_SECONDS"])

# Notebook → (environment variable of its data folder, the text it must print when the folder is empty).
ABSENT_DATA = {
    "06-real-data.ipynb": ("RADIOGX_DATA", "THE REAL DATA ARE NOT AVAILABLE"),
    "07-ibsi-compliance.ipynb": ("RADIOGX_REFDATA", "THE IBSI REFERENCE DATA ARE NOT AVAILABLE"),
}

# " 8.07 cases/s, 0:02 elapsed, ETA 0:05" at the end of a radiogx/kernel Progress line.
PROGRESS_TIMING = re.compile(r" (?:[0-9.]+|\?) [^ ]+/s, (?:[0-9]+:)?[0-9]+:[0-9]{2} elapsed(?:, ETA (?:(?:[0-9]+:)?[0-9]+:[0-9]{2}|\?))?")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def text(value):
    return "".join(value) if isinstance(value, list) else value


def code_outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def stabilise(nb, name):
    """Drops run-dependent numbers from the saved outputs (see the module comment)."""
    # How a cell's printing is split into stream messages depends on timing: adjacent pieces become one output.
    for cell in nb.cells:
        merged = []
        for o in cell.get("outputs", []):
            last = merged[-1] if merged else None
            if o.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream" and last.get("name") == o.get("name"):
                last["text"] = text(last["text"]) + text(o["text"])
            else:
                merged.append(o)
        if cell.cell_type == "code":
            cell.outputs = merged
    for o in code_outputs(nb):
        data = o.get("data", {})
        if 'class="radiogx-progress"' in text(data.get("text/html", "")):
            for mime in ("text/html", "text/plain"):
                if mime in data:
                    data[mime] = PROGRESS_TIMING.sub("", text(data[mime]))
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    if not state:
        return nb
    # Widgets in a fixed order: the displayed ones as they appear, each followed by the widgets it refers to.
    order = []

    def visit(model_id):
        if model_id in order or model_id not in state:
            return
        order.append(model_id)
        for ref in re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(state[model_id], sort_keys=True)):
            visit(ref)

    for o in code_outputs(nb):
        view = o.get("data", {}).get(WIDGET_VIEW)
        if view:
            visit(view.get("model_id"))
    for model_id in sorted(state):
        visit(model_id)
    raw = json.dumps(nb)
    for k, model_id in enumerate(order):
        raw = raw.replace(model_id, hashlib.md5(f"{name}:{k}".encode()).hexdigest())
    return nbformat.from_dict(json.loads(raw))


def execute(nb, path):
    """Executes in the notebook's folder; returns (seconds, error message or None)."""
    client = NotebookClient(
        nb, kernel_name="radiogx", timeout=limit, startup_timeout=120, record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    t0 = time.time()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as e:
        return time.time() - t0, str(e)
    except Exception as e:  # the kernel died or did not start: say so and go on with the next notebook
        return time.time() - t0, f"{type(e).__name__}: {e}"
    errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in code_outputs(nb) if o.get("output_type") == "error"]
    return time.time() - t0, ("error outputs: " + "; ".join(errors)) if errors else None


failed = []
for path in sys.argv[1:]:
    name = os.path.basename(path)
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "radiogx":
        failed.append(f"{path}: kernelspec is {kernel!r}, expected 'radiogx'")
        print(f"FAIL  {path}: kernelspec {kernel!r}", flush=True)
        continue
    seconds, error = execute(nb, path)
    if error:
        failed.append(f"{path} ({seconds:.0f} s):\n{error}")
        print(f"FAIL  {path} after {seconds:.0f} s", flush=True)
        continue
    if seconds > limit:
        failed.append(f"{path}: {seconds:.0f} s, more than the {limit:.0f} s allowed (NOTEBOOK_MAX_SECONDS)")
        print(f"SLOW  {path}: {seconds:.0f} s", flush=True)
    nb = stabilise(nb, name)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    print(f"ok    {path}  {seconds:5.1f} s", flush=True)

    if name in ABSENT_DATA:
        variable, message = ABSENT_DATA[name]
        saved = os.environ.get(variable)
        with tempfile.TemporaryDirectory(prefix="radiogx-no-data-") as empty:
            os.environ[variable] = empty
            try:
                bare = nbformat.read(path, as_version=4)
                seconds, error = execute(bare, path)
            finally:
                if saved is None:
                    os.environ.pop(variable, None)
                else:
                    os.environ[variable] = saved
        said = any(message in text(o.get("text", "")) for o in code_outputs(bare) if o.get("output_type") == "stream")
        if error or not said:
            why = error or f"it did not print {message!r}"
            failed.append(f"{path} with {variable} an empty folder ({seconds:.0f} s): {why}")
            print(f"FAIL  {path} without its data ({variable} empty)", flush=True)
        else:
            print(f"ok    {path}  {seconds:5.1f} s with {variable} an empty folder (not saved): says the data are absent", flush=True)

if failed:
    print("\nrun-notebooks: failures:\n" + "\n\n".join(failed), file=sys.stderr)
    sys.exit(1)
print(f"run-notebooks: {len(sys.argv) - 1} notebooks executed")
PY
