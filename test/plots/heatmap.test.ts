/**
 * Clustered heatmap spec: carries every pair of the map with its r, p, q and stars, rows/columns in the
 * dendrogram order, dendrogram segments that reproduce the merge heights, and validates against the
 * Vega-Lite v5 JSON schema (Altair's copy; skipped without the venv's altair + jsonschema).
 */
import { describe, expect, it } from "vitest";
import { dendrogramSegments, heatmapPlot } from "../../src/plots/heatmap";
import { VEGA_LITE_SCHEMA } from "../../src/plots/roc";
import { correlationMap } from "../../src/stats/correlationMap";
import { hclust } from "../../src/stats/cluster";
import { validateSpecs } from "./radiogenomicPlots.shared";

const n = 30;
const X = Object.fromEntries(Array.from({ length: 6 }, (_, a) => [`f${a}`, Array.from({ length: n }, (_, i) => Math.sin(i * (0.2 + a * 0.13)) + (a % 2) * i / 20)]));
const Y = Object.fromEntries(Array.from({ length: 5 }, (_, b) => [`g${b}`, Array.from({ length: n }, (_, i) => Math.cos(i * (0.15 + b * 0.1)) + i / 25)]));
const map = correlationMap(X, Y, { cluster: true });
const clustered = heatmapPlot(map);
const plain = heatmapPlot(correlationMap(X, Y));

describe("heatmapPlot", () => {
  it("carries every pair with r, q and stars, in dendrogram order", () => {
    expect(clustered.$schema).toBe(VEGA_LITE_SCHEMA);
    const heat = ((clustered.vconcat as { hconcat: unknown[] }[])[1]!.hconcat[1]) as { data: { values: { row: string; column: string; r: number; q: number; star: string }[] }; encoding: { x: { sort: string[] }; y: { sort: string[] } } };
    expect(heat.data.values.length).toBe(30);
    const v = heat.data.values.find((c) => c.row === "f2" && c.column === "g3")!;
    expect(v.r).toBe(map.r[2 * 5 + 3]);
    expect(v.star).toBe(map.qValue[2 * 5 + 3]! < 0.01 ? "**" : map.qValue[2 * 5 + 3]! < 0.05 ? "*" : "");
    expect(heat.encoding.y.sort).toEqual(map.rowTree!.order.map((i) => `f${i}`));
    expect(heat.encoding.x.sort).toEqual(map.columnTree!.order.map((j) => `g${j}`));
    expect((plain as { layer?: unknown[] }).layer).toBeDefined(); // unclustered: a single layered view
  });
  it("dendrogram segments: one crossbar per merge at its height, between its children", () => {
    const t = hclust(Float64Array.of(1, 4, 3), 3, "average"); // order [2, 0, 1]
    const segs = dendrogramSegments(t);
    expect(segs.length).toBe(6);
    expect(segs[2]).toEqual({ pos: 1, pos2: 2, height: 1, height2: 1 }); // {0,1} at positions 1, 2
    expect(segs[5]).toEqual({ pos: 0, pos2: 1.5, height: 3.5, height2: 3.5 });
  });
  it("refuses maps too large to draw", () => {
    expect(() => heatmapPlot(map, { maxCells: 10 })).toThrow(/30 cells is more than 10/);
  });
});

const validation = await validateSpecs({ clustered, plain });
describe.skipIf(validation === null)("validates against the Vega-Lite v5 schema (needs the venv's altair + jsonschema)", () => {
  it("clustered", () => expect(validation!.clustered).toBeNull());
  it("plain", () => expect(validation!.plain).toBeNull());
});
