/**
 * Ellipsoids enclosing an ROI: the surface area of an ellipsoid as IBSI computes it, and the minimum-volume
 * enclosing ellipsoid (MVEE) of a point set.
 */
import { invertSpd, symmetricEigen } from "./smallLinalg";

/**
 * Surface area of an ellipsoid with semi-axes a ≥ b ≥ c by the Legendre series of the IBSI reference manual
 * (§3.1.22, area density of the approximate enclosing ellipsoid):
 *
 *   A = 4π a b Σ_{ν=0}^{ν_max} (αβ)^ν / (1 − 4ν²) · P_ν((α² + β²) / (2αβ)),   α = √(1 − b²/a²), β = √(1 − c²/a²),
 *
 * with ν_max = `maxOrder` (20, as the IBSI reference implementations; the series has converged to ~1e-11
 * relative by then for the shapes of ROIs). This is the formula behind IBSI's reference values; it is exact
 * for a sphere but not for other ellipsoids (for a prolate spheroid with eccentricity e it gives
 * 4πab(1 − e²/3 − …) against the true 4πa²(1 − 2e²/3 − …)), so use it for IBSI conformance only.
 * The products q_ν = (αβ)^ν P_ν(x) come from Bonnet's recurrence multiplied through by (αβ)^{ν+1},
 * (ν+1) q_{ν+1} = (2ν+1) ((α²+β²)/2) q_ν − ν (αβ)² q_{ν−1}, which stays finite for spheroids (αβ = 0).
 */
export function ellipsoidSurfaceArea(semiAxes: readonly number[], maxOrder = 20): number {
  const [a, b, c] = [...semiAxes].sort((x, y) => y - x) as [number, number, number];
  if (!(c > 0)) return NaN;
  const alpha2 = 1 - (b * b) / (a * a), beta2 = 1 - (c * c) / (a * a);
  const half = (alpha2 + beta2) / 2, ab2 = alpha2 * beta2;
  let qPrev = 1, q = half;
  let sum = maxOrder >= 1 ? 1 + q / (1 - 4) : 1; // ν = 0 and ν = 1
  for (let nu = 1; nu < maxOrder; nu++) {
    const next = ((2 * nu + 1) * half * q - nu * ab2 * qPrev) / (nu + 1);
    qPrev = q;
    q = next;
    sum += q / (1 - 4 * (nu + 1) * (nu + 1));
  }
  return 4 * Math.PI * a * b * sum;
}

/** An ellipsoid {x : (x − c)ᵀ A (x − c) ≤ 1}. */
export interface Ellipsoid {
  centre: [number, number, number];
  /** Semi-axis lengths, largest first. */
  semiAxes: [number, number, number];
  /** Number of iterations used. */
  iterations: number;
}

/** Settings of {@link minimumVolumeEnclosingEllipsoid}. */
export interface MveeOptions {
  /**
   * Relative optimality tolerance ε: the iteration stops when every point satisfies
   * (x − c)ᵀ A (x − c) ≤ 1 + ε before the final scaling, so the volume is within a factor (1 + ε)^{3/2} of
   * the minimum. Default 1e-7.
   */
  tolerance?: number;
  /** Iteration limit (default 100 000). */
  maxIterations?: number;
}

/**
 * Minimum-volume enclosing ellipsoid of points (x, y, z interleaved) by Khachiyan's barycentric coordinate
 * ascent (Khachiyan 1996) with the away steps of Todd & Yıldırım (2007), which make it converge linearly.
 * With lifted points q_i = (x_i, 1) and weights u (Σu = 1), X(u) = Σ u_i q_i q_iᵀ and M_i = q_iᵀ X⁻¹ q_i:
 * a forward step moves weight to argmax M_i, an away step takes it from the weighted point with the smallest
 * M_i. At the optimum the ellipsoid is A = (1/d) (Σ u_i x_i x_iᵀ − c cᵀ)⁻¹ with c = Σ u_i x_i. The result
 * is finally scaled so that every point lies inside it (so it always encloses the points).
 * Pass the vertices of the convex hull: the MVEE of a set is the MVEE of its hull's vertices.
 * Returns null for degenerate (coplanar) input.
 */
export function minimumVolumeEnclosingEllipsoid(points: Float64Array, options: MveeOptions = {}): Ellipsoid | null {
  const tol = options.tolerance ?? 1e-7;
  const maxIt = options.maxIterations ?? 100_000;
  const n = points.length / 3, d = 3;
  if (n < 4) return null;
  // Centre the points for conditioning.
  let mx = 0, my = 0, mz = 0;
  for (let i = 0; i < n; i++) { mx += points[3 * i]!; my += points[3 * i + 1]!; mz += points[3 * i + 2]!; }
  mx /= n; my /= n; mz /= n;
  const P = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    P[4 * i] = points[3 * i]! - mx;
    P[4 * i + 1] = points[3 * i + 1]! - my;
    P[4 * i + 2] = points[3 * i + 2]! - mz;
    P[4 * i + 3] = 1;
  }
  const u = new Float64Array(n).fill(1 / n);
  const M = new Float64Array(n);
  let Xi: Float64Array = new Float64Array(16);
  const g = new Float64Array(4);
  // X(u) and M_i from scratch; between refreshes X⁻¹ and M follow rank-one (Sherman–Morrison) updates.
  const refresh = (): boolean => {
    const X = new Float64Array(16);
    for (let i = 0; i < n; i++) {
      const w = u[i]!;
      if (w === 0) continue;
      for (let r = 0; r < 4; r++) {
        const pr = w * P[4 * i + r]!;
        for (let c = 0; c <= r; c++) X[4 * r + c] = X[4 * r + c]! + pr * P[4 * i + c]!;
      }
    }
    for (let r = 0; r < 4; r++) for (let c = 0; c < r; c++) X[4 * c + r] = X[4 * r + c]!;
    const inv = invertSpd(X, 4);
    if (inv === null) return false;
    Xi = inv;
    for (let i = 0; i < n; i++) M[i] = quadratic(Xi, P, i);
    return true;
  };
  // Extreme points: the largest M_i, and the smallest M_i among points with weight.
  let jMax = 0, jMin = 0;
  const extremes = (): void => {
    jMax = 0; jMin = -1;
    for (let i = 0; i < n; i++) {
      if (M[i]! > M[jMax]!) jMax = i;
      if (u[i]! > 0 && (jMin < 0 || M[i]! < M[jMin]!)) jMin = i;
    }
  };
  // The weights are kept as scale · u (the common factor γ of every step goes into `scale`).
  let scale = 1;
  let it = 0;
  for (; it < maxIt; it++) {
    if (it % 64 === 0) {
      for (let i = 0; i < n; i++) u[i] = u[i]! * scale;
      scale = 1;
      if (!refresh()) return null;
      extremes();
    }
    const epsPlus = M[jMax]! / (d + 1) - 1;
    const epsMinus = 1 - M[jMin]! / (d + 1);
    if (epsPlus <= tol && epsMinus <= tol) break;
    // X ← γ X + δ q_j q_jᵀ, u ← γ u + δ e_j.
    let j: number, gamma: number, delta: number;
    if (epsPlus > epsMinus) {
      const mj = M[jMax]!;
      const beta = (mj - (d + 1)) / ((d + 1) * (mj - 1));
      j = jMax; gamma = 1 - beta; delta = beta;
    } else {
      const mj = M[jMin]!, uj = u[jMin]! * scale;
      const beta = mj > 1 ? Math.min((d + 1 - mj) / ((d + 1) * (mj - 1)), uj / (1 - uj)) : uj / (1 - uj);
      j = jMin; gamma = 1 + beta; delta = -beta;
    }
    scale *= gamma;
    const uj = u[j]! * scale + delta;
    u[j] = uj > 1e-15 ? uj / scale : 0;
    for (let r = 0; r < 4; r++) {
      let t = 0;
      for (let c = 0; c < 4; c++) t += Xi[4 * r + c]! * P[4 * j + c]!;
      g[r] = t;
    }
    const mj = M[j]!, rho = delta / gamma, f = rho / (1 + rho * mj);
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) Xi[4 * r + c] = (Xi[4 * r + c]! - f * g[r]! * g[c]!) / gamma;
    const g0 = g[0]!, g1 = g[1]!, g2 = g[2]!, g3 = g[3]!;
    jMax = 0; jMin = -1;
    for (let i = 0; i < n; i++) {
      const ci = P[4 * i]! * g0 + P[4 * i + 1]! * g1 + P[4 * i + 2]! * g2 + P[4 * i + 3]! * g3;
      const mi = (M[i]! - f * ci * ci) / gamma;
      M[i] = mi;
      if (mi > M[jMax]!) jMax = i;
      if (u[i]! > 0 && (jMin < 0 || mi < M[jMin]!)) jMin = i;
    }
  }
  for (let i = 0; i < n; i++) u[i] = u[i]! * scale;
  // Centre and shape matrix.
  let cx = 0, cy = 0, cz = 0;
  for (let i = 0; i < n; i++) { cx += u[i]! * P[4 * i]!; cy += u[i]! * P[4 * i + 1]!; cz += u[i]! * P[4 * i + 2]!; }
  let sxx = 0, sxy = 0, sxz = 0, syy = 0, syz = 0, szz = 0;
  for (let i = 0; i < n; i++) {
    const dx = P[4 * i]! - cx, dy = P[4 * i + 1]! - cy, dz = P[4 * i + 2]! - cz;
    const w = u[i]!;
    sxx += w * dx * dx; sxy += w * dx * dy; sxz += w * dx * dz;
    syy += w * dy * dy; syz += w * dy * dz; szz += w * dz * dz;
  }
  const S = new Float64Array([sxx, sxy, sxz, sxy, syy, syz, sxz, syz, szz]);
  // A = (1/d) S⁻¹; scale so that max_i (x_i − c)ᵀ A (x_i − c) = 1.
  const Si = invertSpd(S, 3);
  if (Si === null) return null;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const dx = P[4 * i]! - cx, dy = P[4 * i + 1]! - cy, dz = P[4 * i + 2]! - cz;
    const q = (dx * (Si[0]! * dx + Si[1]! * dy + Si[2]! * dz) + dy * (Si[3]! * dx + Si[4]! * dy + Si[5]! * dz) + dz * (Si[6]! * dx + Si[7]! * dy + Si[8]! * dz)) / d;
    if (q > worst) worst = q;
  }
  // Semi-axes of {x : xᵀ (S⁻¹/d) x ≤ worst} are √(d · worst · λ_k(S)).
  const eig = symmetricEigen(S, 3);
  const axes = Array.from(eig.values, (l) => Math.sqrt(d * worst * Math.max(l, 0))) as [number, number, number];
  return { centre: [cx + mx, cy + my, cz + mz], semiAxes: axes, iterations: it };
}

/** Volume of an ellipsoid with the given semi-axes: 4π/3 · a b c. */
export function ellipsoidVolume(semiAxes: readonly number[]): number {
  return ((4 * Math.PI) / 3) * semiAxes[0]! * semiAxes[1]! * semiAxes[2]!;
}

/** q_iᵀ A q_i for the 4-vector q_i = P[4i … 4i+3] and a 4×4 matrix A. */
function quadratic(A: Float64Array, P: Float64Array, i: number): number {
  let v = 0;
  for (let r = 0; r < 4; r++) {
    let t = 0;
    for (let c = 0; c < 4; c++) t += A[4 * r + c]! * P[4 * i + c]!;
    v += P[4 * i + r]! * t;
  }
  return v;
}
