/**
 * Feature selection as pipeline steps (fitted on training folds only, so cross-validated estimates stay
 * honest), plus the underlying functions:
 * - `univariateTests` / `SelectUnivariate`: a two-sample test per feature (Welch's t, Mann–Whitney U) or
 *   one-way ANOVA F for k classes, with Benjamini–Hochberg FDR q-values; keep q ≤ `fdr`, then the `k`
 *   smallest p-values.
 * - `mrmr` / `SelectMrmr`: minimum-redundancy maximum-relevance, relevance = ANOVA F, redundancy = mean
 *   |Pearson r| with the features already chosen; "quotient" (FCQ, default) F / redundancy, or
 *   "difference" (FCD) F − redundancy (Ding & Peng, J Bioinform Comput Biol 2005; Zhao, Anand & Wang,
 *   IEEE DSAA 2019 — the `mrmr_selection` package's `mrmr_classif`).
 * - `lassoPath` / `SelectLasso`: L1-penalised logistic regression over a path of penalties
 *   (Friedman, Hastie & Tibshirani 2010), keeping the features with non-zero coefficients.
 * - `svmRfe` / `SelectSvmRfe`: recursive feature elimination with a linear SVM, dropping the feature(s)
 *   with the smallest w_j² each round (Guyon, Weston, Barnhill & Vapnik, Mach Learn 2002).
 * - `SelectIcc`: keep features whose test–retest / inter-observer ICC (computed beforehand, e.g. by the
 *   stats layer's ICC) reaches a threshold (default 0.75, "good" reliability per Koo & Li, J Chiropr Med 2016).
 */
import { RadiogxError } from "../errors";
import { type FittedTransformer, type ModelJSON, type Transformer, resolveParams, requireSetting, transformerJSON } from "./estimator";
import { encodeLabels, type Label } from "./labels";
import { fitBinaryLogistic, LogisticRegression } from "./logistic";
import { type Dense, type FeatureMatrix, requireFinite, selectColumns, toDense } from "./matrix";
import { SVC } from "./svm";
import { adjustPValues } from "../stats/adjust";
import { fSf, normalSf, studentTTwoSided } from "../stats/distributions";

// ---------------------------------------------------------------------------------------------------
// Univariate tests and FDR

export type UnivariateTest = "welch" | "mannwhitney" | "anova";

export interface UnivariateResult {
  readonly feature: string;
  readonly statistic: number;
  readonly pValue: number;
  /** Benjamini–Hochberg adjusted p-value. */
  readonly qValue: number;
}

/**
 * One test per feature. "welch": Welch's unequal-variance t-test (two classes); "mannwhitney": Mann–Whitney
 * U with the normal approximation, tie correction and continuity correction (scipy's `mannwhitneyu(method =
 * "asymptotic")`); "anova": one-way ANOVA F (scikit-learn's `f_classif`, any number of classes).
 */
export function univariateTests(X: FeatureMatrix | Dense, y: ArrayLike<Label>, test: UnivariateTest = "welch", featureNames?: readonly string[]): UnivariateResult[] {
  const D = toDense(X, "univariateTests", featureNames);
  const { codes, k } = encode(y, D.n, "univariateTests");
  return univariateDense(D, codes, k, test);
}

function encode(y: ArrayLike<Label>, n: number, context: string): { codes: Int32Array; k: number } {
  if (y.length !== n) throw new RadiogxError("INVALID_ARGUMENT", `${context}: ${n} samples but ${y.length} labels`, { key: "y" });
  const enc = encodeLabels(y, context);
  return { codes: enc.codes, k: enc.classes.length };
}

function univariateDense(D: Dense, codes: Int32Array, k: number, test: UnivariateTest): UnivariateResult[] {
  requireFinite(D, "univariateTests");
  if (test !== "anova" && k !== 2) throw new RadiogxError("INVALID_SETTING", `univariateTests: "${test}" compares two classes, found ${k}`, { key: "test", hint: 'use test: "anova" for several classes' });
  requireSetting(["welch", "mannwhitney", "anova"].includes(test), "univariateTests", "test", '"welch", "mannwhitney" or "anova"', test);
  const { n, p, data } = D;
  const stats = new Float64Array(p);
  const pv = new Float64Array(p);
  const col = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) col[i] = data[i * p + j]!;
    const [s, pval] = test === "welch" ? welch(col, codes) : test === "mannwhitney" ? mannWhitney(col, codes) : anovaF(col, codes, k);
    stats[j] = s;
    pv[j] = pval;
  }
  const q = adjustPValues(pv, "bh");
  return Array.from({ length: p }, (_, j) => Object.freeze({ feature: D.names[j]!, statistic: stats[j]!, pValue: pv[j]!, qValue: q[j]! }));
}

/** Welch's t (class 1 minus class 0) and two-sided p with Welch–Satterthwaite df. */
function welch(x: Float64Array, codes: Int32Array): [number, number] {
  let n0 = 0;
  let n1 = 0;
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < x.length; i++) {
    if (codes[i] === 1) {
      n1++;
      s1 += x[i]!;
    } else {
      n0++;
      s0 += x[i]!;
    }
  }
  const m0 = s0 / n0;
  const m1 = s1 / n1;
  let v0 = 0;
  let v1 = 0;
  for (let i = 0; i < x.length; i++) {
    if (codes[i] === 1) v1 += (x[i]! - m1) ** 2;
    else v0 += (x[i]! - m0) ** 2;
  }
  v0 /= n0 - 1;
  v1 /= n1 - 1;
  const se2 = v0 / n0 + v1 / n1;
  if (!(se2 > 0)) return [NaN, 1];
  const t = (m1 - m0) / Math.sqrt(se2);
  const df = se2 ** 2 / ((v0 / n0) ** 2 / (n0 - 1) + (v1 / n1) ** 2 / (n1 - 1));
  return [t, studentTTwoSided(t, df)];
}

/** Mann–Whitney U of class 1 (midranks), normal approximation with tie and continuity corrections. */
function mannWhitney(x: Float64Array, codes: Int32Array): [number, number] {
  const n = x.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  let r1 = 0;
  let n1 = 0;
  let tieTerm = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && x[order[j]!] === x[order[i]!]) j++;
    const rank = (i + 1 + j) / 2;
    const t = j - i;
    tieTerm += t * t * t - t;
    for (let q = i; q < j; q++) {
      if (codes[order[q]!] === 1) {
        r1 += rank;
        n1++;
      }
    }
    i = j;
  }
  const n0 = n - n1;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const mu = (n0 * n1) / 2;
  const sigma = Math.sqrt(((n0 * n1) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) return [u1, 1];
  const z = (Math.abs(u1 - mu) - 0.5) / sigma;
  return [u1, Math.min(1, 2 * normalSf(Math.max(z, 0)))];
}

/** One-way ANOVA F and its p-value. */
function anovaF(x: Float64Array, codes: Int32Array, k: number): [number, number] {
  const n = x.length;
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums[codes[i]!]! += x[i]!;
    counts[codes[i]!]!++;
    total += x[i]!;
  }
  const grand = total / n;
  let ssb = 0;
  for (let c = 0; c < k; c++) if (counts[c]! > 0) ssb += counts[c]! * (sums[c]! / counts[c]! - grand) ** 2;
  let ssw = 0;
  for (let i = 0; i < n; i++) ssw += (x[i]! - sums[codes[i]!]! / counts[codes[i]!]!) ** 2;
  const dfb = k - 1;
  const dfw = n - k;
  const F = ssb / dfb / (ssw / dfw);
  if (!Number.isFinite(F)) return [NaN, 1];
  return [F, fSf(F, dfb, dfw)];
}

// ---------------------------------------------------------------------------------------------------
// Fitted selector shared by all selection steps

export class FittedSelector implements FittedTransformer {
  readonly featureNamesOut: readonly string[];
  constructor(
    readonly kind: string,
    readonly params: Readonly<Record<string, unknown>>,
    readonly featureNamesIn: readonly string[],
    /** Indices (into the input columns) of the kept features, in selection/ranking order. */
    readonly selected: readonly number[],
    /** Per-feature details (p-values, scores, ranks) for inspection. */
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly notes: readonly string[] = [],
  ) {
    this.featureNamesOut = Object.freeze(selected.map((j) => featureNamesIn[j]!));
    Object.freeze(this);
  }
  transform(X: Dense): Dense {
    if (X.p !== this.featureNamesIn.length) throw new RadiogxError("INVALID_ARGUMENT", `${this.kind}.transform: fitted on ${this.featureNamesIn.length} features, got ${X.p}`, { key: "X" });
    return selectColumns(X, this.selected as number[]);
  }
  toJSON(): ModelJSON {
    return transformerJSON(this.kind, this.params, { featureNamesIn: this.featureNamesIn, selected: this.selected, notes: this.notes });
  }
  static fromJSON(json: ModelJSON): FittedSelector {
    const s = json.state as { featureNamesIn: string[]; selected: number[]; notes?: string[] };
    return new FittedSelector(json.kind, json.params, s.featureNamesIn, s.selected, {}, s.notes ?? []);
  }
}

export interface SelectUnivariateParams {
  /** Test: "welch" (default), "mannwhitney", or "anova" (any number of classes). */
  test: UnivariateTest;
  /** Keep features with BH q ≤ fdr; null for no FDR filter. Default 0.05. */
  fdr: number | null;
  /** Then keep at most k features with the smallest p-values; null for no limit. Default null. */
  k: number | null;
}

export class SelectUnivariate implements Transformer<FittedSelector> {
  readonly kind = "SelectUnivariate";
  readonly params: Readonly<SelectUnivariateParams>;
  constructor(params: Partial<SelectUnivariateParams> = {}) {
    this.params = resolveParams(this.kind, { test: "welch", fdr: 0.05, k: null }, params);
    requireSetting(this.params.fdr === null || (this.params.fdr > 0 && this.params.fdr <= 1), this.kind, "fdr", "null or in (0, 1]", this.params.fdr);
    requireSetting(this.params.k === null || (Number.isInteger(this.params.k) && this.params.k >= 1), this.kind, "k", "null or an integer ≥ 1", this.params.k);
  }
  withParams(params: Partial<SelectUnivariateParams>): SelectUnivariate {
    return new SelectUnivariate({ ...this.params, ...params });
  }
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedSelector {
    const res = univariateDense(X, codes, classes.length, this.params.test);
    let order = res.map((_, j) => j).sort((a, b) => res[a]!.pValue - res[b]!.pValue || a - b);
    const notes: string[] = [];
    if (this.params.fdr !== null) {
      const fdr = this.params.fdr;
      const passing = order.filter((j) => res[j]!.qValue <= fdr);
      if (passing.length === 0) {
        notes.push(`no feature reached q ≤ ${fdr}; kept the one with the smallest p-value (${res[order[0]!]!.feature}, p = ${res[order[0]!]!.pValue.toExponential(3)})`);
        order = order.slice(0, 1);
      } else order = passing;
    }
    if (this.params.k !== null) order = order.slice(0, this.params.k);
    return new FittedSelector(this.kind, this.params, X.names, order, { tests: res }, notes);
  }
}

// ---------------------------------------------------------------------------------------------------
// mRMR

export interface MrmrOptions {
  /** Number of features to select. */
  k: number;
  /** "quotient" (FCQ, default) or "difference" (FCD). */
  scheme?: "quotient" | "difference";
}

/**
 * Greedy mRMR ranking: first the feature with the largest F; then repeatedly the feature maximising
 * F_j / mean_{s∈S} max(|r_js|, 1e-5) (quotient) or F_j − mean |r_js| (difference). Features with F = 0
 * (or undefined) are never chosen.
 * @returns selected column indices in order of selection, and each one's score when chosen.
 */
export function mrmr(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: MrmrOptions, featureNames?: readonly string[]): { selected: number[]; scores: number[]; names: string[] } {
  const D = toDense(X, "mrmr", featureNames);
  const { codes, k } = encode(y, D.n, "mrmr");
  const r = mrmrDense(D, codes, k, options);
  return { ...r, names: r.selected.map((j) => D.names[j]!) };
}

function mrmrDense(D: Dense, codes: Int32Array, nClasses: number, options: MrmrOptions): { selected: number[]; scores: number[] } {
  requireFinite(D, "mrmr");
  const { n, p, data } = D;
  requireSetting(Number.isInteger(options.k) && options.k >= 1, "mrmr", "k", "an integer ≥ 1", options.k);
  const kSel = Math.min(options.k, p);
  const quotient = (options.scheme ?? "quotient") === "quotient";
  const F = new Float64Array(p);
  const col = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) col[i] = data[i * p + j]!;
    const f = anovaF(col, codes, nClasses)[0];
    F[j] = Number.isFinite(f) ? f : 0;
  }
  // Standardised columns for correlations.
  const Z = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * p + j]!;
    m /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * p + j]! - m) ** 2;
    const sd = Math.sqrt(ss) || 1;
    for (let i = 0; i < n; i++) Z[j * n + i] = (data[i * p + j]! - m) / sd;
  }
  const redundancySum = new Float64Array(p);
  const chosen = new Uint8Array(p);
  const selected: number[] = [];
  const scores: number[] = [];
  for (let step = 0; step < kSel; step++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < p; j++) {
      if (chosen[j] || !(F[j]! > 0)) continue;
      let score: number;
      if (step === 0) score = F[j]!;
      else {
        const red = redundancySum[j]! / step;
        // A feature perfectly correlated with every chosen one adds nothing (mrmr_selection's rule).
        score = quotient ? (red >= 1 - 1e-15 ? 0 : F[j]! / red) : F[j]! - red;
      }
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    }
    if (best < 0) break; // fewer than k features with F > 0
    chosen[best] = 1;
    selected.push(best);
    scores.push(bestScore);
    for (let j = 0; j < p; j++) {
      if (chosen[j]) continue;
      let r = 0;
      for (let i = 0; i < n; i++) r += Z[j * n + i]! * Z[best * n + i]!;
      redundancySum[j]! += Math.max(Math.abs(r), 1e-5);
    }
  }
  return { selected, scores };
}

export class SelectMrmr implements Transformer<FittedSelector> {
  readonly kind = "SelectMrmr";
  readonly params: Readonly<{ k: number; scheme: "quotient" | "difference" }>;
  constructor(params: Partial<{ k: number; scheme: "quotient" | "difference" }> = {}) {
    this.params = resolveParams(this.kind, { k: 10, scheme: "quotient" as "quotient" | "difference" }, params);
    requireSetting(this.params.scheme === "quotient" || this.params.scheme === "difference", this.kind, "scheme", '"quotient" or "difference"', this.params.scheme);
  }
  withParams(params: Partial<{ k: number; scheme: "quotient" | "difference" }>): SelectMrmr {
    return new SelectMrmr({ ...this.params, ...params });
  }
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedSelector {
    const r = mrmrDense(X, codes, classes.length, this.params);
    return new FittedSelector(this.kind, this.params, X.names, r.selected, { scores: r.scores });
  }
}

// ---------------------------------------------------------------------------------------------------
// LASSO path

export interface LassoPathOptions {
  /** Number of penalties on the path. Default 50. */
  nLambda?: number;
  /** Smallest λ as a fraction of λ_max. Default 0.01. */
  lambdaMinRatio?: number;
  /** Explicit λ values (descending); overrides nLambda / lambdaMinRatio. */
  lambdas?: ArrayLike<number>;
}

export interface LassoPath {
  /** λ of the mean-loss parameterisation (glmnet): minimise (1/n) Σ loss + λ ‖β‖₁. */
  readonly lambdas: Float64Array;
  /** The same penalties as scikit-learn's C = 1 / (n λ). */
  readonly C: Float64Array;
  /** Coefficients, one row per λ. */
  readonly coefficients: readonly Float64Array[];
  readonly intercepts: Float64Array;
  readonly nonZero: Int32Array;
  readonly names: readonly string[];
}

/**
 * L1-penalised logistic regression along a descending path of λ from λ_max = max_j |x_jᵀ(y − ȳ)| / n (the
 * smallest λ with all coefficients zero), with warm starts. Binary labels; standardise X first.
 */
export function lassoPath(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: LassoPathOptions = {}, featureNames?: readonly string[]): LassoPath {
  const D = toDense(X, "lassoPath", featureNames);
  const { codes, k } = encode(y, D.n, "lassoPath");
  if (k !== 2) throw new RadiogxError("INVALID_ARGUMENT", `lassoPath: needs two classes, found ${k}`, { key: "y" });
  return lassoPathDense(D, codes, options);
}

function lassoPathDense(D: Dense, codes: Int32Array, options: LassoPathOptions): LassoPath {
  requireFinite(D, "lassoPath");
  const { n, p, data } = D;
  const yb = Uint8Array.from(codes, (c) => (c === 1 ? 1 : 0));
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += yb[i]!;
  ybar /= n;
  let lambdaMax = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[i * p + j]! * (yb[i]! - ybar);
    lambdaMax = Math.max(lambdaMax, Math.abs(s) / n);
  }
  let lambdas: Float64Array;
  if (options.lambdas) lambdas = Float64Array.from(options.lambdas);
  else {
    const m = options.nLambda ?? 50;
    const ratio = options.lambdaMinRatio ?? 0.01;
    lambdas = Float64Array.from({ length: m }, (_, i) => lambdaMax * Math.pow(ratio, m === 1 ? 0 : i / (m - 1)));
  }
  const w = new Float64Array(n).fill(1);
  const coefficients: Float64Array[] = [];
  const intercepts = new Float64Array(lambdas.length);
  const nonZero = new Int32Array(lambdas.length);
  let start: Float64Array | undefined;
  const base = new LogisticRegression({ penalty: "l1" }).params;
  lambdas.forEach((lambda, li) => {
    const fit = fitBinaryLogistic(D, yb, w, { ...base, C: 1 / (n * lambda) }, start);
    start = Float64Array.from([...fit.coef, fit.intercept]);
    coefficients.push(fit.coef);
    intercepts[li] = fit.intercept;
    let nz = 0;
    for (let j = 0; j < p; j++) if (fit.coef[j] !== 0) nz++;
    nonZero[li] = nz;
  });
  return Object.freeze({ lambdas, C: Float64Array.from(lambdas, (l) => 1 / (n * l)), coefficients: Object.freeze(coefficients), intercepts, nonZero, names: D.names });
}

export interface SelectLassoParams {
  /** Keep the features of the path point with the most non-zero coefficients not exceeding this. Default 10. */
  maxFeatures: number;
  /** Or: a fixed scikit-learn C for one L1 fit (overrides maxFeatures). Default null. */
  C: number | null;
  /** Path length. Default 50. */
  nLambda: number;
}

export class SelectLasso implements Transformer<FittedSelector> {
  readonly kind = "SelectLasso";
  readonly params: Readonly<SelectLassoParams>;
  constructor(params: Partial<SelectLassoParams> = {}) {
    this.params = resolveParams(this.kind, { maxFeatures: 10, C: null, nLambda: 50 }, params);
  }
  withParams(params: Partial<SelectLassoParams>): SelectLasso {
    return new SelectLasso({ ...this.params, ...params });
  }
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedSelector {
    if (classes.length !== 2) throw new RadiogxError("INVALID_ARGUMENT", `SelectLasso: needs two classes, found ${classes.length}`, { key: "y" });
    let coef: Float64Array;
    if (this.params.C !== null) {
      coef = fitBinaryLogistic(X, Uint8Array.from(codes), new Float64Array(X.n).fill(1), { ...new LogisticRegression({ penalty: "l1" }).params, C: this.params.C }).coef;
    } else {
      const path = lassoPathDense(X, codes, { nLambda: this.params.nLambda });
      let best = 0;
      for (let i = 0; i < path.lambdas.length; i++) if (path.nonZero[i]! <= this.params.maxFeatures && path.nonZero[i]! >= path.nonZero[best]!) best = i;
      coef = path.coefficients[best]!;
    }
    const selected = Array.from({ length: X.p }, (_, j) => j).filter((j) => coef[j] !== 0).sort((a, b) => Math.abs(coef[b]!) - Math.abs(coef[a]!));
    const notes = selected.length === 0 ? ["the L1 fit kept no feature; kept none would break the classifier, so the largest |coefficient| on the path is used"] : [];
    if (selected.length === 0) {
      const path = lassoPathDense(X, codes, { nLambda: this.params.nLambda });
      const last = path.coefficients[path.coefficients.length - 1]!;
      let j0 = 0;
      for (let j = 1; j < X.p; j++) if (Math.abs(last[j]!) > Math.abs(last[j0]!)) j0 = j;
      selected.push(j0);
    }
    return new FittedSelector(this.kind, this.params, X.names, selected, { coefficients: Array.from(coef) }, notes);
  }
}

// ---------------------------------------------------------------------------------------------------
// SVM-RFE

export interface SvmRfeOptions {
  /** Number of features to keep. */
  k: number;
  /** Features removed per round (default 1), or a fraction in (0, 1) of the original feature count. */
  step?: number;
  /** Linear SVM box constraint. Default 1. */
  C?: number;
  /** SMO tolerance. Default 1e-3 (libsvm's). */
  tolerance?: number;
}

/**
 * SVM-RFE ranking (binary): fit a linear SVM, drop the `step` features with the smallest w_j², repeat.
 * @returns `ranking[j]` = 1 for kept features, 2 for the last removed, … (scikit-learn's RFE.ranking_),
 *   and the kept column indices.
 */
export function svmRfe(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: SvmRfeOptions, featureNames?: readonly string[]): { ranking: Int32Array; selected: number[] } {
  const D = toDense(X, "svmRfe", featureNames);
  const { codes, k } = encode(y, D.n, "svmRfe");
  if (k !== 2) throw new RadiogxError("INVALID_ARGUMENT", `svmRfe: needs two classes, found ${k}`, { key: "y" });
  return svmRfeDense(D, codes, options);
}

function svmRfeDense(D: Dense, codes: Int32Array, options: SvmRfeOptions): { ranking: Int32Array; selected: number[] } {
  requireSetting(Number.isInteger(options.k) && options.k >= 1, "svmRfe", "k", "an integer ≥ 1", options.k);
  const step = options.step ?? 1;
  requireSetting(step > 0 && (step < 1 || Number.isInteger(step)), "svmRfe", "step", "an integer ≥ 1, or a fraction in (0, 1) of the features", step);
  // A fraction removes that share of the original feature count per round (scikit-learn's RFE rule).
  const perRound = step < 1 ? Math.max(1, Math.floor(step * D.p)) : step;
  const svc = new SVC({ kernel: "linear", C: options.C ?? 1, tolerance: options.tolerance ?? 1e-3, probability: false });
  let remaining = Array.from({ length: D.p }, (_, j) => j);
  const ranking = new Int32Array(D.p);
  const classes = [0, 1];
  const removedRounds: number[][] = [];
  while (remaining.length > options.k) {
    const sub = selectColumns(D, remaining);
    const w = svc.fitEncoded(sub, codes, classes).linearWeights()[0]!;
    const w2 = Array.from(w, (v) => v * v);
    const nRemove = Math.min(perRound, remaining.length - options.k);
    const order = w2.map((_, j) => j).sort((a, b) => w2[a]! - w2[b]! || a - b);
    const drop = new Set(order.slice(0, nRemove));
    removedRounds.push(remaining.filter((_, j) => drop.has(j)));
    remaining = remaining.filter((_, j) => !drop.has(j));
  }
  for (const j of remaining) ranking[j] = 1;
  let rank = 2;
  for (let r = removedRounds.length - 1; r >= 0; r--) {
    for (const j of removedRounds[r]!) ranking[j] = rank;
    rank++;
  }
  return { ranking, selected: remaining };
}

export class SelectSvmRfe implements Transformer<FittedSelector> {
  readonly kind = "SelectSvmRfe";
  readonly params: Readonly<{ k: number; step: number; C: number }>;
  constructor(params: Partial<{ k: number; step: number; C: number }> = {}) {
    this.params = resolveParams(this.kind, { k: 10, step: 1, C: 1 }, params);
  }
  withParams(params: Partial<{ k: number; step: number; C: number }>): SelectSvmRfe {
    return new SelectSvmRfe({ ...this.params, ...params });
  }
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedSelector {
    if (classes.length !== 2) throw new RadiogxError("INVALID_ARGUMENT", `SelectSvmRfe: needs two classes, found ${classes.length}`, { key: "y" });
    const r = svmRfeDense(X, codes, this.params);
    return new FittedSelector(this.kind, this.params, X.names, r.selected, { ranking: Array.from(r.ranking) });
  }
}

// ---------------------------------------------------------------------------------------------------
// ICC filter

export interface SelectIccParams {
  /** ICC per feature: by feature name, or an array aligned with the columns. */
  icc: Readonly<Record<string, number>> | readonly number[];
  /** Keep features with ICC ≥ threshold. Default 0.75. */
  threshold: number;
}

export class SelectIcc implements Transformer<FittedSelector> {
  readonly kind = "SelectIcc";
  readonly params: Readonly<SelectIccParams>;
  constructor(params: Partial<SelectIccParams> & Pick<SelectIccParams, "icc">) {
    this.params = resolveParams(this.kind, { icc: [] as readonly number[], threshold: 0.75 }, params);
    requireSetting(this.params.threshold >= -1 && this.params.threshold <= 1, this.kind, "threshold", "in [−1, 1]", this.params.threshold);
  }
  withParams(params: Partial<SelectIccParams>): SelectIcc {
    return new SelectIcc({ ...this.params, ...params });
  }
  fitEncoded(X: Dense): FittedSelector {
    const icc = this.params.icc;
    const values = X.names.map((name, j) => {
      const v = Array.isArray(icc) ? (icc as readonly number[])[j] : (icc as Readonly<Record<string, number>>)[name];
      if (v === undefined || !Number.isFinite(v)) {
        throw new RadiogxError("INVALID_ARGUMENT", `SelectIcc: no ICC for feature "${name}"`, { key: name, hint: "give an ICC for every feature reaching this step" });
      }
      return v;
    });
    const selected = values.map((_, j) => j).filter((j) => values[j]! >= this.params.threshold);
    if (selected.length === 0) throw new RadiogxError("INVALID_ARGUMENT", `SelectIcc: no feature has ICC ≥ ${this.params.threshold} (max ${Math.max(...values).toFixed(3)})`, { key: "threshold" });
    return new FittedSelector(this.kind, this.params, X.names, selected, { icc: values });
  }
}
