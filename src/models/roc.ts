/**
 * ROC analysis for a binary outcome: the empirical ROC curve, its AUC with DeLong's variance and
 * confidence interval, the paired DeLong test between two scores, stratified-bootstrap intervals, a
 * bootstrap confidence band for the curve, and one-vs-rest AUC for several classes. Numbers equal R `pROC`.
 *
 * With m positives (scores X_i) and n negatives (Y_j), ψ(x, y) = 1 if x > y, ½ if x = y, 0 otherwise:
 *   AUC = (1/mn) Σ_i Σ_j ψ(X_i, Y_j)  (Mann–Whitney),
 *   V10_i = (1/n) Σ_j ψ(X_i, Y_j),   V01_j = (1/m) Σ_i ψ(X_i, Y_j),
 *   Var(AUC) = S10/m + S01/n with S10, S01 the sample variances of V10 and V01 (DeLong et al. 1988);
 *   for two scores on the same subjects, Cov = S10_AB/m + S01_AB/n and
 *   z = (AUC_A − AUC_B) / √(Var_A + Var_B − 2 Cov), p = 2Φ(−|z|).
 * The components are computed from midranks in O(N log N) (Sun & Xu, IEEE Signal Process Lett 2014).
 * CI: AUC ± z_{1−α/2} √Var, clipped to [0, 1] (as pROC's ci.auc(method = "delong")).
 * References: DeLong, DeLong & Clarke-Pearson, Biometrics 1988; Robin et al., BMC Bioinformatics 2011 (pROC).
 */
import { checkOptions } from "./options";
import { RadiogxError } from "../errors";
import { htmlTable, formatNumber } from "./html";
import { binaryLabels, encodeLabels, type Label } from "./labels";
import { Random } from "./random";
import { toFloat64 } from "./table";
import { normalQuantile, normalSf } from "../stats/distributions";

export interface RocOptions {
  /** The positive class. Default: the second sorted class (1, true, "Poor" after "Good"). */
  positive?: Label;
  /** "higher" (default): higher scores mean the positive class (pROC direction "<");
   *  "lower": lower scores mean positive (pROC direction ">"). No automatic choice: that would inflate AUC. */
  direction?: "higher" | "lower";
  /** 1 − confidence level. Default 0.05. */
  alpha?: number;
}

export interface RocCurve {
  /** Thresholds ascending: −∞, midpoints between consecutive distinct scores, +∞ (as pROC). A sample is
   *  called positive when its (direction-adjusted) score is above the threshold. */
  readonly threshold: Float64Array;
  readonly sensitivity: Float64Array;
  readonly specificity: Float64Array;
}

export interface RocResult {
  readonly auc: number;
  /** DeLong variance of the AUC. */
  readonly variance: number;
  readonly se: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly alpha: number;
  readonly curve: RocCurve;
  readonly nPositive: number;
  readonly nNegative: number;
  readonly positive: Label;
  readonly direction: "higher" | "lower";
  toHTML(): string;
}

export interface DelongTestResult {
  readonly aucA: number;
  readonly aucB: number;
  readonly difference: number;
  readonly z: number;
  readonly pValue: number;
  readonly varianceA: number;
  readonly varianceB: number;
  readonly covariance: number;
  /** CI of AUC_A − AUC_B. */
  readonly ciLower: number;
  readonly ciUpper: number;
  toHTML(): string;
}

interface Components {
  auc: number;
  v10: Float64Array;
  v01: Float64Array;
}

/**
 * The ROC curve and AUC with DeLong's variance and CI.
 * @example rocAuc(aSAH.outcome, aSAH.s100b).auc // 0.7314 (pROC); CI 0.6301–0.8326
 * @throws RadiogxError unless labels have exactly two classes and scores are finite.
 */
export function rocAuc(labels: ArrayLike<unknown>, scores: ArrayLike<unknown>, options: RocOptions = {}): RocResult {
  checkOptions("rocAuc", options, ["positive", "direction", "alpha"]);
  const alpha = options.alpha ?? 0.05;
  const direction = options.direction ?? "higher";
  const { y, s, bl } = prepare(labels, scores, options, "rocAuc");
  const c = delongComponents(y, s, bl.nPositive, bl.nNegative);
  const variance = componentVariance(c, c, bl.nPositive, bl.nNegative);
  const se = Math.sqrt(variance);
  const z = normalQuantile(1 - alpha / 2);
  const curve = rocCurve(y, s);
  const ciLower = Math.max(0, c.auc - z * se);
  const ciUpper = Math.min(1, c.auc + z * se);
  return Object.freeze({
    auc: c.auc,
    variance,
    se,
    ciLower,
    ciUpper,
    alpha,
    curve,
    nPositive: bl.nPositive,
    nNegative: bl.nNegative,
    positive: bl.positive,
    direction,
    toHTML(): string {
      return htmlTable({
        title: `ROC analysis: ${bl.nPositive} positive (${String(bl.positive)}), ${bl.nNegative} negative (${String(bl.negative)}); ${direction} scores mean positive`,
        columns: ["AUC", "se (DeLong)", `${formatNumber(100 * (1 - alpha))}% CI lower`, `${formatNumber(100 * (1 - alpha))}% CI upper`],
        rows: [[c.auc, se, ciLower, ciUpper]],
      });
    },
  });
}

/**
 * Paired DeLong test of two scores on the same subjects (pROC `roc.test(method = "delong", paired = TRUE)`).
 * @example delongTest(aSAH.outcome, aSAH.wfns, aSAH.s100b).pValue // 0.02718 (pROC roc.test: Z = 2.209)
 */
export function delongTest(
  labels: ArrayLike<unknown>,
  scoresA: ArrayLike<unknown>,
  scoresB: ArrayLike<unknown>,
  options: RocOptions & { directionB?: "higher" | "lower" } = {},
): DelongTestResult {
  checkOptions("delongTest", options, ["positive", "direction", "directionB", "alpha"]);
  const alpha = options.alpha ?? 0.05;
  const a = prepare(labels, scoresA, options, "delongTest");
  const b = prepare(labels, scoresB, { ...options, direction: options.directionB ?? options.direction }, "delongTest");
  const m = a.bl.nPositive;
  const n = a.bl.nNegative;
  const ca = delongComponents(a.y, a.s, m, n);
  const cb = delongComponents(b.y, b.s, m, n);
  const varianceA = componentVariance(ca, ca, m, n);
  const varianceB = componentVariance(cb, cb, m, n);
  const covariance = componentVariance(ca, cb, m, n);
  const difference = ca.auc - cb.auc;
  const sd = Math.sqrt(varianceA + varianceB - 2 * covariance);
  const z = difference / sd;
  const pValue = 2 * normalSf(Math.abs(z));
  const q = normalQuantile(1 - alpha / 2);
  return Object.freeze({
    aucA: ca.auc,
    aucB: cb.auc,
    difference,
    z,
    pValue,
    varianceA,
    varianceB,
    covariance,
    ciLower: difference - q * sd,
    ciUpper: difference + q * sd,
    toHTML(): string {
      return htmlTable({
        title: `DeLong's test for two correlated ROC curves (${m} positive, ${n} negative)`,
        columns: ["AUC A", "AUC B", "difference", "z", "p", "CI lower", "CI upper"],
        rows: [[ca.auc, cb.auc, difference, z, pValue, difference - q * sd, difference + q * sd]],
      });
    },
  });
}

function prepare(labels: ArrayLike<unknown>, scores: ArrayLike<unknown>, options: RocOptions, context: string) {
  if (labels.length !== scores.length) throw new RadiogxError("INVALID_ARGUMENT", `${context}: ${labels.length} labels but ${scores.length} scores`, { key: "scores" });
  const bl = binaryLabels(labels, options.positive, context);
  const raw = toFloat64(scores, "scores", context);
  const sign = (options.direction ?? "higher") === "higher" ? 1 : -1;
  const s = new Float64Array(raw.length);
  for (let i = 0; i < s.length; i++) {
    if (!Number.isFinite(raw[i]!)) throw new RadiogxError("INVALID_ARGUMENT", `${context}: score of sample ${i} is ${raw[i]}`, { key: "scores", hint: "drop or impute samples without a score" });
    s[i] = sign * raw[i]!;
  }
  if (options.direction !== undefined && options.direction !== "higher" && options.direction !== "lower") {
    throw new RadiogxError("INVALID_SETTING", `${context}: direction must be "higher" or "lower", got "${String(options.direction)}"`, { key: "direction" });
  }
  return { y: bl.y, s, bl };
}

/** Midranks (1-based, ties share the mean rank) of the values at `idx`. */
function midranks(s: Float64Array, idx: Int32Array): Float64Array {
  const k = idx.length;
  const order = Int32Array.from(idx).sort((a, b) => s[a]! - s[b]!);
  const out = new Float64Array(s.length);
  let i = 0;
  while (i < k) {
    let j = i;
    while (j < k && s[order[j]!] === s[order[i]!]) j++;
    const r = (i + 1 + j) / 2;
    for (let q = i; q < j; q++) out[order[q]!] = r;
    i = j;
  }
  return out;
}

/** DeLong's placement values V10 (positives) and V01 (negatives) by midranks. */
export function delongComponents(y: Uint8Array, s: Float64Array, m: number, n: number): Components {
  const N = y.length;
  const all = new Int32Array(N);
  for (let i = 0; i < N; i++) all[i] = i;
  const pos = new Int32Array(m);
  const neg = new Int32Array(n);
  let a = 0;
  let b = 0;
  for (let i = 0; i < N; i++) {
    if (y[i] === 1) pos[a++] = i;
    else neg[b++] = i;
  }
  const rAll = midranks(s, all);
  const rPos = midranks(s, pos);
  const rNeg = midranks(s, neg);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    v10[i] = (rAll[pos[i]!]! - rPos[pos[i]!]!) / n;
    sum += v10[i]!;
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - (rAll[neg[j]!]! - rNeg[neg[j]!]!) / m;
  return { auc: sum / m, v10, v01 };
}

function componentVariance(a: Components, b: Components, m: number, n: number): number {
  return covariance(a.v10, b.v10) / m + covariance(a.v01, b.v01) / n;
}

function covariance(x: Float64Array, y: Float64Array): number {
  const k = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < k; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= k;
  my /= k;
  let s = 0;
  for (let i = 0; i < k; i++) s += (x[i]! - mx) * (y[i]! - my);
  return s / (k - 1);
}

/** The empirical ROC curve (direction-adjusted scores; higher means positive). */
export function rocCurve(y: Uint8Array, s: Float64Array): RocCurve {
  const N = y.length;
  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  order.sort((a, b) => s[a]! - s[b]!);
  let m = 0;
  for (let i = 0; i < N; i++) m += y[i]!;
  const n = N - m;
  const th: number[] = [-Infinity];
  const se: number[] = [1];
  const sp: number[] = [0];
  let posBelow = 0;
  let negBelow = 0;
  let i = 0;
  while (i < N) {
    const v = s[order[i]!]!;
    while (i < N && s[order[i]!] === v) {
      if (y[order[i]!] === 1) posBelow++;
      else negBelow++;
      i++;
    }
    th.push(i < N ? (v + s[order[i]!]!) / 2 : Infinity);
    se.push((m - posBelow) / m);
    sp.push(negBelow / n);
  }
  return Object.freeze({ threshold: Float64Array.from(th), sensitivity: Float64Array.from(se), specificity: Float64Array.from(sp) });
}

export interface BootstrapOptions {
  /** Number of resamples. Default 2000 (pROC's default). */
  nBoot?: number;
  /** Seed of the resampling. Default 1. */
  seed?: number;
  /** Resample positives and negatives separately, keeping their counts (pROC's default). Default true. */
  stratified?: boolean;
  /** 1 − confidence level. Default 0.05. */
  alpha?: number;
  positive?: Label;
}

export interface BootstrapResult {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** Standard deviation of the replicates. */
  readonly se: number;
  readonly replicates: Float64Array;
  /** Replicates where the metric was not finite (e.g. a resample without positives) and were left out. */
  readonly nFailed: number;
}

/**
 * Percentile bootstrap CI of any binary-classification metric (default: AUC), resampling subjects with
 * replacement (stratified by class by default). Quantiles are R's type 7 (linear interpolation).
 * @param metric (y01, scores) → value; default the Mann–Whitney AUC.
 */
export function bootstrapCi(
  labels: ArrayLike<unknown>,
  scores: ArrayLike<unknown>,
  options: BootstrapOptions & { metric?: (y: Uint8Array, scores: Float64Array) => number } = {},
): BootstrapResult {
  checkOptions("bootstrapCi", options, ["nBoot", "seed", "stratified", "alpha", "positive", "metric"]);
  const nBoot = options.nBoot ?? 2000;
  const alpha = options.alpha ?? 0.05;
  const stratified = options.stratified ?? true;
  const metric = options.metric ?? ((y: Uint8Array, s: Float64Array) => aucOf(y, s));
  const { y, s, bl } = prepare(labels, scores, { positive: options.positive }, "bootstrapCi");
  const rng = new Random(options.seed ?? 1);
  const N = y.length;
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < N; i++) (y[i] === 1 ? pos : neg).push(i);
  const yb = new Uint8Array(N);
  const sb = new Float64Array(N);
  const reps: number[] = [];
  let nFailed = 0;
  for (let b = 0; b < nBoot; b++) {
    if (stratified) {
      for (let k = 0; k < bl.nPositive; k++) {
        const i = pos[rng.int(pos.length)]!;
        yb[k] = 1;
        sb[k] = s[i]!;
      }
      for (let k = 0; k < bl.nNegative; k++) {
        const i = neg[rng.int(neg.length)]!;
        yb[bl.nPositive + k] = 0;
        sb[bl.nPositive + k] = s[i]!;
      }
    } else {
      for (let k = 0; k < N; k++) {
        const i = rng.int(N);
        yb[k] = y[i]!;
        sb[k] = s[i]!;
      }
    }
    const v = metric(yb, sb);
    if (Number.isFinite(v)) reps.push(v);
    else nFailed++;
  }
  const replicates = Float64Array.from(reps).sort();
  let mean = 0;
  for (const v of replicates) mean += v;
  mean /= replicates.length;
  let ss = 0;
  for (const v of replicates) ss += (v - mean) ** 2;
  return Object.freeze({
    estimate: metric(y, s),
    lower: quantile7(replicates, alpha / 2),
    upper: quantile7(replicates, 1 - alpha / 2),
    se: Math.sqrt(ss / (replicates.length - 1)),
    replicates,
    nFailed,
  });
}

/** Mann–Whitney AUC of 0/1 labels and scores (NaN when a class is absent). */
export function aucOf(y: Uint8Array, s: Float64Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i]!;
  const n = y.length - m;
  if (m === 0 || n === 0) return NaN;
  return delongComponents(y, s, m, n).auc;
}

/** R's type-7 quantile of sorted values. */
export function quantile7(sorted: Float64Array, p: number): number {
  const k = sorted.length;
  if (k === 0) return NaN;
  const h = (k - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(k - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface RocBand {
  readonly specificity: Float64Array;
  readonly sensitivity: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * Bootstrap confidence band of sensitivity at fixed specificities (pROC's `ci.se`: stratified resamples,
 * type-7 quantiles), for plotting a ROC curve with a CI band. Sensitivity at specificity sp is read off the
 * curve as pROC's `coords(input = "specificity")` does: at a curve point with specificity exactly sp, the
 * highest sensitivity there; between points, linear interpolation between the neighbouring points.
 * `sensitivity` is that value on the full data (pROC reports the bootstrap median instead).
 */
export function rocConfidenceBand(
  labels: ArrayLike<unknown>,
  scores: ArrayLike<unknown>,
  options: BootstrapOptions & { specificities?: ArrayLike<number>; direction?: "higher" | "lower" } = {},
): RocBand {
  checkOptions("rocConfidenceBand", options, ["nBoot", "seed", "stratified", "alpha", "positive", "specificities", "direction"]);
  const specs = Float64Array.from(options.specificities ?? Array.from({ length: 51 }, (_, i) => i / 50));
  for (const sp of specs) {
    if (!(sp >= 0 && sp <= 1)) throw new RadiogxError("INVALID_ARGUMENT", `rocConfidenceBand: specificity ${sp} is outside [0, 1]`, { key: "specificities" });
  }
  const alpha = options.alpha ?? 0.05;
  const stratified = options.stratified ?? true;
  const { y, s, bl } = prepare(labels, scores, { positive: options.positive, direction: options.direction }, "rocConfidenceBand");
  const nBoot = options.nBoot ?? 2000;
  const rng = new Random(options.seed ?? 1);
  const N = y.length;
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < N; i++) (y[i] === 1 ? pos : neg).push(i);
  const perSpec: number[][] = Array.from(specs, () => []);
  const yb = new Uint8Array(N);
  const sb = new Float64Array(N);
  for (let b = 0; b < nBoot; b++) {
    if (stratified) {
      for (let k = 0; k < bl.nPositive; k++) {
        yb[k] = 1;
        sb[k] = s[pos[rng.int(pos.length)]!]!;
      }
      for (let k = 0; k < bl.nNegative; k++) {
        yb[bl.nPositive + k] = 0;
        sb[bl.nPositive + k] = s[neg[rng.int(neg.length)]!]!;
      }
    } else {
      let m = 0;
      for (let k = 0; k < N; k++) {
        const i = rng.int(N);
        yb[k] = y[i]!;
        sb[k] = s[i]!;
        m += y[i]!;
      }
      // A resample without both classes has no curve (pROC drops its NA row).
      if (m === 0 || m === N) continue;
    }
    const c = rocCurve(yb, sb);
    for (let q = 0; q < specs.length; q++) perSpec[q]!.push(sensitivityAt(c, specs[q]!));
  }
  const full = rocCurve(y, s);
  const lower = new Float64Array(specs.length);
  const upper = new Float64Array(specs.length);
  const sens = new Float64Array(specs.length);
  for (let q = 0; q < specs.length; q++) {
    const v = Float64Array.from(perSpec[q]!).sort();
    lower[q] = quantile7(v, alpha / 2);
    upper[q] = quantile7(v, 1 - alpha / 2);
    sens[q] = sensitivityAt(full, specs[q]!);
  }
  return Object.freeze({ specificity: specs, sensitivity: sens, lower, upper });
}

/**
 * Sensitivity at specificity `sp` (0 ≤ sp ≤ 1) on a curve ordered by ascending threshold (specificity
 * non-decreasing): pROC's rule, see rocConfidenceBand.
 */
export function sensitivityAt(c: RocCurve, sp: number): number {
  const spec = c.specificity;
  const sens = c.sensitivity;
  let next = 0;
  while (next < spec.length && spec[next]! < sp) next++;
  if (next === spec.length) return sens[spec.length - 1]!;
  if (spec[next] === sp || next === 0) return sens[next]!;
  const f = (sp - spec[next]!) / (spec[next - 1]! - spec[next]!);
  return sens[next]! + f * (sens[next - 1]! - sens[next]!);
}

export interface OneVsRestResult {
  readonly classes: readonly Label[];
  /** AUC of each class against the rest. */
  readonly perClass: readonly { readonly label: Label; readonly auc: number; readonly ciLower: number; readonly ciUpper: number; readonly n: number }[];
  /** Unweighted mean of the per-class AUCs (scikit-learn's multi_class="ovr", average="macro"). */
  readonly macro: number;
  /** Mean weighted by class prevalence (average="weighted"). */
  readonly weighted: number;
}

/**
 * One-vs-rest AUC for several classes from a probability (or score) matrix with one column per class.
 * @param probabilities n rows × k columns, columns in `classes` order (default: sorted labels).
 */
export function oneVsRestAuc(
  labels: ArrayLike<unknown>,
  probabilities: readonly ArrayLike<number>[],
  options: { classes?: readonly Label[]; alpha?: number } = {},
): OneVsRestResult {
  const enc = encodeLabels(labels, "oneVsRestAuc");
  const classes = options.classes ?? enc.classes;
  if (probabilities.length !== labels.length) throw new RadiogxError("INVALID_ARGUMENT", `oneVsRestAuc: ${labels.length} labels but ${probabilities.length} probability rows`, { key: "probabilities" });
  const perClass = classes.map((label, k) => {
    const yk = Array.from({ length: labels.length }, (_, i) => (String(labels[i]) === String(label) ? 1 : 0));
    const sk = probabilities.map((row) => {
      const v = row[k];
      if (v === undefined) throw new RadiogxError("INVALID_ARGUMENT", `oneVsRestAuc: probability rows need ${classes.length} columns`, { key: "probabilities" });
      return v;
    });
    const r = rocAuc(yk, sk, { positive: 1, alpha: options.alpha });
    return Object.freeze({ label, auc: r.auc, ciLower: r.ciLower, ciUpper: r.ciUpper, n: r.nPositive });
  });
  let macro = 0;
  let weighted = 0;
  let total = 0;
  for (const c of perClass) {
    macro += c.auc;
    weighted += c.auc * c.n;
    total += c.n;
  }
  return Object.freeze({ classes: Object.freeze([...classes]), perClass: Object.freeze(perClass), macro: macro / perClass.length, weighted: weighted / total });
}
