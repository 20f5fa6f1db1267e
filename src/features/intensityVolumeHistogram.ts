/**
 * Intensity-volume histogram (IVH) features (IBSI reference manual §3.5, family P88C, tag prefix `ivh_`).
 *
 * The IVH relates an intensity i on a grid G = {G_min, G_min + w_d, …, G_max} to the fraction ν_i of the
 * intensity-mask volume with intensity at least i:
 *
 *   ν_i = 1 − (1/Nv) Σ_k [X_d,gl,k < i],      γ_i = (i − G_min)/(G_max − G_min)   (the intensity fraction).
 *
 * X_d,gl, G and w_d depend on the discretisation (IBSI §3.5):
 * - `none` (discrete calibrated intensities, e.g. CT): X_d,gl = X (whole numbers), w_d = 1,
 *   G = [lowerBound ?? min X, upperBound ?? max X] (the re-segmentation range where there is one).
 * - `fbs` (continuous calibrated intensities, e.g. PET) with width w_b from X_min = lowerBound ?? min X to
 *   X_max = upperBound ?? max X: X_d = ⌊(X − X_min)/w_b⌋ + 1 (a voxel at X_max falls in the top bin), then the
 *   bin centre X_d,gl = X_min + (X_d − 0.5) w_b; w_d = w_b and G = [X_min + w_b/2, X_min + (N − 1/2) w_b] with
 *   N = ⌈(X_max − X_min)/w_b⌉ bins (IBSI: [X_min + w_b/2, X_max − w_b/2]).
 * - `fbn` (arbitrary units, e.g. MR) with N bins over [min X, max X]: X_d,gl = X_d, the bin number
 *   (IBSI FBN), so γ and I_x are expressed in bins; w_d = 1, G = [1, N].
 *
 * Example (IBSI digital phantom, none, G = [1, 6]): γ = 0, .2, .4, .6, .8, 1 and ν = 1, .324, .324, .311,
 * .095, .095, so V10 = .324, V90 = .095, I10 = 5, I90 = 2 and the AUC is 0.320.
 */
import { RadiogxError } from "../errors";
import type { FeatureValue, PreparedRoi } from "./types";

/** Options of {@link intensityVolumeHistogramFeatures}. */
export interface IvhOptions {
  /** "none": the intensities (whole numbers) with unit steps; "fbs": bins of `binWidth`; "fbn": `binCount` bins. */
  method: "none" | "fbs" | "fbn";
  /** Bin width for "fbs" (> 0). */
  binWidth?: number;
  /** Number of bins for "fbn" (whole number ≥ 1; IBSI recommends 1000). */
  binCount?: number;
  /** Lower end of G ("none") or of the first bin ("fbs"): the re-segmentation lower bound. Default: the ROI minimum. */
  lowerBound?: number | null;
  /** Upper end of G ("none") or of the last bin ("fbs"): the re-segmentation upper bound. Default: the ROI maximum. */
  upperBound?: number | null;
}

/**
 * The `ivh_` features and their IBSI codes (as in `ibsi1_all_reference_values.csv`; the IBSI ontology also
 * has instance codes for the 10%/90% features: NK6P, 4279, PWN1, BOHI, WITY, JXJA).
 */
export const INTENSITY_VOLUME_HISTOGRAM = {
  /** Volume at 10% intensity fraction: V10 = ν at the smallest i with γ_i ≥ 0.10 (the largest such ν). */
  ivh_v10: "BC2M",
  /** Volume at 90% intensity fraction: V90 = ν at the smallest i with γ_i ≥ 0.90. */
  ivh_v90: "BC2M",
  /** Intensity at 10% volume: I10 = the smallest i with ν_i ≤ 0.10 (G_max when there is none). */
  ivh_i10: "GBPN",
  /** Intensity at 90% volume: I90 = the smallest i with ν_i ≤ 0.90 (G_max when there is none). */
  ivh_i90: "GBPN",
  /** Volume fraction difference between 10% and 90% intensity: V10 − V90. */
  ivh_diff_v10_v90: "DDTU",
  /** Intensity difference between 10% and 90% volume: I10 − I90. */
  ivh_diff_i10_i90: "CNV2",
  /** Area under the IVH curve: ∫ ν dγ by the trapezoidal rule over the grid; 0 when G has one intensity. */
  ivh_auc: "9CMM",
} as const;

export type IvhTag = keyof typeof INTENSITY_VOLUME_HISTOGRAM;

/** Largest IVH grid; a finer grid means a bin width far too small for the intensity range. */
const MAX_GRID = 1 << 24;

/** The IVH on its grid: grid point k has intensity `g0 + k·wd` and volume fraction `nu[k]`. */
export interface IntensityVolumeHistogram {
  g0: number;
  wd: number;
  /** ν_k for k = 0..N−1 (non-increasing, ν_0 = 1). */
  nu: Float64Array;
}

/**
 * Builds the IVH of the intensity mask (see the module comment for the grid of each method).
 * @throws RadiogxError `INVALID_SETTING` for a bad bin width/count or non-integer intensities with "none";
 *   `INVALID_ARGUMENT` for ROI intensities outside [lowerBound, upperBound]; `EMPTY_MASK` for an empty mask.
 */
export function intensityVolumeHistogram(roi: PreparedRoi, opts: IvhOptions): IntensityVolumeHistogram {
  const { intensities, intensityMask } = roi;
  let min = Infinity, max = -Infinity, nv = 0;
  for (let p = 0; p < intensityMask.length; p++) {
    if (intensityMask[p] === 0) continue;
    const x = intensities[p]!;
    if (!Number.isFinite(x)) throw new RadiogxError("INVALID_ARGUMENT", `intensity mask voxel ${p} has a non-finite intensity (${x})`);
    if (x < min) min = x;
    if (x > max) max = x;
    nv++;
  }
  if (nv === 0) throw new RadiogxError("EMPTY_MASK", "cannot build the intensity-volume histogram: the intensity mask is empty");
  const lo = bound(opts.lowerBound, min, "lowerBound");
  const hi = bound(opts.upperBound, max, "upperBound");
  if (min < lo || max > hi) {
    throw new RadiogxError("INVALID_ARGUMENT", `the ROI intensities ${min}..${max} reach outside the IVH range [${lo}, ${hi}]`, {
      key: "resegmentRange", hint: "re-segment the intensity mask to the range first",
    });
  }

  // Grid size and, per voxel, its grid index.
  let nGrid: number, g0: number, wd: number;
  let index: (x: number) => number;
  if (opts.method === "none") {
    if (!Number.isInteger(lo) || !Number.isInteger(hi)) {
      throw new RadiogxError("INVALID_SETTING", `IVH without discretisation needs whole-number range bounds, got [${lo}, ${hi}]`, { key: "resegmentRange" });
    }
    nGrid = hi - lo + 1;
    g0 = lo;
    wd = 1;
    index = (x) => {
      if (!Number.isInteger(x)) {
        throw new RadiogxError("INVALID_SETTING", `IVH without discretisation needs whole-number intensities, the intensity mask has ${x}`, {
          key: "ivhDiscretize", hint: "set ivhBinWidth (calibrated intensities such as PET) or ivhBinCount (arbitrary units)",
        });
      }
      return x - lo;
    };
  } else if (opts.method === "fbs") {
    const w = opts.binWidth;
    if (typeof w !== "number" || !Number.isFinite(w) || !(w > 0)) {
      throw new RadiogxError("INVALID_SETTING", `IVH fixed bin size needs binWidth > 0, got ${JSON.stringify(w)}`, { key: "ivhBinWidth" });
    }
    nGrid = Math.max(1, Math.ceil((hi - lo) / w));
    g0 = lo + w / 2;
    wd = w;
    const top = nGrid - 1;
    index = (x) => Math.min(Math.floor((x - lo) / w), top);
  } else if (opts.method === "fbn") {
    const nb = opts.binCount;
    if (typeof nb !== "number" || !Number.isInteger(nb) || nb < 1) {
      throw new RadiogxError("INVALID_SETTING", `IVH fixed bin number needs a whole binCount ≥ 1, got ${JSON.stringify(nb)}`, { key: "ivhBinCount" });
    }
    nGrid = nb;
    g0 = 1;
    wd = 1;
    const range = max - min;
    index = (x) => (range === 0 ? 0 : Math.min(Math.floor((nb * (x - min)) / range), nb - 1));
  } else {
    throw new RadiogxError("INVALID_SETTING", `unknown IVH discretisation ${JSON.stringify((opts as IvhOptions).method)}; expected "none", "fbs" or "fbn"`, { key: "ivhDiscretize" });
  }
  if (nGrid > MAX_GRID) {
    throw new RadiogxError("INVALID_SETTING", `the IVH grid would have ${nGrid} intensities (more than ${MAX_GRID})`, { key: "ivhBinWidth", hint: "use a larger IVH bin width" });
  }

  const counts = new Float64Array(nGrid);
  for (let p = 0; p < intensityMask.length; p++) if (intensityMask[p] !== 0) counts[index(intensities[p]!)]!++;
  // ν_k = (voxels at grid index ≥ k)/Nv, accumulated from the top.
  const nu = new Float64Array(nGrid);
  let above = 0;
  for (let k = nGrid - 1; k >= 0; k--) {
    above += counts[k]!;
    nu[k] = above / nv;
  }
  return { g0, wd, nu };
}

function bound(b: number | null | undefined, dflt: number, key: string): number {
  if (b === undefined || b === null) return dflt;
  if (!Number.isFinite(b)) throw new RadiogxError("INVALID_SETTING", `IVH ${key} must be a finite number or null, got ${b}`, { key: "resegmentRange" });
  return b;
}

/**
 * Intensity-volume histogram features (IBSI §3.5): the 7 `ivh_` features of
 * {@link INTENSITY_VOLUME_HISTOGRAM}, in that order. With a single grid intensity the intensity fraction is
 * undefined: V10, V90 and their difference are NaN with a note, the AUC is 0 (IBSI).
 *
 * @example
 * intensityVolumeHistogramFeatures(roi, { method: "none" }).find((f) => f.name === "ivh_i10")?.value // 5 on the IBSI digital phantom
 */
export function intensityVolumeHistogramFeatures(roi: PreparedRoi, opts: IvhOptions): FeatureValue[] {
  const { g0, wd, nu } = intensityVolumeHistogram(roi, opts);
  const n = nu.length;
  const span = n - 1; // γ_k = k / span

  /** V_x: ν at the first grid point with γ ≥ x. */
  const volumeAt = (x: number): number => {
    for (let k = 0; k < n; k++) if (k / span >= x) return nu[k]!;
    return NaN;
  };
  /** I_x: the first grid intensity with ν ≤ x; G_max when none (as MIRP, the IBSI reference implementation). */
  const intensityAt = (x: number): number => {
    for (let k = 0; k < n; k++) if (nu[k]! <= x) return g0 + k * wd;
    return g0 + span * wd;
  };

  const out: FeatureValue[] = [];
  const add = (name: IvhTag, value: number, note?: string): void => {
    const f: FeatureValue = { name, family: "ivh", ibsi: INTENSITY_VOLUME_HISTOGRAM[name], aggregation: null, value };
    if (note !== undefined) f.note = note;
    out.push(f);
  };
  const i10 = intensityAt(0.1), i90 = intensityAt(0.9);
  if (span === 0) {
    const note = "the IVH range holds a single intensity, so the intensity fraction γ is undefined";
    add("ivh_v10", NaN, note);
    add("ivh_v90", NaN, note);
    add("ivh_i10", i10);
    add("ivh_i90", i90);
    add("ivh_diff_v10_v90", NaN, note);
    add("ivh_diff_i10_i90", i10 - i90);
    add("ivh_auc", 0);
    return out;
  }
  const v10 = volumeAt(0.1), v90 = volumeAt(0.9);
  let auc = 0;
  for (let k = 1; k < n; k++) auc += (nu[k - 1]! + nu[k]!) / 2;
  auc /= span;
  add("ivh_v10", v10);
  add("ivh_v90", v90);
  add("ivh_i10", i10);
  add("ivh_i90", i90);
  add("ivh_diff_v10_v90", v10 - v90);
  add("ivh_diff_i10_i90", i10 - i90);
  add("ivh_auc", auc);
  return out;
}
