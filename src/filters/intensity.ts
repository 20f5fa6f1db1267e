/**
 * Point-wise intensity transforms, PyRadiomics image types `Square`, `SquareRoot`, `Logarithm` and
 * `Exponential`. Each is rescaled with the largest absolute intensity M = max|x| of the image (over all voxels,
 * not only the ROI, and after any pre-crop) so that the result stays in the range of the original, and keeps
 * the sign of negative intensities where the formula allows it:
 *
 *   Square       f(x) = (x / √M)²
 *   SquareRoot   f(x) = √(M·x) for x ≥ 0,  −√(−M·x) for x < 0
 *   Logarithm    g(x) = ln(x + 1) for x ≥ 0,  −ln(1 − x) for x < 0;   f(x) = g(x) · M / max|g|
 *   Exponential  f(x) = exp(x · ln(M) / M)
 *
 * Each filter takes M as an optional argument: when `vol` is a crop of a larger image that PyRadiomics would
 * filter whole (radiogx filters only the ROI plus a margin unless `preCrop` is set), M must be the whole
 * image's, or every value changes with the crop.
 *
 * Reference: PyRadiomics `radiomics/imageoperations.py` (getSquareImage, getSquareRootImage,
 * getLogarithmImage, getExponentialImage); the arithmetic follows it operation by operation in double precision.
 */
import { RadiogxError } from "../errors";
import type { Volume } from "../io/volume";
import { derivedVolume } from "./naming";

/** Largest absolute intensity of the image (PyRadiomics' `numpy.max(numpy.abs(im))`). */
export function maxAbsIntensity(vol: Volume): number {
  const d = vol.data;
  let m = 0;
  for (let i = 0; i < d.length; i++) {
    const a = Math.abs(d[i]!);
    if (a > m) m = a;
  }
  return m;
}

function requireNonZero(vol: Volume, m: number, filter: string): void {
  if (!(m > 0) || !Number.isFinite(m)) {
    const file = typeof vol.metadata.file === "string" ? vol.metadata.file : undefined;
    throw new RadiogxError("INVALID_ARGUMENT", `${filter} filter: the image is all zeros (max |intensity| = ${m}), so it cannot be rescaled`, {
      file,
      hint: "PyRadiomics would return NaN for every voxel; check the image or drop this image type",
    });
  }
}

/**
 * `square` image: f(x) = (c·x)² with c = 1/√max|x|.
 * @throws RadiogxError `INVALID_ARGUMENT` when the image is all zeros.
 * @example squareFilter(vol) // intensities 0, −2, 4 → 0, 1, 4
 */
export function squareFilter(vol: Volume, m = maxAbsIntensity(vol)): Volume<Float64Array> {
  requireNonZero(vol, m, "Square");
  const coeff = 1 / Math.sqrt(m);
  const d = vol.data;
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = coeff * d[i]!;
    out[i] = v * v;
  }
  return derivedVolume(vol, out, "square", { filter: "Square" });
}

/**
 * `squareroot` image: f(x) = √(c·x) for x > 0, −√(−c·x) for x < 0, 0 for 0, with c = max|x|.
 * @throws RadiogxError `INVALID_ARGUMENT` when the image is all zeros.
 */
export function squareRootFilter(vol: Volume, m = maxAbsIntensity(vol)): Volume<Float64Array> {
  requireNonZero(vol, m, "SquareRoot");
  const d = vol.data;
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const x = d[i]!;
    out[i] = x > 0 ? Math.sqrt(x * m) : x < 0 ? -Math.sqrt(-x * m) : x;
  }
  return derivedVolume(vol, out, "squareroot", { filter: "SquareRoot" });
}

/**
 * `logarithm` image: g(x) = ln(x + 1) for x > 0, −ln(1 − x) for x < 0, rescaled by max|x| / max|g|.
 * @throws RadiogxError `INVALID_ARGUMENT` when the image is all zeros.
 */
export function logarithmFilter(vol: Volume, wholeImageMaxAbs?: number): Volume<Float64Array> {
  const m = wholeImageMaxAbs ?? maxAbsIntensity(vol);
  requireNonZero(vol, m, "Logarithm");
  const d = vol.data;
  const out = new Float64Array(d.length);
  let gMax = 0;
  for (let i = 0; i < d.length; i++) {
    const x = d[i]!;
    const g = x > 0 ? Math.log(x + 1) : x < 0 ? -Math.log(-(x - 1)) : x;
    out[i] = g;
    const a = Math.abs(g);
    if (a > gMax) gMax = a;
  }
  // max|g| = ln(1 + M): the same arithmetic as for the voxel where |x| = M, which a crop may not contain.
  const scale = m / (wholeImageMaxAbs !== undefined ? Math.log(m + 1) : gMax);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale;
  return derivedVolume(vol, out, "logarithm", { filter: "Logarithm" });
}

/**
 * `exponential` image: f(x) = exp(c·x) with c = ln(max|x|) / max|x|.
 * @throws RadiogxError `INVALID_ARGUMENT` when the image is all zeros.
 */
export function exponentialFilter(vol: Volume, m = maxAbsIntensity(vol)): Volume<Float64Array> {
  requireNonZero(vol, m, "Exponential");
  const coeff = Math.log(m) / m;
  const d = vol.data;
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = Math.exp(coeff * d[i]!);
  return derivedVolume(vol, out, "exponential", { filter: "Exponential" });
}
