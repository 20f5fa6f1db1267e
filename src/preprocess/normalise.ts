/**
 * Whole-image intensity normalisation, PyRadiomics' `normalize` setting (`imageoperations.normalizeImage`):
 *
 *   f(x) = s · clip((x − μ) / σ, −n, n)
 *
 * with μ and σ the mean and sample standard deviation (n − 1) of every voxel of the image (not only the ROI),
 * s = `normalizeScale` (default 1) and n = `removeOutliers` (no clipping when absent). The result is a
 * float64 image, as SimpleITK's `Normalize` returns, so a later resampling does not round it back to the
 * source's integer type. PyRadiomics normalises before resampling; so does the extractor.
 *
 * Reference: PyRadiomics `radiomics/imageoperations.py` (normalizeImage); ITK `NormalizeImageFilter`.
 */
import { RadiogxError } from "../errors";
import type { Volume } from "../io/volume";

export interface NormaliseOptions {
  /** s, the scale applied after standardising. Default 1. */
  scale?: number;
  /** n: clip standardised values to [−n, n] before scaling. Default: no clipping. */
  outliers?: number | null;
}

/**
 * Standardises a whole image: (x − mean) / SD, clipped at ±`outliers`, times `scale`.
 * @throws RadiogxError `INVALID_ARGUMENT` when the image is constant (σ = 0) or has non-finite voxels.
 * @example normaliseImage(vol, { scale: 100 }) // voxels 1, 2, 3 → −100, 0, 100
 */
export function normaliseImage(vol: Volume, options: NormaliseOptions = {}): Volume<Float64Array> {
  const d = vol.data;
  const n = d.length;
  const file = typeof vol.metadata.file === "string" ? vol.metadata.file : undefined;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += d[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = d[i]! - mean;
    ss += r * r;
  }
  const sd = Math.sqrt(ss / (n - 1));
  if (!Number.isFinite(mean) || !Number.isFinite(sd)) {
    throw new RadiogxError("INVALID_ARGUMENT", "cannot normalise the image: it has NaN or infinite voxels", { file, key: "normalize" });
  }
  if (!(sd > 0)) {
    throw new RadiogxError("INVALID_ARGUMENT", `cannot normalise the image: every voxel is ${mean} (standard deviation 0)`, {
      file, key: "normalize", hint: "check the image, or set normalize: false",
    });
  }
  const inv = 1 / sd;
  const scale = options.scale ?? 1;
  const lim = options.outliers ?? Infinity;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = (d[i]! - mean) * inv;
    if (z > lim) z = lim;
    else if (z < -lim) z = -lim;
    out[i] = z * scale;
  }
  return {
    size: [...vol.size],
    spacing: [...vol.spacing],
    origin: [...vol.origin],
    direction: [...vol.direction],
    data: out,
    metadata: { ...vol.metadata, normalised: { mean, sd, scale, outliers: options.outliers ?? null } },
  };
}
