/**
 * Dense symmetric positive-definite solves for Newton steps (p × p, p small), on row-major Float64Arrays.
 * The Cholesky factorisation reports the first column whose pivot fails, which is what a collinearity
 * message needs to name; larger decompositions (SVD, eigen) come from ml-matrix.
 */

/**
 * In-place Cholesky A = L Lᵀ of a p × p symmetric matrix (lower triangle of `a` is read and overwritten
 * with L). Returns −1 on success, else the index of the first column whose pivot is not positive
 * (relative to the diagonal: pivot ≤ `relTol` · A_jj means that column is a linear combination of the
 * previous ones).
 */
export function choleskyInPlace(a: Float64Array, p: number, relTol = 1e-12): number {
  for (let j = 0; j < p; j++) {
    const ajj = a[j * p + j]!;
    let s = ajj;
    for (let k = 0; k < j; k++) s -= a[j * p + k]! * a[j * p + k]!;
    if (!(s > relTol * Math.abs(ajj)) || !Number.isFinite(s)) return j;
    const d = Math.sqrt(s);
    a[j * p + j] = d;
    for (let i = j + 1; i < p; i++) {
      let t = a[i * p + j]!;
      for (let k = 0; k < j; k++) t -= a[i * p + k]! * a[j * p + k]!;
      a[i * p + j] = t / d;
    }
  }
  return -1;
}

/** Solves L Lᵀ x = b in place (b becomes x), L from `choleskyInPlace`. */
export function choleskySolveInPlace(l: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * b[k]!;
    b[i] = s / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * b[k]!;
    b[i] = s / l[i * p + i]!;
  }
}

/** A⁻¹ from its Cholesky factor L (full symmetric p × p result). */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolveInPlace(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = e[i]!;
  }
  return inv;
}

/**
 * Σ_{i<n} a[ai + i] · b[bi + i], with four partial sums (the adds of one running sum wait on each other;
 * four independent chains run ~1.5x faster in V8). Used for Gram and Hessian matrices built from
 * column-major data.
 */
export function dot(a: Float64Array, ai: number, b: Float64Array, bi: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[ai + i]! * b[bi + i]!;
    s1 += a[ai + i + 1]! * b[bi + i + 1]!;
    s2 += a[ai + i + 2]! * b[bi + i + 2]!;
    s3 += a[ai + i + 3]! * b[bi + i + 3]!;
  }
  for (; i < n; i++) s0 += a[ai + i]! * b[bi + i]!;
  return s0 + s1 + (s2 + s3);
}

/** Copies the upper triangle of a symmetric matrix into its lower triangle. */
export function symmetrizeFromUpper(a: Float64Array, p: number): void {
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) a[j * p + i] = a[i * p + j]!;
}

/**
 * The proximal-Newton step for an elastic-net penalised smooth objective f: minimises, by cyclic coordinate
 * descent, the quadratic model
 *   gᵀ(z − θ) + ½ (z − θ)ᵀ H (z − θ) + Σ_j l1_j |z_j| + ½ Σ_j l2_j z_j²
 * over z and writes z − θ into `out`. Coordinate update: z_j = S(c_j, l1_j) / (H_jj + l2_j) with
 * c_j = H_jj θ_j − g_j − Σ_{k≠j} H_jk (z_k − θ_k) and S the soft-threshold (Friedman, Hastie & Tibshirani,
 * J Stat Softw 2010; Lee, Sun & Saunders, SIAM J Optim 2014).
 */
export function proximalNewtonDirection(
  H: Float64Array,
  g: Float64Array,
  theta: Float64Array,
  l1: Float64Array,
  l2: Float64Array,
  q: number,
  out: Float64Array,
  maxSweeps = 1000,
  tol = 1e-12,
): void {
  const z = theta.slice();
  // r_j = g_j + Σ_k H_jk (z_k − θ_k), kept up to date.
  const r = g.slice();
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let maxChange = 0;
    for (let j = 0; j < q; j++) {
      const hjj = H[j * q + j]!;
      const c = hjj * z[j]! - r[j]!;
      const denom = hjj + l2[j]!;
      const zj = denom > 0 ? softThreshold(c, l1[j]!) / denom : z[j]!;
      const d = zj - z[j]!;
      if (d !== 0) {
        for (let k = 0; k < q; k++) r[k]! += H[k * q + j]! * d;
        z[j] = zj;
        maxChange = Math.max(maxChange, Math.abs(d));
      }
    }
    if (maxChange < tol) break;
  }
  for (let j = 0; j < q; j++) out[j] = z[j]! - theta[j]!;
}

export function softThreshold(z: number, g: number): number {
  return z > g ? z - g : z < -g ? z + g : 0;
}
