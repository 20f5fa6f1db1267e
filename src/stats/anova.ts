/**
 * Tests of k ≥ 2 independent groups: one-way ANOVA and the Kruskal–Wallis rank test.
 *
 * One-way ANOVA (Fisher): F = [SS_between/(k − 1)] / [SS_within/(N − k)], SS_between = Σ nᵢ(x̄ᵢ − x̄)²,
 * on (k − 1, N − k) df (scipy `f_oneway`, R `oneway.test(var.equal = TRUE)`). Effect sizes:
 * η² = SS_between/SS_total and ω² = (SS_between − (k − 1)MS_within)/(SS_total + MS_within) (Hays 1963).
 *
 * Kruskal–Wallis: H = [12/(N(N + 1)) Σ Rᵢ²/nᵢ − 3(N + 1)] / [1 − Σ(t³ − t)/(N³ − N)] with Rᵢ the rank sum of
 * group i over the pooled average ranks (tie-corrected), on k − 1 df (Kruskal & Wallis 1952; scipy `kruskal`,
 * R `kruskal.test`). Effect size: ε² = H/(N − 1) (Tomczak & Tomczak 2014).
 */
import { RadiogxError } from "../errors";
import { chiSquareSf, fSf } from "./distributions";
import { rankAverage } from "./rank";

export interface AnovaResult {
  test: "anova";
  statistic: number;
  df1: number;
  df2: number;
  pValue: number;
  /** Group sizes after dropping NaN. */
  sizes: number[];
  means: number[];
  etaSquared: number;
  omegaSquared: number;
  note?: string;
}

export interface KruskalResult {
  test: "kruskal-wallis";
  statistic: number;
  df: number;
  pValue: number;
  sizes: number[];
  /** Mean rank of each group in the pooled ranking. */
  meanRanks: number[];
  epsilonSquared: number;
  note?: string;
}

function cleanGroups(groups: readonly ArrayLike<number>[], fn: string): Float64Array[] {
  if (groups.length < 2) throw new RadiogxError("INVALID_ARGUMENT", `${fn}: at least 2 groups are needed, got ${groups.length}`, { key: "groups" });
  return groups.map((g, i) => {
    const out: number[] = [];
    for (let j = 0; j < g.length; j++) if (!Number.isNaN(g[j]!)) out.push(g[j]!);
    if (out.length === 0) throw new RadiogxError("INVALID_ARGUMENT", `${fn}: group ${i} has no non-missing values`, { key: "groups" });
    return Float64Array.from(out);
  });
}

/**
 * One-way ANOVA across groups (NaN values dropped).
 * @example oneWayAnova([[1, 2, 3], [2, 3, 4], [5, 6, 7]]) // { statistic: 13, df1: 2, df2: 6, pValue: 0.00659… }
 */
export function oneWayAnova(groups: readonly ArrayLike<number>[]): AnovaResult {
  const gs = cleanGroups(groups, "oneWayAnova");
  const k = gs.length;
  let n = 0;
  let grand = 0;
  const sizes: number[] = [];
  const means: number[] = [];
  for (const g of gs) {
    let s = 0;
    for (let j = 0; j < g.length; j++) s += g[j]!;
    sizes.push(g.length);
    means.push(s / g.length);
    n += g.length;
    grand += s;
  }
  grand /= n;
  let ssb = 0;
  let ssw = 0;
  gs.forEach((g, i) => {
    const m = means[i]!;
    ssb += g.length * (m - grand) * (m - grand);
    for (let j = 0; j < g.length; j++) ssw += (g[j]! - m) * (g[j]! - m);
  });
  const df1 = k - 1;
  const df2 = n - k;
  const msw = ssw / df2;
  const f = ssb / df1 / msw;
  const sst = ssb + ssw;
  const result: AnovaResult = {
    test: "anova",
    statistic: f,
    df1,
    df2,
    pValue: df2 > 0 && Number.isFinite(f) ? fSf(f, df1, df2) : NaN,
    sizes,
    means,
    etaSquared: ssb / sst,
    omegaSquared: (ssb - df1 * msw) / (sst + msw),
  };
  if (df2 <= 0) result.note = `only ${n} values in ${k} groups; at least ${k + 1} are needed`;
  else if (!Number.isFinite(f)) result.note = "no variation within groups; F is undefined";
  return result;
}

/**
 * Kruskal–Wallis H test across groups (NaN values dropped), tie-corrected.
 * @example kruskalWallis([[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]]) // H = 0.7714…, p = 0.68
 */
export function kruskalWallis(groups: readonly ArrayLike<number>[]): KruskalResult {
  const gs = cleanGroups(groups, "kruskalWallis");
  const k = gs.length;
  let n = 0;
  for (const g of gs) n += g.length;
  const pooled = new Float64Array(n);
  let off = 0;
  for (const g of gs) {
    pooled.set(g, off);
    off += g.length;
  }
  const { ranks, tieSum } = rankAverage(pooled);
  let h = 0;
  const meanRanks: number[] = [];
  off = 0;
  for (const g of gs) {
    let r = 0;
    for (let j = 0; j < g.length; j++) r += ranks[off + j]!;
    off += g.length;
    h += (r * r) / g.length;
    meanRanks.push(r / g.length);
  }
  h = (12 / (n * (n + 1))) * h - 3 * (n + 1);
  const correction = 1 - tieSum / (n * n * n - n);
  const result: KruskalResult = {
    test: "kruskal-wallis",
    statistic: h / correction,
    df: k - 1,
    pValue: NaN,
    sizes: gs.map((g) => g.length),
    meanRanks,
    epsilonSquared: h / correction / (n - 1),
  };
  if (correction === 0) result.note = "all values are tied; H is undefined";
  else result.pValue = chiSquareSf(result.statistic, k - 1);
  if (correction === 0) result.statistic = NaN;
  return result;
}
