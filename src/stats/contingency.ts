/**
 * Tests of association in contingency tables: Pearson's chi-square test (r × c, with Yates' continuity
 * correction for 2 × 2) and Fisher's exact test (2 × 2); and `crossTabulate` to build the table from two
 * label vectors.
 *
 * Chi-square: X² = Σ (O − E)²/E with E = row total × column total / N on (r − 1)(c − 1) df; for 1 df and
 * `correction` (default) each |O − E| is reduced by ½ but not past 0 (Yates 1934) — scipy
 * `chi2_contingency(correction=True)`, R `chisq.test(correct = TRUE)`. Effect size: Cramér's
 * V = √(X²/(N·(min(r, c) − 1))) on the uncorrected X² (Cramér 1946).
 *
 * Fisher: conditional on the margins the top-left cell a follows a hypergeometric distribution. Two-sided
 * p = Σ P(a′) over the tables with P(a′) ≤ P(a)·(1 + 1e-7) (R `fisher.test`; scipy agrees except for
 * probabilities equal within 1e-7); one-sided: the tail in the direction of the alternative. The odds ratio
 * reported is the sample one, ad/(bc) (scipy `fisher_exact`).
 */
import { RadiogxError } from "../errors";
import { chiSquareSf, logGamma } from "./distributions";
import type { Alternative } from "./mannWhitney";

export interface ChiSquareResult {
  test: "chi-square";
  statistic: number;
  df: number;
  pValue: number;
  /** Expected counts under independence, same shape as the table. */
  expected: number[][];
  /** Whether Yates' correction was applied (2 × 2 tables with `correction`). */
  corrected: boolean;
  cramersV: number;
  n: number;
  note?: string;
}

function checkTable(table: readonly (readonly number[])[], fn: string): void {
  if (table.length < 2 || table[0]!.length < 2) {
    throw new RadiogxError("INVALID_ARGUMENT", `${fn}: the table must have at least 2 rows and 2 columns, got ${table.length} × ${table[0]?.length ?? 0}`, { key: "table" });
  }
  const c = table[0]!.length;
  for (let i = 0; i < table.length; i++) {
    const row = table[i]!;
    if (row.length !== c) throw new RadiogxError("INVALID_ARGUMENT", `${fn}: row ${i} has ${row.length} cells, row 0 has ${c}`, { key: "table" });
    for (let j = 0; j < c; j++) {
      const v = row[j]!;
      if (!(v >= 0) || !Number.isFinite(v)) throw new RadiogxError("INVALID_ARGUMENT", `${fn}: cell [${i}][${j}] is ${v}; counts must be non-negative numbers`, { key: "table" });
    }
  }
}

/**
 * Pearson's chi-square test of independence on an r × c table of counts.
 * @param options.correction Yates' continuity correction for 2 × 2 tables. Default true.
 * @throws RadiogxError for a malformed table.
 * @example chiSquareTest([[12, 5], [7, 16]]) // { statistic: 4.9375…, df: 1, pValue: 0.0263…, corrected: true }
 */
export function chiSquareTest(table: readonly (readonly number[])[], options: { correction?: boolean } = {}): ChiSquareResult {
  checkTable(table, "chiSquareTest");
  const r = table.length;
  const c = table[0]!.length;
  const rowSum = new Float64Array(r);
  const colSum = new Float64Array(c);
  let n = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const v = table[i]![j]!;
      rowSum[i] = rowSum[i]! + v;
      colSum[j] = colSum[j]! + v;
      n += v;
    }
  }
  const expected: number[][] = [];
  let note: string | undefined;
  for (let i = 0; i < r; i++) {
    const row: number[] = [];
    for (let j = 0; j < c; j++) row.push((rowSum[i]! * colSum[j]!) / n);
    expected.push(row);
  }
  const df = (r - 1) * (c - 1);
  const corrected = (options.correction ?? true) && df === 1;
  let stat = 0;
  let statRaw = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const e = expected[i]![j]!;
      const o = table[i]![j]!;
      if (e === 0) {
        note = "a row or column total is zero; the statistic is undefined";
        continue;
      }
      const d = o - e;
      statRaw += (d * d) / e;
      const dc = corrected ? Math.max(0, Math.abs(d) - 0.5) : Math.abs(d);
      stat += (dc * dc) / e;
    }
  }
  if (note !== undefined) stat = statRaw = NaN;
  const result: ChiSquareResult = {
    test: "chi-square",
    statistic: stat,
    df,
    pValue: chiSquareSf(stat, df),
    expected,
    corrected,
    cramersV: Math.sqrt(statRaw / (n * (Math.min(r, c) - 1))),
    n,
  };
  if (note !== undefined) result.note = note;
  return result;
}

export interface FisherResult {
  test: "fisher-exact";
  /** Sample odds ratio ad/(bc) (Infinity when bc = 0 < ad, NaN when both are 0). */
  oddsRatio: number;
  pValue: number;
  alternative: Alternative;
  n: number;
}

/**
 * Fisher's exact test on a 2 × 2 table [[a, b], [c, d]] of counts.
 * @param options.alternative "two-sided" (default), "greater" (odds ratio > 1) or "less".
 * @example fisherExact([[8, 2], [1, 5]]).pValue // 0.03496503496503495 (R fisher.test)
 */
export function fisherExact(table: readonly (readonly number[])[], options: { alternative?: Alternative } = {}): FisherResult {
  checkTable(table, "fisherExact");
  if (table.length !== 2 || table[0]!.length !== 2) {
    throw new RadiogxError("INVALID_ARGUMENT", `fisherExact: a 2 × 2 table is needed, got ${table.length} × ${table[0]!.length}`, {
      key: "table",
      hint: "use chiSquareTest for larger tables",
    });
  }
  const alternative = options.alternative ?? "two-sided";
  const a = table[0]![0]!;
  const b = table[0]![1]!;
  const c = table[1]![0]!;
  const d = table[1]![1]!;
  for (const v of [a, b, c, d]) {
    if (!Number.isInteger(v)) throw new RadiogxError("INVALID_ARGUMENT", `fisherExact: counts must be integers, got ${v}`, { key: "table" });
  }
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  const oddsRatio = b * c === 0 ? (a * d === 0 ? NaN : Infinity) : (a * d) / (b * c);
  // Support of the top-left cell given the margins, and log P(x) = log C(c1, x) C(n − c1, r1 − x)/C(n, r1).
  const lo = Math.max(0, r1 - (n - c1));
  const hi = Math.min(r1, c1);
  const lf = (k: number) => logGamma(k + 1);
  const base = lf(r1) + lf(r2) + lf(c1) + lf(n - c1) - lf(n);
  const logP = (x: number) => base - lf(x) - lf(r1 - x) - lf(c1 - x) - lf(r2 - c1 + x);
  let p = 0;
  if (alternative === "greater") {
    for (let x = a; x <= hi; x++) p += Math.exp(logP(x));
  } else if (alternative === "less") {
    for (let x = lo; x <= a; x++) p += Math.exp(logP(x));
  } else {
    const ref = logP(a) + Math.log1p(1e-7);
    for (let x = lo; x <= hi; x++) {
      const lp = logP(x);
      if (lp <= ref) p += Math.exp(lp);
    }
  }
  return { test: "fisher-exact", oddsRatio, pValue: Math.min(1, p), alternative, n };
}

export interface CrossTable {
  /** counts[i][j]: rows are the levels of `a`, columns the levels of `b`. */
  counts: number[][];
  rowLevels: string[];
  columnLevels: string[];
  /** Pairs dropped because either label was missing (null, undefined, "", NaN). */
  dropped: number;
}

/**
 * Cross-tabulates two label vectors (levels sorted; missing labels dropped and counted).
 * @example crossTabulate(["m", "w", "m"], ["y", "y", "n"]).counts // [[1, 1], [0, 1]]
 */
export function crossTabulate(a: ArrayLike<unknown>, b: ArrayLike<unknown>): CrossTable {
  if (a.length !== b.length) throw new RadiogxError("INVALID_ARGUMENT", `crossTabulate: ${a.length} and ${b.length} labels; they must be paired`, { key: "b" });
  const missing = (v: unknown) => v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
  const ra = new Set<string>();
  const rb = new Set<string>();
  let dropped = 0;
  for (let i = 0; i < a.length; i++) {
    if (missing(a[i]) || missing(b[i])) {
      dropped++;
      continue;
    }
    ra.add(String(a[i]));
    rb.add(String(b[i]));
  }
  const rowLevels = [...ra].sort(compareLevels);
  const columnLevels = [...rb].sort(compareLevels);
  const counts = rowLevels.map(() => columnLevels.map(() => 0));
  for (let i = 0; i < a.length; i++) {
    if (missing(a[i]) || missing(b[i])) continue;
    counts[rowLevels.indexOf(String(a[i]))]![columnLevels.indexOf(String(b[i]))]!++;
  }
  return { counts, rowLevels, columnLevels, dropped };
}

/** Numeric levels in numeric order, others in string order. */
export function compareLevels(x: string, y: string): number {
  const a = Number(x);
  const b = Number(y);
  if (x !== "" && y !== "" && !Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  return x < y ? -1 : x > y ? 1 : 0;
}
