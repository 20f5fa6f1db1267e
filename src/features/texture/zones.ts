/**
 * Building blocks shared by the zone and neighbourhood texture families (GLSZM, GLDZM, NGTDM, NGLDM and
 * PyRadiomics' GLSZM, GLDM, NGTDM):
 *
 * - {@link neighbourOffsets}: every neighbour offset (both signs) within a Chebyshev distance, in 3D or in a
 *   plane (`directions.ts` has the one-per-± direction sets of GLCM/GLRLM);
 * - {@link labelZones}: connected-component labelling of equal-grey-level zones (8-connected in a slice,
 *   26-connected in 3D at linkage distance 1), one pass with an explicit stack;
 * - {@link borderDistance}: the distance of every ROI voxel to the ROI border along 4-connected (2D) or
 *   6-connected (3D) paths, the distance map of IBSI's GLDZM;
 * - {@link tallyPairs} / {@link tallyPairsBySlice}: a sparse count matrix P(i, j) (grey level i, zone size,
 *   zone distance or dependence count j) built from one (i, j) pair per zone or voxel;
 * - {@link zoneStatistics}: every sum the "run-length-like" features (emphases, non-uniformities, variances,
 *   entropy, energy) are cheap reductions of;
 * - {@link zoneAggregations} / {@link evaluateFeatures}: IBSI's three aggregations for these families (2D:
 *   features per slice, averaged; 2.5D: slice matrices merged; 3D), {@link evaluateNamed} for PyRadiomics';
 * - {@link roiBlock}: input checks and cropping to the ROI's bounding box;
 * - {@link zoneMatrices}: the GLSZM/GLDZM matrices of one aggregation;
 * - {@link pyradiomicsOffsets}: PyRadiomics' neighbourhoods (shells of `distances`, force2D).
 *
 * Arrays follow {@link DiscretisedImage}: first axis fastest, voxel (i, j, k) at `i + nx * (j + ny * k)`;
 * 2D slices are planes of constant k. Reference: IBSI reference manual (Zwanenburg et al., arXiv:1612.07003),
 * §3.1.3 (aggregation), §3.8–3.11.
 */
import { RadiogxError } from "../../errors";
import type { Vec3 } from "../../io/volume";
import { type AggregationName, aggregationSuffix, type DiscretisedImage, type FeatureFamily, type FeatureValue } from "../types";
import { checkAggregations, checkDiscretised, DEFAULT_AGGREGATIONS, roiExtent } from "./directions";

// ---------------------------------------------------------------------------------------------------------
// Neighbourhoods
// ---------------------------------------------------------------------------------------------------------

/**
 * Neighbour offsets `(di, dj, dk)` (flattened triples) whose Chebyshev norm max(|di|, |dj|, |dk|) is one of
 * `radii`. With `fixedAxis` 0, 1 or 2 the offsets stay in the plane where that axis is constant (2D
 * neighbourhoods; IBSI's slices are `fixedAxis = 2`).
 *
 * IBSI neighbourhoods of distance δ use `radii = [1, …, δ]` (the whole cube); PyRadiomics' `distances`
 * setting selects shells (`radii = distances`).
 *
 * @example neighbourOffsets([1]).length / 3 === 26; neighbourOffsets([1], 2).length / 3 === 8
 */
export function neighbourOffsets(radii: readonly number[], fixedAxis: -1 | 0 | 1 | 2 = -1): Int32Array {
  const wanted = new Set<number>();
  let r = 0;
  for (const d of radii) {
    if (!Number.isInteger(d) || d < 1) {
      throw new RadiogxError("INVALID_SETTING", `neighbourhood distance must be a whole number of at least 1, got ${d}`, { key: "distances" });
    }
    wanted.add(d);
    if (d > r) r = d;
  }
  const out: number[] = [];
  for (let dk = -r; dk <= r; dk++) {
    if (fixedAxis === 2 && dk !== 0) continue;
    for (let dj = -r; dj <= r; dj++) {
      if (fixedAxis === 1 && dj !== 0) continue;
      for (let di = -r; di <= r; di++) {
        if (fixedAxis === 0 && di !== 0) continue;
        const norm = Math.max(Math.abs(di), Math.abs(dj), Math.abs(dk));
        if (norm > 0 && wanted.has(norm)) out.push(di, dj, dk);
      }
    }
  }
  return Int32Array.from(out);
}

/** The face neighbours (4 in the plane k = const, or 6 in 3D), used for distances to the ROI border. */
function faceOffsets(planar: boolean): Int32Array {
  return planar
    ? Int32Array.of(1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0)
    : Int32Array.of(1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1);
}

// ---------------------------------------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------------------------------------

/** Connected zones of equal grey level. Zone ids are 1-based; arrays are indexed by `id - 1`. */
export interface Zones {
  /** Number of zones. */
  count: number;
  /** Zone id of every voxel (0 outside the ROI). */
  label: Int32Array;
  /** Grey level of each zone. */
  level: Int32Array;
  /** Number of voxels in each zone. */
  size: Int32Array;
  /** Slice index k of the zone's first voxel (the zone's slice when the linkage is planar). */
  slice: Int32Array;
}

/**
 * Labels the zones of an image: maximal sets of ROI voxels with the same grey level, linked through the
 * given neighbour `offsets` (26-connectivity: `neighbourOffsets([1])`; 8-connectivity within slices:
 * `neighbourOffsets([1], 2)`). A voxel belongs to the ROI when its level is > 0.
 *
 * One pass over the voxels; each new zone is grown with an explicit stack (no recursion), so the cost is
 * O(voxels × neighbours) with no per-voxel allocation.
 */
export function labelZones(levels: Int32Array, size: Vec3, offsets: Int32Array): Zones {
  const [nx, ny, nz] = size;
  const nxy = nx * ny;
  const n = nxy * nz;
  if (levels.length !== n) {
    throw new RadiogxError("INVALID_ARGUMENT", `levels has ${levels.length} voxels but size ${size.join("×")} needs ${n}`);
  }
  const nOff = offsets.length / 3;
  const label = new Int32Array(n);
  let roi = 0;
  for (let v = 0; v < n; v++) if (levels[v]! > 0) roi++;
  const zLevel = new Int32Array(roi);
  const zSize = new Int32Array(roi);
  const zSlice = new Int32Array(roi);
  const stack = new Int32Array(roi);
  let count = 0;
  for (let seed = 0; seed < n; seed++) {
    const g = levels[seed]!;
    if (g <= 0 || label[seed] !== 0) continue;
    const id = ++count;
    label[seed] = id;
    let top = 0;
    stack[top++] = seed;
    let voxels = 0;
    while (top > 0) {
      const v = stack[--top]!;
      voxels++;
      const k = (v / nxy) | 0;
      const rem = v - k * nxy;
      const j = (rem / nx) | 0;
      const i = rem - j * nx;
      for (let o = 0; o < nOff; o++) {
        const ii = i + offsets[3 * o]!;
        const jj = j + offsets[3 * o + 1]!;
        const kk = k + offsets[3 * o + 2]!;
        if (ii < 0 || ii >= nx || jj < 0 || jj >= ny || kk < 0 || kk >= nz) continue;
        const w = ii + nx * jj + nxy * kk;
        if (levels[w] === g && label[w] === 0) {
          label[w] = id;
          stack[top++] = w;
        }
      }
    }
    zLevel[id - 1] = g;
    zSize[id - 1] = voxels;
    zSlice[id - 1] = (seed / nxy) | 0;
  }
  return { count, label, level: zLevel.subarray(0, count), size: zSize.subarray(0, count), slice: zSlice.subarray(0, count) };
}

/**
 * Distance of every mask voxel to the border of the mask (IBSI §3.9, GLDZM): the smallest number of steps
 * along face-connected paths (4-connectivity within the slice for `planar`, 6-connectivity in 3D) needed
 * to leave the mask, so voxels on the border have distance 1. Voxels beyond the image edge count as
 * outside. Returns 0 outside the mask. Computed by a breadth-first search from the border voxels, O(voxels).
 */
export function borderDistance(mask: Uint8Array, size: Vec3, planar: boolean): Int32Array {
  const [nx, ny, nz] = size;
  const nxy = nx * ny;
  const n = nxy * nz;
  if (mask.length !== n) {
    throw new RadiogxError("INVALID_ARGUMENT", `mask has ${mask.length} voxels but size ${size.join("×")} needs ${n}`);
  }
  const off = faceOffsets(planar);
  const nOff = off.length / 3;
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = i + nx * j + nxy * k;
        if (mask[v] === 0) continue;
        let border = false;
        for (let o = 0; o < nOff && !border; o++) {
          const ii = i + off[3 * o]!, jj = j + off[3 * o + 1]!, kk = k + off[3 * o + 2]!;
          if (ii < 0 || ii >= nx || jj < 0 || jj >= ny || kk < 0 || kk >= nz) border = true;
          else if (mask[ii + nx * jj + nxy * kk] === 0) border = true;
        }
        if (border) {
          dist[v] = 1;
          queue[tail++] = v;
        } else {
          dist[v] = -1; // inside, not reached yet
        }
      }
    }
  }
  while (head < tail) {
    const v = queue[head++]!;
    const k = (v / nxy) | 0;
    const rem = v - k * nxy;
    const j = (rem / nx) | 0;
    const i = rem - j * nx;
    const next = dist[v]! + 1;
    for (let o = 0; o < nOff; o++) {
      // Interior voxels have all face neighbours inside the grid.
      const w = i + off[3 * o]! + nx * (j + off[3 * o + 1]!) + nxy * (k + off[3 * o + 2]!);
      if (dist[w] === -1) {
        dist[w] = next;
        queue[tail++] = w;
      }
    }
  }
  return dist;
}

// ---------------------------------------------------------------------------------------------------------
// Sparse count matrices
// ---------------------------------------------------------------------------------------------------------

/**
 * A sparse count matrix P(i, j): grey level i (rows) by zone size, zone distance or dependence count j
 * (columns). Only non-zero cells are stored, sorted by (i, j).
 */
export interface CountMatrix {
  /** Grey level i of each non-zero cell. */
  row: Int32Array;
  /** Column value j (≥ 1) of each non-zero cell. */
  col: Int32Array;
  /** P(i, j) of each non-zero cell. */
  count: Float64Array;
  /** Number of voxels the matrix describes (N_v; the denominator of zone and dependence percentages). */
  voxels: number;
}

/**
 * Tallies one (row, column) pair per element (zone or voxel) into a {@link CountMatrix}; `voxels` is
 * stored as given. Sorts the packed keys: O(n log n).
 */
export function tallyPairs(rows: Int32Array, cols: Int32Array, voxels: number): CountMatrix {
  let maxCol = 0;
  for (let e = 0; e < cols.length; e++) if (cols[e]! > maxCol) maxCol = cols[e]!;
  const stride = maxCol + 1;
  const keys = new Float64Array(rows.length);
  for (let e = 0; e < rows.length; e++) keys[e] = rows[e]! * stride + cols[e]!;
  return fromSortedKeys(keys.sort(), stride, voxels);
}

/**
 * One {@link CountMatrix} per slice k (`null` for slices without elements) from one (row, column) pair per
 * element with the slice of each element; `voxelsPerSlice[k]` is the number of ROI voxels of slice k.
 */
export function tallyPairsBySlice(
  rows: Int32Array,
  cols: Int32Array,
  slices: Int32Array,
  voxelsPerSlice: Float64Array,
): (CountMatrix | null)[] {
  const nSlices = voxelsPerSlice.length;
  let maxCol = 0;
  for (let e = 0; e < cols.length; e++) if (cols[e]! > maxCol) maxCol = cols[e]!;
  const stride = maxCol + 1;
  // Counting sort of the elements by slice, then one sorted key block per slice.
  const start = new Int32Array(nSlices + 1);
  for (let e = 0; e < slices.length; e++) start[slices[e]! + 1]!++;
  for (let k = 0; k < nSlices; k++) start[k + 1] = start[k + 1]! + start[k]!;
  const fill = start.slice(0, nSlices);
  const keys = new Float64Array(rows.length);
  for (let e = 0; e < rows.length; e++) keys[fill[slices[e]!]!++] = rows[e]! * stride + cols[e]!;
  const out: (CountMatrix | null)[] = [];
  for (let k = 0; k < nSlices; k++) {
    const a = start[k]!, b = start[k + 1]!;
    out.push(b > a ? fromSortedKeys(keys.subarray(a, b).sort(), stride, voxelsPerSlice[k]!) : null);
  }
  return out;
}

function fromSortedKeys(keys: Float64Array, stride: number, voxels: number): CountMatrix {
  let cells = 0;
  for (let e = 0; e < keys.length; e++) if (e === 0 || keys[e] !== keys[e - 1]) cells++;
  const row = new Int32Array(cells);
  const col = new Int32Array(cells);
  const count = new Float64Array(cells);
  let c = -1;
  for (let e = 0; e < keys.length; e++) {
    const key = keys[e]!;
    if (e === 0 || key !== keys[e - 1]) {
      c++;
      const i = Math.floor(key / stride);
      row[c] = i;
      col[c] = key - i * stride;
    }
    count[c]!++;
  }
  return { row, col, count, voxels };
}

// ---------------------------------------------------------------------------------------------------------
// Feature sums
// ---------------------------------------------------------------------------------------------------------

/**
 * The sums every zone-like feature is a reduction of, for a count matrix P(i, j) with N = Σ P(i, j),
 * p(i, j) = P(i, j) / N, row sums r_i = Σ_j P(i, j) and column sums c_j = Σ_i P(i, j):
 *
 * | field | formula |
 * |---|---|
 * | total | N |
 * | invJ2, j2 | Σ P / j², Σ P j² |
 * | invI2, i2 | Σ P / i², Σ P i² |
 * | invI2invJ2, i2invJ2, invI2j2, i2j2 | Σ P / (i² j²), Σ P i² / j², Σ P j² / i², Σ P i² j² |
 * | rowSquares, colSquares | Σ_i r_i², Σ_j c_j² |
 * | varI, varJ | Σ p (i − μ_i)² with μ_i = Σ p i; likewise for j |
 * | entropy | −Σ p log₂(p + ε) (ε = 0 for IBSI; PyRadiomics adds machine epsilon) |
 * | energy | Σ p² |
 */
export interface ZoneStatistics {
  total: number;
  voxels: number;
  invJ2: number;
  j2: number;
  invI2: number;
  i2: number;
  invI2invJ2: number;
  i2invJ2: number;
  invI2j2: number;
  i2j2: number;
  rowSquares: number;
  colSquares: number;
  varI: number;
  varJ: number;
  entropy: number;
  energy: number;
}

/** Computes {@link ZoneStatistics} in two passes over the non-zero cells. */
export function zoneStatistics(m: CountMatrix, entropyEpsilon = 0): ZoneStatistics {
  const s: ZoneStatistics = {
    total: 0, voxels: m.voxels, invJ2: 0, j2: 0, invI2: 0, i2: 0, invI2invJ2: 0, i2invJ2: 0, invI2j2: 0, i2j2: 0,
    rowSquares: 0, colSquares: 0, varI: 0, varJ: 0, entropy: 0, energy: 0,
  };
  const cells = m.row.length;
  let maxCol = 0;
  for (let c = 0; c < cells; c++) if (m.col[c]! > maxCol) maxCol = m.col[c]!;
  const colSum = new Float64Array(maxCol + 1);
  let sumI = 0, sumJ = 0;
  let rowAcc = 0;
  for (let c = 0; c < cells; c++) {
    const i = m.row[c]!, j = m.col[c]!, p = m.count[c]!;
    const ii = i * i, jj = j * j;
    s.total += p;
    s.invJ2 += p / jj;
    s.j2 += p * jj;
    s.invI2 += p / ii;
    s.i2 += p * ii;
    s.invI2invJ2 += p / (ii * jj);
    s.i2invJ2 += (p * ii) / jj;
    s.invI2j2 += (p * jj) / ii;
    s.i2j2 += p * ii * jj;
    sumI += p * i;
    sumJ += p * j;
    colSum[j]! += p;
    // Cells are sorted by row: a row ends where the next cell's row differs.
    rowAcc += p;
    if (c === cells - 1 || m.row[c + 1] !== i) {
      s.rowSquares += rowAcc * rowAcc;
      rowAcc = 0;
    }
  }
  for (let j = 0; j <= maxCol; j++) s.colSquares += colSum[j]! * colSum[j]!;
  const n = s.total;
  const muI = sumI / n, muJ = sumJ / n;
  for (let c = 0; c < cells; c++) {
    const p = m.count[c]! / n;
    const di = m.row[c]! - muI, dj = m.col[c]! - muJ;
    s.varI += p * di * di;
    s.varJ += p * dj * dj;
    s.entropy -= p * Math.log2(p + entropyEpsilon);
    s.energy += p * p;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Aggregation
// ---------------------------------------------------------------------------------------------------------

/** How a zone or neighbourhood family is aggregated (IBSI §3.1.3): per slice and averaged, slices merged, or 3D. */
export type ZoneMode = "2D" | "2.5D" | "3D";

/** The aggregation each mode is reported under. */
export const ZONE_MODE_AGGREGATION: Readonly<Record<ZoneMode, AggregationName>> = {
  "2D": "2D, averaged",
  "2.5D": "2.5D, merged",
  "3D": "3D, merged",
};

/**
 * The modes a list of requested aggregations asks for, in order of first request, without repeats: any
 * "2D, …" maps to 2D, "2.5D, …" to 2.5D and "3D, …" to 3D (these families have one matrix per slice or per
 * volume, so IBSI's averaged/merged variants coincide). Default: the settings' default aggregations (3D).
 * @throws RadiogxError INVALID_SETTING for an unknown aggregation name (with the nearest valid one).
 */
export function zoneAggregations(aggregations: readonly AggregationName[] | undefined, what: string): ZoneMode[] {
  const out: ZoneMode[] = [];
  for (const a of checkAggregations(aggregations ?? DEFAULT_AGGREGATIONS, what)) {
    const mode: ZoneMode = a.startsWith("2.5D") ? "2.5D" : a.startsWith("2D") ? "2D" : "3D";
    if (!out.includes(mode)) out.push(mode);
  }
  return out;
}

/** Number of ROI voxels (level > 0) in each slice k. */
export function voxelsPerSlice(img: DiscretisedImage): Float64Array {
  const [nx, ny, nz] = img.size;
  const nxy = nx * ny;
  const out = new Float64Array(nz);
  for (let k = 0; k < nz; k++) {
    let c = 0;
    const base = k * nxy;
    for (let v = 0; v < nxy; v++) if (img.levels[base + v]! > 0) c++;
    out[k] = c;
  }
  return out;
}

/**
 * One feature of a family: its IBSI tag (without aggregation suffix), IBSI code, and how it reduces the
 * family's per-matrix summary `S`. `compute` returns NaN with a reason when the value is undefined.
 */
export interface FeatureDefinition<S> {
  tag: string;
  ibsi: string;
  /** The feature's name in the IBSI manual (PyRadiomics' documentation for PyRadiomics features). */
  name: string;
  compute: (s: S) => number | { value: number; note: string };
}

/**
 * Evaluates `defs` for one aggregation: a single summary (2.5D, 3D) gives the features directly; per-slice
 * summaries (2D) are averaged over the slices that have ROI voxels. A slice where a feature is undefined is
 * left out of that feature's average, and the feature notes how many slices were left out and why.
 */
export function evaluateFeatures<S>(
  defs: readonly FeatureDefinition<S>[],
  summaries: readonly S[],
  mode: ZoneMode,
  family: FeatureFamily,
): FeatureValue[] {
  const aggregation = ZONE_MODE_AGGREGATION[mode];
  const suffix = aggregationSuffix(aggregation, true);
  const out: FeatureValue[] = [];
  for (const d of defs) {
    let sum = 0;
    let used = 0;
    let skipped = 0;
    let reason = "";
    for (const s of summaries) {
      const r = d.compute(s);
      const value = typeof r === "number" ? r : r.value;
      if (Number.isFinite(value)) {
        sum += value;
        used++;
      } else {
        skipped++;
        if (typeof r !== "number") reason = r.note;
      }
    }
    const f: FeatureValue = { name: `${d.tag}_${suffix}`, family, ibsi: d.ibsi, aggregation, value: used > 0 ? sum / used : NaN };
    if (summaries.length === 0) f.note = "the ROI is empty";
    else if (used === 0) f.note = reason || "undefined for this ROI";
    else if (skipped > 0) f.note = `averaged over ${used} of ${summaries.length} slices; undefined in ${skipped} (${reason || "undefined"})`;
    out.push(f);
  }
  return out;
}

/**
 * Checks a family's input (levels match size, every level in 0..nLevels, a non-empty ROI) and returns the
 * image cropped to the bounding box of the ROI, or of `morphMask` when given (which must then hold the ROI),
 * so kernels never scan the empty part of a large block. Nothing is copied when the box is the whole image.
 * Cropping changes no feature: voxels outside the ROI are never neighbours, and outside the box there is no
 * mask voxel for the GLDZM distance either.
 * @throws RadiogxError INVALID_ARGUMENT for a malformed image or mask, EMPTY_MASK for an empty ROI.
 */
export function roiBlock(img: DiscretisedImage, what: string, morphMask?: Uint8Array): { img: DiscretisedImage; morph?: Uint8Array } {
  checkDiscretised(img, what);
  const ext = roiExtent(img.levels, img.size);
  if (ext === null) {
    throw new RadiogxError("EMPTY_MASK", `${what}: the ROI has no voxel (every level is 0)`, { hint: "check the mask label and the re-segmentation range" });
  }
  let box: { min: Vec3; max: Vec3 } = ext;
  if (morphMask !== undefined) {
    if (morphMask.length !== img.levels.length) {
      throw new RadiogxError("INVALID_ARGUMENT", `${what}: morphMask has ${morphMask.length} voxels but the image has ${img.levels.length}`, { key: "morphMask" });
    }
    for (let v = 0; v < morphMask.length; v++) {
      if (img.levels[v]! > 0 && morphMask[v] === 0) {
        throw new RadiogxError("INVALID_ARGUMENT", `${what}: voxel ${v} is in the intensity mask but not in the morphological mask`, {
          key: "morphMask",
          hint: "the morphological mask must contain the intensity mask",
        });
      }
    }
    box = maskExtent(morphMask, img.size);
  }
  const [nx, ny, nz] = img.size;
  const [i0, j0, k0] = box.min;
  const size: Vec3 = [box.max[0] - i0 + 1, box.max[1] - j0 + 1, box.max[2] - k0 + 1];
  if (size[0] === nx && size[1] === ny && size[2] === nz) return { img, morph: morphMask };
  const n = size[0] * size[1] * size[2];
  const levels = new Int32Array(n);
  const morph = morphMask !== undefined ? new Uint8Array(n) : undefined;
  let dst = 0;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const src = i0 + nx * (j0 + j + ny * (k0 + k));
      levels.set(img.levels.subarray(src, src + size[0]), dst);
      if (morph !== undefined) morph.set(morphMask!.subarray(src, src + size[0]), dst);
      dst += size[0];
    }
  }
  return { img: { size, spacing: img.spacing, levels, nLevels: img.nLevels }, morph };
}

function maskExtent(mask: Uint8Array, size: Vec3): { min: Vec3; max: Vec3 } {
  const [nx, ny, nz] = size;
  const min: Vec3 = [nx, ny, nz];
  const max: Vec3 = [-1, -1, -1];
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (mask[v] === 0) continue;
        if (i < min[0]) min[0] = i;
        if (i > max[0]) max[0] = i;
        if (j < min[1]) min[1] = j;
        if (j > max[1]) max[1] = j;
        if (k < min[2]) min[2] = k;
        if (k > max[2]) max[2] = k;
      }
    }
  }
  return { min, max };
}

/**
 * The zones of an image within slices (`planar`: linkage in the plane k = const, for 2D and 2.5D) or in 3D, at
 * Chebyshev linkage distance `linkage`; each labelling is computed once and reused.
 */
export function zoneLabeller(img: DiscretisedImage, linkage: number): (planar: boolean) => Zones {
  const radii = rangeTo(linkage);
  const cache: { planar?: Zones; volume?: Zones } = {};
  return (planar) =>
    planar
      ? (cache.planar ??= labelZones(img.levels, img.size, neighbourOffsets(radii, 2)))
      : (cache.volume ??= labelZones(img.levels, img.size, neighbourOffsets(radii)));
}

/**
 * The count matrices of a zone family for one aggregation mode, from the zones of that mode (planar for 2D
 * and 2.5D) and each zone's column value `cols` (its size for the GLSZM, its distance for the GLDZM). 2D gives
 * one matrix per slice with ROI voxels; 2.5D and 3D give one matrix (for 2.5D, the sum of the slice matrices).
 */
export function zoneMatrices(img: DiscretisedImage, mode: ZoneMode, zones: Zones, cols: Int32Array): CountMatrix[] {
  if (mode === "2D") {
    const perSlice = tallyPairsBySlice(zones.level, cols, zones.slice, voxelsPerSlice(img));
    return perSlice.filter((m): m is CountMatrix => m !== null);
  }
  let voxels = 0;
  for (let z = 0; z < zones.count; z++) voxels += zones.size[z]!;
  return [tallyPairs(zones.level, cols, voxels)];
}

/** [1, 2, …, d]: the radii of a full Chebyshev neighbourhood of distance d. */
export function rangeTo(d: number): number[] {
  if (!Number.isInteger(d) || d < 1) {
    throw new RadiogxError("INVALID_SETTING", `distance must be a whole number of at least 1, got ${d}`, { key: "distances" });
  }
  return Array.from({ length: d }, (_, r) => r + 1);
}

/**
 * Evaluates `defs` on a single summary with the definitions' tags as names (PyRadiomics conventions: one
 * matrix per ROI, names without aggregation suffix). A `{ value, note }` result keeps its note, also for a
 * finite value (PyRadiomics replaces some undefined values by conventional numbers and the note says so).
 */
export function evaluateNamed<S>(
  defs: readonly FeatureDefinition<S>[],
  summary: S,
  family: FeatureFamily,
  aggregation: AggregationName | null,
): FeatureValue[] {
  return defs.map((d) => {
    const r = d.compute(summary);
    const f: FeatureValue = { name: d.tag, family, ibsi: d.ibsi, aggregation, value: typeof r === "number" ? r : r.value };
    if (typeof r !== "number") f.note = r.note;
    return f;
  });
}

/**
 * PyRadiomics' neighbourhood for GLDM and NGTDM (`cMatrices.generate_angles`, both signs): every offset whose
 * Chebyshev norm is one of `distances` (shells, not the whole cube), restricted to the slices normal to
 * `force2Ddimension` when `force2D`. PyRadiomics' arrays are (z, y, x), so its dimension 0 is our axis 2 (k).
 */
export function pyradiomicsOffsets(distances: readonly number[], force2D: boolean, force2Ddimension: number): Int32Array {
  return neighbourOffsets(distances, force2D ? pyradiomicsAxis(force2Ddimension) : -1);
}

/** Our axis (0 = i, 1 = j, 2 = k) for PyRadiomics' `force2Ddimension` (0 = z, 1 = y, 2 = x). */
export function pyradiomicsAxis(force2Ddimension: number): 0 | 1 | 2 {
  if (force2Ddimension === 0) return 2;
  if (force2Ddimension === 1) return 1;
  if (force2Ddimension === 2) return 0;
  throw new RadiogxError("INVALID_SETTING", `force2Ddimension must be 0, 1 or 2, got ${force2Ddimension}`, { key: "force2Ddimension" });
}
