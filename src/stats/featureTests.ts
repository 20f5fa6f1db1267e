/**
 * Univariate screening: every feature of a table tested against one label (mutation status, subtype,
 * response), with multiple-testing adjustment across the features — the usual first step of a radiogenomic
 * association study ("which radiomic features differ between EGFR-mutant and wild-type tumours?").
 *
 * Tests: two groups → Mann–Whitney U (default) or Welch / Student t; more groups → Kruskal–Wallis (default)
 * or one-way ANOVA. Each row carries an effect size with its name: rank-biserial correlation (Mann–Whitney;
 * positive when the `positive` group is larger), Hedges' g (t-tests, positive group minus the other),
 * ε² (Kruskal–Wallis), η² (ANOVA). Rows with a missing label are left out (and counted); a feature's missing
 * values are left out of that feature's test only.
 */
import { RadiogxError } from "../errors";
import { POSITIVE_CALLS } from "../cohort/status";
import { columnsOf, getColumn, isColumns, labelColumn, numericColumns, type Columns, type TableInput } from "../cohort/table";
import { adjustPValues, checkAdjustMethod, type AdjustMethod } from "./adjust";
import { kruskalWallis, oneWayAnova } from "./anova";
import { compareLevels } from "./contingency";
import { mannWhitneyU } from "./mannWhitney";
import { tTest } from "./tTest";

export type FeatureTestName = "mann-whitney" | "welch" | "student" | "kruskal" | "anova";

export interface FeatureTestOptions {
  /** Feature columns to test (default: every numeric column except the label). */
  features?: readonly string[];
  /** Columns to leave out (e.g. ids). */
  exclude?: readonly string[];
  /** "auto" (default): Mann–Whitney for two groups, Kruskal–Wallis for more. */
  test?: "auto" | FeatureTestName;
  /** Default "bh". */
  adjust?: AdjustMethod;
  /**
   * For two groups, the level compared against the other (effect sizes are positive when it is larger).
   * Default: "1" for 0/1 labels, a positive call such as "Mutant" when present, else the second level.
   */
  positive?: string;
  /** Groups smaller than this make a feature's test NaN (with a note). Default 2. */
  minGroupSize?: number;
}

export interface FeatureTestRow {
  feature: string;
  test: FeatureTestName;
  statistic: number;
  pValue: number;
  qValue: number;
  effect: number;
  effectName: "rank-biserial" | "hedges-g" | "epsilon-squared" | "eta-squared";
  /** Non-missing values per group, in the order of `groups`. */
  n: number[];
  /** Median (rank tests) or mean (parametric tests) per group. */
  centre: number[];
  note?: string;
}

export interface FeatureTestResult {
  label: string;
  /** Group levels; for two groups the positive level is first. */
  groups: { level: string; n: number }[];
  test: FeatureTestName;
  adjust: AdjustMethod;
  rows: FeatureTestRow[];
  /** Rows left out for a missing label. */
  missingLabels: number;
  notes: string[];
  /** Rows sorted by p-value (NaN last), optionally only q below a threshold. */
  sorted(qBelow?: number): FeatureTestRow[];
}

function median(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/**
 * Tests every feature against a label and adjusts the p-values across features.
 * @param table features (and possibly the label) as a DataFrame, `{column: values}` object or records.
 * @param label the label column's name in `table`, or the labels themselves (one per row).
 * @throws RadiogxError for fewer than two label levels, an unknown positive level, or a test that does
 *   not fit the number of groups.
 * @example testFeatures(table, "EGFR", { exclude: ["patient_id"] }).sorted(0.05)
 */
export function testFeatures(table: TableInput | Columns, label: string | ArrayLike<unknown>, options: FeatureTestOptions = {}): FeatureTestResult {
  const cols = isColumns(table) ? table : columnsOf(table, "testFeatures");
  const labelName = typeof label === "string" ? label : "label";
  const labels = labelColumn(typeof label === "string" ? getColumn(cols, label, "testFeatures") : label);
  if (labels.length !== cols.n) {
    throw new RadiogxError("INVALID_ARGUMENT", `testFeatures: ${labels.length} labels for ${cols.n} rows`, { key: "label" });
  }
  const adjust = checkAdjustMethod(options.adjust ?? "bh");
  const minGroup = options.minGroupSize ?? 2;
  let levels = [...new Set(labels.filter((l): l is string => l !== null))].sort(compareLevels);
  if (levels.length < 2) {
    throw new RadiogxError("INVALID_ARGUMENT", `testFeatures: label "${labelName}" has ${levels.length} level(s) (${levels.join(", ")}); at least 2 are needed`, { key: labelName });
  }
  if (levels.length === 2) {
    let pos = options.positive;
    if (pos === undefined) {
      pos = levels.includes("1") && levels.includes("0") ? "1" : levels.find((l) => POSITIVE_CALLS.includes(l.toLowerCase())) ?? levels[1]!;
    }
    if (!levels.includes(pos)) {
      throw new RadiogxError("INVALID_ARGUMENT", `testFeatures: positive level "${pos}" is not a level of "${labelName}" (${levels.join(", ")})`, { key: "positive" });
    }
    levels = [pos, levels.find((l) => l !== pos)!];
  }
  const requested = options.test ?? "auto";
  const test: FeatureTestName = requested === "auto" ? (levels.length === 2 ? "mann-whitney" : "kruskal") : requested;
  const twoGroup = test === "mann-whitney" || test === "welch" || test === "student";
  if (twoGroup && levels.length !== 2) {
    throw new RadiogxError("INVALID_ARGUMENT", `testFeatures: ${test} compares two groups but "${labelName}" has ${levels.length} (${levels.join(", ")})`, {
      key: "test",
      hint: 'use "kruskal" or "anova" for more groups',
    });
  }
  const exclude = [...(options.exclude ?? []), ...(typeof label === "string" ? [label] : [])];
  const num = numericColumns(cols, "testFeatures", { select: options.features, exclude });
  const groupRows: number[][] = levels.map(() => []);
  let missingLabels = 0;
  labels.forEach((l, i) => {
    if (l === null) missingLabels++;
    else groupRows[levels.indexOf(l)]!.push(i);
  });
  const rows: FeatureTestRow[] = [];
  const notes: string[] = [];
  if (num.skipped.length > 0) notes.push(`non-numeric columns not tested: ${num.skipped.map((s) => s.name).join(", ")}`);
  if (missingLabels > 0) notes.push(`${missingLabels} rows have no "${labelName}" and were left out`);
  num.names.forEach((feature, f) => {
    const v = num.data[f]!;
    const groups = groupRows.map((idx) => {
      const vals: number[] = [];
      for (const i of idx) if (!Number.isNaN(v[i]!)) vals.push(v[i]!);
      return Float64Array.from(vals);
    });
    const n = groups.map((g) => g.length);
    const base = { feature, test, n };
    if (n.some((c) => c < minGroup)) {
      rows.push({ ...base, statistic: NaN, pValue: NaN, qValue: NaN, effect: NaN, effectName: effectNameOf(test), centre: groups.map(median), note: `a group has fewer than ${minGroup} values` });
      return;
    }
    if (test === "mann-whitney") {
      const r = mannWhitneyU(groups[0]!, groups[1]!);
      rows.push({ ...base, statistic: r.statistic, pValue: r.pValue, qValue: NaN, effect: r.rankBiserial, effectName: "rank-biserial", centre: groups.map(median) });
    } else if (test === "welch" || test === "student") {
      const r = tTest(groups[0]!, groups[1]!, { welch: test === "welch" });
      rows.push({ ...base, statistic: r.statistic, pValue: r.pValue, qValue: NaN, effect: r.hedgesG, effectName: "hedges-g", centre: [r.mean1, r.mean2], ...(r.note ? { note: r.note } : {}) });
    } else if (test === "kruskal") {
      const r = kruskalWallis(groups);
      rows.push({ ...base, statistic: r.statistic, pValue: r.pValue, qValue: NaN, effect: r.epsilonSquared, effectName: "epsilon-squared", centre: groups.map(median), ...(r.note ? { note: r.note } : {}) });
    } else {
      const r = oneWayAnova(groups);
      rows.push({ ...base, statistic: r.statistic, pValue: r.pValue, qValue: NaN, effect: r.etaSquared, effectName: "eta-squared", centre: r.means, ...(r.note ? { note: r.note } : {}) });
    }
  });
  const q = adjustPValues(rows.map((r) => r.pValue), adjust);
  rows.forEach((r, i) => (r.qValue = q[i]!));
  return {
    label: labelName,
    groups: levels.map((level, i) => ({ level, n: groupRows[i]!.length })),
    test,
    adjust,
    rows,
    missingLabels,
    notes,
    sorted(qBelow) {
      const out = rows.filter((r) => qBelow === undefined || r.qValue < qBelow);
      return out.sort((a, b) => (Number.isNaN(a.pValue) ? 1 : Number.isNaN(b.pValue) ? -1 : a.pValue - b.pValue));
    },
  };
}

function effectNameOf(test: FeatureTestName): FeatureTestRow["effectName"] {
  return test === "mann-whitney" ? "rank-biserial" : test === "kruskal" ? "epsilon-squared" : test === "anova" ? "eta-squared" : "hedges-g";
}
