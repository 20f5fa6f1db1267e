/**
 * Intensity histogram features (IBSI reference manual §3.4, family ZVCW, tag prefix `ih_`).
 *
 * Let X_d = {X_d,1, …, X_d,Nv} be the discretised intensities (grey levels 1..Ng) of the Nv voxels of the
 * intensity mask, H = {n_1, …, n_Ng} the histogram (n_i voxels at level i, empty bins kept) and
 * p_i = n_i / Nv. The statistics shared with `stat_` (mean … qcod) are computed on X_d exactly as
 * `intensityStatistics.ts` computes them on raw intensities (numpy-style linear percentiles).
 *
 * The histogram gradient H' has Ng entries: H'_1 = n_2 − n_1, H'_i = (n_{i+1} − n_{i−1})/2 for 1 < i < Ng,
 * H'_Ng = n_Ng − n_{Ng−1}.
 *
 * Small example: levels {1, 1, 2, 4} (Ng = 4): H = {2, 1, 0, 1}, p = {.5, .25, 0, .25}, entropy 1.5,
 * uniformity 0.375, mode 1, H' = {−1, −1, 0, 1}.
 */
import { RadiogxError } from "../errors";
import { sharedStatistics, summariseSorted } from "./intensityStatistics";
import type { DiscretisedImage, FeatureValue } from "./types";

/**
 * The `ih_` features and their IBSI codes (the 10th/90th percentile codes are the IBSI manual's GPMT/OZ0C;
 * `ibsi1_all_reference_values.csv` lists 1PR8/GPMT for them, one row off).
 */
export const INTENSITY_HISTOGRAM = {
  /** Mean discretised intensity: μ = (1/Nv) Σ X_d,k = Σ i p_i. */
  ih_mean: "X6K6",
  /** Discretised intensity variance: σ² = (1/Nv) Σ (X_d,k − μ)². */
  ih_var: "CH89",
  /** Discretised intensity skewness: m3 / σ³; 0 when σ = 0. */
  ih_skew: "88K1",
  /** (Excess) discretised intensity kurtosis: m4 / σ⁴ − 3; 0 when σ = 0. */
  ih_kurt: "C3I7",
  /** Median discretised intensity: P50 of X_d. */
  ih_median: "WIFQ",
  /** Minimum discretised intensity: min(X_d). */
  ih_min: "1PR8",
  /** 10th discretised intensity percentile: P10 of X_d. */
  ih_p10: "GPMT",
  /** 90th discretised intensity percentile: P90 of X_d. */
  ih_p90: "OZ0C",
  /** Maximum discretised intensity: max(X_d). */
  ih_max: "3NCY",
  /** Intensity histogram mode: the level with the highest count; ties go to the level closest to μ, then the lower. */
  ih_mode: "AMMC",
  /** Discretised intensity interquartile range: P75 − P25. */
  ih_iqr: "WR0O",
  /** Discretised intensity range: max(X_d) − min(X_d). */
  ih_range: "5Z3W",
  /** Intensity histogram mean absolute deviation: (1/Nv) Σ |X_d,k − μ|. */
  ih_mad: "D2ZX",
  /** Intensity histogram robust mean absolute deviation: mean absolute deviation of {x ∈ X_d : P10 ≤ x ≤ P90} from its mean. */
  ih_rmad: "WRZB",
  /** Intensity histogram median absolute deviation: (1/Nv) Σ |X_d,k − P50|. */
  ih_medad: "4RNL",
  /** Intensity histogram coefficient of variation: σ / μ. */
  ih_cov: "CWYJ",
  /** Intensity histogram quartile coefficient of dispersion: (P75 − P25)/(P75 + P25). */
  ih_qcod: "SLWD",
  /** Discretised intensity entropy: −Σ p_i log₂ p_i (over p_i > 0). */
  ih_entropy: "TLU2",
  /** Discretised intensity uniformity: Σ p_i². */
  ih_uniformity: "BJ5W",
  /** Maximum histogram gradient: max(H'). */
  ih_max_grad: "12CE",
  /** Maximum histogram gradient intensity: the level i of max(H') (the lowest such level when tied). */
  ih_max_grad_g: "8E6O",
  /** Minimum histogram gradient: min(H'). */
  ih_min_grad: "VQB3",
  /** Minimum histogram gradient intensity: the level i of min(H') (the lowest such level when tied). */
  ih_min_grad_g: "RHQZ",
} as const;

export type IntensityHistogramTag = keyof typeof INTENSITY_HISTOGRAM;

/** Grey-level counts n_1..n_Ng (index 0 unused) of a discretised image, and the voxel count. */
export function greyLevelHistogram(image: DiscretisedImage): { counts: Float64Array; n: number } {
  const { levels, nLevels } = image;
  const counts = new Float64Array(nLevels + 1);
  let n = 0;
  for (let p = 0; p < levels.length; p++) {
    const l = levels[p]!;
    if (l === 0) continue;
    if (l < 0 || l > nLevels) {
      throw new RadiogxError("INVALID_ARGUMENT", `grey level ${l} at voxel ${p} is outside 1..${nLevels} (nLevels)`);
    }
    counts[l]!++;
    n++;
  }
  if (n === 0) throw new RadiogxError("EMPTY_MASK", "the discretised image has no voxel in the intensity mask");
  return { counts, n };
}

/**
 * Intensity histogram features (IBSI §3.4) of a discretised ROI: the 23 `ih_` features of
 * {@link INTENSITY_HISTOGRAM}, in that order. The gradient features need Ng ≥ 2 (NaN with a note otherwise).
 *
 * @throws RadiogxError `EMPTY_MASK` when no voxel has a grey level.
 * @example
 * intensityHistogramFeatures(discretise(roi, { method: "none", conventions: "ibsi" }))
 *   .find((f) => f.name === "ih_entropy")?.value // 1.27 on the IBSI digital phantom
 */
export function intensityHistogramFeatures(image: DiscretisedImage): FeatureValue[] {
  const { counts, n } = greyLevelHistogram(image);
  const ng = image.nLevels;
  // Levels in ascending order (a counting sort), for the statistics shared with stat_.
  const sorted = new Float64Array(n);
  for (let l = 1, q = 0; l <= ng; l++) for (let c = counts[l]!; c > 0; c--) sorted[q++] = l;
  const s = summariseSorted(sorted);

  let entropy = 0, uniformity = 0, modeLevel = 0, modeCount = -1;
  for (let l = 1; l <= ng; l++) {
    const c = counts[l]!;
    if (c === 0) continue;
    const pr = c / n;
    entropy -= pr * Math.log2(pr);
    uniformity += pr * pr;
    // Strictly closer to the mean wins a tie; equidistant keeps the lower (left) level, which came first.
    if (c > modeCount || (c === modeCount && Math.abs(l - s.mean) < Math.abs(modeLevel - s.mean))) {
      modeCount = c;
      modeLevel = l;
    }
  }

  const out: FeatureValue[] = [];
  const add = (name: IntensityHistogramTag, value: number, note?: string): void => {
    const f: FeatureValue = { name, family: "ih", ibsi: INTENSITY_HISTOGRAM[name], aggregation: null, value };
    if (note !== undefined) f.note = note;
    out.push(f);
  };
  const shared = sharedStatistics(s);
  for (const [suffix, value, note] of shared.slice(0, 9)) add(`ih_${suffix}` as IntensityHistogramTag, value, note);
  add("ih_mode", modeLevel);
  for (const [suffix, value, note] of shared.slice(9)) add(`ih_${suffix}` as IntensityHistogramTag, value, note);
  add("ih_entropy", entropy);
  add("ih_uniformity", uniformity);

  if (ng < 2) {
    const note = "the histogram gradient needs at least 2 grey levels (Ng = 1)";
    add("ih_max_grad", NaN, note);
    add("ih_max_grad_g", NaN, note);
    add("ih_min_grad", NaN, note);
    add("ih_min_grad_g", NaN, note);
    return out;
  }
  let maxGrad = -Infinity, maxAt = 0, minGrad = Infinity, minAt = 0;
  for (let l = 1; l <= ng; l++) {
    const g = l === 1 ? counts[2]! - counts[1]! : l === ng ? counts[ng]! - counts[ng - 1]! : (counts[l + 1]! - counts[l - 1]!) / 2;
    if (g > maxGrad) { maxGrad = g; maxAt = l; }
    if (g < minGrad) { minGrad = g; minAt = l; }
  }
  add("ih_max_grad", maxGrad);
  add("ih_max_grad_g", maxAt);
  add("ih_min_grad", minGrad);
  add("ih_min_grad_g", minAt);
  return out;
}
