/**
 * Grey level run length matrix (GLRLM) features, IBSI reference manual §3.7 (Zwanenburg et al., IBSI 1,
 * arXiv:1612.07003; Galloway 1975; Chu et al. 1990; Dasarathy & Holder 1991).
 *
 * **The matrix.** Along a direction `m`, a run is a maximal line of consecutive ROI voxels with the same
 * grey level; `r(i, j)` counts the runs of level `i` and length `j` (a voxel outside the ROI ends a run).
 * Every ROI voxel belongs to exactly one run per direction. Worked example (one slice, direction (1, 0, 0)):
 *
 * ```
 *   image   1 1 2     runs: (1, length 2), (2, 1), (3, 1), (3, 1)     r   j=1 j=2
 *           3 . 3           ('.' is outside the ROI and splits row 2)   1   0   1
 *                                                                       2   1   0
 *                                                                       3   2   0
 * ```
 *
 * **Symbols.** `N_s = Σ r(i, j)` runs; `N_v = Σ j r(i, j)` voxels (the ROI's voxel count times the number of
 * merged matrices); `r_i· = Σ_j r(i, j)` runs per level, `r_·j = Σ_i r(i, j)` runs per length;
 * `p(i, j) = r(i, j) / N_s`.
 *
 * **Aggregation** as for the GLCM (see `glcm.ts`): 4 in-plane directions per slice (2D, 2.5D) or the 13
 * directions of the volume (3D); "averaged" averages the features of the directional (per-slice)
 * matrices, "merged" sums matrices before computing features. Empty matrices are left out.
 */
import type { Vec3 } from "../../io/volume";
import { aggregationSuffix, type AggregationName, type DiscretisedImage, type FeatureValue } from "../types";
import {
  DEFAULT_AGGREGATIONS,
  DIRECTIONS_2D,
  DIRECTIONS_3D,
  FeatureMean,
  checkAggregations,
  prepareOffsets,
  scanDiscretised,
  type LevelTable,
  type PreparedOffsets,
  type RoiExtent,
} from "./directions";
import type { TextureFeatureDef } from "./glcm";

/**
 * The 16 IBSI GLRLM features, in the order of the IBSI tables (sums over i, j; r = r(i, j)):
 * short runs emphasis `Σ r / j² / N_s`; long runs emphasis `Σ r j² / N_s`; low / high grey level run
 * emphasis `Σ r / i² / N_s`, `Σ r i² / N_s`; short run low / high grey level emphasis `Σ r / (i² j²) / N_s`,
 * `Σ r i² / j² / N_s`; long run low / high grey level emphasis `Σ r j² / i² / N_s`, `Σ r i² j² / N_s`;
 * grey level non-uniformity `Σ_i r_i·² / N_s` and normalised `/ N_s²`; run length non-uniformity
 * `Σ_j r_·j² / N_s` and normalised `/ N_s²`; run percentage `N_s / N_v`; grey level variance
 * `Σ (i − μ_i)² p` with `μ_i = Σ i p`; run length variance `Σ (j − μ_j)² p` with `μ_j = Σ j p`; run entropy
 * `−Σ p log₂ p`.
 */
export const GLRLM_FEATURES: readonly TextureFeatureDef[] = Object.freeze([
  { tag: "rlm_sre", ibsi: "22OV", name: "Short runs emphasis" },
  { tag: "rlm_lre", ibsi: "W4KF", name: "Long runs emphasis" },
  { tag: "rlm_lgre", ibsi: "V3SW", name: "Low grey level run emphasis" },
  { tag: "rlm_hgre", ibsi: "G3QZ", name: "High grey level run emphasis" },
  { tag: "rlm_srlge", ibsi: "HTZT", name: "Short run low grey level emphasis" },
  { tag: "rlm_srhge", ibsi: "GD3A", name: "Short run high grey level emphasis" },
  { tag: "rlm_lrlge", ibsi: "IVPO", name: "Long run low grey level emphasis" },
  { tag: "rlm_lrhge", ibsi: "3KUM", name: "Long run high grey level emphasis" },
  { tag: "rlm_glnu", ibsi: "R5YN", name: "Grey level non-uniformity" },
  { tag: "rlm_glnu_norm", ibsi: "OVBL", name: "Normalised grey level non-uniformity" },
  { tag: "rlm_rlnu", ibsi: "W92Y", name: "Run length non-uniformity" },
  { tag: "rlm_rlnu_norm", ibsi: "IC23", name: "Normalised run length non-uniformity" },
  { tag: "rlm_r_perc", ibsi: "9ZK5", name: "Run percentage" },
  { tag: "rlm_gl_var", ibsi: "8CE5", name: "Grey level variance" },
  { tag: "rlm_rl_var", ibsi: "SXLW", name: "Run length variance" },
  { tag: "rlm_rl_entr", ibsi: "HJ9O", name: "Run entropy" },
]);

/** Index of each GLRLM feature in {@link GLRLM_FEATURES} and in feature vectors. */
export const Rlm = Object.freeze({
  Sre: 0, Lre: 1, Lgre: 2, Hgre: 3, Srlge: 4, Srhge: 5, Lrlge: 6, Lrhge: 7, Glnu: 8, GlnuNorm: 9, Rlnu: 10,
  RlnuNorm: 11, RPerc: 12, GlVar: 13, RlVar: 14, RlEntr: 15,
} as const);

/** IBSI GLRLM options. */
export interface GlrlmOptions {
  /** Aggregation methods. Default `["3D, averaged", "3D, merged"]`. */
  aggregations?: readonly AggregationName[];
}

// ---------------------------------------------------------------------------------------------------------
// Matrix

/**
 * Adds the runs of the ROI along every direction to `out`, one n × maxRun block per direction (block `a`
 * at `a · n · maxRun`, row = level code, column = run length − 1). Visits the voxels of slices
 * `kFrom..kTo` in the ROI box once; a run is counted from its first voxel (the one whose predecessor
 * along the direction is outside the ROI or at another level) and followed to its end, so every voxel is
 * read about twice per direction. Returns the longest run found.
 * `maxRun` must be at least the longest possible run (the largest extent of the box).
 */
export function countRuns(
  levels: Int32Array,
  size: Vec3,
  table: LevelTable,
  offsets: PreparedOffsets,
  box: RoiExtent,
  kFrom: number,
  kTo: number,
  maxRun: number,
  out: Float64Array,
): number {
  const nx = size[0], ny = size[1];
  const n = table.values.length, block = n * maxRun, code = table.code;
  const na = offsets.count, flat = offsets.flat, steps = offsets.steps;
  const i0 = box.min[0], i1 = box.max[0], j0 = box.min[1], j1 = box.max[1], k0 = box.min[2], k1 = box.max[2];
  let longest = 0;
  for (let k = kFrom; k <= kTo; k++) {
    for (let j = j0; j <= j1; j++) {
      let idx = i0 + nx * (j + ny * k);
      for (let i = i0; i <= i1; i++, idx++) {
        const g = levels[idx]!;
        if (g === 0) continue;
        const row = code[g]! * maxRun;
        for (let a = 0; a < na; a++) {
          const di = flat[3 * a]!, dj = flat[3 * a + 1]!, dk = flat[3 * a + 2]!, step = steps[a]!;
          // not the first voxel of its run: the run was counted from its start
          const pi = i - di, pj = j - dj, pk = k - dk;
          if (pi >= i0 && pi <= i1 && pj >= j0 && pj <= j1 && pk >= k0 && pk <= k1 && levels[idx - step] === g) continue;
          let len = 1;
          let ci = i + di, cj = j + dj, ck = k + dk, w = idx + step;
          while (ci >= i0 && ci <= i1 && cj >= j0 && cj <= j1 && ck >= k0 && ck <= k1 && levels[w] === g) {
            len++;
            ci += di;
            cj += dj;
            ck += dk;
            w += step;
          }
          out[a * block + row + len - 1]! += 1;
          if (len > longest) longest = len;
        }
      }
    }
  }
  return longest;
}

/** Scratch buffers for {@link glrlmMatrixFeatures}: runs per level and per length. */
export interface GlrlmScratch {
  perLevel: Float64Array;
  perLength: Float64Array;
}

export function glrlmScratch(nLevelsPresent: number, maxRun: number): GlrlmScratch {
  return { perLevel: new Float64Array(nLevelsPresent), perLength: new Float64Array(maxRun) };
}

/**
 * The 16 IBSI features (order of {@link GLRLM_FEATURES}) of the n × maxRun run length matrix at
 * `counts[base ..]` (row r = level `values[r]`, column c = length c + 1), into `out[offset ..]`, in one
 * pass over the matrix. Returns the number of runs (0: empty matrix, `out` untouched).
 */
export function glrlmMatrixFeatures(
  counts: Float64Array,
  base: number,
  values: Int32Array,
  maxRun: number,
  scratch: GlrlmScratch,
  out: Float64Array,
  offset = 0,
): number {
  const n = values.length;
  const perLevel = scratch.perLevel, perLength = scratch.perLength;
  perLength.fill(0, 0, maxRun);
  let ns = 0, glnu = 0, lgre = 0, hgre = 0, srlge = 0, srhge = 0, lrlge = 0, lrhge = 0, sumI = 0, rlogr = 0;
  for (let r = 0; r < n; r++) {
    const rowBase = base + r * maxRun;
    let rowRuns = 0, short = 0, long = 0;
    for (let c = 0; c < maxRun; c++) {
      const x = counts[rowBase + c]!;
      if (x === 0) continue;
      const j = c + 1, j2 = j * j;
      rowRuns += x;
      short += x / j2;
      long += x * j2;
      perLength[c]! += x;
      rlogr += x * Math.log2(x);
    }
    perLevel[r] = rowRuns;
    if (rowRuns === 0) continue;
    const i = values[r]!, i2 = i * i;
    ns += rowRuns;
    glnu += rowRuns * rowRuns;
    lgre += rowRuns / i2;
    hgre += rowRuns * i2;
    srlge += short / i2;
    srhge += short * i2;
    lrlge += long / i2;
    lrhge += long * i2;
    sumI += i * rowRuns;
  }
  if (ns === 0) return 0;
  const inv = 1 / ns;
  let sre = 0, lre = 0, rlnu = 0, nv = 0;
  for (let c = 0; c < maxRun; c++) {
    const x = perLength[c]!;
    if (x === 0) continue;
    const j = c + 1;
    sre += x / (j * j);
    lre += x * j * j;
    rlnu += x * x;
    nv += j * x;
  }
  const muI = sumI * inv, muJ = nv * inv;
  let glVar = 0, rlVar = 0;
  for (let r = 0; r < n; r++) glVar += (values[r]! - muI) * (values[r]! - muI) * perLevel[r]!;
  for (let c = 0; c < maxRun; c++) rlVar += (c + 1 - muJ) * (c + 1 - muJ) * perLength[c]!;
  const o = offset;
  out[o + Rlm.Sre] = sre * inv;
  out[o + Rlm.Lre] = lre * inv;
  out[o + Rlm.Lgre] = lgre * inv;
  out[o + Rlm.Hgre] = hgre * inv;
  out[o + Rlm.Srlge] = srlge * inv;
  out[o + Rlm.Srhge] = srhge * inv;
  out[o + Rlm.Lrlge] = lrlge * inv;
  out[o + Rlm.Lrhge] = lrhge * inv;
  out[o + Rlm.Glnu] = glnu * inv;
  out[o + Rlm.GlnuNorm] = glnu * inv * inv;
  out[o + Rlm.Rlnu] = rlnu * inv;
  out[o + Rlm.RlnuNorm] = rlnu * inv * inv;
  out[o + Rlm.RPerc] = ns / nv;
  out[o + Rlm.GlVar] = glVar * inv;
  out[o + Rlm.RlVar] = rlVar * inv;
  // −Σ p log₂ p = log₂ N_s − (Σ r log₂ r) / N_s
  out[o + Rlm.RlEntr] = Math.log2(ns) - rlogr * inv;
  return ns;
}

function addBlocks(src: Float64Array, dst: Float64Array, count: number, size: number): void {
  for (let b = 0; b < count; b++) {
    const s = b * size;
    for (let x = 0; x < size; x++) dst[x]! += src[s + x]!;
  }
}

// ---------------------------------------------------------------------------------------------------------
// IBSI features with aggregation

const N_FEATURES = GLRLM_FEATURES.length;
const EMPTY_NOTE = "no run in the ROI";

/**
 * The IBSI GLRLM features of a discretised ROI for every requested aggregation.
 * Names are `<tag>_<aggregation suffix>` (e.g. `rlm_sre_3D_avg`).
 *
 * @example
 * glrlmFeatures(discretised, { aggregations: ["2D, averaged"] })
 * // → [{ name: "rlm_sre_2D_avg", family: "rlm", ibsi: "22OV", aggregation: "2D, averaged", value: … }, …]
 * @throws RadiogxError INVALID_ARGUMENT for a malformed image, EMPTY_MASK for an empty ROI,
 *   INVALID_SETTING for an unknown aggregation.
 */
export function glrlmFeatures(img: DiscretisedImage, options: GlrlmOptions = {}): FeatureValue[] {
  const aggregations = checkAggregations(options.aggregations ?? DEFAULT_AGGREGATIONS, "GLRLM");
  const { box, table } = scanDiscretised(img, "GLRLM");
  const means = aggregateGlrlm(img, table, box, aggregations);
  const out: FeatureValue[] = [];
  for (const agg of aggregations) {
    const mean = means.get(agg)!;
    const suffix = aggregationSuffix(agg);
    for (let f = 0; f < N_FEATURES; f++) {
      const def = GLRLM_FEATURES[f]!;
      const r = mean.result(f, def.undefinedWhen ?? "undefined", EMPTY_NOTE);
      const fv: FeatureValue = { name: `${def.tag}_${suffix}`, family: "rlm", ibsi: def.ibsi, aggregation: agg, value: r.value };
      if (r.note !== undefined) fv.note = r.note;
      out.push(fv);
    }
  }
  return out;
}

/** The largest extent of the ROI box: no run can be longer. */
export function longestPossibleRun(box: RoiExtent): number {
  return Math.max(box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]) + 1;
}

function aggregateGlrlm(
  img: DiscretisedImage,
  table: LevelTable,
  box: RoiExtent,
  aggregations: readonly AggregationName[],
): Map<AggregationName, FeatureMean> {
  const n = table.values.length;
  const maxRun = longestPossibleRun(box);
  const block = n * maxRun;
  const means = new Map<AggregationName, FeatureMean>();
  for (const a of aggregations) means.set(a, new FeatureMean(N_FEATURES));
  const vec = new Float64Array(N_FEATURES);
  const scratch = glrlmScratch(n, maxRun);
  const addMatrix = (counts: Float64Array, base: number, mean: FeatureMean): void => {
    if (glrlmMatrixFeatures(counts, base, table.values, maxRun, scratch, vec) === 0) return;
    mean.add(vec);
  };
  const want = (a: AggregationName): FeatureMean | undefined => means.get(a);

  const avg2D = want("2D, averaged"), sliceMerged = want("2D, slice-merged");
  const directionMerged = want("2.5D, direction-merged"), merged25 = want("2.5D, merged");
  if (avg2D || sliceMerged || directionMerged || merged25) {
    const nd = DIRECTIONS_2D.length;
    const offsets = prepareOffsets(img.size, DIRECTIONS_2D);
    const slice = new Float64Array(nd * block);
    const sliceSum = new Float64Array(block);
    const perDirection = directionMerged ? new Float64Array(nd * block) : null;
    const all = merged25 ? new Float64Array(block) : null;
    for (let k = box.min[2]; k <= box.max[2]; k++) {
      slice.fill(0);
      countRuns(img.levels, img.size, table, offsets, box, k, k, maxRun, slice);
      if (avg2D) for (let d = 0; d < nd; d++) addMatrix(slice, d * block, avg2D);
      if (sliceMerged || all) {
        sliceSum.fill(0);
        addBlocks(slice, sliceSum, nd, block);
        if (sliceMerged) addMatrix(sliceSum, 0, sliceMerged);
        if (all) addBlocks(sliceSum, all, 1, block);
      }
      if (perDirection) addBlocks(slice, perDirection, 1, nd * block);
    }
    if (perDirection && directionMerged) for (let d = 0; d < nd; d++) addMatrix(perDirection, d * block, directionMerged);
    if (all && merged25) addMatrix(all, 0, merged25);
  }

  const avg3D = want("3D, averaged"), merged3D = want("3D, merged");
  if (avg3D || merged3D) {
    const nd = DIRECTIONS_3D.length;
    const offsets = prepareOffsets(img.size, DIRECTIONS_3D);
    const dirs = new Float64Array(nd * block);
    countRuns(img.levels, img.size, table, offsets, box, box.min[2], box.max[2], maxRun, dirs);
    if (avg3D) for (let d = 0; d < nd; d++) addMatrix(dirs, d * block, avg3D);
    if (merged3D) {
      const sum = new Float64Array(block);
      addBlocks(dirs, sum, nd, block);
      addMatrix(sum, 0, merged3D);
    }
  }
  return means;
}
