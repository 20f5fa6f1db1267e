/**
 * PyRadiomics first-order features (`radiomics/firstorder.py`, class `RadiomicsFirstOrder`), computed as
 * PyRadiomics 3 computes them, under PyRadiomics' names.
 *
 * Let X be the Np intensities of the ROI (intensity mask), c the `voxelArrayShift`, P(i) the histogram of the
 * PyRadiomics-binned grey levels (only the levels present) and p(i) = P(i)/Np. Statistics use numpy's
 * conventions: population moments, `numpy.percentile` linear interpolation, `numpy.median`.
 *
 * Differences from the IBSI features of the same name: Kurtosis is not excess kurtosis (IBSI stat_kurt + 3);
 * Energy, TotalEnergy and RootMeanSquared add c; Entropy adds ε = 2.2e−16 inside the log; Entropy and
 * Uniformity use PyRadiomics' binning (bins from a multiple of the bin width), not IBSI's.
 *
 * Small example: X = {1, 2, 2, 5} in one bin, c = 0, 1 mm³ voxels: Energy 34, TotalEnergy 34, Mean 2.5,
 * Variance 2.25, Kurtosis 2.19, Entropy ≈ 0, Uniformity 1.
 */
import { RadiogxError } from "../../errors";
import { summariseSorted, sortedMaskIntensities } from "../intensityStatistics";
import type { DiscretisedImage, FeatureValue, PreparedRoi } from "../types";

/** Options of {@link firstorderFeatures}. */
export interface FirstorderOptions {
  /** PyRadiomics' voxelArrayShift c, added to X in Energy, TotalEnergy and RootMeanSquared. Default 0. */
  voxelArrayShift?: number;
}

/** PyRadiomics' first-order feature names (the 18 enabled by default) and the IBSI code of the matching feature, if any. */
export const FIRSTORDER = {
  /** Energy = Σ (X(i) + c)²  (IBSI N8CA when c = 0). */
  Energy: "N8CA",
  /** TotalEnergy = V_voxel · Σ (X(i) + c)², V_voxel the voxel volume in mm³ (not in IBSI). */
  TotalEnergy: null,
  /** Entropy = −Σ p(i) log₂(p(i) + ε), over the binned grey levels, ε = machine epsilon (IBSI TLU2 on IBSI bins). */
  Entropy: "TLU2",
  /** Minimum = min(X). */
  Minimum: "1GSF",
  /** 10Percentile = P10 of X. */
  "10Percentile": "QG58",
  /** 90Percentile = P90 of X. */
  "90Percentile": "8DWT",
  /** Maximum = max(X). */
  Maximum: "84IY",
  /** Mean = (1/Np) Σ X(i). */
  Mean: "Q4LE",
  /** Median = numpy.median(X). */
  Median: "Y12H",
  /** InterquartileRange = P75 − P25. */
  InterquartileRange: "SALO",
  /** Range = max(X) − min(X). */
  Range: "2OJQ",
  /** MeanAbsoluteDeviation = (1/Np) Σ |X(i) − X̄|. */
  MeanAbsoluteDeviation: "4FUA",
  /** RobustMeanAbsoluteDeviation = mean absolute deviation of X₁₀₋₉₀ = {x : P10 ≤ x ≤ P90} from its own mean. */
  RobustMeanAbsoluteDeviation: "1128",
  /** RootMeanSquared = √((1/Np) Σ (X(i) + c)²)  (IBSI 5ZWQ when c = 0). */
  RootMeanSquared: "5ZWQ",
  /** Skewness = μ₃/σ³ (0 for a flat region). */
  Skewness: "KE2A",
  /** Kurtosis = μ₄/σ⁴, not corrected by −3 (IBSI's IPH6 is excess kurtosis); 0 for a flat region. */
  Kurtosis: null,
  /** Variance = (1/Np) Σ (X(i) − X̄)². */
  Variance: "ECT3",
  /** Uniformity = Σ p(i)², over the binned grey levels. */
  Uniformity: "BJ5W",
} as const;

export type FirstorderName = keyof typeof FIRSTORDER;

/** numpy.spacing(1): the ε PyRadiomics adds inside log₂ for Entropy. */
const EPS = 2.220446049250313e-16;

/**
 * PyRadiomics first-order features of the intensity mask: the 18 features of {@link FIRSTORDER} in
 * PyRadiomics' order. `levels` is the ROI discretised with PyRadiomics conventions (for Entropy and Uniformity).
 *
 * @throws RadiogxError `EMPTY_MASK` for an empty intensity mask; `INVALID_ARGUMENT` when `levels` does not
 *   match the ROI block.
 * @example
 * firstorderFeatures(roi, discretise(roi, { method: "fbs", binWidth: 25, conventions: "pyradiomics" }))
 */
export function firstorderFeatures(roi: PreparedRoi, levels: DiscretisedImage, opts: FirstorderOptions = {}): FeatureValue[] {
  const c = opts.voxelArrayShift ?? 0;
  if (!Number.isFinite(c)) {
    throw new RadiogxError("INVALID_SETTING", `voxelArrayShift must be a finite number, got ${c}`, { key: "voxelArrayShift" });
  }
  if (levels.levels.length !== roi.intensityMask.length) {
    throw new RadiogxError("INVALID_ARGUMENT", `the discretised image has ${levels.levels.length} voxels but the ROI block has ${roi.intensityMask.length}`);
  }
  const sorted = sortedMaskIntensities(roi);
  const s = summariseSorted(sorted);
  const n = s.n;

  // Σ (x + c)², directly (expanding it would lose precision for large c).
  let shiftedEnergy = 0;
  if (c === 0) shiftedEnergy = s.sumSquares;
  else for (let i = 0; i < n; i++) shiftedEnergy += (sorted[i]! + c) * (sorted[i]! + c);

  // p(i) over the grey levels present in the mask.
  const counts = new Float64Array(levels.nLevels + 1);
  const mask = roi.intensityMask;
  for (let p = 0; p < mask.length; p++) {
    if (mask[p] === 0) continue;
    const l = levels.levels[p]!;
    if (l < 1 || l > levels.nLevels) {
      throw new RadiogxError("INVALID_ARGUMENT", `voxel ${p} of the intensity mask has grey level ${l}, outside 1..${levels.nLevels}`);
    }
    counts[l]!++;
  }
  let entropy = 0, uniformity = 0;
  for (let l = 1; l < counts.length; l++) {
    const pr = counts[l]! / n;
    if (pr === 0) continue;
    entropy -= pr * Math.log2(pr + EPS);
    uniformity += pr * pr;
  }

  const flat = s.m2 === 0;
  const voxelVolume = roi.spacing[0] * roi.spacing[1] * roi.spacing[2];
  const values: Record<FirstorderName, number> = {
    Energy: shiftedEnergy,
    TotalEnergy: shiftedEnergy * voxelVolume,
    Entropy: entropy,
    Minimum: s.min,
    "10Percentile": s.p10,
    "90Percentile": s.p90,
    Maximum: s.max,
    Mean: s.mean,
    Median: s.median,
    InterquartileRange: s.p75 - s.p25,
    Range: s.max - s.min,
    MeanAbsoluteDeviation: s.meanAbsDev,
    RobustMeanAbsoluteDeviation: s.robustMeanAbsDev,
    RootMeanSquared: Math.sqrt(shiftedEnergy / n),
    Skewness: flat ? 0 : s.m3 / Math.pow(s.m2, 1.5),
    Kurtosis: flat ? 0 : s.m4 / (s.m2 * s.m2),
    Variance: s.m2,
    Uniformity: uniformity,
  };
  const out = (Object.keys(FIRSTORDER) as FirstorderName[]).map((name) => {
    const f: FeatureValue = { name, family: "firstorder", ibsi: FIRSTORDER[name], aggregation: null, value: values[name] };
    if (Number.isNaN(f.value)) f.note = "no value lies between the 10th and 90th percentiles (too few voxels)";
    return f;
  });
  // Deprecated in PyRadiomics (it is √Variance), computed there only when named in featureClass.
  out.push({ name: "StandardDeviation", family: "firstorder", ibsi: null, aggregation: null, value: Math.sqrt(s.m2), optIn: true });
  return out;
}
