"""Executes a small notebook headless with nbclient (what `jupyter execute` and nbconvert use) on the
radiogx kernel, and prints the executed notebook as JSON (last line of stdout). nbclient stores
the state of every widget whose messages it saw in the notebook metadata
(`widgets` / `application/vnd.jupyter.widget-state+json`) and mimics the Output widget's capture;
kernel-ext/test/notebook.test.ts checks both.

Usage: python notebook_driver.py <working dir for the kernel>  (JUPYTER_PATH must hold the kernelspec)
"""
from __future__ import annotations

import json
import sys
import time
import traceback

import nbformat
from nbclient import NotebookClient

CELLS = [
    # 0: widgets in a container, the container as the cell's value
    'import { IntSlider, HBox, Label, interact, progress } from "radiogx/kernel";\n'
    'const s = new IntSlider({ value: 4, max: 9, description: "n" });\n'
    'const l = new Label({ value: "hi" });\n'
    "new HBox([s, l])",
    # 1: a kernel-side change after display
    "s.value = 6;\ns.value",
    # 2: a progress report updated in place
    "let acc = 0;\nfor (const i of progress(20, { label: \"Cohort\", minIntervalMs: 0 })) acc += i;\nacc",
    # 3: a Vega-Lite chart: the vega-lite MIME type plus the SVG static viewers show
    '({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", data: { values: [{ a: "A", b: 3 }, { a: "B", b: 7 }] },'
    ' mark: "bar", encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } } })',
    # 4: interact: the function's value goes into the Output widget, captured by nbclient
    "const it = interact(({ k }) => k * 2, { k: [0, 10] });",
]


def main() -> None:
    cwd = sys.argv[1]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "radiogx", "display_name": "TypeScript (radiogx)", "language": "typescript"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    client = NotebookClient(nb, kernel_name="radiogx", timeout=120, startup_timeout=120, resources={"metadata": {"path": cwd}})
    t0 = time.time()
    out: dict = {}
    try:
        client.execute()
    except Exception:  # noqa: BLE001 - reported to the test
        out["error"] = traceback.format_exc()
        if "Kernel died" in out["error"] or "DeadKernel" in out["error"]:
            out["fatal"] = out["error"]  # the kernel did not start: the test helper runs the driver again
    out["seconds"] = time.time() - t0
    out["notebook"] = json.loads(nbformat.writes(nb))
    try:
        nbformat.validate(nb)
        out["nbformat_valid"] = True
    except Exception as e:  # noqa: BLE001
        out["nbformat_valid"] = str(e)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
