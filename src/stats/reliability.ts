/**
 * Reliability and agreement: intraclass correlation (all six Shrout–Fleiss forms), Lin's concordance
 * correlation coefficient, and a filter keeping the features that are reproducible across test–retest scans
 * or perturbed extractions.
 *
 * ICC (Shrout & Fleiss 1979; McGraw & Wong 1996), from the two-way ANOVA of n targets × k raters:
 * MSB (between targets, n − 1 df), MSJ (between raters, k − 1 df), MSE (residual, (n − 1)(k − 1) df) and
 * MSW = (SSJ + SSE)/(n(k − 1)) (within targets):
 *   ICC1  = (MSB − MSW)/(MSB + (k − 1)MSW)                      one-way random, single rater
 *   ICC2  = (MSB − MSE)/(MSB + (k − 1)MSE + k(MSJ − MSE)/n)     two-way random, absolute agreement, single
 *   ICC3  = (MSB − MSE)/(MSB + (k − 1)MSE)                      two-way mixed, consistency, single
 *   ICC1k = (MSB − MSW)/MSB,  ICC2k = (MSB − MSE)/(MSB + (MSJ − MSE)/n),  ICC3k = (MSB − MSE)/MSB  (mean of k)
 * F tests: MSB/MSW on (n − 1, n(k − 1)) df for ICC1/ICC1k, MSB/MSE on (n − 1, (n − 1)(k − 1)) for the others.
 * Confidence intervals: Shrout & Fleiss (1979) exact F-based bounds for ICC1/ICC3 and their k forms, and the
 * Satterthwaite approximation (McGraw & Wong 1996) for ICC2/ICC2k — as R `psych::ICC` and pingouin compute them.
 *
 * Lin's CCC (Lin 1989): ρc = 2s_xy/(s²ₓ + s²ᵧ + (x̄ − ȳ)²) with 1/n moments; CI from Z = atanh(ρc) with Lin's
 * asymptotic variance (Lin 1989, eq. 13 as corrected in Lin 2000).
 */
import { RadiogxError } from "../errors";
import { columnsOf, getColumn, isColumns, labelColumn, type Columns, type TableInput } from "../cohort/table";
import { fQuantile, fSf, normalQuantile } from "./distributions";
import { compareLevels } from "./contingency";

export type IccType = "ICC1" | "ICC2" | "ICC3" | "ICC1k" | "ICC2k" | "ICC3k";
export const ICC_TYPES: readonly IccType[] = ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"];

export interface IccRow {
  type: IccType;
  description: string;
  icc: number;
  F: number;
  df1: number;
  df2: number;
  pValue: number;
  /** Confidence interval at `confidence` (default 95%). */
  ci: [number, number];
}

export interface IccResult {
  /** The six forms, in the order ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k. */
  rows: IccRow[];
  /** Number of targets (subjects) and raters used. */
  n: number;
  k: number;
  /** Mean squares of the two-way ANOVA. */
  ms: { between: number; within: number; raters: number; error: number };
  /** Targets dropped because a rating was missing. */
  dropped: string[];
  /** One form by name. */
  get(type: IccType): IccRow;
}

export interface IccOptions {
  /** Column naming the targets (subjects, patients). Required for long tables. */
  targets?: string;
  /** Column naming the raters (readers, scans, perturbations). Required for long tables. */
  raters?: string;
  /** Column of the ratings (a feature's values). Required for long tables. */
  ratings?: string;
  /** Confidence level of the intervals. Default 0.95. */
  confidence?: number;
}

const DESCRIPTIONS: Record<IccType, string> = {
  ICC1: "Single raters absolute",
  ICC2: "Single random raters",
  ICC3: "Single fixed raters",
  ICC1k: "Average raters absolute",
  ICC2k: "Average random raters",
  ICC3k: "Average fixed raters",
};

/**
 * ICC from a complete targets × raters matrix (rows = targets). Rows with a NaN are dropped (listwise).
 * @throws RadiogxError with fewer than 2 complete targets or 2 raters.
 */
export function iccFromMatrix(matrix: readonly ArrayLike<number>[], options: { confidence?: number; targetNames?: readonly string[] } = {}): IccResult {
  const confidence = options.confidence ?? 0.95;
  const k = matrix[0]?.length ?? 0;
  const dropped: string[] = [];
  const rows: ArrayLike<number>[] = [];
  matrix.forEach((r, i) => {
    if (r.length !== k) throw new RadiogxError("INVALID_ARGUMENT", `icc: target ${i} has ${r.length} ratings, target 0 has ${k}`, { key: "ratings" });
    let ok = true;
    for (let j = 0; j < k; j++) if (!Number.isFinite(r[j]!)) ok = false;
    if (ok) rows.push(r);
    else dropped.push(options.targetNames?.[i] ?? String(i));
  });
  const n = rows.length;
  if (k < 2) throw new RadiogxError("INVALID_ARGUMENT", `icc: ${k} rater(s); at least 2 are needed`, { key: "raters" });
  if (n < 2) throw new RadiogxError("INVALID_ARGUMENT", `icc: ${n} target(s) with complete ratings; at least 2 are needed`, { key: "targets" });
  let grand = 0;
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const v = rows[i]![j]!;
      rowMean[i] = rowMean[i]! + v;
      colMean[j] = colMean[j]! + v;
      grand += v;
    }
  }
  grand /= n * k;
  let ssr = 0;
  let ssc = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    rowMean[i] = rowMean[i]! / k;
    ssr += (rowMean[i]! - grand) ** 2;
  }
  for (let j = 0; j < k; j++) {
    colMean[j] = colMean[j]! / n;
    ssc += (colMean[j]! - grand) ** 2;
  }
  ssr *= k;
  ssc *= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sst += (rows[i]![j]! - grand) ** 2;
  const sse = sst - ssr - ssc;
  const msb = ssr / (n - 1);
  const msj = ssc / (k - 1);
  const dfe = (n - 1) * (k - 1);
  const mse = sse / dfe;
  const msw = (ssc + sse) / (n * (k - 1));
  const icc1 = (msb - msw) / (msb + (k - 1) * msw);
  const icc2 = (msb - mse) / (msb + (k - 1) * mse + (k * (msj - mse)) / n);
  const icc3 = (msb - mse) / (msb + (k - 1) * mse);
  const icc1k = (msb - msw) / msb;
  const icc2k = (msb - mse) / (msb + (msj - mse) / n);
  const icc3k = (msb - mse) / msb;
  const df1 = n - 1;
  const df1kd = n * (k - 1);
  const f1 = msb / msw;
  const f3 = msb / mse;
  const p1 = fSf(f1, df1, df1kd);
  const p3 = fSf(f3, df1, dfe);
  const hi = 1 - (1 - confidence) / 2;
  // Perfect agreement (no residual variance) makes F infinite: the consistency ICCs are exactly 1 and their
  // intervals collapse there; the F-based formulas below would otherwise divide ∞ by ∞.
  const exact = msb > 0 && mse <= 1e-14 * msb;
  const f1l = f1 / fQuantile(hi, df1, df1kd);
  const f1u = f1 * fQuantile(hi, df1kd, df1);
  const f3l = exact ? Infinity : f3 / fQuantile(hi, df1, dfe);
  const f3u = exact ? Infinity : f3 * fQuantile(hi, dfe, df1);
  const l1 = f1l === Infinity ? 1 : (f1l - 1) / (f1l + (k - 1));
  const u1 = f1u === Infinity ? 1 : (f1u - 1) / (f1u + (k - 1));
  const l3 = exact ? 1 : (f3l - 1) / (f3l + (k - 1));
  const u3 = exact ? 1 : (f3u - 1) / (f3u + (k - 1));
  // ICC2: Satterthwaite degrees of freedom v (McGraw & Wong 1996, Table 7).
  const fj = msj / mse;
  const a = n * (1 + (k - 1) * icc2) - k * icc2;
  const v = exact ? Number.NaN : (dfe * (k * icc2 * fj + a) ** 2) / (df1 * k * k * icc2 * icc2 * fj * fj + a * a);
  const f2u = exact ? Number.NaN : fQuantile(hi, n - 1, v);
  const f2l = exact ? Number.NaN : fQuantile(hi, v, n - 1);
  const l2 = exact ? icc2 : (n * (msb - f2u * mse)) / (f2u * (k * msj + (k * n - k - n) * mse) + n * msb);
  const u2 = exact ? icc2 : (n * (f2l * msb - mse)) / (k * msj + (k * n - k - n) * mse + n * f2l * msb);
  const mk = (type: IccType, icc: number, F: number, d2: number, p: number, ci: [number, number]): IccRow => ({
    type,
    description: DESCRIPTIONS[type],
    icc,
    F,
    df1,
    df2: d2,
    pValue: p,
    ci,
  });
  const out: IccRow[] = [
    mk("ICC1", icc1, f1, df1kd, p1, [l1, u1]),
    mk("ICC2", icc2, f3, dfe, p3, [l2, u2]),
    mk("ICC3", icc3, f3, dfe, p3, [l3, u3]),
    mk("ICC1k", icc1k, f1, df1kd, p1, [1 - 1 / f1l, 1 - 1 / f1u]),
    mk("ICC2k", icc2k, f3, dfe, p3, [(l2 * k) / (1 + l2 * (k - 1)), (u2 * k) / (1 + u2 * (k - 1))]),
    mk("ICC3k", icc3k, f3, dfe, p3, [1 - 1 / f3l, 1 - 1 / f3u]),
  ];
  return {
    rows: out,
    n,
    k,
    ms: { between: msb, within: msw, raters: msj, error: mse },
    dropped,
    get(type) {
      return out.find((r) => r.type === type)!;
    },
  };
}

/** Long → wide: targets × raters matrix, with target and rater levels in sorted order. */
function toMatrix(table: TableInput | Columns, options: IccOptions, context: string): { matrix: Float64Array[]; targets: string[]; raters: string[] } {
  const { targets: tCol, raters: rCol, ratings: vCol } = options;
  if (tCol === undefined || rCol === undefined || vCol === undefined) {
    throw new RadiogxError("INVALID_ARGUMENT", `${context}: name the columns { targets, raters, ratings } of the long table`, { key: "targets" });
  }
  const cols = isColumns(table) ? table : columnsOf(table, context);
  const t = labelColumn(getColumn(cols, tCol, context));
  const r = labelColumn(getColumn(cols, rCol, context));
  const v = getColumn(cols, vCol, context);
  const targets = [...new Set(t.filter((x): x is string => x !== null))].sort(compareLevels);
  const raters = [...new Set(r.filter((x): x is string => x !== null))].sort(compareLevels);
  const ti = new Map(targets.map((x, i) => [x, i]));
  const ri = new Map(raters.map((x, i) => [x, i]));
  const matrix = targets.map(() => new Float64Array(raters.length).fill(NaN));
  for (let i = 0; i < t.length; i++) {
    if (t[i] === null || r[i] === null) continue;
    const raw = v[i];
    const x = typeof raw === "number" ? raw : raw === null || raw === undefined || raw === "" ? NaN : Number(raw);
    const row = matrix[ti.get(t[i]!)!]!;
    const j = ri.get(r[i]!)!;
    if (!Number.isNaN(row[j]!)) {
      throw new RadiogxError("INVALID_ARGUMENT", `${context}: target "${t[i]}" has two ratings by rater "${r[i]}"`, { key: rCol, hint: "each target–rater pair must appear once" });
    }
    row[j] = x;
  }
  return { matrix, targets, raters };
}

/**
 * The six Shrout–Fleiss ICC forms with F, df, p and confidence intervals, from a long table (one row per
 * target × rater) — R `psych::ICC`, pingouin `intraclass_corr`. Targets with a missing rating are dropped
 * and listed in `dropped`.
 * @example icc(wine, { targets: "Wine", raters: "Judge", ratings: "Scores" }).get("ICC2").icc // 0.7277…
 */
export function icc(table: TableInput | Columns, options: IccOptions): IccResult {
  const { matrix, targets } = toMatrix(table, options, "icc");
  return iccFromMatrix(matrix, { confidence: options.confidence, targetNames: targets });
}

export interface ConcordanceResult {
  /** Lin's concordance correlation coefficient ρc. */
  ccc: number;
  /** Pearson r (precision) and the bias correction factor C_b = ρc/r (accuracy). */
  pearson: number;
  biasCorrection: number;
  ci: [number, number];
  n: number;
}

/**
 * Lin's concordance correlation coefficient of paired measurements (pairs with a NaN dropped).
 * @example concordance([1, 2, 3, 4], [1.1, 2.1, 2.9, 4.2]).ccc // 0.9925…
 */
export function concordance(x: ArrayLike<number>, y: ArrayLike<number>, options: { confidence?: number } = {}): ConcordanceResult {
  if (x.length !== y.length) throw new RadiogxError("INVALID_ARGUMENT", `concordance: ${x.length} and ${y.length} values; they must be paired`, { key: "y" });
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) {
      xs.push(x[i]!);
      ys.push(y[i]!);
    }
  }
  const n = xs.length;
  if (n < 3) throw new RadiogxError("INVALID_ARGUMENT", `concordance: ${n} complete pairs; at least 3 are needed`, { key: "x" });
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  sxx /= n;
  syy /= n;
  sxy /= n;
  const p = (2 * sxy) / (sxx + syy + (mx - my) ** 2);
  const r = sxy / Math.sqrt(sxx * syy);
  const u = (mx - my) / Math.pow(sxx * syy, 0.25);
  const one = 1 - p * p;
  const varZ = (((1 - r * r) * p * p) / (one * r * r) + (2 * p ** 3 * (1 - p) * u * u) / (r * one * one) - (p ** 4 * u ** 4) / (2 * r * r * one * one)) / (n - 2);
  const z = Math.atanh(p);
  const q = normalQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2);
  const se = Math.sqrt(varZ);
  return { ccc: p, pearson: r, biasCorrection: p / r, ci: [Math.tanh(z - q * se), Math.tanh(z + q * se)], n };
}

export interface RobustFeatureOptions {
  /** Column naming the targets (patients, lesions). */
  targets: string;
  /** Column naming the repetition (test/retest scan, perturbation, reader). */
  raters: string;
  /** Feature columns to assess; default every numeric column but targets/raters. */
  features?: readonly string[];
  /** ICC form. Default "ICC2" (two-way random, absolute agreement, single measurement; Koo & Li 2016). */
  type?: IccType;
  /** Keep a feature when its ICC (or its lower bound) ≥ threshold. Default 0.75 ("good", Koo & Li 2016). */
  threshold?: number;
  /** Compare the "estimate" (default) or the "lower" 95% confidence bound to the threshold. */
  use?: "estimate" | "lower";
}

export interface RobustFeatureResult {
  /** Features that pass, in input order. */
  kept: string[];
  /** Every feature with its ICC row (or the reason it could not be computed). */
  details: { feature: string; icc: number; lower: number; upper: number; kept: boolean; note?: string }[];
}

/**
 * Keeps the features whose ICC across repetitions (test–retest scans, segmentation perturbations) passes a
 * threshold, from a long table with one row per target × repetition and one column per feature.
 * @example robustFeatures(retest, { targets: "patient", raters: "scan" }).kept
 */
export function robustFeatures(table: TableInput, options: RobustFeatureOptions): RobustFeatureResult {
  const cols = isColumns(table) ? table : columnsOf(table, "robustFeatures");
  const type = options.type ?? "ICC2";
  const threshold = options.threshold ?? 0.75;
  const use = options.use ?? "estimate";
  const features = options.features ?? cols.names.filter((c) => c !== options.targets && c !== options.raters && Array.from(cols.columns.get(c)!).every((v) => typeof v === "number" || v === null));
  const details: RobustFeatureResult["details"] = [];
  const kept: string[] = [];
  for (const f of features) {
    try {
      const r = icc(cols, { targets: options.targets, raters: options.raters, ratings: f }).get(type);
      const value = use === "lower" ? r.ci[0] : r.icc;
      const ok = value >= threshold;
      if (ok) kept.push(f);
      details.push({ feature: f, icc: r.icc, lower: r.ci[0], upper: r.ci[1], kept: ok, ...(Number.isNaN(r.icc) ? { note: "constant feature: ICC undefined" } : {}) });
    } catch (e) {
      details.push({ feature: f, icc: NaN, lower: NaN, upper: NaN, kept: false, note: (e as Error).message });
    }
  }
  return { kept, details };
}
