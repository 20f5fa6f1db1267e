/**
 * Mann–Whitney U test (Wilcoxon rank-sum test) of two independent samples.
 *
 * U₁ = R₁ − n₁(n₁ + 1)/2 with R₁ the sum of the (average) ranks of x in the pooled sample; U₂ = n₁n₂ − U₁.
 * - Exact p-value (no ties, min(n₁, n₂) ≤ 8 by default): the permutation distribution of U, from the
 *   recursion P_{i,j}(u) = i/(i+j)·P_{i−1,j}(u − j) + j/(i+j)·P_{i,j−1}(u) (Mann & Whitney 1947), all terms
 *   positive so no precision is lost.
 * - Asymptotic p-value: z = (U − n₁n₂/2 − ½)/σ with the tie-corrected
 *   σ² = n₁n₂/12 · [(n + 1) − Σ(t³ − t)/(n(n − 1))] and the continuity correction ½ (Lehmann 1975).
 * These are the choices of scipy `mannwhitneyu(method="auto", use_continuity=True)` (and R `wilcox.test`,
 * which uses the exact test for n < 50 without ties).
 *
 * Effect sizes: the common-language effect size (probability of superiority, = AUC)
 * A = U₁/(n₁n₂) = P(X > Y) + ½P(X = Y), and the rank-biserial correlation r = 2A − 1 (Kerby 2014).
 */
import { RadiogxError } from "../errors";
import { normalSf } from "./distributions";
import { rankAverage } from "./rank";

export type Alternative = "two-sided" | "less" | "greater";

export interface MannWhitneyOptions {
  /** "two-sided" (default), "greater" (x tends to be larger than y) or "less". */
  alternative?: Alternative;
  /** "auto" (default: exact when there are no ties and min(n₁, n₂) ≤ 8), "exact" or "asymptotic". */
  method?: "auto" | "exact" | "asymptotic";
  /** Continuity correction in the normal approximation. Default true. */
  continuity?: boolean;
}

export interface MannWhitneyResult {
  test: "mann-whitney";
  /** U of the first sample, U₁ = R₁ − n₁(n₁ + 1)/2 (scipy's statistic). */
  statistic: number;
  pValue: number;
  method: "exact" | "asymptotic";
  alternative: Alternative;
  n1: number;
  n2: number;
  /** Standardised statistic of the normal approximation (NaN for the exact method). */
  z: number;
  /** A = U₁/(n₁n₂): probability that a value of x exceeds one of y (ties count ½); the AUC of x vs y. */
  commonLanguage: number;
  /** Rank-biserial correlation 2A − 1, in [−1, 1]; positive when x tends to be larger. */
  rankBiserial: number;
  note?: string;
}

function dropNaN(v: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i]!)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i]!)) out[k++] = v[i]!;
  return out;
}

/**
 * P(U ≥ u) under the null for sample sizes (m, n) without ties. Works with the smaller sample as the row
 * index; O(m·n·mn/2) time, O(n·mn) memory.
 */
export function mannWhitneyExactSf(u: number, m: number, n: number): number {
  const total = m * n;
  if (u <= 0) return 1;
  if (u > total) return 0;
  const a = Math.min(m, n);
  const b = Math.max(m, n);
  // prev[j] = distribution of U for sizes (i − 1, j); cur[j] for (i, j). Arrays of length i·j + 1.
  let prev: Float64Array[] = [];
  for (let j = 0; j <= b; j++) prev.push(Float64Array.of(1));
  for (let i = 1; i <= a; i++) {
    const cur: Float64Array[] = [Float64Array.of(1)]; // (i, 0): U = 0
    for (let j = 1; j <= b; j++) {
      const len = i * j + 1;
      const d = new Float64Array(len);
      const wi = i / (i + j);
      const wj = j / (i + j);
      const p1 = prev[j]!; // (i − 1, j), shifted by j: the largest value is an x
      for (let k = 0; k < p1.length; k++) d[k + j] = d[k + j]! + wi * p1[k]!;
      const p2 = cur[j - 1]!; // (i, j − 1): the largest value is a y
      for (let k = 0; k < p2.length; k++) d[k] = d[k]! + wj * p2[k]!;
      cur.push(d);
    }
    prev = cur;
  }
  const dist = prev[b]!;
  // Sum the smaller tail for accuracy; the distribution is symmetric about mn/2.
  const ui = Math.ceil(u - 1e-9);
  if (ui > total / 2) {
    let s = 0;
    for (let k = ui; k <= total; k++) s += dist[k]!;
    return s;
  }
  let s = 0;
  for (let k = 0; k < ui; k++) s += dist[k]!;
  return 1 - s;
}

/**
 * Mann–Whitney U test of x against y. NaN values are dropped.
 * @throws RadiogxError when a sample is empty after dropping NaN, or method "exact" is asked with ties.
 * @example mannWhitneyU([1.1, 2.2, 3.3, 4.4], [0.5, 0.6, 0.7]) // { statistic: 12, pValue: 0.05714285714285714, method: "exact", … }
 */
export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>, options: MannWhitneyOptions = {}): MannWhitneyResult {
  const alternative = options.alternative ?? "two-sided";
  const continuity = options.continuity ?? true;
  const xs = dropNaN(x);
  const ys = dropNaN(y);
  const n1 = xs.length;
  const n2 = ys.length;
  if (n1 === 0 || n2 === 0) {
    throw new RadiogxError("INVALID_ARGUMENT", `mannWhitneyU: ${n1 === 0 ? "x" : "y"} has no non-missing values`, { key: n1 === 0 ? "x" : "y" });
  }
  const pooled = new Float64Array(n1 + n2);
  pooled.set(xs, 0);
  pooled.set(ys, n1);
  const { ranks, tieSum, tieGroups } = rankAverage(pooled);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  let method: "exact" | "asymptotic";
  if (options.method === undefined || options.method === "auto") method = (n1 > 8 && n2 > 8) || tieGroups > 0 ? "asymptotic" : "exact";
  else method = options.method;
  if (method === "exact" && tieGroups > 0) {
    throw new RadiogxError("INVALID_ARGUMENT", "mannWhitneyU: the exact test needs untied data; these samples have ties", {
      key: "method",
      hint: 'use method "asymptotic" (tie-corrected) or "auto"',
    });
  }
  // The statistic whose upper tail is the p-value.
  const u = alternative === "greater" ? u1 : alternative === "less" ? u2 : Math.max(u1, u2);
  const f = alternative === "two-sided" ? 2 : 1;
  let p: number;
  let z = NaN;
  const n = n1 + n2;
  if (method === "exact") {
    p = mannWhitneyExactSf(u, n1, n2);
  } else {
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1))));
    z = (u - (n1 * n2) / 2 - (continuity ? 0.5 : 0)) / s;
    p = normalSf(z);
  }
  const a = u1 / (n1 * n2);
  const result: MannWhitneyResult = {
    test: "mann-whitney",
    statistic: u1,
    pValue: Math.min(1, Math.max(0, f * p)),
    method,
    alternative,
    n1,
    n2,
    z,
    commonLanguage: a,
    rankBiserial: 2 * a - 1,
  };
  if (Number.isNaN(result.pValue)) result.note = "all values are tied; the test is undefined";
  return result;
}
