/**
 * Gradient magnitude, PyRadiomics image type `Gradient` (SimpleITK `GradientMagnitudeImageFilter`).
 *
 *   |∇I|(v) = √( Σ_d ((I(v + e_d) − I(v − e_d)) / (2 Δ_d))² )
 *
 * with central differences along each axis d, Δ_d the spacing when `gradientUseSpacing` is on (default) and 1
 * otherwise, and the image extended by its edge voxels at the border (ITK's zero-flux Neumann condition), so an
 * axis of one voxel contributes 0. Computed in double precision and stored as single precision, like ITK's
 * float output.
 *
 * References: PyRadiomics `radiomics/imageoperations.py` (getGradientImage); ITK
 * `itkGradientMagnitudeImageFilter.hxx` (DerivativeOperator of order 1 scaled by 1/Δ, inner product over a
 * radius-1 neighbourhood).
 */
import type { Volume } from "../io/volume";
import { derivedVolume } from "./naming";

/** Options of {@link gradientFilter}. */
export interface GradientOptions {
  /** Divide the differences by the voxel spacing (mm). Default true (PyRadiomics `gradientUseSpacing`). */
  useSpacing?: boolean;
}

/**
 * The gradient magnitude image of `vol`, named `gradient`.
 * @example gradientFilter(vol, { useSpacing: false })
 */
export function gradientFilter(vol: Volume, options: GradientOptions = {}): Volume<Float32Array> {
  const useSpacing = options.useSpacing ?? true;
  const [nx, ny, nz] = vol.size;
  const d = vol.data;
  // ITK scales the operator coefficients (½, 0, −½) by 1/Δ
  const cx = useSpacing ? 0.5 * (1.0 / vol.spacing[0]) : 0.5;
  const cy = useSpacing ? 0.5 * (1.0 / vol.spacing[1]) : 0.5;
  const cz = useSpacing ? 0.5 * (1.0 / vol.spacing[2]) : 0.5;
  const out = new Float32Array(d.length);
  const sy = nx, sz = nx * ny;
  for (let k = 0; k < nz; k++) {
    const km = k > 0 ? -sz : 0, kp = k < nz - 1 ? sz : 0;
    for (let j = 0; j < ny; j++) {
      const jm = j > 0 ? -sy : 0, jp = j < ny - 1 ? sy : 0;
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        const p = row + i;
        const im = i > 0 ? -1 : 0, ip = i < nx - 1 ? 1 : 0;
        const gx = cx * d[p + ip]! - cx * d[p + im]!;
        const gy = cy * d[p + jp]! - cy * d[p + jm]!;
        const gz = cz * d[p + kp]! - cz * d[p + km]!;
        out[p] = Math.sqrt(gx * gx + gy * gy + gz * gz);
      }
    }
  }
  return derivedVolume(vol, out, "gradient", { filter: "Gradient", useSpacing });
}
