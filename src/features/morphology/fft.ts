/**
 * Mixed-radix fast Fourier transform (Cooley–Tukey, decimation in time) for lengths whose only prime factors
 * are 2, 3 and 5, and its 3D extension along the axes of a block (first axis fastest).
 *
 * Forward transform: X[k] = Σ_t x[t] · exp(−2πi·k·t / n). The input is read in mixed-radix digit-reversed
 * order, then each stage with radix p combines p sub-transforms of length L into one of length pL:
 * X[j + rL] = Σ_q ω_{pL}^{q(j + rL)} Y_q[j], i.e. a twiddle ω_{pL}^{qj} followed by a p-point DFT.
 */
import { RadiogxError } from "../../errors";

/** The smallest length ≥ n whose only prime factors are 2, 3 and 5. */
export function fftSize(n: number): number {
  let m = Math.max(1, Math.ceil(n));
  for (;; m++) {
    let r = m;
    for (const p of [2, 3, 5]) while (r % p === 0) r /= p;
    if (r === 1) return m;
  }
}

/** A precomputed plan for complex transforms of one length. */
export class FftPlan {
  readonly n: number;
  private readonly radices: number[];
  private readonly perm: Int32Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private re: Float64Array;
  private im: Float64Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1 || fftSize(n) !== n) {
      throw new RadiogxError("INVALID_ARGUMENT", `FFT length must be a positive integer with prime factors 2, 3, 5 only; got ${n}`);
    }
    this.n = n;
    const radices: number[] = [];
    let r = n;
    while (r % 4 === 0) { radices.push(4); r /= 4; }
    while (r % 2 === 0) { radices.push(2); r /= 2; }
    while (r % 3 === 0) { radices.push(3); r /= 3; }
    while (r % 5 === 0) { radices.push(5); r /= 5; }
    this.radices = radices;
    // Digit reversal: with M_t = r_1 … r_t, perm_{M_t}(q·M_{t−1} + s) = q + r_t · perm_{M_{t−1}}(s).
    let perm = new Int32Array([0]);
    for (const p of radices) {
      const m = perm.length;
      const next = new Int32Array(m * p);
      for (let q = 0; q < p; q++) for (let s = 0; s < m; s++) next[q * m + s] = q + p * perm[s]!;
      perm = next;
    }
    this.perm = perm;
    this.cos = new Float64Array(n);
    this.sin = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / n);
    }
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
  }

  /**
   * Forward transform in place of `batch` sequences of n values: sequence b has its values at
   * `offset + b·batchStride + t·stride` (t = 0 … n−1) in `re` and `im`. The batch is gathered into a
   * scratch buffer with the sequences interleaved, so every butterfly runs over `batch` adjacent values
   * (cache-friendly for strided transforms). For the inverse, conjugate the input and the output and
   * divide by n.
   */
  transform(re: Float64Array, im: Float64Array, offset = 0, stride = 1, batch = 1, batchStride = 1): void {
    const n = this.n, perm = this.perm, C = this.cos, S = this.sin, B = batch;
    if (this.re.length < n * B) {
      this.re = new Float64Array(n * B);
      this.im = new Float64Array(n * B);
    }
    const xr = this.re, xi = this.im;
    const bs = batchStride;
    for (let t = 0; t < n; t++) {
      const src = offset + perm[t]! * stride, dst = t * B;
      for (let b = 0; b < B; b++) {
        xr[dst + b] = re[src + b * bs]!;
        xi[dst + b] = im[src + b * bs]!;
      }
    }
    let L = 1;
    for (const p of this.radices) {
      const Lp = L * p, step = n / Lp;
      if (p === 4) {
        for (let j = 0; j < L; j++) {
          const w1 = j * step, w2 = 2 * w1, w3 = 3 * w1;
          const c1 = C[w1]!, s1 = S[w1]!, c2 = C[w2]!, s2 = S[w2]!, c3 = C[w3]!, s3 = S[w3]!;
          for (let blk = j; blk < n; blk += Lp) {
            const o0 = blk * B, o1 = o0 + L * B, o2 = o1 + L * B, o3 = o2 + L * B;
            for (let b = 0; b < B; b++) {
              const i0 = o0 + b, i1 = o1 + b, i2 = o2 + b, i3 = o3 + b;
              const a0r = xr[i0]!, a0i = xi[i0]!;
              const a1r = xr[i1]! * c1 - xi[i1]! * s1, a1i = xr[i1]! * s1 + xi[i1]! * c1;
              const a2r = xr[i2]! * c2 - xi[i2]! * s2, a2i = xr[i2]! * s2 + xi[i2]! * c2;
              const a3r = xr[i3]! * c3 - xi[i3]! * s3, a3i = xr[i3]! * s3 + xi[i3]! * c3;
              const t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
              const t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
              xr[i0] = t0r + t2r; xi[i0] = t0i + t2i;
              xr[i2] = t0r - t2r; xi[i2] = t0i - t2i;
              // y1 = t1 − i·t3, y3 = t1 + i·t3
              xr[i1] = t1r + t3i; xi[i1] = t1i - t3r;
              xr[i3] = t1r - t3i; xi[i3] = t1i + t3r;
            }
          }
        }
      } else if (p === 2) {
        for (let j = 0; j < L; j++) {
          const c1 = C[j * step]!, s1 = S[j * step]!;
          for (let blk = j; blk < n; blk += Lp) {
            const o0 = blk * B, o1 = o0 + L * B;
            for (let b = 0; b < B; b++) {
              const i0 = o0 + b, i1 = o1 + b;
              const ar = xr[i1]! * c1 - xi[i1]! * s1, ai = xr[i1]! * s1 + xi[i1]! * c1;
              const br = xr[i0]!, bi = xi[i0]!;
              xr[i0] = br + ar; xi[i0] = bi + ai;
              xr[i1] = br - ar; xi[i1] = bi - ai;
            }
          }
        }
      } else if (p === 3) {
        const h = Math.sqrt(3) / 2;
        for (let j = 0; j < L; j++) {
          const w1 = j * step, w2 = 2 * w1;
          const c1 = C[w1]!, s1 = S[w1]!, c2 = C[w2]!, s2 = S[w2]!;
          for (let blk = j; blk < n; blk += Lp) {
            const o0 = blk * B, o1 = o0 + L * B, o2 = o1 + L * B;
            for (let b = 0; b < B; b++) {
              const i0 = o0 + b, i1 = o1 + b, i2 = o2 + b;
              const a1r = xr[i1]! * c1 - xi[i1]! * s1, a1i = xr[i1]! * s1 + xi[i1]! * c1;
              const a2r = xr[i2]! * c2 - xi[i2]! * s2, a2i = xr[i2]! * s2 + xi[i2]! * c2;
              const tr = a1r + a2r, ti = a1i + a2i, dr = a1r - a2r, di = a1i - a2i;
              const mr = xr[i0]! - tr / 2, mi = xi[i0]! - ti / 2;
              xr[i0] = xr[i0]! + tr; xi[i0] = xi[i0]! + ti;
              // y1 = m − i·h·d, y2 = m + i·h·d
              xr[i1] = mr + h * di; xi[i1] = mi - h * dr;
              xr[i2] = mr - h * di; xi[i2] = mi + h * dr;
            }
          }
        }
      } else {
        // Radix 5: twiddles, then the 5-point DFT y_k = Σ_q ω₅^{qk} a_q written with its symmetric pairs.
        const ca = Math.cos((2 * Math.PI) / 5), cb = Math.cos((4 * Math.PI) / 5);
        const sa = Math.sin((2 * Math.PI) / 5), sb = Math.sin((4 * Math.PI) / 5);
        for (let j = 0; j < L; j++) {
          const w1 = j * step, w2 = 2 * w1, w3 = 3 * w1, w4 = 4 * w1;
          const c1 = C[w1]!, s1 = S[w1]!, c2 = C[w2]!, s2 = S[w2]!, c3 = C[w3]!, s3 = S[w3]!, c4 = C[w4]!, s4 = S[w4]!;
          for (let blk = j; blk < n; blk += Lp) {
            const o0 = blk * B, o1 = o0 + L * B, o2 = o1 + L * B, o3 = o2 + L * B, o4 = o3 + L * B;
            for (let b = 0; b < B; b++) {
              const i0 = o0 + b, i1 = o1 + b, i2 = o2 + b, i3 = o3 + b, i4 = o4 + b;
              const a0r = xr[i0]!, a0i = xi[i0]!;
              const a1r = xr[i1]! * c1 - xi[i1]! * s1, a1i = xr[i1]! * s1 + xi[i1]! * c1;
              const a2r = xr[i2]! * c2 - xi[i2]! * s2, a2i = xr[i2]! * s2 + xi[i2]! * c2;
              const a3r = xr[i3]! * c3 - xi[i3]! * s3, a3i = xr[i3]! * s3 + xi[i3]! * c3;
              const a4r = xr[i4]! * c4 - xi[i4]! * s4, a4i = xr[i4]! * s4 + xi[i4]! * c4;
              const p1r = a1r + a4r, p1i = a1i + a4i, m1r = a1r - a4r, m1i = a1i - a4i;
              const p2r = a2r + a3r, p2i = a2i + a3i, m2r = a2r - a3r, m2i = a2i - a3i;
              const q1r = a0r + ca * p1r + cb * p2r, q1i = a0i + ca * p1i + cb * p2i;
              const q2r = a0r + cb * p1r + ca * p2r, q2i = a0i + cb * p1i + ca * p2i;
              // −i·(sa·m1 + sb·m2) and −i·(sb·m1 − sa·m2)
              const r1r = sa * m1i + sb * m2i, r1i = -(sa * m1r + sb * m2r);
              const r2r = sb * m1i - sa * m2i, r2i = -(sb * m1r - sa * m2r);
              xr[i0] = a0r + p1r + p2r; xi[i0] = a0i + p1i + p2i;
              xr[i1] = q1r + r1r; xi[i1] = q1i + r1i;
              xr[i4] = q1r - r1r; xi[i4] = q1i - r1i;
              xr[i2] = q2r + r2r; xi[i2] = q2i + r2i;
              xr[i3] = q2r - r2r; xi[i3] = q2i - r2i;
            }
          }
        }
      }
      L = Lp;
    }
    for (let t = 0; t < n; t++) {
      const dst = offset + t * stride, src = t * B;
      for (let b = 0; b < B; b++) {
        re[dst + b * bs] = xr[src + b]!;
        im[dst + b * bs] = xi[src + b]!;
      }
    }
  }
}

/**
 * Forward 3D FFT in place of a block of `size` (first axis fastest; each extent a valid FFT length).
 * `support` (default: the whole block) bounds the region where the input may be non-zero; lines that are
 * entirely zero are not transformed (their transform is zero).
 */
export function fft3d(re: Float64Array, im: Float64Array, size: readonly [number, number, number], support?: readonly [number, number, number]): void {
  const [nx, ny, nz] = size;
  const ey = support?.[1] ?? ny, ez = support?.[2] ?? nz;
  const px = new FftPlan(nx), py = ny === nx ? px : new FftPlan(ny);
  const pz = nz === nx ? px : nz === ny ? py : new FftPlan(nz);
  // First axis: per slice, the ey lines (that may be non-zero) as one batch.
  for (let k = 0; k < ez; k++) px.transform(re, im, nx * ny * k, 1, ey, nx);
  // Second axis: per slice, the nx columns as one batch.
  for (let k = 0; k < ez; k++) py.transform(re, im, nx * ny * k, nx, nx);
  // Third axis: per row j, the nx columns as one batch.
  for (let j = 0; j < ny; j++) pz.transform(re, im, nx * j, nx * ny, nx);
}
