/**
 * The radiogx kernel as a frontend sees it: the real kernel process (kernel-ext/dist, started by
 * jupyter_client from the kernelspec the installer wrote) driven over ZeroMQ by jupyter_client in
 * the project's venv (kernel-ext/test/py/protocol_driver.py). The driver records every message; the
 * expectations here come from the Jupyter messaging spec v5 and the widget protocol 2.1.0, and from
 * ipywidgets 8.1 for the kernel-side widget behaviour (echo_update, clamping, request_state).
 *
 * Needs the venv with jupyter_client and jupyter_kernel_test (skipped without; CI installs them).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRONTEND_MODULES, PROJECT_ROOT, hasPythonModules, installTempKernel, runDriver, type KernelPrefix } from "./helpers";

interface Msg {
  msg_type: string;
  msg_id: string;
  parent_id: string | null;
  parent_type: string | null;
  header_version: string;
  metadata: Record<string, unknown>;
  content: Record<string, any>;
  buffers: string[];
}
interface Exec {
  msg_id: string;
  reply: Msg;
  iopub: Msg[];
}
interface Comm {
  msg_id: string;
  iopub: Msg[];
}
interface DriverResult {
  steps: Record<string, any>;
  errors: Record<string, string>;
  schema_errors: string[];
  validated: Record<string, number>;
  aborted_replies: number;
  startup_seconds: number;
  shutdown_clean: boolean;
  slider_id: string;
  image_id: string;
  samples_id: string;
  float32_expected_hex: string;
  fatal?: string;
}

/** Outputs of a request: its IOPub messages without status and execute_input. */
const outputs = (x: { iopub: Msg[] }) => x.iopub.filter((m) => m.msg_type !== "status" && m.msg_type !== "execute_input");
const resultText = (x: Exec) => outputs(x).find((m) => m.msg_type === "execute_result")?.content.data["text/plain"] as string | undefined;
const hex = (bytes: number[]) => Buffer.from(bytes).toString("hex");

const ready = hasPythonModules(...FRONTEND_MODULES);

describe.skipIf(!ready)("kernel over ZeroMQ, driven by jupyter_client (needs the venv: jupyter_client, jupyter_kernel_test)", () => {
  let kernel: KernelPrefix;
  let r: DriverResult;
  let s: Record<string, any>;

  beforeAll(async () => {
    kernel = installTempKernel();
    // Run from the repository root: `radiogx` resolves by self-reference, `radiogx/kernel` by the launcher.
    r = await runDriver<DriverResult>("protocol_driver.py", [PROJECT_ROOT], { JUPYTER_PATH: kernel.jupyterPath }, 140_000);
    // A driver that could not run its steps (the kernel did not start) fails every test with its reason.
    if (r.fatal) throw new Error(`the protocol driver stopped before its steps (twice): ${r.fatal}`);
    s = r.steps;
  }, 300_000);
  afterAll(() => kernel?.cleanup());

  it("ran every step, and every message received is valid against the v5 schemas", () => {
    expect(r.fatal).toBeUndefined();
    expect(r.errors).toEqual({});
    expect(r.schema_errors).toEqual([]);
    // Each kind of message seen was checked (counts are what the steps produce).
    for (const t of ["kernel_info_reply", "execute_reply", "execute_result", "comm_open", "comm_msg", "comm_close", "comm_info_reply", "display_data", "update_display_data", "stream", "error", "status", "history_reply"]) {
      expect(r.validated[t], t).toBeGreaterThan(0);
    }
    expect(r.shutdown_clean).toBe(true);
  });

  it("kernel_info_reply: valid, also strictly (no unexpected keys), with status ok", () => {
    const k = s.kernel_info;
    expect(k.validation_errors).toEqual([]);
    expect(k.reply.content).toMatchObject({ status: "ok", protocol_version: "5.3", implementation: "radiogx", language_info: { name: "typescript", file_extension: ".ts" } });
    expect(k.iopub.map((m: Msg) => m.content.execution_state)).toEqual(["busy", "idle"]);
  });

  it("a cell's last expression is an execute_result with the cell's execution_count (Out[n])", () => {
    const [a, b, c] = s.execute_basic as Exec[];
    expect(resultText(a!)).toBe("2");
    const ra = outputs(a!).find((m) => m.msg_type === "execute_result")!;
    expect(ra.content.execution_count).toBe(a!.reply.content.execution_count);
    expect(resultText(b!)).toBeUndefined(); // a declaration has no value
    expect(resultText(c!)).toBe("42");
    expect(c!.reply.content.execution_count).toBe(a!.reply.content.execution_count + 2);
  });

  it("a widget created in a cell opens its comms (protocol 2.1.0) and displays, parented to the cell", () => {
    const x = s.widget_create as Exec;
    expect(x.reply.content.status).toBe("ok");
    const opens = outputs(x).filter((m) => m.msg_type === "comm_open");
    expect(opens.map((m) => m.content.data.state._model_name)).toEqual(["LayoutModel", "SliderStyleModel", "IntSliderModel"]);
    for (const m of opens) {
      expect(m.parent_id).toBe(x.msg_id);
      expect(m.content.target_name).toBe("jupyter.widget");
      expect(m.metadata).toEqual({ version: "2.1.0" });
    }
    const [layout, style, slider] = opens;
    expect(slider!.content.comm_id).toBe(r.slider_id);
    expect(slider!.content.data.state).toMatchObject({
      _model_module: "@jupyter-widgets/controls",
      _model_module_version: "2.0.0",
      _view_name: "IntSliderView",
      _view_module: "@jupyter-widgets/controls",
      _view_module_version: "2.0.0",
      value: 3,
      max: 10,
      description: "k",
      layout: `IPY_MODEL_${layout!.content.comm_id}`,
      style: `IPY_MODEL_${style!.content.comm_id}`,
    });
    const shown = outputs(x).find((m) => m.msg_type === "display_data")!;
    expect(shown.parent_id).toBe(x.msg_id);
    expect(shown.content.data["application/vnd.jupyter.widget-view+json"]).toEqual({ version_major: 2, version_minor: 1, model_id: r.slider_id });
    expect(typeof shown.content.data["text/plain"]).toBe("string");
  });

  it("an update from the frontend changes the kernel value and fires observers, answered under the comm_msg", () => {
    const { update, check, clamp, after } = s.frontend_update as { update: Comm; check: Exec; clamp: Comm; after: Exec };
    const out = outputs(update);
    // ipywidgets 8 echoes the frontend's state first (echo_update), then observers run.
    expect(out[0]).toMatchObject({ msg_type: "comm_msg", parent_id: update.msg_id, content: { comm_id: r.slider_id, data: { method: "echo_update", state: { value: 7 } } } });
    expect(out.find((m) => m.msg_type === "stream")).toMatchObject({ parent_id: update.msg_id, content: { name: "stdout", text: "changed 3 -> 7\n" } });
    expect(resultText(check)).toBe("'[7,[7]]'");
    // 99 > max 10: clamped in the kernel (ipywidgets' validation) and the corrected value sent back.
    const back = outputs(clamp).filter((m) => m.msg_type === "comm_msg").map((m) => m.content.data);
    expect(back).toEqual([
      { method: "echo_update", state: { value: 99 }, buffer_paths: [] },
      { method: "update", state: { value: 10 }, buffer_paths: [] },
    ]);
    expect(resultText(after)).toBe("10");
  });

  it("a widget update during an awaiting cell is handled at once, and the kernel never looks idle before the cell ends", () => {
    const order = (s.comm_during_cell as { order: { msg_type: string; parent: string; state: string | null; text?: string }[] }).order;
    const statuses = order.filter((m) => m.msg_type === "status").map((m) => `${m.parent}:${m.state}`);
    // The update's own busy/idle (its frontend waits for that idle), then the cell's busy again.
    expect(statuses).toEqual(["cell:busy", "update:busy", "update:idle", "cell:busy", "cell:idle"]);
    expect(order.find((m) => m.msg_type === "comm_msg" && m.parent === "update")).toBeDefined(); // echo_update
    // The cell, resumed after the update, sees its value.
    expect(order.find((m) => m.msg_type === "execute_result")!.text).toBe("5");
  });

  it("a typed array changed right after the update that sent it reaches the frontend as it was sent", () => {
    const x = s.buffers_changed_after_send as { values: number[][]; status: string };
    expect(x.status).toBe("ok");
    // 20 updates of 1 MiB, each all k (k = 0…19) when set, all −1 right after.
    expect(x.values).toEqual(Array.from({ length: 20 }, (_, k) => [k]));
  });

  it("request_state is answered at once with the full state, parented to the request", () => {
    const x = s.request_state as Comm;
    const msgs = outputs(x).filter((m) => m.msg_type === "comm_msg");
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.parent_id).toBe(x.msg_id);
    expect(msgs[0]!.content.data.method).toBe("update");
    const state = msgs[0]!.content.data.state;
    // Every synced trait of ipywidgets 8.1's IntSlider (sorted `ipywidgets.IntSlider().keys`, what its
    // `send_state()` answers with), class identity included: JupyterLab's fallback restore (comm_info +
    // request_state, when the control comm does not answer) creates the model from `_model_name`,
    // `_model_module` and `_model_module_version` of this very message.
    const ipywidgetsKeys = ["_dom_classes", "_model_module", "_model_module_version", "_model_name", "_view_count", "_view_module", "_view_module_version", "_view_name", "behavior", "continuous_update", "description", "description_allow_html", "disabled", "layout", "max", "min", "orientation", "readout", "readout_format", "step", "style", "tabbable", "tooltip", "value"];
    expect(Object.keys(state).sort()).toEqual(ipywidgetsKeys);
    expect(state).toMatchObject({ _model_name: "IntSliderModel", _model_module: "@jupyter-widgets/controls", _model_module_version: "2.0.0", _view_name: "IntSliderView", value: 10 });
  });

  it("the control comm's request_states is answered with every widget's full state", () => {
    const { open, states } = s.control_comm as { control_id: string; open: Comm; states: Comm };
    expect(outputs(open)).toEqual([]); // accepted: no comm_close
    const m = outputs(states).find((x) => x.msg_type === "comm_msg")!;
    expect(m.parent_id).toBe(states.msg_id);
    expect(m.content.data.method).toBe("update_states");
    const all = m.content.data.states as Record<string, { model_name: string; model_module: string; model_module_version: string; state: Record<string, unknown> }>;
    expect(all[r.slider_id]).toMatchObject({ model_name: "IntSliderModel", model_module: "@jupyter-widgets/controls", model_module_version: "2.0.0", state: { value: 10, _model_name: "IntSliderModel" } });
    expect(Object.values(all).map((w) => w.model_name).sort()).toEqual(["IntSliderModel", "LayoutModel", "SliderStyleModel"]);
    expect(m.content.data.buffer_paths).toEqual([]);
  });

  it("a comm_open for an unknown target is answered with comm_close", () => {
    const x = s.unknown_target as Comm & { comm_id: string };
    expect(outputs(x)).toEqual([expect.objectContaining({ msg_type: "comm_close", parent_id: x.msg_id, content: { comm_id: x.comm_id, data: {} } })]);
  });

  it("comm_info_reply: valid (strictly), lists open comms filtered by target", () => {
    const { widget, all } = s.comm_info;
    expect(widget.validation_errors).toEqual([]);
    expect(all.validation_errors).toEqual([]);
    expect(widget.reply.msg_type).toBe("comm_info_reply");
    const w = widget.reply.content.comms as Record<string, { target_name: string }>;
    expect(Object.keys(w)).toHaveLength(3);
    expect(w[r.slider_id]).toEqual({ target_name: "jupyter.widget" });
    expect(Object.values(w).every((c) => c.target_name === "jupyter.widget")).toBe(true);
    const a = all.reply.content.comms as Record<string, { target_name: string }>;
    expect(Object.values(a).filter((c) => c.target_name === "jupyter.widget.control")).toHaveLength(1);
  });

  it("binary buffers go to the frontend as raw frames: bytes and a typed array", () => {
    const x = s.buffers_kernel_to_frontend as Exec;
    const opens = outputs(x).filter((m) => m.msg_type === "comm_open");
    const img = opens.find((m) => m.content.comm_id === r.image_id)!;
    expect(img.content.data.buffer_paths).toEqual([["value"]]);
    expect("value" in img.content.data.state).toBe(false); // taken out of the JSON, as ipywidgets does
    expect(img.buffers).toEqual([hex(Array.from({ length: 256 }, (_, i) => i))]);
    const samples = opens.find((m) => m.content.comm_id === r.samples_id)!;
    expect(samples.content.data.buffer_paths).toEqual([["data", "buffer"]]);
    expect(samples.content.data.state.data).toEqual({ dtype: "float32", shape: [2, 2] });
    // little-endian float32 bytes as Python's struct.pack("<4f", ...) gives them
    expect(samples.buffers).toEqual([r.float32_expected_hex]);
  });

  it("binary buffers from the frontend (signed by jupyter_client over the four JSON frames) are accepted and land in the state", () => {
    const { update, check, custom, samples_update, samples_check } = s.buffers_frontend_to_kernel as Record<string, any>;
    const reversed = hex(Array.from({ length: 256 }, (_, i) => 255 - i));
    const echo = outputs(update).find((m: Msg) => m.msg_type === "comm_msg")!;
    expect(echo.content.data).toEqual({ method: "echo_update", state: {}, buffer_paths: [["value"]] });
    expect(echo.buffers).toEqual([reversed]);
    expect(resultText(check)).toBe("'[256,[255,254,253,252]]'");
    const reply = outputs(custom).find((m: Msg) => m.msg_type === "comm_msg")!;
    expect(reply.parent_id).toBe(custom.msg_id);
    expect(reply.content.data).toEqual({ method: "custom", content: { echo: 5 } });
    expect(reply.buffers).toEqual(["030201"]);
    expect(outputs(samples_update)[0]!.buffers).toHaveLength(1);
    expect(resultText(samples_check)).toBe(`'["Float64Array",[1.5,-2,1e-300],[3]]'`);
  });

  it("a request with a forged signature is dropped: no reply, no status, not executed", () => {
    const x = s.forged_signature as { forged_id: string; seen: Msg[]; check: Exec };
    expect(x.seen.filter((m) => m.parent_id === x.forged_id)).toEqual([]);
    expect(resultText(x.check)).toBe("'undefined'");
  });

  it("a replayed signed message is dropped (jupyter_client's digest history rule)", () => {
    const x = s.replayed_signature as { first: Msg; seen: Msg[]; check: Exec; msg_id: string };
    expect(x.first.content.status).toBe("ok");
    expect(x.seen.filter((m) => m.parent_id === x.msg_id)).toEqual([]);
    expect(resultText(x.check)).toBe("1");
  });

  it("after an error only the requests already queued are aborted; stop_on_error=false runs on", () => {
    const x = s.abort_after_error as { replies: Msg[]; iopub: Msg[][]; later: Exec; no_stop_replies: Msg[] };
    expect(x.replies.map((m) => m.content.status)).toEqual(["error", "aborted", "aborted"]);
    expect(x.replies[0]!.content).toMatchObject({ ename: "RangeError", evalue: "first" });
    const errOut = outputs({ iopub: x.iopub[0]! });
    expect(errOut).toHaveLength(1);
    expect(errOut[0]).toMatchObject({ msg_type: "error", content: { ename: "RangeError", evalue: "first" } });
    expect((errOut[0]!.content.traceback as string[])[0]).toBe("RangeError: first");
    expect(outputs({ iopub: x.iopub[1]! })).toEqual([]); // aborted: busy/idle only
    expect(resultText(x.later)).toBe("'undefined'"); // the aborted cell never ran
    expect(x.later.reply.content.status).toBe("ok"); // a request sent after the error runs
    expect(x.no_stop_replies.map((m) => m.content.status)).toEqual(["error", "ok"]);
  });

  it("a danfo DataFrame as last expression is an execute_result with an HTML table", () => {
    const x = s.dataframe as Exec;
    const res = outputs(x).find((m) => m.msg_type === "execute_result")!;
    const html = res.content.data["text/html"] as string;
    expect(html).toContain('<table border="1" class="dataframe">');
    expect(html).toContain("<th>a</th><th>b</th>");
    expect(html).toContain("<tr><th>r2</th><td>2.5</td><td>&lt;y&gt;</td></tr>");
    expect(html).toContain("2 rows × 2 columns");
    expect(res.content.data["text/plain"]).toContain("╔"); // danfo's own text table
  });

  it("a Vega-Lite spec gives the vega-lite MIME type and an SVG rendering of the data", () => {
    const x = s.vegalite as Exec;
    const res = outputs(x).find((m) => m.msg_type === "execute_result")!;
    expect(res.content.data["application/vnd.vegalite.v5+json"]).toMatchObject({ mark: "bar", data: { values: [{ a: "A", b: 28 }, { a: "B", b: 55 }] } });
    const svg = res.content.data["image/svg+xml"] as string;
    expect(svg.startsWith("<svg")).toBe(true);
    // vega labels each bar with its data (aria-label "field: value; …")
    expect(svg).toContain('aria-label="a: A; b: 28"');
    expect(svg).toContain('aria-label="a: B; b: 55"');
  });

  it.skipIf(!existsSync(join(PROJECT_ROOT, "dist", "index.js")))("import … from \"radiogx\" works in a cell (needs the library built)", () => {
    const x = s.import_radiogx as Exec;
    expect(x.reply.content).toMatchObject({ status: "ok" });
    expect(resultText(x)).toBe("true");
  });

  it("progress updates one output in place (update_display_data) and ends at 100 %", () => {
    const x = s.progress as Exec;
    const shown = outputs(x).filter((m) => m.msg_type === "display_data" || m.msg_type === "update_display_data");
    expect(shown[0]!.msg_type).toBe("display_data");
    const id = shown[0]!.content.transient.display_id as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(shown.slice(1).every((m) => m.msg_type === "update_display_data" && m.content.transient.display_id === id)).toBe(true);
    expect(shown[shown.length - 1]!.content.data["text/plain"]).toMatch(/^Work {2}5\/5 \[100%\] [\d.]+ it\/s, 0:00 elapsed, ETA 0:00$/);
    expect(resultText(x)).toBe("10");
  });

  it("a Button click from the frontend runs the click handler", () => {
    const x = s.button_click as { click: Comm; check: Exec };
    expect(outputs(x.click)).toEqual([expect.objectContaining({ msg_type: "stream", parent_id: x.click.msg_id, content: { name: "stdout", text: "clicked\n" } })]);
    expect(resultText(x.check)).toBe("1");
  });

  it("Output.capture routes the cell's output into the widget: msg_id set, output, msg_id reset, in order", () => {
    const x = s.output_capture as Exec;
    const seq = outputs(x)
      .filter((m) => m.msg_type === "comm_msg" || m.msg_type === "stream")
      .map((m) => (m.msg_type === "stream" ? `stream:${m.content.text}` : `msg_id:${m.content.data.state.msg_id}`));
    expect(seq).toEqual([`msg_id:${x.msg_id}`, "stream:inside\n", "msg_id:", "stream:outside\n"]);
  });

  it("history_request tail with output gives [session, line, [input, output]]", () => {
    const h = s.history.reply.content.history as [number, number, [string, string | null]][];
    expect(h).toHaveLength(3);
    const last = h[h.length - 1]!;
    expect(last[0]).toBe(1);
    expect(last[2][0]).toContain("out.capture");
    expect(h[0]![1] + 2).toBe(last[1]);
  });

  it("an error thrown later by a timer or a rejected promise is reported on stderr under its cell; the kernel lives on", () => {
    const x = s.async_errors as { cell: Exec; after: Exec; late: Msg[] };
    expect(resultText(x.cell)).toBe("5");
    const text = x.late.filter((m) => m.msg_type === "stream" && m.content.name === "stderr").map((m) => m.content.text as string).join("");
    expect(text).toContain("Uncaught exception: Error: late");
    expect(text).toContain("Unhandled promise rejection: Error: unhandled");
    expect(resultText(x.after)).toBe("6");
  });

  it("an interrupt (SIGINT from jupyter_client) stops a busy loop with an error reply; the kernel lives on", () => {
    const x = s.interrupt as { reply: Msg; after: Exec };
    expect(x.reply.content).toMatchObject({ status: "error", evalue: "Script execution was interrupted by `SIGINT`" });
    expect(resultText(x.after)).toBe("7");
  });

  it("comm_close from the frontend removes the comm", () => {
    const x = s.comm_close as { close: Comm; after: Msg };
    expect(outputs(x.close)).toEqual([]);
    expect(Object.keys(x.after.content.comms)).not.toContain(r.slider_id);
  });
});
