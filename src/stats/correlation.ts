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
import { betaIncFixed, erfc } from "./distributions";
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

/**
 * `correlationPValue` for a fixed n, with the constants computed once (cached per n): the fast path of
 * correlation maps, where every complete pair has the same n.
 */
export function correlationPValueFn(n: number): (r: number) => number {
  let fn = pValueFns.get(n);
  if (fn === undefined) {
    if (!(n > 2)) return () => NaN;
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
