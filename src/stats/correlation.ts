/**
 * Correlation of two variables with its two-sided p-value: Pearson's r, Spearman's ρ and Kendall's τ-b.
 * Pairs where either value is missing (NaN) are left out (pairwise-complete), and `n` says how many remain.
 *
 * - Pearson r = Σ(x − x̄)(y − ȳ)/√(Σ(x − x̄)²Σ(y − ȳ)²); p-value from t = r√((n − 2)/(1 − r²)) on n − 2 df,
 *   i.e. p = I_{1−r²}((n − 2)/2, ½) — the exact null distribution under normality (scipy `pearsonr`).
 * - Spearman ρ = Pearson r of the average ranks (ties are corrected by the average ranks themselves);
 *   p-value from the same t on n − 2 df (scipy `spearmanr`, R `cor.test(method = "spearman", exact = FALSE)`).
 * - Kendall τ-b = (C − D)/√((n₀ − n₁)(n₀ − n₂)) with n₀ = n(n − 1)/2 and n₁, n₂ the pairs tied in x, in y
 *   (Kendall 1945), counted in O(n log n) (Knight 1966). p-value: exact (the permutation distribution of the
 *   number of inversions) when there are no ties and n ≤ 33 (or at most one discordant/concordant pair);
 *   otherwise the normal approximation of C − D with the tie-corrected variance
 *   Var = [v₀ − v_t − v_u]/18 + 2 n₁ n₂/(n(n − 1)) + Σt(t−1)(t−2)·Σu(u−1)(u−2)/(9n(n−1)(n−2)),
 *   v₀ = n(n − 1)(2n + 5) (Kendall 1970, ch. 4) — the choices scipy `kendalltau(method="auto")` makes.
 */
import { RadiogxError } from "../errors";
import { betaIncFixed, erfc, logBeta } from "./distributions";
import { rankAverage } from "./rank";

export type CorrelationMethod = "pearson" | "spearman" | "kendall";

export const CORRELATION_METHODS: readonly CorrelationMethod[] = ["pearson", "spearman", "kendall"];

export interface CorrelationResult {
  method: CorrelationMethod;
  /** r, ρ or τ-b; NaN when it cannot be computed (see `note`). */
  r: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Number of pairwise-complete observations used. */
  n: number;
  /** Why r or the p-value is NaN (fewer than 3 pairs, a constant variable). */
  note?: string;
}

/**
 * Two-sided p-value of a Pearson or Spearman correlation r from n pairs: P(|T| ≥ |t|) for
 * t = r√((n − 2)/(1 − r²)) on n − 2 df, computed as I_{1−r²}((n − 2)/2, ½) (no cancellation near |r| = 1).
 */
export function correlationPValue(r: number, n: number): number {
  if (!(n > 2) || Number.isNaN(r)) return NaN;
  return correlationPValueFn(n)(r);
}

const pValueFns = new Map<number, (r: number) => number>();
const pValueTables = new Map<number, (r: number) => number>();

/**
 * From this many calls on, {@link correlationPValueFn} returns the tabulated p-value. Building the table
 * takes 1.5–4 ms (as long as 5,000–12,000 exact evaluations); a call then costs ~15–25 ns instead of
 * ~300–400 ns.
 */
export const P_VALUE_TABLE_MIN_CALLS = 20_000;

/**
 * `correlationPValue` for a fixed n (every complete pair of a correlation map has the same n), cached per n.
 * @param calls how many p-values the caller will ask for. From {@link P_VALUE_TABLE_MIN_CALLS} on, the
 *   function is a piecewise polynomial table of the exact p (built once per n and cached; relative error
 *   below 1e-12 against mpmath where p ≥ 1e-300, and the exact function itself below that); otherwise each
 *   call evaluates the incomplete beta.
 * @example correlationPValueFn(500, 2e7)(0.1) // 0.025346603704893684 (correlationPValue: 0.025346603704893306)
 */
export function correlationPValueFn(n: number, calls = 1): (r: number) => number {
  if (!(n > 2)) return () => NaN;
  if (calls >= P_VALUE_TABLE_MIN_CALLS) {
    let table = pValueTables.get(n);
    if (table === undefined) {
      table = pValueTable(n, exactPValueFn(n));
      if (pValueTables.size >= 8) pValueTables.delete(pValueTables.keys().next().value!);
      pValueTables.set(n, table);
    }
    return table;
  }
  return exactPValueFn(n);
}

/** The exact p of r for a fixed n: I_{1−r²}((n − 2)/2, ½) with ln B computed once (cached per n). */
function exactPValueFn(n: number): (r: number) => number {
  let fn = pValueFns.get(n);
  if (fn === undefined) {
    const ib = betaIncFixed(0.5 * (n - 2), 0.5);
    fn = (r: number) => {
      const a = Math.min(1, Math.abs(r));
      if (a === 1) return 0;
      return ib((1 - a) * (1 + a), a * a); // x = 1 − r², accurately
    };
    if (pValueFns.size > 1000) pValueFns.clear();
    pValueFns.set(n, fn);
  }
  return fn;
}

// ---------------------------------------------------------------------------------------------------------
// Tabulated p-value (many calls with one n)
// ---------------------------------------------------------------------------------------------------------
//
// With u = |r| and a = (n − 2)/2, p(u) = I_{1−u²}(a, ½) = 2C ∫ᵤ¹ (1 − s²)^(a−1) ds, C = 1/B(a, ½): a smooth
// decreasing function of u (analytic on (−1, 1)). The table holds p itself, as polynomials of degree 15 on
// pieces over which ln p falls by at most PIECE_LOG_DROP, so that each polynomial has full relative
// precision and a call is one index computation and one polynomial (Estrin's scheme: short dependency
// chains) — no exp or log.
// - u ≤ ½ (for n > ~5,000 all u with p ≥ 1e-300): pieces uniform in g(u) = c₁u + c₂u², which follows the
//   slope of −ln p (≈ 2C at 0, ≈ 2au/(1 − u²) in the tail); the local variable is t = 2(g − k) − 1.
// - ½ < u: pieces uniform in w = −ln(1 − u) (p ∝ (1 − u)^a near 1), up to 1 − u = 2⁻³⁶.
// - Beyond (p < 1e-300, or u within 2⁻³⁶ of 1): the exact function.
// Node values: for n ≲ 350 the incomplete beta at the node, with the rounding of 1 − u² corrected to first
// order; above, where that continued fraction loses up to ~df·1e-17 near the centre, the density
// integrated from the far end (Gauss–Legendre between nodes, all terms positive), anchored on the exact p
// there. Each polynomial interpolates its 16 nodes at the local variables the evaluation computes for them.

const PIECE_DEGREE = 15;
const PIECE_STRIDE = 16; // coefficients per piece
const PIECE_LOG_DROP = 2.5; // max fall of ln p over a piece
const TABLE_P_MIN = 1e-300;
const TABLE_U_MAX = 1 - 2 ** -36;
const GL_POINTS = 8;
let glRule: { x: Float64Array; w: Float64Array } | undefined;

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_m from the usual starting values). */
function gaussLegendre(m: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(m);
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= m; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (m * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

/** The rounding error of the product p = fl(a·b) (Dekker): a·b = p + err exactly. */
function productError(a: number, b: number, p: number): number {
  let c = 134217729 * a; // 2²⁷ + 1
  const ah = c - (c - a);
  const al = a - ah;
  c = 134217729 * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Estrin's scheme for the degree-15 polynomial of piece `b` (offset into `c`) at t. */
function piecePoly(c: Float64Array, b: number, t: number): number {
  const t2 = t * t;
  const t4 = t2 * t2;
  const q0 = c[b]! + t * c[b + 1]!;
  const q1 = c[b + 2]! + t * c[b + 3]!;
  const q2 = c[b + 4]! + t * c[b + 5]!;
  const q3 = c[b + 6]! + t * c[b + 7]!;
  const q4 = c[b + 8]! + t * c[b + 9]!;
  const q5 = c[b + 10]! + t * c[b + 11]!;
  const q6 = c[b + 12]! + t * c[b + 13]!;
  const q7 = c[b + 14]! + t * c[b + 15]!;
  return q0 + t2 * q1 + t4 * (q2 + t2 * q3) + t4 * t4 * (q4 + t2 * q5 + t4 * (q6 + t2 * q7));
}

/** Builds the tabulated p-value function for n (see the notes above); `exact` serves where it does not reach. */
function pValueTable(n: number, exact: (r: number) => number): (r: number) => number {
  const a = 0.5 * (n - 2);
  const ib = betaIncFixed(a, 0.5);
  const lb = logBeta(a, 0.5);
  const twoC = 2 * Math.exp(-lb);
  const D = PIECE_DEGREE;
  // Domain: p ≥ 1e-300 (bisection on the exact p), and 1 − u ≥ 2⁻³⁶.
  let uEnd = 1 - 2 ** -53;
  if (!(exact(uEnd) >= TABLE_P_MIN)) {
    let lo = 0;
    let hi = 1;
    for (let it = 0; it < 60; it++) {
      const mid = 0.5 * (lo + hi);
      if (exact(mid) >= TABLE_P_MIN) lo = mid;
      else hi = mid;
    }
    uEnd = lo;
  }
  uEnd = Math.min(uEnd, TABLE_U_MAX);
  const uMid = Math.min(uEnd, 0.5);
  // Region 1 [0, uMid]: g(u) = c1·u + c2·u², scaled so that g(uMid) is the whole number k1. u(g) has a branch
  // point at g = −c1²/4c2, at least 2 pieces before the first (c1 ≥ √(8c2)), and pieces are at most 1/16 wide
  // (p has one at u = 1): each polynomial converges like 10⁻ᵈᵉᵍʳᵉᵉ or faster.
  let c2 = a / (PIECE_LOG_DROP * (1 - uMid * uMid));
  let c1 = Math.max(twoC / PIECE_LOG_DROP, Math.sqrt(8 * c2), 16);
  const gMid = uMid * (c1 + c2 * uMid);
  const k1 = Math.max(1, Math.ceil(gMid));
  c1 *= k1 / gMid;
  c2 *= k1 / gMid;
  // Region 2 (uMid, uEnd]: w(u) = −ln(1 − u) in k2 equal steps (at most 0.3 wide: p has a branch point at u = 1).
  const w0 = -Math.log1p(-uMid);
  let k2 = 0;
  let invDw = 0;
  if (uEnd > uMid) {
    const span = -Math.log1p(-uEnd) - w0;
    k2 = Math.max(1, Math.ceil(span / Math.min(0.3, PIECE_LOG_DROP / a)));
    invDw = k2 / span;
  }
  const pieces = k1 + k2;
  // The local variable t of a u, exactly as the evaluation computes it.
  const localT1 = (u: number, k: number) => 2 * (u * (c1 + c2 * u) - k) - 1;
  const localT2 = (u: number, k: number) => 2 * ((-Math.log1p(-u) - w0) * invDw - k) - 1;
  // Nodes: Chebyshev–Lobatto points of each piece in its own variable, ascending; piece k owns nodes k·D … k·D + D.
  const lobatto = Float64Array.from({ length: D + 1 }, (_, j) => -Math.cos((Math.PI * j) / D));
  const nodes = new Float64Array(pieces * D + 1);
  for (let k = 0; k < pieces; k++) {
    for (let j = 0; j < D; j++) {
      const s = 0.5 * (1 + lobatto[j]!); // position within the piece, 0 … 1
      if (k < k1) {
        const g = k + s;
        nodes[k * D + j] = (2 * g) / (c1 + Math.sqrt(c1 * c1 + 4 * c2 * g)); // g⁻¹, without cancellation
      } else {
        nodes[k * D + j] = -Math.expm1(-(w0 + (k - k1 + s) / invDw));
      }
    }
  }
  nodes[k1 * D] = uMid;
  nodes[pieces * D] = uEnd;
  const values = uEnd <= 0.99 ? integratedNodeValues(nodes, a, twoC, exactNodeValue(ib, a, lb)) : nodes.map(exactNodeValue(ib, a, lb));
  // Each piece: interpolate (t̃ⱼ, pⱼ) (barycentric), resample at the exact Lobatto points, then monomial
  // coefficients for the evaluation (one fixed matrix: Chebyshev coefficients by DCT-I, then powers of t).
  const { dct, tPow } = lobattoToMonomial();
  const cheb = new Float64Array(D + 1);
  const coef = new Float64Array(pieces * PIECE_STRIDE);
  const tj = new Float64Array(D + 1);
  const wj = new Float64Array(D + 1);
  const f = new Float64Array(D + 1);
  for (let k = 0; k < pieces; k++) {
    const base = k * D;
    for (let j = 0; j <= D; j++) tj[j] = k < k1 ? localT1(nodes[base + j]!, k) : localT2(nodes[base + j]!, k - k1);
    for (let j = 0; j <= D; j++) {
      let prod = 1;
      for (let l = 0; l <= D; l++) if (l !== j) prod *= tj[j]! - tj[l]!;
      wj[j] = 1 / prod;
    }
    for (let j = 0; j <= D; j++) {
      let num = 0;
      let den = 0;
      let hit = -1;
      for (let l = 0; l <= D; l++) {
        const d = lobatto[j]! - tj[l]!;
        if (d === 0) {
          hit = l;
          break;
        }
        num += (wj[l]! / d) * values[base + l]!;
        den += wj[l]! / d;
      }
      f[j] = hit >= 0 ? values[base + hit]! : num / den;
    }
    for (let m = 0; m <= D; m++) {
      let s = 0;
      for (let j = 0; j <= D; j++) s += dct[m * (D + 1) + j]! * f[j]!;
      cheb[m] = s;
    }
    for (let i = 0; i <= D; i++) {
      let s = 0;
      for (let m = D; m >= i; m--) s += tPow[m * (D + 1) + i]! * cheb[m]!;
      coef[k * PIECE_STRIDE + i] = s;
    }
  }
  const last1 = k1 - 1;
  const last2 = k2 - 1;
  const beyond = (u: number): number => {
    if (u <= uEnd) {
      const h = (-Math.log1p(-u) - w0) * invDw;
      let k = h | 0;
      if (k > last2) k = last2;
      return piecePoly(coef, (k1 + k) * PIECE_STRIDE, 2 * (h - k) - 1);
    }
    return exact(u); // NaN, p < 1e-300, or u within 2⁻³⁶ of 1
  };
  const tabulated = (r: number): number => {
    const u = Math.abs(r);
    if (!(u <= uMid)) return beyond(u);
    const g = u * (c1 + c2 * u);
    let k = g | 0;
    if (k > last1) k = last1;
    return Math.min(1, piecePoly(coef, k * PIECE_STRIDE, 2 * (g - k) - 1)); // (rounding at u = 0 gives 1 + ~1e-15)
  };
  return tabulated;
}

let lobattoMatrices: { dct: Float64Array; tPow: Float64Array } | undefined;

/**
 * The matrices taking values at the Chebyshev–Lobatto points τⱼ = −cos(πj/D) to the Chebyshev coefficients
 * of the degree-D interpolating polynomial (DCT-I), and those to its monomial coefficients (Tₘ in powers of
 * t). Two steps, not their product: the small high-order Chebyshev coefficients meet the large entries of
 * tPow, rather than the values cancelling through them.
 */
function lobattoToMonomial(): { dct: Float64Array; tPow: Float64Array } {
  if (lobattoMatrices !== undefined) return lobattoMatrices;
  const D = PIECE_DEGREE;
  const size = D + 1;
  // Powers of t in Tₘ: row m of tPow, by Tₘ = 2t·Tₘ₋₁ − Tₘ₋₂.
  const tPow = new Float64Array(size * size);
  tPow[0] = 1;
  tPow[size + 1] = 1;
  for (let m = 2; m <= D; m++) {
    for (let i = 0; i <= m; i++) tPow[m * size + i] = (i > 0 ? 2 * tPow[(m - 1) * size + i - 1]! : 0) - tPow[(m - 2) * size + i]!;
  }
  // cₘ = (2/D)(−1)ᵐ Σ'' fⱼ cos(πjm/D), halved for m = 0 and D (fⱼ at −cos(πj/D): Tₘ(−x) = (−1)ᵐTₘ(x)).
  const dct = new Float64Array(size * size);
  for (let m = 0; m <= D; m++) {
    for (let j = 0; j <= D; j++) {
      const ends = (j === 0 || j === D ? 0.5 : 1) * (m === 0 || m === D ? 0.5 : 1);
      dct[m * size + j] = ((m % 2 === 0 ? 2 : -2) / D) * ends * Math.cos((Math.PI * j * m) / D);
    }
  }
  lobattoMatrices = { dct, tPow };
  return lobattoMatrices;
}

/**
 * p at a double u from the incomplete beta, at an (x, y) = (1 − u², u²) pair it receives exactly (y on a
 * 2⁻⁵³ grid below ½, x = (1 − u)(1 + u) above), plus dp/dx times the rounding that choice made.
 */
function exactNodeValue(ib: (x: number, y: number) => number, a: number, lb: number): (u: number) => number {
  return (u) => {
    if (u >= 1) return 0;
    let x: number;
    let y: number;
    let dx: number; // true 1 − u² minus x
    if (u < Math.SQRT1_2) {
      const y2 = u * u;
      y = Math.round(y2 * 2 ** 53) / 2 ** 53;
      x = 1 - y;
      dx = y - y2 - productError(u, u, y2);
    } else {
      const s = 1 + u;
      const d = 1 - u;
      x = d * s;
      dx = productError(d, s, x) + d * (u - (s - 1));
      y = 1 - x;
    }
    const p = ib(x, y);
    if (dx === 0) return p;
    const lx = x < 0.5 ? Math.log(x) : Math.log1p(-y);
    const ly = y < 0.5 ? Math.log(y) : Math.log1p(-x);
    return p + Math.exp((a - 1) * lx - 0.5 * ly - lb) * dx; // dI/dx = x^(a−1) y^(−½) / B
  };
}

/**
 * p at ascending nodes, from the last (exact) down: p(uᵢ) = p(uᵢ₊₁) + 2C ∫ (1 − s²)^(a−1) ds over
 * [uᵢ, uᵢ₊₁], by 8-point Gauss–Legendre on sub-intervals short enough that the integrand falls by at most
 * a factor e over each (quadrature error < 1e-20). Sums of positive terms: no cancellation, and rounding
 * does not build up.
 */
function integratedNodeValues(nodes: Float64Array, a: number, twoC: number, exactAt: (u: number) => number): Float64Array {
  glRule ??= gaussLegendre(GL_POINTS);
  const { x: gx, w: gw } = glRule;
  const last = nodes.length - 1;
  const values = new Float64Array(nodes.length);
  values[last] = exactAt(nodes[last]!);
  const am1 = a - 1;
  for (let i = last - 1; i >= 0; i--) {
    const u0 = nodes[i]!;
    const u1 = nodes[i + 1]!;
    const rate = (2 * Math.abs(am1) * u1) / ((1 - u1) * (1 + u1)); // |d ln(integrand)/ds| at u1
    const parts = Math.max(1, Math.ceil(rate * (u1 - u0)));
    const h = (u1 - u0) / (2 * parts);
    let sum = 0;
    for (let q = 0; q < parts; q++) {
      const centre = u0 + (2 * q + 1) * h;
      for (let g = 0; g < GL_POINTS; g++) {
        const s = centre + h * gx[g]!;
        sum += gw[g]! * Math.exp(am1 * Math.log1p(-s * s));
      }
    }
    values[i] = values[i + 1]! + twoC * h * sum;
  }
  return values;
}

function checkMethod(method: string): CorrelationMethod {
  if ((CORRELATION_METHODS as readonly string[]).includes(method)) return method as CorrelationMethod;
  throw new RadiogxError("INVALID_ARGUMENT", `unknown correlation method "${method}"; expected "spearman", "pearson" or "kendall"`, { key: "method" });
}

/** The pairwise-complete values of x and y (both non-NaN), as new arrays. */
export function completePairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  if (x.length !== y.length) {
    throw new RadiogxError("INVALID_ARGUMENT", `correlation: x has ${x.length} values and y has ${y.length}; they must be paired`, { key: "y" });
  }
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!) && !Number.isNaN(y[i]!)) n++;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    xs[k] = a;
    ys[k++] = b;
  }
  return [xs, ys];
}

/** Pearson r of complete data (two-pass, centred). NaN when either variable is constant. */
export function pearsonR(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Correlation of x and y with its two-sided p-value (pairwise-complete).
 * @param method default "spearman".
 * @example correlation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7], "spearman") // { r: 0.8207826816681233, pValue: 0.0885870053135438, n: 5 }
 */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>, method: CorrelationMethod = "spearman"): CorrelationResult {
  checkMethod(method);
  const [xs, ys] = completePairs(x, y);
  const n = xs.length;
  if (n < 3) return { method, r: NaN, pValue: NaN, n, note: `only ${n} complete pairs; at least 3 are needed` };
  if (method === "kendall") return kendallTau(xs, ys);
  const r = method === "pearson" ? pearsonR(xs, ys) : pearsonR(rankAverage(xs).ranks, rankAverage(ys).ranks);
  if (Number.isNaN(r)) return { method, r, pValue: NaN, n, note: "one variable is constant over the complete pairs" };
  return { method, r, pValue: correlationPValue(r, n), n };
}

// ---------------------------------------------------------------------------------------------------------
// Kendall
// ---------------------------------------------------------------------------------------------------------

/** Tie statistics of sorted values: Σt(t−1)/2, Σt(t−1)(t−2), Σt(t−1)(2t+5) over tie groups. */
function tieStats(sortedValues: ArrayLike<number>): [number, number, number] {
  let pairs = 0;
  let v0 = 0;
  let v1 = 0;
  const n = sortedValues.length;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && sortedValues[j] === sortedValues[i]) j++;
    const t = j - i;
    if (t > 1) {
      pairs += (t * (t - 1)) / 2;
      v0 += t * (t - 1) * (t - 2);
      v1 += t * (t - 1) * (2 * t + 5);
    }
    i = j;
  }
  return [pairs, v0, v1];
}

/** Number of inversions of `a` (sorting it in place with a bottom-up merge sort). */
function countInversions(a: Float64Array): number {
  const n = a.length;
  let src: Float64Array = a;
  let dst: Float64Array = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[j]! < src[i]!) {
          swaps += mid - i;
          dst[k++] = src[j++]!;
        } else {
          dst[k++] = src[i++]!;
        }
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== a) a.set(src);
  return swaps;
}

/**
 * P(C ≤ c) for the number of concordant pairs among n untied pairs under independence: the distribution of
 * inversions of a random permutation, p_j(k) = (1/j)·Σᵢ₌₀^{j−1} p_{j−1}(k − i) (Kendall 1970).
 */
function kendallExactCdf(n: number, c: number): number {
  let cur = new Float64Array(c + 1);
  cur[0] = 1;
  for (let j = 2; j <= n; j++) {
    const next = new Float64Array(c + 1);
    let window = 0;
    for (let k = 0; k <= c; k++) {
      window += cur[k]!;
      if (k - j >= 0) window -= cur[k - j]!;
      next[k] = window / j;
    }
    cur = next;
  }
  let s = 0;
  for (let k = 0; k <= c; k++) s += cur[k]!;
  return s;
}

/** Kendall's τ-b with its two-sided p-value, for complete (NaN-free) paired data. */
export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationResult {
  const n = x.length;
  const method: CorrelationMethod = "kendall";
  if (n < 3) return { method, r: NaN, pValue: NaN, n, note: `only ${n} complete pairs; at least 3 are needed` };
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = x[order[i]!]!;
    ys[i] = y[order[i]!]!;
  }
  // Joint ties (equal x and y), on the (x, y)-sorted sequence.
  let jointTies = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && xs[i] === xs[i - 1] && ys[i] === ys[i - 1]) run++;
    else {
      jointTies += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  const [xTies, x0, x1] = tieStats(xs);
  const discordant = countInversions(ys); // ys is now sorted
  const [yTies, y0, y1] = tieStats(ys);
  const tot = (n * (n - 1)) / 2;
  if (xTies === tot || yTies === tot) return { method, r: NaN, pValue: NaN, n, note: "one variable is constant over the complete pairs" };
  const s = tot - xTies - yTies + jointTies - 2 * discordant; // C − D
  const tau = Math.max(-1, Math.min(1, s / Math.sqrt(tot - xTies) / Math.sqrt(tot - yTies)));
  let pValue: number;
  if (xTies === 0 && yTies === 0 && (n <= 33 || Math.min(discordant, tot - discordant) <= 1)) {
    const concordant = tot - discordant;
    const c = Math.min(concordant, tot - concordant);
    pValue = 4 * c === n * (n - 1) ? 1 : Math.min(1, 2 * kendallExactCdf(n, c));
  } else {
    const m = n * (n - 1);
    const v = (m * (2 * n + 5) - x1 - y1) / 18 + (2 * xTies * yTies) / m + (x0 * y0) / (9 * m * (n - 2));
    const z = s / Math.sqrt(v);
    pValue = erfc(Math.abs(z) * Math.SQRT1_2);
  }
  return { method, r: tau, pValue, n };
}
