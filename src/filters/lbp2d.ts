/**
 * Two-dimensional local binary patterns, PyRadiomics image type `LBP2D` (slice by slice, with scikit-image's
 * `local_binary_pattern`).
 *
 * For every pixel c of a slice, P neighbours are sampled on a circle of radius R at angles 2πp/P, at
 * (row, col) = (r − R·sin(2πp/P), c + R·cos(2πp/P)) with the offsets rounded to 5 decimals, by bilinear
 * interpolation with 0 outside the slice. Each neighbour gives a bit s_p = [g_p ≥ g_c], and the pattern code is
 *
 * - `default`: Σ s_p 2^p;  `ror`: the smallest code over the P circular rotations of the bits;
 * - `uniform`: Σ s_p when the bit string s_0…s_{P−1} has at most 2 changes, else P + 1 (scikit-image counts the
 *   changes between consecutive bits, without the wrap-around pair s_{P−1}, s_0);
 * - `nri_uniform`: 0 for all zeros, P(P−1)+1 for all ones, 1 + (n₁−1)·P + rotation for other uniform
 *   patterns, P(P−1)+2 for non-uniform ones;
 * - `var`: the biased variance of the P samples, (Σg² − (Σg)²/P)/P, NaN when it is 0 (scikit-image ≥ 0.19).
 *
 * Slices are taken across `force2Ddimension` (a numpy axis of PyRadiomics' z, y, x array: 0 → slices k with
 * rows y and columns x; 1 → slices j with rows z, columns x; 2 → slices i with rows y, columns z, as
 * PyRadiomics' `swapaxes` gives). PyRadiomics stores the codes back into the image's own numpy array, so for an
 * integer image they are converted to that type — truncated towards zero and wrapped around its range, which
 * only changes `var` values (done here too, except that a NaN variance stays NaN where numpy stores an
 * arbitrary integer: 0 or −32768 for int16, depending on its cast loop).
 *
 * References: PyRadiomics `radiomics/imageoperations.py` (getLBP2DImage); scikit-image
 * `skimage/feature/_texture.pyx` (_local_binary_pattern); T. Ojala, M. Pietikäinen, T. Mäenpää, "Multiresolution
 * gray-scale and rotation invariant texture classification with local binary patterns", IEEE TPAMI 24 (2002).
 */
import { RadiogxError } from "../errors";
import type { Volume } from "../io/volume";
import { derivedVolume, hasIntegerData } from "./naming";

export const LBP2D_METHODS = ["default", "ror", "uniform", "nri_uniform", "var"] as const;
export type Lbp2DMethod = (typeof LBP2D_METHODS)[number];

/** Options of {@link lbp2DFilter}; names and defaults are PyRadiomics' settings. */
export interface Lbp2DOptions {
  /** Radius R of the sampling circle, in pixels. Default 1 (`lbp2DRadius`). */
  radius?: number;
  /** Number of samples P on the circle. Default 8 (`lbp2DSamples`). */
  samples?: number;
  /** Pattern code. Default "uniform" (`lbp2DMethod`). */
  method?: Lbp2DMethod;
  /** The numpy axis the slices are taken across: 0 = z (default), 1 = y, 2 = x (`force2Ddimension`). */
  force2Ddimension?: number;
}

/** numpy.round(x, 5): scale, round half to even, unscale. */
function round5(x: number): number {
  const y = x * 1e5;
  let r = Math.round(y);
  if (Math.abs(y - Math.trunc(y)) === 0.5) r = 2 * Math.round(y / 2);
  return r / 1e5;
}

/**
 * The 2D local binary pattern image of `vol`, named `lbp-2D`.
 * @throws RadiogxError `INVALID_SETTING` for an unknown method, fewer than 1 sample, a non-positive radius or a
 *   bad force2Ddimension.
 */
export function lbp2DFilter(vol: Volume, options: Lbp2DOptions = {}): Volume<Float64Array> {
  const R = Math.fround(options.radius ?? 1); // scikit-image takes R as a C float
  const P = options.samples ?? 8;
  const method = options.method ?? "uniform";
  const axisNp = options.force2Ddimension ?? 0;
  if (!(LBP2D_METHODS as readonly string[]).includes(method)) {
    throw new RadiogxError("INVALID_SETTING", `unknown lbp2DMethod "${method}"`, { key: "lbp2DMethod", hint: `use one of ${LBP2D_METHODS.join(", ")}` });
  }
  if (!Number.isInteger(P) || P < 1 || P > 31) {
    throw new RadiogxError("INVALID_SETTING", `lbp2DSamples must be a whole number from 1 to 31, got ${P}`, { key: "lbp2DSamples" });
  }
  if (!(R > 0)) throw new RadiogxError("INVALID_SETTING", `lbp2DRadius must be greater than 0, got ${options.radius}`, { key: "lbp2DRadius" });
  if (![0, 1, 2].includes(axisNp)) {
    throw new RadiogxError("INVALID_SETTING", `force2Ddimension must be 0, 1 or 2, got ${axisNp}`, { key: "force2Ddimension" });
  }
  const [nx, ny, nz] = vol.size;
  const src = vol.data;
  const out = new Float64Array(src.length);
  // PyRadiomics writes the codes back into the image's own numpy array: integer images truncate (and wrap)
  const cast = hasIntegerData(vol) ? new (src.constructor as new (n: number) => ArrayLike<number> & { [i: number]: number })(1) : null;
  // slice geometry in our (i, j, k) indexing: rows/cols axes and their strides, slice axis
  let nSlices: number, rows: number, cols: number, sliceStride: number, rowStride: number, colStride: number;
  if (axisNp === 0) { nSlices = nz; rows = ny; cols = nx; sliceStride = nx * ny; rowStride = nx; colStride = 1; }
  else if (axisNp === 1) { nSlices = ny; rows = nz; cols = nx; sliceStride = nx; rowStride = nx * ny; colStride = 1; }
  else { nSlices = nx; rows = ny; cols = nz; sliceStride = 1; rowStride = nx; colStride = nx * ny; }

  const rp = new Float64Array(P);
  const cp = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    rp[p] = round5(-R * Math.sin((2 * Math.PI * p) / P));
    cp[p] = round5(R * Math.cos((2 * Math.PI * p) / P));
  }
  const img = new Float64Array(rows * cols); // the slice as float64, row-major like scikit-image's input
  const texture = new Float64Array(P);
  const bits = new Uint8Array(P);
  const code: Record<Lbp2DMethod, number> = { default: 0, ror: 1, uniform: 2, nri_uniform: 3, var: 4 };
  const m = code[method];

  for (let s = 0; s < nSlices; s++) {
    const sBase = s * sliceStride;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) img[r * cols + c] = src[sBase + r * rowStride + c * colStride]!;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const center = img[r * cols + c]!;
        for (let p = 0; p < P; p++) {
          // bilinear interpolation, constant 0 outside
          const rr = r + rp[p]!, cc = c + cp[p]!;
          const minr = Math.floor(rr), minc = Math.floor(cc), maxr = Math.ceil(rr), maxc = Math.ceil(cc);
          const dr = rr - minr, dc = cc - minc;
          const tl = minr >= 0 && minr < rows && minc >= 0 && minc < cols ? img[minr * cols + minc]! : 0;
          const tr = minr >= 0 && minr < rows && maxc >= 0 && maxc < cols ? img[minr * cols + maxc]! : 0;
          const bl = maxr >= 0 && maxr < rows && minc >= 0 && minc < cols ? img[maxr * cols + minc]! : 0;
          const br = maxr >= 0 && maxr < rows && maxc >= 0 && maxc < cols ? img[maxr * cols + maxc]! : 0;
          const top = (1 - dc) * tl + dc * tr;
          const bottom = (1 - dc) * bl + dc * br;
          const v = (1 - dr) * top + dr * bottom;
          texture[p] = v;
          bits[p] = v - center >= 0 ? 1 : 0;
        }
        let lbp = 0;
        if (m >= 2) {
          let changes = 0;
          for (let p = 0; p < P - 1; p++) changes += Math.abs(bits[p]! - bits[p + 1]!);
          if (m === 3) {
            if (changes <= 2) {
              let nOnes = 0, firstOne = -1, firstZero = -1;
              for (let p = 0; p < P; p++) {
                if (bits[p]) { nOnes++; if (firstOne === -1) firstOne = p; }
                else if (firstZero === -1) firstZero = p;
              }
              if (nOnes === 0) lbp = 0;
              else if (nOnes === P) lbp = P * (P - 1) + 1;
              else {
                const rot = firstOne === 0 ? nOnes - firstZero : P - firstOne;
                lbp = 1 + (nOnes - 1) * P + rot;
              }
            } else {
              lbp = P * (P - 1) + 2;
            }
          } else if (m === 4) {
            // biased variance of the samples, one pass: (Σg² − (Σg)²/P) / P
            let sum = 0, sum2 = 0;
            for (let p = 0; p < P; p++) { const g = texture[p]!; sum += g; sum2 += g * g; }
            const v2 = (sum2 - (sum * sum) / P) / P;
            lbp = v2 !== 0 ? v2 : NaN;
          } else {
            if (changes <= 2) { for (let p = 0; p < P; p++) lbp += bits[p]!; }
            else lbp = P + 1;
          }
        } else {
          for (let p = 0; p < P; p++) lbp += bits[p]! * 2 ** p;
          if (m === 1) {
            let v = lbp, best = lbp;
            for (let p = 1; p < P; p++) {
              v = (v >> 1) | ((v & 1) << (P - 1));
              if (v < best) best = v;
            }
            lbp = best;
          }
        }
        if (cast && Number.isFinite(lbp)) {
          cast[0] = lbp; // numpy's float → integer cast: truncation, wrapping around the type's range
          lbp = cast[0]!;
        }
        out[sBase + r * rowStride + c * colStride] = lbp;
      }
    }
  }
  return derivedVolume(vol, out, "lbp-2D", { filter: "LBP2D", method, radius: R, samples: P });
}
