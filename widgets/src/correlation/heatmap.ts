/**
 * The pure parts of the correlation map: which cells pass the FDR threshold, their pixels in
 * dendrogram order, the cell under the pointer, and the dendrogram's line segments.
 *
 * Cells are addressed in the result's own order: r[i · nCols + j] is row (feature) i against column
 * (gene) j. Display position (a, b) shows cell (rowOrder[a], columnOrder[b]).
 */
import { divergingColor } from "../common/colors";
import type { NumericArray } from "../common/array";

/** Whether cell `c` is shown at threshold `t`: q ≤ t (cells with no q are shown when t ≥ 1). */
export function passes(q: NumericArray | null, c: number, t: number): boolean {
  if (q === null) return true;
  const v = q[c]!;
  return Number.isNaN(v) ? t >= 1 : v <= t;
}

/** Number of cells with q ≤ t. */
export function countVisible(q: NumericArray | null, nCells: number, t: number): number {
  if (q === null) return nCells;
  let n = 0;
  for (let c = 0; c < nCells; c++) if (passes(q, c, t)) n++;
  return n;
}

/** Colour of a hidden cell (q above the threshold): the page background shows through as light grey. */
export const HIDDEN_RGBA = 0xfff0f0f0 >>> 0;

/**
 * Writes one RGBA pixel per cell (width nCols, height nRows, display order) into `out`: RdBu colour of
 * r for cells that pass, {@link HIDDEN_RGBA} for the others. Returns the number of cells shown.
 */
export function heatmapPixels(
  r: NumericArray,
  q: NumericArray | null,
  nRows: number,
  nCols: number,
  rowOrder: ArrayLike<number>,
  colOrder: ArrayLike<number>,
  threshold: number,
  out: Uint8ClampedArray,
): number {
  const px = new Uint32Array(out.buffer, out.byteOffset, nRows * nCols);
  // RdBu lookup at 1/500 resolution of r: one table read per cell.
  const lut = new Uint32Array(1001);
  for (let t = 0; t <= 1000; t++) {
    const [cr, cg, cb] = divergingColor(t / 500 - 1);
    lut[t] = (0xff000000 | (cb << 16) | (cg << 8) | cr) >>> 0;
  }
  // The test of `passes` inlined (one pass over a million cells per slider step): q ≤ t, NaN q only at t ≥ 1.
  const nanShown = threshold >= 1;
  let shown = 0;
  for (let a = 0; a < nRows; a++) {
    const i = rowOrder[a]!;
    const rowBase = i * nCols;
    const outBase = a * nCols;
    for (let b = 0; b < nCols; b++) {
      const c = rowBase + colOrder[b]!;
      if (q !== null) {
        const qc = q[c]!;
        if (!(qc <= threshold) && !(nanShown && qc !== qc)) {
          px[outBase + b] = HIDDEN_RGBA;
          continue;
        }
      }
      const v = r[c]!;
      px[outBase + b] = v !== v ? 0xffc8c8c8 : lut[Math.round(((v < -1 ? -1 : v > 1 ? 1 : v) + 1) * 500)]!;
      shown++;
    }
  }
  return shown;
}

/** The identity order 0 … n − 1, or `order` checked to be a permutation of it. */
export function orderOrIdentity(order: ArrayLike<number> | null | undefined, n: number, what: string): Int32Array {
  const out = new Int32Array(n);
  if (order === null || order === undefined) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }
  if (order.length !== n) throw new Error(`${what} has ${order.length} entries, expected ${n}`);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = order[i]!;
    if (!(v >= 0 && v < n) || seen[v]) throw new Error(`${what} is not a permutation of 0…${n - 1} (entry ${i} = ${v})`);
    seen[v] = 1;
    out[i] = v;
  }
  return out;
}

/**
 * Segments of a dendrogram drawn along one axis.
 *
 * `linkage` is SciPy's format: step s merges clusters a and b (indices < n are leaves, n + t is the
 * cluster formed at step t) at height h. A leaf's position is its index in `order` (+½, the cell
 * centre); a cluster sits at the mean of its two children. Returns [pos1, h1, pos2, h2] quadruples
 * (U-shapes as three segments each) with heights normalised by the largest merge height.
 */
export function dendrogramSegments(linkage: readonly (readonly number[])[], order: ArrayLike<number>): number[][] {
  const n = order.length;
  if (linkage.length !== n - 1) return [];
  const pos = new Float64Array(2 * n - 1);
  const height = new Float64Array(2 * n - 1);
  for (let p = 0; p < n; p++) pos[order[p]!] = p + 0.5;
  let hMax = 0;
  for (const row of linkage) hMax = Math.max(hMax, row[2] ?? 0);
  const scale = hMax > 0 ? 1 / hMax : 1;
  const segs: number[][] = [];
  for (let t = 0; t < linkage.length; t++) {
    const [a, b, hRaw] = linkage[t]! as [number, number, number];
    const hh = hRaw * scale;
    const pa = pos[a]!;
    const pb = pos[b]!;
    segs.push([pa, height[a]!, pa, hh], [pb, height[b]!, pb, hh], [pa, hh, pb, hh]);
    pos[n + t] = (pa + pb) / 2;
    height[n + t] = hh;
  }
  return segs;
}

/** Slider position s ∈ [0, 100] ↔ FDR threshold 10^(−6 + 6 s/100) (so 0.05 sits near s = 78). */
export function sliderToThreshold(s: number): number {
  if (s >= 100) return 1;
  return Math.pow(10, -6 + (6 * s) / 100);
}
export function thresholdToSlider(t: number): number {
  if (!(t > 0)) return 0;
  if (t >= 1) return 100;
  return Math.max(0, Math.min(100, ((Math.log10(t) + 6) / 6) * 100));
}

/** Room reserved for a dendrogram (px), and the strip of an axis title. */
export const DENDROGRAM_PX = 40;
export const AXIS_TITLE_PX = 16;
/** Smallest cell side (px) at which names are written beside the rows / under the columns. */
export const MIN_LABELLED_CELL_PX = 9;
/** Longest name drawn (px); longer names are cut with an ellipsis. */
export const MAX_NAME_PX = 150;
/** Largest cell side (px): a small map is not blown up to fill the width. */
export const MAX_CELL_PX = 24;

export interface HeatmapLayoutInput {
  nRows: number;
  nCols: number;
  /** Width and height available to the map with its dendrograms, names and axis titles (px). */
  availW: number;
  availH: number;
  rowDendrogram: boolean;
  colDendrogram: boolean;
  /** Width (px) of the longest row name and of the longest column name, as they would be drawn. */
  rowNamePx: number;
  colNamePx: number;
}

/**
 * Where the parts of the map go. The cells are `w` × `h` px from (`x0`, `y0`); the row dendrogram is
 * left of them, the column dendrogram above; row names (when `rowNames`) are right of the cells and
 * column names (when `colNames`) under them, written upwards; the row axis title is at the far right
 * (rotated), the column axis title at the bottom. `totalW` × `totalH` is the canvas size.
 */
export interface HeatmapLayout {
  x0: number;
  y0: number;
  w: number;
  h: number;
  cellW: number;
  cellH: number;
  rowNames: boolean;
  colNames: boolean;
  /** Width of the row-name column and height of the column-name row (0 when not shown). */
  rowNameW: number;
  colNameH: number;
  totalW: number;
  totalH: number;
}

/**
 * Lays out a heat map: cells as large as the space allows (up to {@link MAX_CELL_PX}, at least 0.25 px),
 * names written where a cell is at least {@link MIN_LABELLED_CELL_PX} px along the names' axis after
 * the room for the names is taken (a map of 200 rows in 400 px has no row names, one of 20 rows has).
 */
export function heatmapLayout(input: HeatmapLayoutInput): HeatmapLayout {
  const { nRows, nCols, availW, availH } = input;
  const x0 = input.rowDendrogram ? DENDROGRAM_PX : 0;
  const y0 = input.colDendrogram ? DENDROGRAM_PX : 0;
  const rowNameW = Math.min(MAX_NAME_PX, Math.ceil(input.rowNamePx)) + 6;
  const colNameH = Math.min(MAX_NAME_PX, Math.ceil(input.colNamePx)) + 6;
  const cells = (rowNames: boolean, colNames: boolean) => ({
    cellW: Math.max(0.25, Math.min((availW - x0 - AXIS_TITLE_PX - (rowNames ? rowNameW : 0)) / Math.max(1, nCols), MAX_CELL_PX)),
    cellH: Math.max(0.25, Math.min((availH - y0 - AXIS_TITLE_PX - (colNames ? colNameH : 0)) / Math.max(1, nRows), MAX_CELL_PX)),
  });
  // Names on both axes if both fit, else on one, else none: the first arrangement in which every axis
  // with names has cells of at least MIN_LABELLED_CELL_PX along it (names on one axis take room from
  // the other axis's cells, so this is checked per arrangement).
  let rowNames = false;
  let colNames = false;
  for (const [r, k] of [[true, true], [true, false], [false, true]] as const) {
    const t = cells(r, k);
    if ((!r || t.cellH >= MIN_LABELLED_CELL_PX) && (!k || t.cellW >= MIN_LABELLED_CELL_PX)) {
      rowNames = r;
      colNames = k;
      break;
    }
  }
  const c = cells(rowNames, colNames);
  const w = nCols * c.cellW;
  const h = nRows * c.cellH;
  const rw = rowNames ? rowNameW : 0;
  const ch = colNames ? colNameH : 0;
  return { x0, y0, w, h, cellW: c.cellW, cellH: c.cellH, rowNames, colNames, rowNameW: rw, colNameH: ch, totalW: x0 + w + rw + AXIS_TITLE_PX, totalH: y0 + h + ch + AXIS_TITLE_PX };
}
