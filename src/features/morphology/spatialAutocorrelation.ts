/**
 * Moran's I index and Geary's C measure over the voxels of an ROI with inverse-distance weights
 * (IBSI reference manual §3.1.28 "Moran's I index" N365 and §3.1.29 "Geary's C measure" NPT7).
 *
 * For the N voxels k of the intensity mask with intensities X_k, mean μ and centred values a_k = X_k − μ,
 * and weights w_kl = 1 / ‖r_k − r_l‖ (r in mm) for k ≠ l:
 *
 *   I = N / S₀ · Σ_{k≠l} w_kl a_k a_l / Σ_k a_k²
 *   C = (N − 1) / (2 S₀) · Σ_{k≠l} w_kl (a_k − a_l)² / Σ_k a_k²,      S₀ = Σ_{k≠l} w_kl.
 *
 * Both are computed exactly, without the O(N²) double sum. On the ROI's bounding box let m be the mask
 * (1 inside, 0 outside), a the centred intensities (0 outside) and b = a². With the kernel K(r) = 1/‖r‖,
 * K(0) = 0, every double sum is a correlation of two masked images through K:
 *
 *   S₀ = Σ m·(K∗m),   Σ_{k≠l} w a_k a_l = Σ a·(K∗a),   Σ_{k≠l} w (a_k − a_l)² = 2 Σ b·(K∗m) − 2 Σ a·(K∗a),
 *
 * and by Parseval Σ x·(K∗y) = (1/L) Σ_ν conj(X̂_ν) K̂_ν Ŷ_ν on a grid zero-padded to at least twice the box
 * (so the circular convolution equals the linear one). Two complex FFTs suffice: one of m + i·a, one of
 * K + i·b; each pair of real transforms is separated with X̂_ν = (Z_ν + conj Z_−ν)/2, Ŷ_ν = (Z_ν − conj Z_−ν)/2i.
 * The cost is O(L log L) with L ≈ 8 × the bounding-box volume, instead of O(N²).
 */
import type { Vec3 } from "../../io/volume";
import { maskBoundingBox } from "./mesh";
import { fft3d, fftSize } from "./fft";

/** Moran's I and Geary's C, or NaN with the reason when they are not defined. */
export interface SpatialAutocorrelation {
  moranI: number;
  gearyC: number;
  /** Why the values are NaN (fewer than two voxels, or all intensities equal). */
  note?: string;
}

/** Input voxels on a block: intensities, the mask of voxels that take part, and the voxel spacing (mm). */
export interface MaskedIntensities {
  size: Vec3;
  spacing: Vec3;
  intensities: ArrayLike<number>;
  mask: Uint8Array;
}

interface Moments {
  n: number;
  mean: number;
  /** Σ (X − μ)² */
  ss: number;
}

function moments(roi: MaskedIntensities): Moments {
  const { intensities: x, mask } = roi;
  let n = 0, sum = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) { n++; sum += x[i]!; }
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) ss += (x[i]! - mean) ** 2;
  return { n, mean, ss };
}

function undefinedCase(m: Moments): SpatialAutocorrelation | null {
  if (m.n < 2) return { moranI: NaN, gearyC: NaN, note: `needs at least two voxels in the intensity mask, found ${m.n}` };
  if (!(m.ss > 0)) return { moranI: NaN, gearyC: NaN, note: "all intensities in the intensity mask are equal (zero variance)" };
  return null;
}

function finish(m: Moments, s0: number, saa: number, sdiff: number): SpatialAutocorrelation {
  return {
    moranI: (m.n / s0) * (saa / m.ss),
    gearyC: ((m.n - 1) / (2 * s0)) * (sdiff / m.ss),
  };
}

/** Settings of {@link spatialAutocorrelation}. */
export interface SpatialAutocorrelationOptions {
  /**
   * Largest padded FFT grid (points) to allocate; the grid is about 8 × the bounding box of the mask and
   * needs 32 bytes per point. Above it the values are NaN with a note (resample the image coarser).
   * Default 2^25 ≈ 33.5 million points (1 GiB), e.g. a 256 × 256 × 64-voxel bounding box.
   */
  maxGridPoints?: number;
}

/** Moran's I and Geary's C by FFT (exact; O(L log L), see the module comment). */
export function spatialAutocorrelation(roi: MaskedIntensities, options: SpatialAutocorrelationOptions = {}): SpatialAutocorrelation {
  const m = moments(roi);
  const bad = undefinedCase(m);
  if (bad) return bad;
  const bb = maskBoundingBox(roi.mask, roi.size)!;
  const box: Vec3 = [bb.hi[0] - bb.lo[0] + 1, bb.hi[1] - bb.lo[1] + 1, bb.hi[2] - bb.lo[2] + 1];
  const L: Vec3 = [fftSize(2 * box[0] - 1), fftSize(2 * box[1] - 1), fftSize(2 * box[2] - 1)];
  const total = L[0] * L[1] * L[2];
  const limit = options.maxGridPoints ?? 2 ** 25;
  if (total > limit) {
    return {
      moranI: NaN,
      gearyC: NaN,
      note: `the ROI's bounding box (${box.join("×")} voxels) needs an FFT grid of ${total} points, above the limit of ${limit} (setting maxGridPoints); resample the image coarser`,
    };
  }
  const [nx, ny] = roi.size;
  const { intensities: x, mask } = roi;

  // Z1 = FFT(m + i·a), laid out on the padded grid with the box at the origin.
  const r1 = new Float64Array(total), i1 = new Float64Array(total);
  // Z2 = FFT(K + i·b)
  const r2 = new Float64Array(total), i2 = new Float64Array(total);
  for (let k = 0; k < box[2]; k++) {
    for (let j = 0; j < box[1]; j++) {
      const src = bb.lo[0] + nx * (bb.lo[1] + j + ny * (bb.lo[2] + k));
      const dst = L[0] * (j + L[1] * k);
      for (let i = 0; i < box[0]; i++) {
        if (mask[src + i] === 0) continue;
        const a = x[src + i]! - m.mean;
        r1[dst + i] = 1;
        i1[dst + i] = a;
        i2[dst + i] = a * a;
      }
    }
  }
  // Kernel 1/‖r‖ for offsets up to the box size, wrapped around (negative offsets at the end).
  const [sx, sy, sz] = roi.spacing;
  for (let dk = -(box[2] - 1); dk < box[2]; dk++) {
    const kz = dk < 0 ? dk + L[2] : dk;
    for (let dj = -(box[1] - 1); dj < box[1]; dj++) {
      const ky = dj < 0 ? dj + L[1] : dj;
      const row = L[0] * (ky + L[1] * kz);
      const dyz = (dj * sy) ** 2 + (dk * sz) ** 2;
      for (let di = -(box[0] - 1); di < box[0]; di++) {
        if (di === 0 && dj === 0 && dk === 0) continue;
        r2[row + (di < 0 ? di + L[0] : di)] = 1 / Math.sqrt((di * sx) ** 2 + dyz);
      }
    }
  }
  fft3d(r1, i1, L, box);
  fft3d(r2, i2, L, L);

  // Separate the transforms and accumulate the three Parseval sums.
  let s0 = 0, saa = 0, sbm = 0;
  for (let kz = 0; kz < L[2]; kz++) {
    const mz = kz === 0 ? 0 : L[2] - kz;
    for (let ky = 0; ky < L[1]; ky++) {
      const my = ky === 0 ? 0 : L[1] - ky;
      const row = L[0] * (ky + L[1] * kz), mrow = L[0] * (my + L[1] * mz);
      for (let kx = 0; kx < L[0]; kx++) {
        const p = row + kx, q = mrow + (kx === 0 ? 0 : L[0] - kx);
        const zr = r1[p]!, zi = i1[p]!, cr = r1[q]!, ci = -i1[q]!; // conj(Z1[−ν]) = (cr, ci)
        const Mr = (zr + cr) / 2, Mi = (zi + ci) / 2;
        // Â = (Z − conj Z₋)/(2i) = ((zi − ci) − i(zr − cr))/2
        const Ar = (zi - ci) / 2, Ai = -(zr - cr) / 2;
        const wr = r2[p]!, wi = i2[p]!, vr = r2[q]!, vi = -i2[q]!;
        const K = (wr + vr) / 2; // real: the kernel is real and even
        const Br = (wi - vi) / 2, Bi = -(wr - vr) / 2;
        s0 += K * (Mr * Mr + Mi * Mi);
        saa += K * (Ar * Ar + Ai * Ai);
        sbm += K * (Br * Mr + Bi * Mi); // Re(conj(B̂)·M̂)
      }
    }
  }
  s0 /= total;
  saa /= total;
  sbm /= total;
  return finish(m, s0, saa, 2 * sbm - 2 * saa);
}

/**
 * Moran's I and Geary's C by the direct O(N²) double sum over voxel pairs (the IBSI definition as written).
 * For validation and very small ROIs only.
 */
export function spatialAutocorrelationDirect(roi: MaskedIntensities): SpatialAutocorrelation {
  const m = moments(roi);
  const bad = undefinedCase(m);
  if (bad) return bad;
  const [nx, ny] = roi.size;
  const [sx, sy, sz] = roi.spacing;
  const px = new Float64Array(m.n), py = new Float64Array(m.n), pz = new Float64Array(m.n), a = new Float64Array(m.n);
  let w = 0;
  for (let idx = 0; idx < roi.mask.length; idx++) {
    if (roi.mask[idx] === 0) continue;
    const i = idx % nx, j = Math.floor(idx / nx) % ny, k = Math.floor(idx / (nx * ny));
    px[w] = i * sx;
    py[w] = j * sy;
    pz[w] = k * sz;
    a[w++] = roi.intensities[idx]! - m.mean;
  }
  let s0 = 0, saa = 0, sdiff = 0;
  for (let p = 0; p < m.n; p++) {
    for (let q = p + 1; q < m.n; q++) {
      const wpq = 1 / Math.sqrt((px[p]! - px[q]!) ** 2 + (py[p]! - py[q]!) ** 2 + (pz[p]! - pz[q]!) ** 2);
      s0 += 2 * wpq;
      saa += 2 * wpq * a[p]! * a[q]!;
      sdiff += 2 * wpq * (a[p]! - a[q]!) ** 2;
    }
  }
  return finish(m, s0, saa, sdiff);
}
