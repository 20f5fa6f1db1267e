/**
 * Intensity-based statistical features (IBSI reference manual §3.3, family UHIW, tag prefix `stat_`).
 *
 * Let X = {X_1, …, X_Nv} be the intensities of the Nv voxels of the ROI intensity mask, μ their mean and
 * P_q their q-th percentile. The features do not need discretisation; they are computed over the 3D volume
 * (IBSI aggregation DHQ4).
 *
 * Percentiles use linear interpolation between order statistics (Hyndman–Fan type 7, the default of numpy,
 * R and PyRadiomics): with the values sorted ascending, x_(0) ≤ … ≤ x_(N−1), h = (N − 1)·q/100 and
 * P_q = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)). The median is P_50.
 *
 * Small example: X = {1, 2, 2, 5}: mean 2.5, variance 2.25, median 2, range 4, P_10 = 1.3.
 */
import { RadiogxError } from "../errors";
import type { FeatureValue, PreparedRoi } from "./types";

/**
 * The statistics of one set of values that the `stat_`, `ih_` and PyRadiomics first-order families share,
 * from the values sorted ascending. Central moments are about the mean: m_k = (1/N) Σ (x − μ)^k.
 */
export interface SortedSummary {
  n: number;
  mean: number;
  /** m2, m3, m4: central moments (m2 is the variance without bias correction). */
  m2: number;
  m3: number;
  m4: number;
  min: number;
  max: number;
  p10: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  /** (1/N) Σ |x − μ| */
  meanAbsDev: number;
  /** Mean absolute deviation from their own mean of the values in [P10, P90]; NaN when there are none. */
  robustMeanAbsDev: number;
  /** (1/N) Σ |x − median| */
  medianAbsDev: number;
  /** Σ x² */
  sumSquares: number;
}

/**
 * Percentile q (0..100) of ascending `sorted` by linear interpolation, computed as numpy (≥ 1.22) does:
 * virtual index h = (N − 1)·(q/100), and `numpy.lib.function_base._lerp` (a + t(b − a), or b − (1 − t)(b − a)
 * for t ≥ 0.5).
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * (q / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const t = h - lo;
  const a = sorted[lo]!, b = sorted[hi]!;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** Summary statistics of ascending `sorted` (non-empty) in two passes. */
export function summariseSorted(sorted: ArrayLike<number>): SortedSummary {
  const n = sorted.length;
  if (n === 0) throw new RadiogxError("EMPTY_MASK", "no voxels to summarise (the intensity mask is empty)");
  let sum = 0, sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!;
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / n;
  const p10 = percentileSorted(sorted, 10), p90 = percentileSorted(sorted, 90);
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  let m2 = 0, m3 = 0, m4 = 0, mad = 0, medad = 0, robustSum = 0, robustN = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!;
    const d = x - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    mad += Math.abs(d);
    medad += Math.abs(x - median);
    if (x >= p10 && x <= p90) {
      robustSum += x;
      robustN++;
    }
  }
  const robustMean = robustSum / robustN;
  let rmad = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!;
    if (x >= p10 && x <= p90) rmad += Math.abs(x - robustMean);
  }
  return {
    n, mean, m2: m2 / n, m3: m3 / n, m4: m4 / n,
    min: sorted[0]!, max: sorted[n - 1]!,
    p10, p25: percentileSorted(sorted, 25), median, p75: percentileSorted(sorted, 75), p90,
    meanAbsDev: mad / n, robustMeanAbsDev: rmad / robustN, medianAbsDev: medad / n, sumSquares,
  };
}

/** The intensities of the intensity-mask voxels, sorted ascending. */
export function sortedMaskIntensities(roi: PreparedRoi): Float64Array {
  const { intensities, intensityMask } = roi;
  let count = 0;
  for (let p = 0; p < intensityMask.length; p++) count += intensityMask[p] !== 0 ? 1 : 0;
  if (count === 0) throw new RadiogxError("EMPTY_MASK", "the intensity mask is empty");
  const out = new Float64Array(count);
  for (let p = 0, q = 0; p < intensityMask.length; p++) if (intensityMask[p] !== 0) out[q++] = intensities[p]!;
  return out.sort();
}

/**
 * The `stat_` features and their IBSI codes. With X the intensity-mask intensities, μ the mean, σ² the variance:
 */
export const INTENSITY_STATISTICS = {
  /** Mean intensity: μ = (1/Nv) Σ X_k. */
  stat_mean: "Q4LE",
  /** Intensity variance: σ² = (1/Nv) Σ (X_k − μ)² (no bias correction). */
  stat_var: "ECT3",
  /** Intensity skewness: m3 / σ³; 0 when σ = 0. */
  stat_skew: "KE2A",
  /** (Excess) intensity kurtosis: m4 / σ⁴ − 3; 0 when σ = 0. */
  stat_kurt: "IPH6",
  /** Median intensity: P50. */
  stat_median: "Y12H",
  /** Minimum intensity: min(X). */
  stat_min: "1GSF",
  /** 10th intensity percentile: P10. */
  stat_p10: "QG58",
  /** 90th intensity percentile: P90. */
  stat_p90: "8DWT",
  /** Maximum intensity: max(X). */
  stat_max: "84IY",
  /** Intensity interquartile range: P75 − P25. */
  stat_iqr: "SALO",
  /** Intensity range: max(X) − min(X). */
  stat_range: "2OJQ",
  /** Intensity-based mean absolute deviation: (1/Nv) Σ |X_k − μ|. */
  stat_mad: "4FUA",
  /** Robust mean absolute deviation: the mean absolute deviation of X₁₀₋₉₀ = {x ∈ X : P10 ≤ x ≤ P90} from its own mean. */
  stat_rmad: "1128",
  /** Median absolute deviation: (1/Nv) Σ |X_k − P50|. */
  stat_medad: "N72L",
  /** Coefficient of variation: σ / μ (not defined for μ = 0). */
  stat_cov: "7TET",
  /** Quartile coefficient of dispersion: (P75 − P25)/(P75 + P25) (not defined for P75 + P25 = 0). */
  stat_qcod: "9S40",
  /** Intensity-based energy: Σ X_k². */
  stat_energy: "N8CA",
  /** Root mean square intensity: √((1/Nv) Σ X_k²). */
  stat_rms: "5ZWQ",
} as const;

export type IntensityStatisticsTag = keyof typeof INTENSITY_STATISTICS;

/**
 * The 15 features that intensity statistics (`stat_`) and the intensity histogram (`ih_`) compute the same
 * way, on raw or on discretised intensities. Returns [suffix, value, note?] in IBSI order.
 */
export function sharedStatistics(s: SortedSummary): Array<[string, number, string?]> {
  const sd = Math.sqrt(s.m2);
  const flat = s.m2 === 0;
  const cov: [string, number, string?] = s.mean === 0
    ? ["cov", NaN, "the coefficient of variation σ/μ is undefined for a mean of 0"]
    : ["cov", sd / s.mean];
  const qSum = s.p75 + s.p25;
  const qcod: [string, number, string?] = qSum === 0
    ? ["qcod", NaN, "the quartile coefficient of dispersion is undefined when P75 + P25 = 0"]
    : ["qcod", (s.p75 - s.p25) / qSum];
  return [
    ["mean", s.mean],
    ["var", s.m2],
    ["skew", flat ? 0 : s.m3 / Math.pow(s.m2, 1.5)],
    ["kurt", flat ? 0 : s.m4 / (s.m2 * s.m2) - 3],
    ["median", s.median],
    ["min", s.min],
    ["p10", s.p10],
    ["p90", s.p90],
    ["max", s.max],
    ["iqr", s.p75 - s.p25],
    ["range", s.max - s.min],
    ["mad", s.meanAbsDev],
    Number.isNaN(s.robustMeanAbsDev)
      ? ["rmad", NaN, "no value lies between the 10th and 90th percentiles (too few voxels)"]
      : ["rmad", s.robustMeanAbsDev],
    ["medad", s.medianAbsDev],
    cov,
    qcod,
  ];
}

/**
 * Intensity-based statistical features (IBSI §3.3) of the intensity mask: the 18 `stat_` features of
 * {@link INTENSITY_STATISTICS}, in that order.
 *
 * @throws RadiogxError `EMPTY_MASK` when the intensity mask is empty.
 * @example
 * intensityStatisticsFeatures(roi).find((f) => f.name === "stat_mean")?.value // 2.15 on the IBSI digital phantom
 */
export function intensityStatisticsFeatures(roi: PreparedRoi): FeatureValue[] {
  const s = summariseSorted(sortedMaskIntensities(roi));
  const out: FeatureValue[] = [];
  const add = (name: IntensityStatisticsTag, value: number, note?: string): void => {
    const f: FeatureValue = { name, family: "stat", ibsi: INTENSITY_STATISTICS[name], aggregation: null, value };
    if (note !== undefined) f.note = note;
    out.push(f);
  };
  for (const [suffix, value, note] of sharedStatistics(s)) add(`stat_${suffix}` as IntensityStatisticsTag, value, note);
  add("stat_energy", s.sumSquares);
  add("stat_rms", Math.sqrt(s.sumSquares / s.n));
  return out;
}
