/**
 * The kernel-side widget classes (kernel-ext/src/widgets) against the frontend that renders them
 * (widgets/src): each class opens a `jupyter.widget` comm (protocol 2.1.0) naming the model and view
 * the extension registers, at a module version range the extension's package.json satisfies; its
 * arrays travel as binary buffers that the frontend's deserializer turns back into the same values
 * (buffers put back at `buffer_paths` as @jupyter-widgets/base does); and state the frontend sends
 * back (the clicked cell, the crosshair) reaches the kernel object. Statistical inputs are the library's
 * own results on public data (aSAH for ROC).
 */
import { describe, expect, it, beforeAll } from "vitest";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { rocAuc, delongTest } from "../../../src/models/roc";
import { correlationMap } from "../../../src/stats/correlationMap";
import { refPath } from "../../../test/refdata";
import { readCsv } from "../../../test/survival/peers";
import { CorrelationMap, KaplanMeierExplorer, ROCExplorer, SliceViewer, WIDGETS_MODULE, WIDGETS_MODULE_VERSION } from "../../../kernel-ext/src/widgets";
import { arrayFromWire } from "../../src/common/array";
import { PRESETS } from "../../src/slice/render";
import { MODULE_NAME, MODULE_VERSION } from "../../src/version";
import { installRecordingBridge, type RecordedComm } from "./bridge";

let comms: RecordedComm[];
beforeAll(() => {
  comms = installRecordingBridge().comms;
});

/** @jupyter-widgets/base `put_buffers`: buffers back at their paths, as DataViews. */
function putBuffers(state: Record<string, unknown>, paths: (string | number)[][], buffers: Uint8Array[]): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
  paths.forEach((path, i) => {
    let obj: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) obj = obj[key] as Record<string | number, unknown>;
    const b = buffers[i]!;
    // The frontend receives each buffer as its own ArrayBuffer (JupyterLab slices the websocket message).
    obj[path[path.length - 1]!] = new DataView(b.slice().buffer);
  });
  return copy;
}

function openedState(w: { modelId: string }): Record<string, unknown> {
  const c = comms.find((x) => x.commId === w.modelId)!;
  expect(c.targetName).toBe("jupyter.widget");
  expect(c.open.metadata).toEqual({ version: "2.1.0" });
  return putBuffers(c.open.data.state as Record<string, unknown>, c.open.data.buffer_paths as (string | number)[][], c.open.buffers);
}

describe("module identity", () => {
  it("the kernel names the module and a version range the extension registers", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { name: string; version: string };
    expect(WIDGETS_MODULE).toBe(pkg.name);
    expect(MODULE_NAME).toBe(pkg.name);
    expect(MODULE_VERSION).toBe(pkg.version);
    // ^0.1.0 accepts 0.1.x only (semver caret below 1.0).
    const [maj, min] = pkg.version.split(".").map(Number);
    expect(WIDGETS_MODULE_VERSION).toBe(`^${maj}.${min}.0`);
  });
});

describe("SliceViewer", () => {
  const size: [number, number, number] = [5, 4, 3];
  const data = Int16Array.from({ length: 60 }, (_, i) => i * 37 - 1000);
  const mask = new Uint8Array(60);
  mask[2 + 5 * (1 + 4 * 2)] = 1;
  const vol = { size, spacing: [0.8, 0.8, 2.5], origin: [-10, 5, 30], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, metadata: {} };

  it("describes the volume in its state: type, size, range, percentiles; window and crosshair defaults", () => {
    const v = new SliceViewer(vol, { ...vol, data: mask }, { plane: "coronal", label_colors: { 1: "#00ff00" } });
    const state = openedState(v);
    expect(state._model_name).toBe("SliceViewerModel");
    expect(state._view_name).toBe("SliceViewerView");
    expect(state._model_module).toBe(MODULE_NAME);
    const meta = state.image_meta as { dtype: string; size: number[]; range: number[]; p1: number; p99: number; slab: number };
    expect(meta.dtype).toBe("int16");
    expect(meta.size).toEqual(size);
    expect(meta.range).toEqual([-1000, 59 * 37 - 1000]);
    // NumPy: np.percentile(np.arange(60) * 37 - 1000, [1, 99]) = [-978.17, 1161.17].
    expect(meta.p1).toBeCloseTo(-978.17, 10);
    expect(meta.p99).toBeCloseTo(1161.17, 10);
    expect(state.mask_dtype).toBe("uint8");
    // Only the crosshair's axial slice (k = 2) travels with the state; the rest follows on request.
    const first = state.first_slice as { k: number; image: DataView; mask: DataView };
    expect(first.k).toBe(2);
    expect(Array.from(new Int16Array(first.image.buffer))).toEqual(Array.from(data.subarray(40, 60)));
    expect(Array.from(new Uint8Array(first.mask.buffer))).toEqual(Array.from(mask.subarray(40, 60)));
    // CT-like (minimum ≤ −500): soft-tissue window and HU; crosshair at the mask's box centre.
    expect(state.preset).toBe("ct-soft-tissue");
    expect(state.units).toBe("HU");
    expect(state.cursor).toEqual([2, 1, 2]);
    expect(state.label_colors).toEqual({ 1: "#00ff00" });
    expect(v.sliceIndex).toBe(1); // coronal: j
  });

  it("streams the voxels in slabs of axial slices, the requested one first, the mask only where labelled", () => {
    // 512 × 512 int16 slices are 512 KiB: 8 per 4 MiB slab, so 20 slices make slabs 0–7, 8–15, 16–19.
    const n = 512 * 512 * 20;
    const big = Int16Array.from({ length: n }, (_, i) => (i * 7919) % 3000 - 1000);
    const labels = new Uint8Array(n);
    labels[512 * 512 * 17 + 1000] = 3;
    const v = new SliceViewer({ ...vol, size: [512, 512, 20], data: big }, { ...vol, size: [512, 512, 20], data: labels });
    const c = comms.find((x) => x.commId === v.modelId)!;
    expect((openedState(v).image_meta as { slab: number }).slab).toBe(8);
    // The crosshair starts at the mask's centre, slice 17, which came with the state.
    const first = openedState(v).first_slice as { k: number; image: DataView; mask: DataView };
    expect(first.k).toBe(17);
    c.deliver({ method: "custom", content: { kind: "request-slabs", first: 17, skip: 17 } });
    const slabs = c.sent.filter((m) => m.data.method === "custom");
    expect(slabs.map((m) => [(m.data.content as { k0: number }).k0, (m.data.content as { k1: number }).k1])).toEqual([[18, 20], [16, 17], [8, 16], [0, 8]]);
    expect(slabs.map((m) => (m.data.content as { mask: boolean }).mask)).toEqual([false, false, false, false]);
    // Reassembled as the frontend model does, the slabs give back the volume and the mask.
    const image = new Int16Array(n);
    const mask2 = new Uint8Array(n);
    new Uint8Array(image.buffer).set(new Uint8Array(first.image.buffer), 17 * 512 * 512 * 2);
    mask2.set(new Uint8Array(first.mask.buffer), 17 * 512 * 512);
    for (const m of slabs) {
      const { k0, mask: hasMask } = m.data.content as { k0: number; mask: boolean };
      new Uint8Array(image.buffer).set(m.buffers[0]!, k0 * 512 * 512 * 2);
      if (hasMask) mask2.set(m.buffers[1]!, k0 * 512 * 512);
    }
    const firstDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
      return -1;
    };
    expect(firstDifference(image, big)).toBe(-1);
    expect(firstDifference(mask2, labels)).toBe(-1);
  });

  it("takes the crosshair and plane from the frontend; rejects a mask on another grid", () => {
    const v = new SliceViewer(vol);
    const c = comms.find((x) => x.commId === v.modelId)!;
    c.deliver({ method: "update", state: { cursor: [4, 3, 0], plane: "sagittal" }, buffer_paths: [] });
    expect(v.cursor).toEqual([4, 3, 0]);
    expect(v.plane).toBe("sagittal");
    expect(v.sliceIndex).toBe(4);
    expect(() => new SliceViewer(vol, { ...vol, size: [5, 4, 2], data: new Uint8Array(40) })).toThrowError(/mask size 5×4×2 differs/);
    expect(() => v.set({ plane: "oblique" as never })).toThrowError(/plane must be one of axial, coronal, sagittal/);
  });

  it("keeps the preset when the frontend sends back the preset's own window; another window is custom", () => {
    // The view fills in a preset's level and width and sends them with the next change (a scroll),
    // without the preset: that is still the preset (JupyterLab showed "Custom" after a reload before).
    const v = new SliceViewer(vol, null, { preset: "ct-lung" });
    const c = comms.find((x) => x.commId === v.modelId)!;
    c.deliver({ method: "update", state: { window_level: PRESETS["ct-lung"].level, window_width: PRESETS["ct-lung"].width, cursor: [1, 1, 1] }, buffer_paths: [] });
    expect(v.preset).toBe("ct-lung");
    expect(c.sent.filter((m) => m.data.method === "update").map((m) => (m.data.state as Record<string, unknown>).preset)).not.toContain("custom");
    c.deliver({ method: "update", state: { window_level: -500, window_width: 1500 }, buffer_paths: [] });
    expect(v.preset).toBe("custom");
    // MR auto: its window is the 1st–99th percentile range of image_meta.
    const mr = new SliceViewer({ ...vol, data: Int16Array.from({ length: 60 }, (_, i) => i * 10) });
    expect(mr.preset).toBe("mr-auto");
    const meta = openedState(mr).image_meta as { p1: number; p99: number };
    mr.set({ window_level: (meta.p1 + meta.p99) / 2, window_width: meta.p99 - meta.p1 });
    expect(mr.preset).toBe("mr-auto");
    mr.set({ window_width: 12 });
    expect(mr.preset).toBe("custom");
    // A preset set together with its window is kept as set.
    mr.set({ preset: "ct-soft-tissue", window_level: 40, window_width: 400 });
    expect(mr.preset).toBe("ct-soft-tissue");
  });
});

describe("CorrelationMap", () => {
  it("sends r, q and per-patient values as buffers, clusters rows and columns, and receives the clicked cell", () => {
    const rows = ["f1", "f2", "f3", "f4"];
    const columns = ["g1", "g2", "g3"];
    const r = [0.9, -0.1, 0.85, 0.1, 0.7, 0.05, 0.88, -0.05, 0.8, -0.2, 0.6, -0.3];
    const q = r.map((x) => (Math.abs(x) > 0.5 ? 0.001 : 0.5));
    const x = Object.fromEntries(rows.map((name, i) => [name, [1 + i, 2, 3, 4, 5]]));
    const y = Object.fromEntries(columns.map((name, j) => [name, [5, 4, 3 + j, 2, NaN]]));
    const m = new CorrelationMap({ rows, columns, r, q, method: "spearman" }, { x, y, patientIds: ["P1", "P2", "P3", "P4", "P5"] });
    const state = openedState(m);
    expect(state._model_name).toBe("CorrelationMapModel");
    expect(Array.from(arrayFromWire(state.r)!.data)).toEqual(Array.from(Float32Array.from(r)));
    expect(Array.from(arrayFromWire(state.q)!.data)).toEqual(q);
    const xv = arrayFromWire(state.x_values)!;
    expect(xv.shape).toEqual([4, 5]);
    expect(Array.from(xv.data.subarray(5, 10))).toEqual([2, 2, 3, 4, 5]);
    expect(Number.isNaN(arrayFromWire(state.y_values)!.data[4])).toBe(true);
    // Rows 1 and 3 (profiles (0.1, 0.7, 0.05) and (−0.2, 0.6, −0.3)) are each other's nearest: adjacent.
    const order = state.row_order as number[];
    expect(Math.abs(order.indexOf(1) - order.indexOf(3))).toBe(1);
    expect((state.row_linkage as number[][]).length).toBe(3);
    expect((state.column_linkage as number[][]).length).toBe(2);
    const c = comms.find((w) => w.commId === m.modelId)!;
    c.deliver({ method: "update", state: { selected: { row: "f2", column: "g3" } }, buffer_paths: [] });
    expect(m.selected).toEqual({ row: "f2", column: "g3" });
    const sv = m.selectedValues()!;
    expect(Array.from(sv.x)).toEqual([2, 2, 3, 4, 5]);
    expect(Array.from(sv.y.subarray(0, 4))).toEqual([5, 4, 5, 2]);
    expect(() => m.set({ selected: { row: "nope", column: "g1" } })).toThrowError(/must be \{ row, column \}/);
  });
});

describe("CorrelationMap from the library's correlationMap", () => {
  it("takes its names, r, p, q, n and both dendrograms as they are", () => {
    const k = 30;
    const base = Array.from({ length: k }, (_, i) => Math.sin(i * 1.7) + 0.1 * i);
    const X = { a: base.map((v, i) => v + Math.cos(i)), b: base.map((v, i) => -v + 0.3 * Math.sin(3 * i)), c: base.map((_, i) => Math.cos(2.3 * i)) };
    const Y = { g1: base.map((v, i) => 2 * v + Math.sin(5 * i)), g2: base.map((_, i) => Math.cos(0.7 * i)), g3: base.map((v, i) => v * v + Math.cos(i)) };
    const res = correlationMap(X, Y, { method: "spearman", adjust: "bh", cluster: { linkage: "average" } });
    const m = new CorrelationMap(res, { x: X, y: Y });
    const state = openedState(m);
    expect(state.rows).toEqual(["a", "b", "c"]);
    expect(state.columns).toEqual(["g1", "g2", "g3"]);
    expect(Array.from(arrayFromWire(state.q)!.data)).toEqual(Array.from(res.qValue));
    expect(Array.from(arrayFromWire(state.p)!.data)).toEqual(Array.from(res.pValue));
    expect(Array.from(arrayFromWire(state.n)!.data)).toEqual(Array.from(res.n));
    expect(state.row_order).toEqual(res.rowTree!.order);
    expect(state.column_order).toEqual(res.columnTree!.order);
    expect(state.row_linkage).toEqual(res.rowTree!.merges);
    expect(state.method).toBe("spearman");
  });
});

const haveAsah = existsSync(refPath("stats", "aSAH.csv"));
describe.skipIf(!haveAsah)("ROCExplorer", () => {
  it("sends each rocAuc curve as Float64 buffers with AUC, DeLong CI and the counts", () => {
    const rows = readCsv(refPath("stats", "aSAH.csv"));
    const outcome = rows.map((x) => String(x.outcome));
    const s100b = rows.map((x) => Number(x.s100b));
    const ndka = rows.map((x) => Number(x.ndka));
    const a = rocAuc(outcome, s100b);
    const b = rocAuc(outcome, ndka);
    const e = new ROCExplorer({ S100B: a, NDKA: b }, { comparisons: [{ a: "S100B", b: "NDKA", result: delongTest(outcome, s100b, ndka) }] });
    const state = openedState(e);
    const models = state.models as { name: string; auc: number; ci_lower: number; n_positive: number }[];
    expect(models.map((m) => m.name)).toEqual(["S100B", "NDKA"]);
    // pROC: AUC(s100b) 0.7314, DeLong 95% CI 0.6301–0.8326; 41 Poor.
    expect(models[0]!.auc).toBeCloseTo(0.7314, 4);
    expect(models[0]!.ci_lower).toBeCloseTo(0.6301, 4);
    expect(models[0]!.n_positive).toBe(41);
    const curves = state.curves as Record<string, unknown>[];
    const th = arrayFromWire(curves[0]!.threshold)!;
    expect(th.dtype).toBe("float64");
    expect(Array.from(th.data)).toEqual(Array.from(a.curve.threshold));
    expect(Array.from(arrayFromWire(curves[1]!.sensitivity)!.data)).toEqual(Array.from(b.curve.sensitivity));
    expect((state.comparisons as { p_value: number }[])[0]!.p_value).toBeGreaterThan(0);
    const c = comms.find((w) => w.commId === e.modelId)!;
    c.deliver({ method: "update", state: { selected_model: "NDKA", threshold: 11.08 }, buffer_paths: [] });
    expect(e.selected_model).toBe("NDKA");
    expect(e.threshold).toBe(11.08);
  });
});

describe("KaplanMeierExplorer", () => {
  it("sends times, events and features as buffers (missing events marked), and receives the result", () => {
    const km = new KaplanMeierExplorer({ time: [5, 8, null, 12, 3], event: [1, 0, 1, true, "x"], features: { age: [60, 70, 65, 55, 80], risk: [0.1, 0.5, 0.2, 0.9, 0.3] } }, { feature: "risk", cut: 0.25 });
    const state = openedState(km);
    expect(state._model_name).toBe("KaplanMeierExplorerModel");
    expect(Array.from(arrayFromWire(state.time)!.data)).toEqual([5, 8, NaN, 12, 3]);
    expect(Array.from(arrayFromWire(state.event)!.data)).toEqual([1, 0, 1, 1, 255]);
    expect(arrayFromWire(state.feature_values)!.shape).toEqual([2, 5]);
    expect(state.cut_mode).toBe("value");
    expect(state.cut).toBe(0.25);
    expect(km.pValue).toBeNull();
    const result = { feature: "risk", cut: 0.25, cut_mode: "value", n_low: 1, n_high: 2, events_low: 1, events_high: 1, median_low: 5, median_high: 12, statistic: 0.5, p_value: 0.48 };
    comms.find((w) => w.commId === km.modelId)!.deliver({ method: "update", state: { result }, buffer_paths: [] });
    expect(km.pValue).toBe(0.48);
    expect(() => new KaplanMeierExplorer({ time: [1, 2], event: [1], features: { a: [1, 2] } })).toThrowError(/one value per patient/);
    expect(() => km.set({ feature: "sex" })).toThrowError(/feature must be one of age, risk/);
  });

  it("setting the cut kernel-side cuts at that value (and null goes back to the median)", () => {
    const km = new KaplanMeierExplorer({ time: [5, 8, 12, 3], event: [1, 0, 1, 1], features: { risk: [0.1, 0.5, 0.2, 0.9] } });
    const c = comms.find((w) => w.commId === km.modelId)!;
    expect(km.cut_mode).toBe("median");
    km.cut = 0.3;
    expect([km.cut_mode, km.cut]).toEqual(["value", 0.3]);
    // The frontend hears both in one update.
    expect(c.sent.at(-1)!.data).toMatchObject({ method: "update", state: { cut_mode: "value", cut: 0.3 } });
    km.cut = null;
    expect(km.cut_mode).toBe("median");
    expect(() => km.set({ cut: Number.NaN })).toThrowError(/cut must be a finite number or null/);
    // As the frontend sends them: both together.
    c.deliver({ method: "update", state: { cut_mode: "value", cut: 0.5 }, buffer_paths: [] });
    expect([km.cut_mode, km.cut]).toEqual(["value", 0.5]);
  });
});
