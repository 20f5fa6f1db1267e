/**
 * Grey level co-occurrence matrix (GLCM) features, IBSI reference manual §3.6 (Zwanenburg et al., IBSI 1,
 * arXiv:1612.07003; Haralick et al. 1973).
 *
 * **The matrix.** For an offset `m` (direction × distance δ), `M_m(i, j)` counts the voxel pairs
 * `(v, v + m)` with both voxels in the ROI, `v` at grey level `i` and `v + m` at `j`. The symmetric matrix
 * (IBSI's and the default) also counts each pair read backwards, `M + Mᵀ`. With `N` the number of pairs,
 * `p_ij = M(i, j) / N` (N counting both readings when symmetric). Worked example (one slice, levels 1..3):
 *
 * ```
 *   image   1 1 2     pairs along (1, 0, 0): (1,1), (1,2) in the      M + Mᵀ   2 1 0     p = (M + Mᵀ) / 6
 *           3 3 .     first row, (3,3) in the second ('.' is                   1 0 0
 *                     outside the ROI)                                         0 0 2
 * ```
 *
 * **Symbols.** `Ng` grey levels; `p_i· = Σ_j p_ij` and `p_·j = Σ_i p_ij` (marginals, means `μ_x`, `μ_y`,
 * standard deviations `σ_x`, `σ_y`); `p_{x+y}(k) = Σ_{i+j=k} p_ij` (k = 2..2Ng); `p_{x−y}(k) = Σ_{|i−j|=k} p_ij`
 * (k = 0..Ng−1); `HXY = −Σ p_ij log₂ p_ij`; `HX`, `HY` the entropies of the marginals;
 * `HXY1 = −Σ p_ij log₂(p_i· p_·j)` and `HXY2 = −Σ p_i· p_·j log₂(p_i· p_·j)`, both equal to `HX + HY`.
 * All 25 features are reductions of these, computed once per matrix by {@link GlcmCoefficients}.
 *
 * **Aggregation** (§3.1.3, Fig. 3.3). 2D and 2.5D use the 4 in-plane directions in each slice of
 * constant k, 3D the 13 directions of the volume:
 * - "2D, averaged": features of every slice's directional matrices, averaged over slices and directions;
 * - "2D, slice-merged": each slice's 4 matrices summed, features averaged over slices;
 * - "2.5D, direction-merged": each direction's matrices summed over the slices, features averaged over
 *   the 4 directions (what PyRadiomics computes with `force2D`);
 * - "2.5D, merged": every 2D matrix summed into one;
 * - "3D, averaged": features of the 13 directional matrices, averaged (PyRadiomics' default);
 * - "3D, merged": the 13 matrices summed into one.
 * Empty matrices (no pair) are left out.
 */
import type { Vec3 } from "../../io/volume";
import { aggregationSuffix, type AggregationName, type DiscretisedImage, type FeatureValue } from "../types";
import {
  DEFAULT_AGGREGATIONS,
  DIRECTIONS_2D,
  DIRECTIONS_3D,
  FeatureMean,
  checkAggregations,
  checkDistances,
  prepareOffsets,
  scanDiscretised,
  scaleDirections,
  type LevelTable,
  type PreparedOffsets,
  type RoiExtent,
} from "./directions";

/** A texture feature: its IBSI tag (without aggregation suffix), IBSI code and long name. */
export interface TextureFeatureDef {
  tag: string;
  ibsi: string;
  name: string;
  /** Why the feature can be undefined for a matrix, when it can. */
  undefinedWhen?: string;
}

/**
 * The 25 IBSI GLCM features, in the order of the IBSI tables. Formulas (p = p_ij, sums over i, j or k):
 * joint maximum `max p`; joint average `μ = Σ i p`; joint variance `Σ (i − μ)² p`; joint entropy `HXY`;
 * difference average `μ_d = Σ k p_{x−y}`; difference variance `Σ (k − μ_d)² p_{x−y}`; difference entropy
 * `−Σ p_{x−y} log₂ p_{x−y}`; sum average `μ_s = Σ k p_{x+y}`, sum variance `Σ (k − μ_s)² p_{x+y}`, sum
 * entropy; angular second moment (energy) `Σ p²`; contrast `Σ (i − j)² p`; dissimilarity `Σ |i − j| p`;
 * inverse difference `Σ p / (1 + |i − j|)` and normalised `Σ p / (1 + |i − j| / Ng)`; inverse difference
 * moment `Σ p / (1 + (i − j)²)` and normalised `Σ p / (1 + (i − j)² / Ng²)`; inverse variance
 * `Σ_{i≠j} p / (i − j)²`; correlation `Σ (i − μ_x)(j − μ_y) p / (σ_x σ_y)`; autocorrelation `Σ i j p`;
 * cluster tendency, shade, prominence `Σ (i + j − μ_x − μ_y)^{2,3,4} p`; information correlation 1
 * `(HXY − HXY1) / max(HX, HY)`; information correlation 2 `√(1 − exp(−2 (HXY2 − HXY)))`.
 */
export const GLCM_FEATURES: readonly TextureFeatureDef[] = Object.freeze([
  { tag: "cm_joint_max", ibsi: "GYBY", name: "Joint maximum" },
  { tag: "cm_joint_avg", ibsi: "60VM", name: "Joint average" },
  { tag: "cm_joint_var", ibsi: "UR99", name: "Joint variance" },
  { tag: "cm_joint_entr", ibsi: "TU9B", name: "Joint entropy" },
  { tag: "cm_diff_avg", ibsi: "TF7R", name: "Difference average" },
  { tag: "cm_diff_var", ibsi: "D3YU", name: "Difference variance" },
  { tag: "cm_diff_entr", ibsi: "NTRS", name: "Difference entropy" },
  { tag: "cm_sum_avg", ibsi: "ZGXS", name: "Sum average" },
  { tag: "cm_sum_var", ibsi: "OEEB", name: "Sum variance" },
  { tag: "cm_sum_entr", ibsi: "P6QZ", name: "Sum entropy" },
  { tag: "cm_energy", ibsi: "8ZQL", name: "Angular second moment" },
  { tag: "cm_contrast", ibsi: "ACUI", name: "Contrast" },
  { tag: "cm_dissimilarity", ibsi: "8S9J", name: "Dissimilarity" },
  { tag: "cm_inv_diff", ibsi: "IB1Z", name: "Inverse difference" },
  { tag: "cm_inv_diff_norm", ibsi: "NDRX", name: "Normalised inverse difference" },
  { tag: "cm_inv_diff_mom", ibsi: "WF0Z", name: "Inverse difference moment" },
  { tag: "cm_inv_diff_mom_norm", ibsi: "1QCO", name: "Normalised inverse difference moment" },
  { tag: "cm_inv_var", ibsi: "E8JP", name: "Inverse variance" },
  { tag: "cm_corr", ibsi: "NI2N", name: "Correlation", undefinedWhen: "σ = 0: a single grey level in the matrix" },
  { tag: "cm_auto_corr", ibsi: "QWB0", name: "Autocorrelation" },
  { tag: "cm_clust_tend", ibsi: "DG8W", name: "Cluster tendency" },
  { tag: "cm_clust_shade", ibsi: "7NFM", name: "Cluster shade" },
  { tag: "cm_clust_prom", ibsi: "AE86", name: "Cluster prominence" },
  { tag: "cm_info_corr1", ibsi: "R8DG", name: "Information correlation 1", undefinedWhen: "HX = HY = 0: a single grey level in the matrix" },
  { tag: "cm_info_corr2", ibsi: "JN9H", name: "Information correlation 2" },
]);

/** Index of each GLCM feature in {@link GLCM_FEATURES} and in feature vectors. */
export const Cm = Object.freeze({
  JointMax: 0, JointAvg: 1, JointVar: 2, JointEntr: 3, DiffAvg: 4, DiffVar: 5, DiffEntr: 6, SumAvg: 7, SumVar: 8,
  SumEntr: 9, Energy: 10, Contrast: 11, Dissimilarity: 12, InvDiff: 13, InvDiffNorm: 14, InvDiffMom: 15,
  InvDiffMomNorm: 16, InvVar: 17, Corr: 18, AutoCorr: 19, ClustTend: 20, ClustShade: 21, ClustProm: 22,
  InfoCorr1: 23, InfoCorr2: 24,
} as const);

/** IBSI GLCM options. */
export interface GlcmOptions {
  /** Chebyshev distances δ in voxels; the offsets are `δ · m` for the 13 (3D) or 4 (2D) directions m. Default [1]. */
  distances?: readonly number[];
  /** Aggregation methods. Default `["3D, averaged", "3D, merged"]`. */
  aggregations?: readonly AggregationName[];
  /** Count each pair both ways (`M + Mᵀ`), as IBSI does. Default true. */
  symmetric?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Matrix

/**
 * Counts the co-occurrences of every ROI voxel pair `(v, v + m)` into `out`, one n × n block per offset
 * (block `a` at `a · n²`, row = level code of `v`, column = level code of `v + m`, n = levels present);
 * `out` is overwritten. Visits the centre voxels of slices `kFrom..kTo` inside the ROI box once, all
 * offsets together. With `symmetric`, each pair also counts as `(v + m, v)` (the blocks become `M + Mᵀ`,
 * added after counting so the hot loop writes once per pair).
 */
export function countCooccurrences(
  levels: Int32Array,
  size: Vec3,
  table: LevelTable,
  offsets: PreparedOffsets,
  box: RoiExtent,
  kFrom: number,
  kTo: number,
  symmetric: boolean,
  out: Float64Array,
): void {
  const nx = size[0], ny = size[1];
  const n = table.values.length, nn = n * n, code = table.code;
  const na = offsets.count, flat = offsets.flat, steps = offsets.steps;
  const i0 = box.min[0], i1 = box.max[0], j0 = box.min[1], j1 = box.max[1], k0 = box.min[2], k1 = box.max[2];
  out.fill(0, 0, na * nn);
  for (let k = kFrom; k <= kTo; k++) {
    for (let j = j0; j <= j1; j++) {
      let idx = i0 + nx * (j + ny * k);
      for (let i = i0; i <= i1; i++, idx++) {
        const g = levels[idx]!;
        if (g === 0) continue;
        const row = code[g]! * n;
        for (let a = 0; a < na; a++) {
          const ni = i + flat[3 * a]!, nj = j + flat[3 * a + 1]!, nk = k + flat[3 * a + 2]!;
          if (ni < i0 || ni > i1 || nj < j0 || nj > j1 || nk < k0 || nk > k1) continue;
          const h = levels[idx + steps[a]!]!;
          if (h === 0) continue;
          out[a * nn + row + code[h]!]! += 1;
        }
      }
    }
  }
  if (!symmetric) return;
  for (let a = 0; a < na; a++) {
    const b = a * nn;
    for (let r = 0; r < n; r++) {
      out[b + r * n + r]! *= 2;
      for (let c = r + 1; c < n; c++) {
        const sum = out[b + r * n + c]! + out[b + c * n + r]!;
        out[b + r * n + c] = sum;
        out[b + c * n + r] = sum;
      }
    }
  }
}

/** Adds `count` blocks of `size` floats from `src` (starting at `from`) into `dst` at `to`. */
function addBlocks(src: Float64Array, from: number, dst: Float64Array, to: number, count: number, size: number): void {
  for (let b = 0; b < count; b++) {
    const s = from + b * size;
    for (let x = 0; x < size; x++) dst[to + x]! += src[s + x]!;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shared coefficients

/**
 * The shared intermediates of one GLCM, computed in one pass over its entries: marginals, `p_{x+y}`,
 * `p_{x−y}`, means, variances, covariance and entropies. A workspace: allocate once per level table,
 * {@link compute} for every matrix.
 */
export class GlcmCoefficients {
  /** Grey level of each row/column. */
  readonly values: Int32Array;
  /** Row marginal `p_i·` and column marginal `p_·j` (by row code). */
  readonly px: Float64Array;
  readonly py: Float64Array;
  /** `p_{x+y}(k)` at index k (2..2·maxLevel) and `p_{x−y}(k)` at index k (0..maxLevel−1). */
  readonly pSum: Float64Array;
  readonly pDiff: Float64Array;
  /** Number of pairs counted in the matrix (0: empty, nothing else is set). */
  total = 0;
  jointMax = 0;
  /** Σ p². */
  energy = 0;
  /** Σ i j p. */
  autoCorr = 0;
  /** HXY = −Σ p log₂ p. */
  hxy = 0;
  hx = 0;
  hy = 0;
  muX = 0;
  muY = 0;
  varX = 0;
  varY = 0;
  /** Σ (i − μ_x)(j − μ_y) p. */
  cov = 0;

  constructor(table: LevelTable) {
    this.values = table.values;
    const n = table.values.length;
    const maxLevel = n > 0 ? table.values[n - 1]! : 0;
    this.px = new Float64Array(n);
    this.py = new Float64Array(n);
    this.pSum = new Float64Array(2 * maxLevel + 1);
    this.pDiff = new Float64Array(Math.max(maxLevel, 1));
  }

  /** Computes every coefficient of the n × n matrix at `counts[base ..]`; returns the number of pairs. */
  compute(counts: Float64Array, base: number): number {
    const values = this.values, n = values.length;
    const px = this.px, py = this.py, pSum = this.pSum, pDiff = this.pDiff;
    px.fill(0);
    py.fill(0);
    pSum.fill(0);
    pDiff.fill(0);
    let total = 0, max = 0, sq = 0, ij = 0;
    for (let r = 0; r < n; r++) {
      const i = values[r]!;
      const rowBase = base + r * n;
      let rowSum = 0;
      for (let c = 0; c < n; c++) {
        const m = counts[rowBase + c]!;
        if (m === 0) continue;
        const j = values[c]!;
        rowSum += m;
        py[c]! += m;
        pSum[i + j]! += m;
        pDiff[i > j ? i - j : j - i]! += m;
        if (m > max) max = m;
        sq += m * m;
        ij += i * j * m;
      }
      px[r] = rowSum;
      total += rowSum;
    }
    this.total = total;
    if (total === 0) return 0;
    const inv = 1 / total;
    this.jointMax = max * inv;
    this.energy = sq * inv * inv;
    this.autoCorr = ij * inv;
    // Probabilities by division (m / N, as PyRadiomics normalises): a matrix with one occupied row, column or
    // cell then gives exactly 1, so its entropies and variances are exactly 0 (N · (1/N) can be 1 − 2⁻⁵³).
    let hxy = 0;
    for (let r = 0, end = n * n; r < end; r++) {
      const m = counts[base + r]!;
      if (m === 0) continue;
      const p = m / total;
      hxy -= p * Math.log2(p);
    }
    this.hxy = hxy;
    let muX = 0, muY = 0, hx = 0, hy = 0;
    for (let r = 0; r < n; r++) {
      const a = px[r]! / total, b = py[r]! / total;
      px[r] = a;
      py[r] = b;
      muX += values[r]! * a;
      muY += values[r]! * b;
      if (a > 0) hx -= a * Math.log2(a);
      if (b > 0) hy -= b * Math.log2(b);
    }
    let varX = 0, varY = 0;
    for (let r = 0; r < n; r++) {
      const dx = values[r]! - muX, dy = values[r]! - muY;
      varX += dx * dx * px[r]!;
      varY += dy * dy * py[r]!;
    }
    for (let k = 0; k < pSum.length; k++) pSum[k]! *= inv;
    for (let k = 0; k < pDiff.length; k++) pDiff[k]! *= inv;
    this.muX = muX;
    this.muY = muY;
    this.varX = varX;
    this.varY = varY;
    this.hx = hx;
    this.hy = hy;
    // Σ (i − μx)(j − μy) p = Σ i j p − μx μy
    this.cov = this.autoCorr - muX * muY;
    return total;
  }

  /**
   * The 25 IBSI features (order of {@link GLCM_FEATURES}) of the matrix last computed, into
   * `out[offset ..]`. `ng` is the number of grey levels of the normalised inverse differences.
   * Undefined values (see `undefinedWhen`) are NaN.
   */
  ibsiFeatures(ng: number, out: Float64Array, offset = 0): void {
    const pSum = this.pSum, pDiff = this.pDiff;
    let dAvg = 0, dEntr = 0, contrast = 0, id = 0, idn = 0, idm = 0, idmn = 0, invVar = 0;
    const ng2 = ng * ng;
    for (let k = 0; k < pDiff.length; k++) {
      const p = pDiff[k]!;
      if (p === 0) continue;
      dAvg += k * p;
      dEntr -= p * Math.log2(p);
      contrast += k * k * p;
      id += p / (1 + k);
      idn += p / (1 + k / ng);
      idm += p / (1 + k * k);
      idmn += p / (1 + (k * k) / ng2);
      if (k > 0) invVar += p / (k * k);
    }
    let dVar = 0;
    for (let k = 0; k < pDiff.length; k++) {
      const p = pDiff[k]!;
      if (p !== 0) dVar += (k - dAvg) * (k - dAvg) * p;
    }
    let sAvg = 0, sEntr = 0;
    for (let k = 0; k < pSum.length; k++) {
      const p = pSum[k]!;
      if (p === 0) continue;
      sAvg += k * p;
      sEntr -= p * Math.log2(p);
    }
    // sum variance is about μ_{x+y}; the cluster moments about μx + μy (equal for any matrix, as μ_{x+y} = μx + μy)
    const mu2 = this.muX + this.muY;
    let sVar = 0, c2 = 0, c3 = 0, c4 = 0;
    for (let k = 0; k < pSum.length; k++) {
      const p = pSum[k]!;
      if (p === 0) continue;
      const ds = k - sAvg;
      sVar += ds * ds * p;
      const d = k - mu2, d2 = d * d;
      c2 += d2 * p;
      c3 += d2 * d * p;
      c4 += d2 * d2 * p;
    }
    const sigma = Math.sqrt(this.varX * this.varY);
    const hMax = Math.max(this.hx, this.hy);
    // mutual information HXY2 − HXY = HX + HY − HXY ≥ 0; rounding can make it a hair negative
    const mi = Math.max(0, this.hx + this.hy - this.hxy);
    const o = offset;
    out[o + Cm.JointMax] = this.jointMax;
    out[o + Cm.JointAvg] = this.muX;
    out[o + Cm.JointVar] = this.varX;
    out[o + Cm.JointEntr] = this.hxy;
    out[o + Cm.DiffAvg] = dAvg;
    out[o + Cm.DiffVar] = dVar;
    out[o + Cm.DiffEntr] = dEntr;
    out[o + Cm.SumAvg] = sAvg;
    out[o + Cm.SumVar] = sVar;
    out[o + Cm.SumEntr] = sEntr;
    out[o + Cm.Energy] = this.energy;
    out[o + Cm.Contrast] = contrast;
    out[o + Cm.Dissimilarity] = dAvg;
    out[o + Cm.InvDiff] = id;
    out[o + Cm.InvDiffNorm] = idn;
    out[o + Cm.InvDiffMom] = idm;
    out[o + Cm.InvDiffMomNorm] = idmn;
    out[o + Cm.InvVar] = invVar;
    out[o + Cm.Corr] = sigma > 0 ? this.cov / sigma : Number.NaN;
    out[o + Cm.AutoCorr] = this.autoCorr;
    out[o + Cm.ClustTend] = c2;
    out[o + Cm.ClustShade] = c3;
    out[o + Cm.ClustProm] = c4;
    out[o + Cm.InfoCorr1] = hMax > 0 ? (this.hxy - this.hx - this.hy) / hMax : Number.NaN;
    out[o + Cm.InfoCorr2] = Math.sqrt(1 - Math.exp(-2 * mi));
  }
}

// ---------------------------------------------------------------------------------------------------------
// IBSI features with aggregation

const N_FEATURES = GLCM_FEATURES.length;
const EMPTY_NOTE = "no pair of neighbouring ROI voxels at this distance (ROI too small or too thin)";

/**
 * The IBSI GLCM features of a discretised ROI for every requested distance and aggregation.
 *
 * Names are `<tag>_<aggregation suffix>` (e.g. `cm_contrast_3D_avg`), followed by `_d<δ>` when more than
 * one distance is asked for. `Ng` of the normalised inverse differences is `img.nLevels`.
 *
 * @example
 * glcmFeatures(discretised, { aggregations: ["3D, averaged"] })
 * // → [{ name: "cm_joint_max_3D_avg", family: "cm", ibsi: "GYBY", aggregation: "3D, averaged", value: … }, …]
 * @throws RadiogxError INVALID_ARGUMENT for a malformed image, EMPTY_MASK for an empty ROI,
 *   INVALID_SETTING for an unknown aggregation or a bad distance.
 */
export function glcmFeatures(img: DiscretisedImage, options: GlcmOptions = {}): FeatureValue[] {
  const distances = checkDistances(options.distances ?? [1], "GLCM");
  const aggregations = checkAggregations(options.aggregations ?? DEFAULT_AGGREGATIONS, "GLCM");
  const symmetric = options.symmetric ?? true;
  const { box, table } = scanDiscretised(img, "GLCM");
  const coef = new GlcmCoefficients(table);
  const out: FeatureValue[] = [];
  for (const delta of distances) {
    const means = aggregateGlcm(img, table, box, coef, delta, aggregations, symmetric);
    for (const agg of aggregations) {
      const mean = means.get(agg)!;
      const suffix = aggregationSuffix(agg) + (distances.length > 1 ? `_d${delta}` : "");
      for (let f = 0; f < N_FEATURES; f++) {
        const def = GLCM_FEATURES[f]!;
        const r = mean.result(f, def.undefinedWhen ?? "undefined", EMPTY_NOTE);
        const fv: FeatureValue = { name: `${def.tag}_${suffix}`, family: "cm", ibsi: def.ibsi, aggregation: agg, value: r.value };
        if (r.note !== undefined) fv.note = r.note;
        out.push(fv);
      }
    }
  }
  return out;
}

/** Builds the matrices of one distance and averages their features per aggregation. */
function aggregateGlcm(
  img: DiscretisedImage,
  table: LevelTable,
  box: RoiExtent,
  coef: GlcmCoefficients,
  delta: number,
  aggregations: readonly AggregationName[],
  symmetric: boolean,
): Map<AggregationName, FeatureMean> {
  const n = table.values.length, nn = n * n;
  const ng = img.nLevels;
  const means = new Map<AggregationName, FeatureMean>();
  for (const a of aggregations) means.set(a, new FeatureMean(N_FEATURES));
  const vec = new Float64Array(N_FEATURES);
  /** Adds the features of the matrix at counts[base] to `mean`, unless it is empty. */
  const addMatrix = (counts: Float64Array, base: number, mean: FeatureMean): void => {
    if (coef.compute(counts, base) === 0) return;
    coef.ibsiFeatures(ng, vec);
    mean.add(vec);
  };

  const want = (a: AggregationName): FeatureMean | undefined => means.get(a);
  const avg2D = want("2D, averaged"), sliceMerged = want("2D, slice-merged");
  const directionMerged = want("2.5D, direction-merged"), merged25 = want("2.5D, merged");
  if (avg2D || sliceMerged || directionMerged || merged25) {
    const nd = DIRECTIONS_2D.length;
    const offsets = prepareOffsets(img.size, scaleDirections(DIRECTIONS_2D, delta));
    const slice = new Float64Array(nd * nn);
    const sliceSum = new Float64Array(nn);
    const perDirection = directionMerged ? new Float64Array(nd * nn) : null;
    const all = merged25 ? new Float64Array(nn) : null;
    for (let k = box.min[2]; k <= box.max[2]; k++) {
      countCooccurrences(img.levels, img.size, table, offsets, box, k, k, symmetric, slice);
      if (avg2D) for (let d = 0; d < nd; d++) addMatrix(slice, d * nn, avg2D);
      if (sliceMerged || all) {
        sliceSum.fill(0);
        addBlocks(slice, 0, sliceSum, 0, nd, nn);
        if (sliceMerged) addMatrix(sliceSum, 0, sliceMerged);
        if (all) addBlocks(sliceSum, 0, all, 0, 1, nn);
      }
      if (perDirection) addBlocks(slice, 0, perDirection, 0, 1, nd * nn);
    }
    if (perDirection && directionMerged) for (let d = 0; d < nd; d++) addMatrix(perDirection, d * nn, directionMerged);
    if (all && merged25) addMatrix(all, 0, merged25);
  }

  const avg3D = want("3D, averaged"), merged3D = want("3D, merged");
  if (avg3D || merged3D) {
    const nd = DIRECTIONS_3D.length;
    const offsets = prepareOffsets(img.size, scaleDirections(DIRECTIONS_3D, delta));
    const dirs = new Float64Array(nd * nn);
    countCooccurrences(img.levels, img.size, table, offsets, box, box.min[2], box.max[2], symmetric, dirs);
    if (avg3D) for (let d = 0; d < nd; d++) addMatrix(dirs, d * nn, avg3D);
    if (merged3D) {
      const sum = new Float64Array(nn);
      addBlocks(dirs, 0, sum, 0, nd, nn);
      addMatrix(sum, 0, merged3D);
    }
  }
  return means;
}
