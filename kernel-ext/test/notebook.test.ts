/**
 * Headless notebook execution: nbclient (the engine of `jupyter execute` and nbconvert) runs a small
 * notebook on the radiogx kernel (kernel-ext/test/py/notebook_driver.py), from a scratch folder
 * outside the repository, so `radiogx/kernel` is found by the launcher's fallback.
 *
 * nbclient keeps the IOPub messages parented to each cell's execute_request and stores the state of
 * every widget it saw in the notebook metadata (`application/vnd.jupyter.widget-state+json`,
 * @jupyter-widgets/schema v2); it also mimics the Output widget's capture. Needs the venv with
 * nbclient and nbformat (CI installs them).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRONTEND_MODULES, hasPythonModules, installTempKernel, runDriver, type KernelPrefix } from "./helpers";

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string;
  execution_count?: number;
}
interface WidgetEntry {
  model_name: string;
  model_module: string;
  model_module_version: string;
  state: Record<string, any>;
}
interface Result {
  error?: string;
  nbformat_valid: true | string;
  notebook: {
    cells: { outputs: Output[]; execution_count: number }[];
    metadata: { widgets?: Record<string, { version_major: number; version_minor: number; state: Record<string, WidgetEntry> }> };
  };
}

describe.skipIf(!hasPythonModules(...FRONTEND_MODULES))("a notebook executed headless by nbclient (needs the venv: nbclient, nbformat)", () => {
  let kernel: KernelPrefix;
  let scratch: string;
  let r: Result;
  let widgets: Record<string, WidgetEntry>;

  beforeAll(async () => {
    kernel = installTempKernel();
    scratch = mkdtempSync(join(tmpdir(), "radiogx-nb-"));
    r = await runDriver<Result>("notebook_driver.py", [scratch], { JUPYTER_PATH: kernel.jupyterPath }, 150_000);
    widgets = r.notebook.metadata.widgets?.["application/vnd.jupyter.widget-state+json"]?.state ?? {};
  }, 310_000);
  afterAll(() => {
    kernel?.cleanup();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const byModel = (name: string) => Object.entries(widgets).filter(([, w]) => w.model_name === name);
  const text = (o: Output | undefined) => {
    const t = o?.data?.["text/plain"];
    return Array.isArray(t) ? t.join("") : (t as string | undefined);
  };

  it("runs every cell without error and writes a valid notebook", () => {
    expect(r.error).toBeUndefined();
    expect(r.nbformat_valid).toBe(true);
    expect(r.notebook.cells.map((c) => c.execution_count)).toEqual([1, 2, 3, 4, 5]);
  });

  it("stores the widget state in the notebook metadata (schema v2), with the latest values", () => {
    const meta = r.notebook.metadata.widgets!["application/vnd.jupyter.widget-state+json"]!;
    expect(meta.version_major).toBe(2);
    const sliders = byModel("IntSliderModel");
    expect(sliders).toHaveLength(2); // the cell's slider and interact's
    const [, slider] = sliders.find(([, w]) => w.state.description === "n")!;
    expect(slider).toMatchObject({ model_module: "@jupyter-widgets/controls", model_module_version: "2.0.0", state: { value: 6, max: 9 } });
    const [[, label]] = byModel("LabelModel") as [[string, WidgetEntry]];
    expect(label.state.value).toBe("hi");
    const [[hboxId, hbox]] = byModel("HBoxModel") as [[string, WidgetEntry]];
    const sliderId = sliders.find(([, w]) => w.state.description === "n")![0];
    const labelId = byModel("LabelModel")[0]![0];
    expect(hbox.state.children).toEqual([`IPY_MODEL_${sliderId}`, `IPY_MODEL_${labelId}`]);
    // The cell's value is the container's view.
    expect(r.notebook.cells[0]!.outputs[0]!.data!["application/vnd.jupyter.widget-view+json"]).toMatchObject({ model_id: hboxId, version_major: 2 });
    expect(text(r.notebook.cells[1]!.outputs[0])).toBe("6");
  });

  it("keeps one progress output, updated in place to its final state", () => {
    const outs = r.notebook.cells[2]!.outputs;
    expect(outs.map((o) => o.output_type)).toEqual(["display_data", "execute_result"]);
    expect(text(outs[0])).toMatch(/^Cohort {2}20\/20 \[100%\] /);
    expect(text(outs[1])).toBe("190");
  });

  it("saves a Vega-Lite chart with an SVG for static viewers", () => {
    const data = r.notebook.cells[3]!.outputs[0]!.data!;
    expect(data["application/vnd.vegalite.v5+json"]).toBeDefined();
    const svg = Array.isArray(data["image/svg+xml"]) ? (data["image/svg+xml"] as string[]).join("") : (data["image/svg+xml"] as string);
    expect(svg).toContain('aria-label="a: B; b: 7"');
  });

  it("interact's Output widget holds the function's value, captured headless", () => {
    const [[, out]] = byModel("OutputModel") as [[string, WidgetEntry]];
    // k starts mid-range of [0, 10] (5), so the function returns 10, displayed inside the Output.
    expect(out.state.outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "10" }, metadata: {} }]);
    expect(out.state.msg_id).toBe("");
  });
});
