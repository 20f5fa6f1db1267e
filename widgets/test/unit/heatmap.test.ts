/**
 * Correlation heat map logic (widgets/src/correlation/heatmap.ts) on small hand-made maps: which cells
 * pass the FDR threshold, that each shown pixel is the RdBu colour of its cell in dendrogram order,
 * the dendrogram's U-shapes, and the slider's log scale.
 */
import { describe, expect, it } from "vitest";
import { divergingColor } from "../../src/common/colors";
import { AXIS_TITLE_PX, DENDROGRAM_PX, HIDDEN_RGBA, MAX_CELL_PX, countVisible, dendrogramSegments, heatmapLayout, heatmapPixels, orderOrIdentity, sliderToThreshold, thresholdToSlider } from "../../src/correlation/heatmap";

describe("heat map cells", () => {
  // 2 × 3 map.
  const r = Float32Array.from([0.9, -0.5, 0, 0.2, -1, 0.7]);
  const q = Float64Array.from([0.001, 0.04, 0.9, 0.2, 1e-8, NaN]);

  it("counts the cells with q ≤ t (NaN q only at t = 1)", () => {
    expect(countVisible(q, 6, 0.05)).toBe(3);
    expect(countVisible(q, 6, 0.001)).toBe(2);
    expect(countVisible(q, 6, 0.5)).toBe(4);
    expect(countVisible(q, 6, 1)).toBe(6);
    expect(countVisible(null, 6, 0)).toBe(6);
  });

  it("draws shown cells in RdBu and hides the others, in display order", () => {
    const rowOrder = [1, 0];
    const colOrder = [2, 0, 1];
    const out = new Uint8ClampedArray(6 * 4);
    const shown = heatmapPixels(r, q, 2, 3, rowOrder, colOrder, 0.05, out);
    expect(shown).toBe(3);
    const px = new Uint32Array(out.buffer);
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 3; b++) {
        const c = rowOrder[a]! * 3 + colOrder[b]!;
        if (q[c]! <= 0.05) {
          const [cr, cg, cb] = divergingColor(Math.round((r[c]! + 1) * 500) / 500 - 1);
          expect([out[4 * (a * 3 + b)], out[4 * (a * 3 + b) + 1], out[4 * (a * 3 + b) + 2]]).toEqual([cr, cg, cb]);
        } else {
          expect(px[a * 3 + b]).toBe(HIDDEN_RGBA);
        }
      }
    }
  });

  it("RdBu ends: r = −1 is ColorBrewer's darkest blue, +1 its darkest red, 0 the neutral grey", () => {
    expect(divergingColor(-1)).toEqual([5, 48, 97]);
    expect(divergingColor(1)).toEqual([103, 0, 31]);
    expect(divergingColor(0)).toEqual([247, 247, 247]);
  });

  it("orders must be permutations", () => {
    expect(Array.from(orderOrIdentity(null, 3, "row_order"))).toEqual([0, 1, 2]);
    expect(() => orderOrIdentity([0, 0, 1], 3, "row_order")).toThrowError(/not a permutation/);
    expect(() => orderOrIdentity([0, 1], 3, "row_order")).toThrowError(/2 entries, expected 3/);
  });
});

describe("dendrogram and slider", () => {
  it("three leaves: (0, 2) merge at 1, then with 1 at 3 — U-shapes at leaf centres, heights / max", () => {
    const linkage = [[0, 2, 1, 2], [1, 3, 3, 3]];
    const order = [0, 2, 1];
    const segs = dendrogramSegments(linkage, order);
    expect(segs).toEqual([
      [0.5, 0, 0.5, 1 / 3], [1.5, 0, 1.5, 1 / 3], [0.5, 1 / 3, 1.5, 1 / 3],
      [2.5, 0, 2.5, 1], [1, 1 / 3, 1, 1], [2.5, 1, 1, 1],
    ]);
  });
  it("slider ↔ threshold on a log scale from 1e-6 to 1", () => {
    expect(sliderToThreshold(0)).toBeCloseTo(1e-6, 18);
    expect(sliderToThreshold(100)).toBe(1);
    expect(thresholdToSlider(0.05)).toBeCloseTo(((Math.log10(0.05) + 6) / 6) * 100, 10);
    for (const t of [1e-5, 0.001, 0.05, 0.25]) expect(sliderToThreshold(thresholdToSlider(t))).toBeCloseTo(t, 12);
  });
});

describe("heat map layout: cells, names and axis titles", () => {
  const base = { rowDendrogram: true, colDendrogram: true, rowNamePx: 60, colNamePx: 40 };

  it("a 200 × 100 map in 1000 × 460 px: too many rows to name, columns named (cells ≥ 9 px wide)", () => {
    const L = heatmapLayout({ ...base, nRows: 200, nCols: 100, availW: 1000, availH: 460 });
    expect([L.rowNames, L.colNames]).toEqual([false, true]);
    expect(L.cellW).toBeCloseTo((1000 - DENDROGRAM_PX - AXIS_TITLE_PX) / 100, 12);
    expect(L.cellH).toBeCloseTo((460 - DENDROGRAM_PX - AXIS_TITLE_PX - 46) / 200, 12);
    expect(L.totalW).toBeCloseTo(1000, 9);
    expect(L.totalH).toBeCloseTo(460, 9);
  });

  it("narrower, the same map has no names at all", () => {
    const L = heatmapLayout({ ...base, nRows: 200, nCols: 100, availW: 900, availH: 460 });
    expect([L.rowNames, L.colNames, L.rowNameW, L.colNameH]).toEqual([false, false, 0, 0]);
    expect(L.totalW).toBeCloseTo(900, 9);
  });

  it("a 12 × 15 map of metagenes: both named, cells capped at 24 px", () => {
    const L = heatmapLayout({ ...base, nRows: 12, nCols: 15, availW: 900, availH: 460 });
    expect([L.rowNames, L.colNames]).toEqual([true, true]);
    expect([L.cellW, L.cellH]).toEqual([MAX_CELL_PX, MAX_CELL_PX]);
    expect(L.totalW).toBe(DENDROGRAM_PX + 15 * MAX_CELL_PX + 66 + AXIS_TITLE_PX);
    expect(L.totalH).toBe(DENDROGRAM_PX + 12 * MAX_CELL_PX + 46 + AXIS_TITLE_PX);
  });

  it("when names fit on either axis but not on both, the rows keep theirs", () => {
    // 40 × 40 without dendrograms; row names 94 px (100 with padding), column names 44 px (50).
    const common = { rowDendrogram: false, colDendrogram: false, rowNamePx: 94, colNamePx: 44, nRows: 40, nCols: 40, availW: 40 * 9 + AXIS_TITLE_PX + 100 };
    const both = heatmapLayout({ ...common, availH: 40 * 9 + AXIS_TITLE_PX + 50 });
    expect([both.rowNames, both.colNames, both.cellW, both.cellH]).toEqual([true, true, 9, 9]);
    const one = heatmapLayout({ ...common, availH: 40 * 9 + AXIS_TITLE_PX + 49 });
    expect([one.rowNames, one.colNames]).toEqual([true, false]);
    expect(one.cellH).toBeGreaterThanOrEqual(9);
  });

  it("names longer than 150 px take 150 px (they are cut with an ellipsis when drawn)", () => {
    const L = heatmapLayout({ ...base, rowNamePx: 400, nRows: 5, nCols: 5, availW: 900, availH: 460 });
    expect(L.rowNames).toBe(true);
    expect(L.rowNameW).toBe(156);
  });
});
