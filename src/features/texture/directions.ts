/**
 * Neighbour offsets, direction sets and ROI extents shared by the texture families (GLCM, GLRLM, GLSZM,
 * GLDZM, NGTDM, NGLDM).
 *
 * Conventions (those of {@link DiscretisedImage}): voxel `(i, j, k)` is at linear index
 * `i + nx * (j + ny * k)`, the first axis fastest; an offset `[di, dj, dk]` moves from `(i, j, k)` to
 * `(i + di, j + dj, k + dk)`; 2D texture works in the slices of constant `k` (the third axis).
 *
 * A *direction set* holds one offset of each `±` pair (13 in 3D, 4 in a slice): a co-occurrence or a run
 * along `m` is the same as one along `−m` read backwards, so the other half adds nothing but symmetry.
 * A *neighbourhood* holds both members of every pair (26 or 8 voxels).
 */
import type { Vec3 } from "../../io/volume";
import { RadiogxError, nearest } from "../../errors";
import { AGGREGATIONS, type AggregationName } from "../types";

/** A voxel offset `[di, dj, dk]` along the first, second and third array axis. */
export type Offset = readonly [number, number, number];

/**
 * The 13 directions of 3D texture analysis (IBSI manual §3.6, Fig. 3.5): one of each `±` pair of the 26
 * neighbours at Chebyshev distance 1. Order: the three axes, the four in-plane and four out-of-plane face
 * diagonals, the four space diagonals.
 */
export const DIRECTIONS_3D: readonly Offset[] = Object.freeze([
  [1, 0, 0], [0, 1, 0], [0, 0, 1],
  [1, 1, 0], [1, -1, 0],
  [1, 0, 1], [1, 0, -1], [0, 1, 1], [0, 1, -1],
  [1, 1, 1], [1, 1, -1], [1, -1, 1], [1, -1, -1],
] as const);

/**
 * The 4 directions of 2D texture analysis in a slice of constant `k`: 0°, 90°, 45° and 135° (one of each
 * `±` pair of the 8 in-plane neighbours). These are the first, second, fourth and fifth of {@link DIRECTIONS_3D}.
 */
export const DIRECTIONS_2D: readonly Offset[] = Object.freeze([
  [1, 0, 0], [0, 1, 0], [1, 1, 0], [1, -1, 0],
] as const);

/** Both members of every pair in `directions`: the full neighbourhood (26 from the 3D set, 8 from the 2D set). */
export function neighbourhood(directions: readonly Offset[]): Offset[] {
  const out: Offset[] = [];
  for (const d of directions) {
    out.push(d);
    out.push([-d[0], -d[1], -d[2]]);
  }
  return out;
}

/** The 26 neighbours of a voxel (3D, Chebyshev distance 1). */
export const NEIGHBOURS_26: readonly Offset[] = Object.freeze(neighbourhood(DIRECTIONS_3D));
/** The 8 in-plane neighbours of a voxel (2D, Chebyshev distance 1, same `k`). */
export const NEIGHBOURS_8: readonly Offset[] = Object.freeze(neighbourhood(DIRECTIONS_2D));

/**
 * The direction set scaled to a distance: `δ · m` for every direction `m` (IBSI: a neighbour at Chebyshev
 * distance δ along direction m). For δ = 1 this is the set itself.
 * @throws RadiogxError INVALID_SETTING when δ is not a positive integer.
 */
export function scaleDirections(directions: readonly Offset[], distance: number): Offset[] {
  checkDistance(distance);
  return directions.map((d) => [d[0] * distance, d[1] * distance, d[2] * distance] as const);
}

/**
 * Every offset at Chebyshev (∞-norm) distance exactly δ, one of each `±` pair: `((2δ+1)^n − (2δ−1)^n) / 2`
 * offsets, 13 (δ = 1) or 49 (δ = 2) in 3D. This is PyRadiomics' angle set (`imageoperations.generateAngles`),
 * which, unlike IBSI's `δ · m`, also takes the offsets between the 13 directions when δ > 1.
 * Of each pair the member whose last non-zero component along (k, j, i) is positive is kept (PyRadiomics'
 * choice, first non-zero of (z, y, x) positive).
 *
 * @param fixedAxis an axis (0, 1, 2) along which every offset is 0 (2D analysis in the planes normal to it),
 *   or null for 3D.
 */
export function chebyshevOffsets(distance: number, fixedAxis: 0 | 1 | 2 | null = null): Offset[] {
  checkDistance(distance);
  const out: Offset[] = [];
  for (let dk = distance; dk >= -distance; dk--) {
    if (fixedAxis === 2 && dk !== 0) continue;
    for (let dj = distance; dj >= -distance; dj--) {
      if (fixedAxis === 1 && dj !== 0) continue;
      for (let di = distance; di >= -distance; di--) {
        if (fixedAxis === 0 && di !== 0) continue;
        if (Math.max(Math.abs(di), Math.abs(dj), Math.abs(dk)) !== distance) continue;
        // keep the member of the pair whose first non-zero component along (k, j, i) is positive
        const lead = dk !== 0 ? dk : dj !== 0 ? dj : di;
        if (lead > 0) out.push([di, dj, dk]);
      }
    }
  }
  return out;
}

function checkDistance(distance: number): void {
  if (!Number.isInteger(distance) || distance < 1) {
    throw new RadiogxError("INVALID_SETTING", `distance must be a positive integer (voxels), got ${distance}`, { key: "distances" });
  }
}

/** The linear index step of each offset in a volume of `size`: `di + nx * (dj + ny * dk)`. */
export function linearSteps(size: Vec3, offsets: readonly Offset[]): Int32Array {
  const out = new Int32Array(offsets.length);
  for (let a = 0; a < offsets.length; a++) {
    const o = offsets[a]!;
    out[a] = o[0] + size[0] * (o[1] + size[1] * o[2]);
  }
  return out;
}

/** Offsets as a flat `Int32Array` `[di0, dj0, dk0, di1, …]`, for hot loops. */
export function flattenOffsets(offsets: readonly Offset[]): Int32Array {
  const out = new Int32Array(offsets.length * 3);
  for (let a = 0; a < offsets.length; a++) {
    const o = offsets[a]!;
    out[3 * a] = o[0];
    out[3 * a + 1] = o[1];
    out[3 * a + 2] = o[2];
  }
  return out;
}

/** Inclusive index bounds of the ROI (the voxels with a non-zero level) along each axis. */
export interface RoiExtent {
  min: Vec3;
  max: Vec3;
  /** Number of ROI voxels (set by {@link roiExtent}). */
  count?: number;
}

/**
 * The bounding box of the non-zero voxels of `levels` (one pass), or null when there are none.
 * Texture kernels loop over this box only.
 */
export function roiExtent(levels: Int32Array, size: Vec3): RoiExtent | null {
  const [nx, ny, nz] = size;
  let i0 = nx, j0 = ny, k0 = nz, i1 = -1, j1 = -1, k1 = -1, count = 0;
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (levels[idx] === 0) continue;
        count++;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
        if (k < k0) k0 = k;
        if (k > k1) k1 = k;
      }
    }
  }
  if (count === 0) return null;
  return { min: [i0, j0, k0], max: [i1, j1, k1], count };
}

/** The slices (values of `k`) that hold at least one ROI voxel, in increasing order. */
export function roiSlices(levels: Int32Array, size: Vec3): number[] {
  const plane = size[0] * size[1];
  const out: number[] = [];
  for (let k = 0; k < size[2]; k++) {
    const base = k * plane;
    for (let p = 0; p < plane; p++) {
      if (levels[base + p] !== 0) {
        out.push(k);
        break;
      }
    }
  }
  return out;
}

/**
 * Checks a texture family's input: `levels` has one entry per voxel of `size`, `nLevels` is a positive
 * integer and every level lies in `0..nLevels`. Returns the highest level present (0 for an empty ROI).
 * @throws RadiogxError INVALID_ARGUMENT naming `what` (e.g. "GLCM") and the first offending voxel.
 */
export function checkDiscretised(
  img: { size: Vec3; levels: Int32Array; nLevels: number },
  what: string,
): number {
  const [nx, ny, nz] = img.size;
  if (img.levels.length !== nx * ny * nz) {
    throw new RadiogxError("INVALID_ARGUMENT", `${what}: levels has ${img.levels.length} voxels but size ${nx}×${ny}×${nz} needs ${nx * ny * nz}`);
  }
  if (!Number.isInteger(img.nLevels) || img.nLevels < 1) {
    throw new RadiogxError("INVALID_ARGUMENT", `${what}: nLevels must be a positive integer, got ${img.nLevels}`);
  }
  const levels = img.levels, n = img.nLevels;
  let max = 0;
  for (let p = 0; p < levels.length; p++) {
    const g = levels[p]!;
    if (g > max) max = g;
    if (g < 0) {
      throw new RadiogxError("INVALID_ARGUMENT", `${what}: grey level ${g} at voxel ${p} is negative (expected 0 outside the ROI, 1..${n} inside)`);
    }
  }
  if (max > n) {
    throw new RadiogxError("INVALID_ARGUMENT", `${what}: grey level ${max} exceeds nLevels = ${n} (expected levels 1..${n} inside the ROI)`);
  }
  return max;
}

/**
 * The mean of a vector of features over several matrices (the directions and/or slices of an IBSI
 * "averaged" aggregation, or PyRadiomics' angles). A feature that is undefined for a matrix (NaN: a flat
 * matrix has no correlation) is left out of that feature's mean and counted, so the result can say so.
 */
export class FeatureMean {
  /** Number of matrices added. */
  matrices = 0;
  private readonly sums: Float64Array;
  private readonly defined: Int32Array;

  constructor(readonly nFeatures: number) {
    this.sums = new Float64Array(nFeatures);
    this.defined = new Int32Array(nFeatures);
  }

  /** Adds the features of one matrix (`values[offset .. offset + nFeatures)`). */
  add(values: Float64Array, offset = 0): void {
    this.matrices++;
    for (let f = 0; f < this.nFeatures; f++) {
      const v = values[offset + f]!;
      if (Number.isFinite(v)) {
        this.sums[f]! += v;
        this.defined[f]!++;
      }
    }
  }

  /**
   * The mean of feature `f`, with a note when it could not be computed for some or all matrices.
   * @param undefinedWhy why the feature can be undefined for a matrix (e.g. "σ = 0: a single grey level")
   * @param emptyWhy why there may be no matrix at all (e.g. "no neighbouring voxel pairs in the ROI")
   */
  result(f: number, undefinedWhy: string, emptyWhy: string): { value: number; note?: string } {
    if (this.matrices === 0) return { value: Number.NaN, note: emptyWhy };
    const d = this.defined[f]!;
    if (d === 0) return { value: Number.NaN, note: `undefined for every matrix (${undefinedWhy})` };
    const value = this.sums[f]! / d;
    if (d < this.matrices) {
      return { value, note: `undefined for ${this.matrices - d} of ${this.matrices} matrices (${undefinedWhy}); averaged over the other ${d}` };
    }
    return { value };
  }
}

/**
 * The grey levels present in the ROI, for texture matrices that keep a row only for a level that occurs
 * (n × n instead of Ng × Ng; features still use the levels' values).
 */
export interface LevelTable {
  /** The levels present, increasing: row/column `c` of a matrix stands for level `values[c]`. */
  values: Int32Array;
  /** `code[g]` is the row of level `g` (0..nLevels), −1 when `g` is absent; `code[0]` is −1. */
  code: Int32Array;
}

/** The levels of `levels` that occur (one pass); `nLevels` bounds them (see {@link checkDiscretised}). */
export function presentLevels(levels: Int32Array, nLevels: number): LevelTable {
  const seen = new Uint8Array(nLevels + 1);
  for (let p = 0; p < levels.length; p++) seen[levels[p]!] = 1;
  seen[0] = 0;
  const code = new Int32Array(nLevels + 1).fill(-1);
  let n = 0;
  for (let g = 1; g <= nLevels; g++) if (seen[g]) code[g] = n++;
  const values = new Int32Array(n);
  for (let g = 1; g <= nLevels; g++) if (code[g]! >= 0) values[code[g]!] = g;
  return { values, code };
}

/** A direction set prepared for hot loops in a volume of a given size. */
export interface PreparedOffsets {
  count: number;
  /** `[di0, dj0, dk0, di1, …]`. */
  flat: Int32Array;
  /** Linear index step of each offset. */
  steps: Int32Array;
}

export function prepareOffsets(size: Vec3, offsets: readonly Offset[]): PreparedOffsets {
  return { count: offsets.length, flat: flattenOffsets(offsets), steps: linearSteps(size, offsets) };
}

/** The aggregations computed when none are asked for (the 3D ones, as in the settings' default). */
export const DEFAULT_AGGREGATIONS: readonly AggregationName[] = ["3D, averaged", "3D, merged"];

/**
 * Checks a list of aggregation names and returns it without duplicates.
 * @throws RadiogxError INVALID_SETTING naming the unknown aggregation and the nearest valid one.
 */
export function checkAggregations(list: readonly string[], what: string): AggregationName[] {
  if (list.length === 0) {
    throw new RadiogxError("INVALID_SETTING", `${what}: no aggregation requested (expected some of ${AGGREGATIONS.map((a) => `"${a}"`).join(", ")})`, { key: "aggregation" });
  }
  const out: AggregationName[] = [];
  for (const a of list) {
    if (!(AGGREGATIONS as readonly string[]).includes(a)) {
      const near = nearest(a, AGGREGATIONS);
      throw new RadiogxError("INVALID_SETTING", `${what}: unknown aggregation "${a}"`, {
        key: "aggregation",
        hint: near !== undefined ? `did you mean "${near}"?` : `expected one of ${AGGREGATIONS.map((x) => `"${x}"`).join(", ")}`,
      });
    }
    if (!out.includes(a as AggregationName)) out.push(a as AggregationName);
  }
  return out;
}

/**
 * Checks a list of distances (positive integers, at least one) and returns it without duplicates.
 * @throws RadiogxError INVALID_SETTING
 */
export function checkDistances(list: readonly number[], what: string): number[] {
  if (list.length === 0) throw new RadiogxError("INVALID_SETTING", `${what}: distances is empty (expected e.g. [1])`, { key: "distances" });
  const out: number[] = [];
  for (const d of list) {
    if (!Number.isInteger(d) || d < 1) {
      throw new RadiogxError("INVALID_SETTING", `${what}: distance must be a positive integer (voxels), got ${d}`, { key: "distances" });
    }
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

/** What a texture family needs to know about its input before building matrices. */
export interface TextureScan {
  /** The bounding box of the ROI. */
  box: RoiExtent;
  /** The grey levels present. */
  table: LevelTable;
}

/**
 * {@link checkDiscretised}, {@link roiExtent} and {@link presentLevels} in a single pass over the volume.
 * @throws RadiogxError INVALID_ARGUMENT for a malformed image, EMPTY_MASK when no voxel has a level.
 */
export function scanDiscretised(img: { size: Vec3; levels: Int32Array; nLevels: number }, what: string): TextureScan {
  const [nx, ny, nz] = img.size;
  if (img.levels.length !== nx * ny * nz) {
    throw new RadiogxError("INVALID_ARGUMENT", `${what}: levels has ${img.levels.length} voxels but size ${nx}×${ny}×${nz} needs ${nx * ny * nz}`);
  }
  const ng = img.nLevels;
  if (!Number.isInteger(ng) || ng < 1) {
    throw new RadiogxError("INVALID_ARGUMENT", `${what}: nLevels must be a positive integer, got ${ng}`);
  }
  const levels = img.levels;
  const seen = new Uint8Array(ng + 1);
  let i0 = nx, j0 = ny, k0 = nz, i1 = -1, j1 = -1, k1 = -1, count = 0;
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        const g = levels[idx]!;
        if (g === 0) continue;
        if (g < 0 || g > ng) {
          throw new RadiogxError("INVALID_ARGUMENT", `${what}: grey level ${g} at voxel (${i}, ${j}, ${k}) is outside 1..${ng} (expected 0 outside the ROI, 1..nLevels inside)`);
        }
        seen[g] = 1;
        count++;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
        if (k < k0) k0 = k;
        if (k > k1) k1 = k;
      }
    }
  }
  if (count === 0) throw new RadiogxError("EMPTY_MASK", `${what}: the ROI has no voxel (every grey level is 0)`);
  const code = new Int32Array(ng + 1).fill(-1);
  let n = 0;
  for (let g = 1; g <= ng; g++) if (seen[g]) code[g] = n++;
  const values = new Int32Array(n);
  for (let g = 1; g <= ng; g++) if (code[g]! >= 0) values[code[g]!] = g;
  return { box: { min: [i0, j0, k0], max: [i1, j1, k1], count }, table: { values, code } };
}
