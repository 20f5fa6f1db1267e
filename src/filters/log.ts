/**
 * Laplacian of Gaussian (PyRadiomics image type `LoG`).
 *
 *   LoG_σ(I) = σ² · (∂²/∂x² + ∂²/∂y² + ∂²/∂z²)(G_σ * I)        (σ and x, y, z in mm)
 *
 * computed as SimpleITK's `LaplacianRecursiveGaussianImageFilter` with `NormalizeAcrossScale` on, which is what
 * PyRadiomics' `getLoGImage` calls: for each axis d, the second derivative of the recursive Gaussian along d
 * followed by recursive Gaussian smoothing along the two other axes (in increasing axis order), divided by Δd²
 * and summed. Like ITK, the intermediate images are single precision (`float`) and each line is filtered in
 * double precision, so the result is a Float32 volume that agrees with SimpleITK's to float rounding.
 * See `recursiveGaussian.ts` for the filter and its boundary handling.
 *
 * References: PyRadiomics `radiomics/imageoperations.py` (getLoGImage); ITK
 * `itkLaplacianRecursiveGaussianImageFilter.hxx`; T. Lindeberg, "Feature detection with automatic scale
 * selection", IJCV 30 (1998) for the σ² scale normalisation.
 */
import { RadiogxError } from "../errors";
import type { Volume } from "../io/volume";
import { mapLines } from "./lines";
import { recursiveGaussianCoefficients, recursiveLineKernel } from "./recursiveGaussian";
import { derivedVolume, pythonFloatName } from "./naming";

/**
 * Why PyRadiomics would not compute a LoG image for this sigma, or null when it would:
 * the image must have at least 4 voxels along every axis and at least ⌈σ/Δ⌉ + 1 along each axis d.
 */
export function logSigmaProblem(vol: Pick<Volume, "size" | "spacing">, sigmaMm: number): string | null {
  if (!(sigmaMm > 0) || !Number.isFinite(sigmaMm)) return `sigma must be a number of mm greater than 0, got ${sigmaMm}`;
  const minSize = Math.min(...vol.size);
  if (minSize < 4) {
    return `image too small for the LoG filter (size ${vol.size.join("×")}; at least 4 voxels along each axis are needed)`;
  }
  for (let d = 0; d < 3; d++) {
    const need = Math.ceil(sigmaMm / vol.spacing[d]!) + 1;
    if (vol.size[d]! < need) {
      return `sigma ${sigmaMm} mm is too large for the image: axis ${d} has ${vol.size[d]} voxels of ${vol.spacing[d]} mm, ` +
        `${need} (⌈σ/spacing⌉ + 1) are needed`;
    }
  }
  return null;
}

/**
 * The PyRadiomics image type name of a LoG image: Python's str() of the sigma with "." → "-", so
 * `log-sigma-2-0-mm-3D` for σ = 2.0 mm, and `log-sigma-2-mm-3D` when the parameter file wrote the integer 2
 * (`integerLiteral`).
 */
export function logImageTypeName(sigmaMm: number, options: { integerLiteral?: boolean } = {}): string {
  const literal = options.integerLiteral === true && Number.isInteger(sigmaMm);
  return `log-sigma-${literal ? String(sigmaMm) : pythonFloatName(sigmaMm)}-mm-3D`;
}

/**
 * The scale-normalised Laplacian of Gaussian of `vol` for a Gaussian of standard deviation `sigmaMm` (mm).
 *
 * @throws RadiogxError `INVALID_ARGUMENT` when sigma is not positive or too large for the image (see
 *   {@link logSigmaProblem}); PyRadiomics skips such a sigma with a warning.
 * @example logFilter(ct, 2).metadata.imageType // "log-sigma-2-0-mm-3D"
 */
export function logFilter(vol: Volume, sigmaMm: number): Volume<Float32Array> {
  const problem = logSigmaProblem(vol, sigmaMm);
  if (problem) throw new RadiogxError("INVALID_ARGUMENT", `LoG filter: ${problem}`, { key: "sigma" });
  const n = vol.data.length;
  const cumulative = new Float32Array(n);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const second = [0, 1, 2].map((d) => recursiveLineKernel(recursiveGaussianCoefficients(sigmaMm, vol.spacing[d]!, 2, true)));
  const smooth = [0, 1, 2].map((d) => recursiveLineKernel(recursiveGaussianCoefficients(sigmaMm, vol.spacing[d]!, 0, true)));
  for (let d = 0; d < 3; d++) {
    const others = ([0, 1, 2] as const).filter((o) => o !== d);
    mapLines(vol.data, [a], vol.size, d as 0 | 1 | 2, second[d]!);
    mapLines(a, [b], vol.size, others[0]!, smooth[others[0]!]!);
    mapLines(b, [a], vol.size, others[1]!, smooth[others[1]!]!);
    const spacing2 = vol.spacing[d]! * vol.spacing[d]!;
    const inv = 1.0 / spacing2;
    for (let i = 0; i < n; i++) cumulative[i] = cumulative[i]! + a[i]! * inv;
  }
  return derivedVolume(vol, cumulative, logImageTypeName(sigmaMm), { filter: "LoG", sigma: sigmaMm });
}
