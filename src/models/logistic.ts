/**
 * Logistic regression with L2, L1 or elastic-net penalties, in scikit-learn's parameterisation so that
 * coefficients agree with `sklearn.linear_model.LogisticRegression` (same C, same penalty, no internal
 * scaling, unpenalised intercept):
 *   minimise  C Σ_i w_i [log(1 + e^{η_i}) − y_i η_i] + R(β),   η_i = x_iᵀβ + β₀,
 *   R = ½‖β‖² ("l2"), ‖β‖₁ ("l1"), l1Ratio ‖β‖₁ + (1 − l1Ratio)/2 ‖β‖² ("elasticnet"), 0 ("none").
 * Solved by Newton's method with step halving (smooth penalties) or proximal Newton with coordinate
 * descent (L1 parts), to a tight tolerance, so results do not depend on a solver's stopping rule.
 * Several classes: multinomial (softmax) by default, as scikit-learn's LogisticRegression (its only mode
 * since 1.8); `multiClass: "ovr"` fits one binary model per class and normalises their probabilities to sum
 * to 1 (scikit-learn's former multi_class="ovr", or OneVsRestClassifier(LogisticRegression)).
 * `classWeight: "balanced"` weights class c by n / (k n_c), as scikit-learn.
 * References: Hastie, Tibshirani & Friedman, ESL 2nd ed. §4.4; Friedman, Hastie & Tibshirani, J Stat
 * Softw 2010 (glmnet).
 */
import { ConvergenceError, convergenceWarning, type ConvergenceWarning } from "./convergence";
import { type Estimator, FittedBase, type ModelJSON, fitInputs, resolveParams, requireSetting, sigmoid } from "./estimator";
import { type Label } from "./labels";
import { choleskyInPlace, choleskySolveInPlace, dot, proximalNewtonDirection, softThreshold } from "./linalg";
import { type Dense, type FeatureMatrix, requireFinite } from "./matrix";

export interface LogisticRegressionParams {
  /** Penalty. Default "l2". */
  penalty: "l2" | "l1" | "elasticnet" | "none";
  /** Inverse penalty strength (scikit-learn's C). Default 1. */
  C: number;
  /** L1 share for "elasticnet". Default 0.5. */
  l1Ratio: number;
  /** Fit an (unpenalised) intercept. Default true. */
  fitIntercept: boolean;
  /** "balanced" reweights classes inversely to their frequency. Default null (all weights 1). */
  classWeight: "balanced" | null;
  /** Convergence tolerance on the largest coefficient change. Default 1e-10. */
  tolerance: number;
  /** Newton iteration limit (sweeps over the classes for multinomial fits). Default 100. */
  maxIterations: number;
  /** More than two classes: "multinomial" (default, softmax, scikit-learn's) or "ovr" (one-vs-rest). */
  multiClass: "multinomial" | "ovr";
}

const DEFAULTS: LogisticRegressionParams = { penalty: "l2", C: 1, l1Ratio: 0.5, fitIntercept: true, classWeight: null, tolerance: 1e-10, maxIterations: 100, multiClass: "multinomial" };

export interface BinaryLogisticFit {
  coef: Float64Array;
  intercept: number;
  iterations: number;
  converged: boolean;
  warnings: ConvergenceWarning[];
}

export class LogisticRegression implements Estimator<FittedLogisticRegression> {
  readonly kind = "LogisticRegression";
  readonly params: Readonly<LogisticRegressionParams>;

  constructor(params: Partial<LogisticRegressionParams> = {}) {
    this.params = resolveParams(this.kind, DEFAULTS, params);
    const p = this.params;
    requireSetting(["l2", "l1", "elasticnet", "none"].includes(p.penalty), this.kind, "penalty", '"l2", "l1", "elasticnet" or "none"', p.penalty);
    requireSetting(p.C > 0 && Number.isFinite(p.C), this.kind, "C", "a positive number", p.C);
    requireSetting(p.l1Ratio >= 0 && p.l1Ratio <= 1, this.kind, "l1Ratio", "in [0, 1]", p.l1Ratio);
    requireSetting(p.classWeight === null || p.classWeight === "balanced", this.kind, "classWeight", 'null or "balanced"', p.classWeight);
    requireSetting(p.multiClass === "multinomial" || p.multiClass === "ovr", this.kind, "multiClass", '"multinomial" or "ovr"', p.multiClass);
    requireSetting(Number.isInteger(p.maxIterations) && p.maxIterations >= 1, this.kind, "maxIterations", "an integer ≥ 1", p.maxIterations);
    requireSetting(p.tolerance > 0, this.kind, "tolerance", "positive", p.tolerance);
  }

  withParams(params: Partial<LogisticRegressionParams>): LogisticRegression {
    return new LogisticRegression({ ...this.params, ...params });
  }

  fit(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: { featureNames?: readonly string[] } = {}): FittedLogisticRegression {
    const d = fitInputs(this.kind, X, y, options.featureNames);
    return this.fitEncoded(d.X, d.codes, d.classes);
  }

  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedLogisticRegression {
    requireFinite(X, `${this.kind}.fit`);
    const k = classes.length;
    const weights = classWeights(codes, k, this.params.classWeight);
    if (k > 2 && this.params.multiClass === "multinomial") {
      const fit = fitMultinomialLogistic(X, codes, k, weights, this.params);
      return new FittedLogisticRegression(this.params, classes, X.names, fit.coef.map((r) => Array.from(r)), fit.intercept, fit.warnings);
    }
    const models = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
    const coef: number[][] = [];
    const intercept: number[] = [];
    const warnings: ConvergenceWarning[] = [];
    for (const c of models) {
      const yb = new Uint8Array(X.n);
      for (let i = 0; i < X.n; i++) yb[i] = codes[i] === c ? 1 : 0;
      const fit = fitBinaryLogistic(X, yb, weights, this.params);
      coef.push(Array.from(fit.coef));
      intercept.push(fit.intercept);
      warnings.push(...fit.warnings);
    }
    return new FittedLogisticRegression(this.params, classes, X.names, coef, intercept, warnings);
  }
}

export class FittedLogisticRegression extends FittedBase {
  readonly kind = "LogisticRegression";
  readonly params: Readonly<LogisticRegressionParams>;
  /** One row of p coefficients for two classes; k rows (one per class) for multinomial or one-vs-rest. */
  readonly coef: readonly (readonly number[])[];
  readonly intercept: readonly number[];
  readonly warnings: readonly ConvergenceWarning[];

  constructor(params: Readonly<LogisticRegressionParams>, classes: readonly Label[], names: readonly string[], coef: number[][], intercept: number[], warnings: ConvergenceWarning[] = []) {
    super(classes, names);
    this.params = params;
    this.coef = Object.freeze(coef.map((r) => Object.freeze([...r])));
    this.intercept = Object.freeze([...intercept]);
    this.warnings = Object.freeze(warnings);
    Object.freeze(this);
  }

  /** Linear predictors, n × models (row-major). */
  private linear(X: Dense): Float64Array {
    const m = this.coef.length;
    const out = new Float64Array(X.n * m);
    for (let c = 0; c < m; c++) {
      const w = this.coef[c]!;
      const b = this.intercept[c]!;
      for (let i = 0; i < X.n; i++) {
        let s = b;
        const row = i * X.p;
        for (let j = 0; j < X.p; j++) s += X.data[row + j]! * w[j]!;
        out[i * m + c] = s;
      }
    }
    return out;
  }

  probaDense(X: Dense): Float64Array {
    requireFinite(X, `${this.kind}.predict`);
    const eta = this.linear(X);
    const k = this.classes.length;
    const out = new Float64Array(X.n * k);
    if (k === 2) {
      for (let i = 0; i < X.n; i++) {
        const p1 = sigmoid(eta[i]!);
        out[2 * i] = 1 - p1;
        out[2 * i + 1] = p1;
      }
      return out;
    }
    const softmax = this.params.multiClass === "multinomial";
    for (let i = 0; i < X.n; i++) {
      let m = -Infinity;
      if (softmax) for (let c = 0; c < k; c++) m = Math.max(m, eta[i * k + c]!);
      let s = 0;
      for (let c = 0; c < k; c++) s += out[i * k + c] = softmax ? Math.exp(eta[i * k + c]! - m) : sigmoid(eta[i * k + c]!);
      for (let c = 0; c < k; c++) out[i * k + c]! /= s;
    }
    return out;
  }

  /** The linear predictor x·β + β₀ (binary). */
  override scoreDense(X: Dense): Float64Array {
    this.requireBinary("score");
    requireFinite(X, `${this.kind}.score`);
    return this.linear(X);
  }

  toJSON(): ModelJSON {
    return this.json({ coef: this.coef, intercept: this.intercept });
  }

  static fromJSON(json: ModelJSON): FittedLogisticRegression {
    const s = json.state as { classes: Label[]; featureNames: string[]; coef: number[][]; intercept: number[] };
    // Models saved before multiClass existed were one-vs-rest.
    const params = "multiClass" in json.params ? json.params : { ...json.params, multiClass: "ovr" };
    return new FittedLogisticRegression(resolveParams("LogisticRegression", DEFAULTS, params), s.classes, s.featureNames, s.coef, s.intercept);
  }
}

/** Sample weights from class weights ("balanced": n / (k n_c)). */
export function classWeights(codes: Int32Array, k: number, mode: "balanced" | null): Float64Array {
  const w = new Float64Array(codes.length).fill(1);
  if (mode !== "balanced") return w;
  const counts = new Float64Array(k);
  for (let i = 0; i < codes.length; i++) counts[codes[i]!]!++;
  for (let i = 0; i < codes.length; i++) w[i] = codes.length / (k * counts[codes[i]!]!);
  return w;
}

/** Per-coefficient L1 and L2 weights of the penalty (the intercept, last when fitted, is unpenalised). */
interface Penalty {
  l1: Float64Array;
  l2: Float64Array;
  hasL1: boolean;
}

function penaltyOf(params: Readonly<LogisticRegressionParams>, p: number, q: number): Penalty {
  const l1 = new Float64Array(q);
  const l2 = new Float64Array(q);
  for (let j = 0; j < p; j++) {
    if (params.penalty === "l2") l2[j] = 1;
    else if (params.penalty === "l1") l1[j] = 1;
    else if (params.penalty === "elasticnet") {
      l1[j] = params.l1Ratio;
      l2[j] = 1 - params.l1Ratio;
    }
  }
  return { l1, l2, hasL1: l1.some((v) => v > 0) };
}

/** Σ_j l1_j |θ_j| + ½ l2_j θ_j². */
function penaltyValue(pen: Penalty, theta: Float64Array): number {
  let f = 0;
  for (let j = 0; j < theta.length; j++) f += pen.l1[j]! * Math.abs(theta[j]!) + 0.5 * pen.l2[j]! * theta[j]! ** 2;
  return f;
}

/**
 * The (proximal) Newton direction for a logistic-type loss in θ = (β, β₀): `grad` is the loss gradient
 * X̃ᵀr and `d` the per-sample curvatures, so the loss Hessian is X̃ᵀ D X̃ (X̃ = [X, 1] with an intercept).
 * Dense p × p solves when p ≤ n; with more features than samples (typical radiomics) ridge steps are
 * solved in sample space (Woodbury) and L1 parts by coordinate descent through X δ, never forming p × p.
 * @throws ConvergenceError when an unpenalised Hessian is singular: "separation" when most linear
 *   predictors `eta` are extreme, else "collinearity" naming the feature.
 */
function newtonDirection(X: Dense, d: Float64Array, grad: Float64Array, theta: Float64Array, pen: Penalty, params: Readonly<LogisticRegressionParams>, eta: ArrayLike<number>, step: Float64Array, cache: { gram: Float64Array | null; cols: Float64Array | null }): void {
  const { n, p, data } = X;
  const fitIntercept = params.fitIntercept;
  const q = p + (fitIntercept ? 1 : 0);
  if (p > n && !pen.hasL1 && params.penalty === "l2") {
    // XXᵀ does not change between steps: computed once per fit.
    cache.gram ??= gramMatrix(X);
    woodburyRidgeStep(X, cache.gram, d, grad, theta, fitIntercept, step);
    return;
  }
  if (p > n && pen.hasL1) {
    sampleSpaceProximalStep(X, d, grad, theta, pen.l1, pen.l2, fitIntercept, step);
    return;
  }
  // H = X̃ᵀ D X̃ as dot products of columns (contiguous reads, no stores in the inner loop; ~5x faster
  // than accumulating x_i x_iᵀ row by row).
  if (cache.cols === null) {
    const cols = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) cols[a * n + i] = data[i * p + a]!;
    cache.cols = cols;
  }
  const cols = cache.cols;
  const H = new Float64Array(q * q);
  const wa = new Float64Array(n);
  for (let a = 0; a < p; a++) {
    const ca = a * n;
    let sa = 0;
    for (let i = 0; i < n; i++) sa += wa[i] = d[i]! * cols[ca + i]!;
    for (let b = a; b < p; b++) H[a * q + b] = dot(wa, 0, cols, b * n, n);
    if (fitIntercept) H[a * q + p] = sa;
  }
  if (fitIntercept) {
    let sd = 0;
    for (let i = 0; i < n; i++) sd += d[i]!;
    H[p * q + p] = sd;
  }
  for (let a = 0; a < q; a++) for (let b = a + 1; b < q; b++) H[b * q + a] = H[a * q + b]!;
  if (pen.hasL1) {
    proximalNewtonDirection(H, grad, theta, pen.l1, pen.l2, q, step);
    return;
  }
  const A = H.slice();
  for (let j = 0; j < q; j++) {
    A[j * q + j]! += pen.l2[j]!;
    step[j] = -(grad[j]! + pen.l2[j]! * theta[j]!);
  }
  const failed = choleskyInPlace(A, q);
  if (failed >= 0) {
    const name = failed < p ? X.names[failed]! : "(intercept)";
    if (params.penalty === "none") {
      let extreme = 0;
      for (let i = 0; i < eta.length; i++) if (Math.abs(eta[i]!) > 15) extreme++;
      if (extreme > eta.length / 2) {
        throw new ConvergenceError("separation", "LogisticRegression: the classes are (quasi-)completely separated, so unpenalised coefficients diverge", X.names.slice(), 'use penalty "l2" (a finite C)');
      }
      throw new ConvergenceError("collinearity", `LogisticRegression: the Hessian is singular at "${name}": the feature is constant or a linear combination of others, or the classes are separated`, [name], 'use penalty "l2", or drop the feature');
    }
    // Penalised but numerically singular: add a tiny ridge.
    for (let j = 0; j < q; j++) A[j * q + j] = H[j * q + j]! + pen.l2[j]! + 1e-10;
    for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) A[a * q + b] = H[a * q + b]!;
    if (choleskyInPlace(A, q) >= 0) throw new ConvergenceError("non-finite", "LogisticRegression: the Hessian is not positive definite", [name]);
  }
  choleskySolveInPlace(A, q, step);
}

/** log(1 + e^s), stably. */
function log1pExp(s: number): number {
  return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
}

/** x_iᵀβ + β₀ for every sample. */
function linearPredictor(X: Dense, theta: Float64Array, fitIntercept: boolean, out: Float64Array, stride = 1, offset = 0): void {
  const { n, p, data } = X;
  const b0 = fitIntercept ? theta[p]! : 0;
  for (let i = 0; i < n; i++) {
    let s = b0;
    const row = i * p;
    for (let j = 0; j < p; j++) s += data[row + j]! * theta[j]!;
    out[i * stride + offset] = s;
  }
}

/**
 * Fits one binary logistic model (y ∈ {0, 1}) with sample weights `w`.
 * @throws ConvergenceError "collinearity" when an unpenalised fit has a singular Hessian.
 */
export function fitBinaryLogistic(X: Dense, y: Uint8Array, w: Float64Array, params: Readonly<LogisticRegressionParams>, start?: Float64Array): BinaryLogisticFit {
  const { n, p } = X;
  const q = p + (params.fitIntercept ? 1 : 0);
  const C = params.C;
  const pen = penaltyOf(params, p, q);
  let theta = start ? start.slice() : new Float64Array(q);
  const grad = new Float64Array(q);
  const curvature = new Float64Array(n);
  const eta = new Float64Array(n);
  const step = new Float64Array(q);
  const cache = { gram: null as Float64Array | null, cols: null as Float64Array | null };

  const objective = (th: Float64Array): number => {
    linearPredictor(X, th, params.fitIntercept, eta);
    let f = 0;
    for (let i = 0; i < n; i++) f += w[i]! * (log1pExp(eta[i]!) - y[i]! * eta[i]!);
    return C * f + penaltyValue(pen, th);
  };

  let f = objective(theta);
  let converged = false;
  let iterations = 0;
  const warnings: ConvergenceWarning[] = [];
  for (iterations = 1; iterations <= params.maxIterations; iterations++) {
    // Gradient and curvatures of the smooth loss at theta (eta is current).
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(eta[i]!);
      const r = C * w[i]! * (mu - y[i]!);
      curvature[i] = C * w[i]! * mu * (1 - mu);
      const row = i * p;
      for (let a = 0; a < p; a++) grad[a]! += r * X.data[row + a]!;
      if (params.fitIntercept) grad[p]! += r;
    }
    newtonDirection(X, curvature, grad, theta, pen, params, eta, step, cache);
    // Step halving on the true objective.
    let scale = 1;
    let next = theta;
    let fNext = f;
    for (let h = 0; h < 40; h++) {
      next = new Float64Array(q);
      for (let j = 0; j < q; j++) next[j] = theta[j]! + scale * step[j]!;
      fNext = objective(next);
      if (fNext <= f + 1e-12 * Math.abs(f)) break;
      scale /= 2;
    }
    let maxStep = 0;
    for (let j = 0; j < q; j++) maxStep = Math.max(maxStep, Math.abs(next[j]! - theta[j]!));
    const change = f - fNext;
    theta = next;
    f = objective(theta); // refresh eta for the next gradient
    if (maxStep < params.tolerance || change <= 1e-15 * Math.abs(f)) {
      converged = true;
      break;
    }
  }
  iterations = Math.min(iterations, params.maxIterations);
  if (!converged) warnings.push(notConverged(eta, params.maxIterations));
  return { coef: theta.slice(0, p), intercept: params.fitIntercept ? theta[p]! : 0, iterations, converged, warnings };
}

function notConverged(eta: ArrayLike<number>, maxIterations: number): ConvergenceWarning {
  let big = false;
  for (let i = 0; i < eta.length; i++) if (Math.abs(eta[i]!) > 30) big = true;
  return convergenceWarning(
    big ? "separation" : "max-iterations",
    big
      ? `LogisticRegression: no convergence in ${maxIterations} iterations; fitted probabilities are 0 or 1, so the classes are (quasi-)separated: use a penalty (smaller C)`
      : `LogisticRegression: no convergence in ${maxIterations} iterations; raise maxIterations or standardise the features`,
  );
}

export interface MultinomialLogisticFit {
  /** k rows of p coefficients. */
  coef: Float64Array[];
  intercept: number[];
  iterations: number;
  converged: boolean;
  warnings: ConvergenceWarning[];
}

/**
 * Multinomial (softmax) logistic regression, scikit-learn's LogisticRegression for k > 2 classes:
 *   minimise  C Σ_i w_i [log Σ_c e^{η_ic} − η_{i,y_i}] + Σ_c R(β_c),   η_ic = x_iᵀβ_c + β₀c,
 * with every class's coefficients penalised and the intercepts not. Solved by block-coordinate proximal
 * Newton over classes: for class c with the others fixed, the loss has gradient X̃ᵀ C w (μ_c − y_c) and
 * Hessian X̃ᵀ diag(C w μ_c (1 − μ_c)) X̃, the binary structure, so each block step is a binary Newton step,
 * followed by step halving on the full objective (Friedman, Hastie & Tibshirani, J Stat Softw 2010, §3).
 * Sweeps stop when no coefficient moves by more than `tolerance` or the objective stops decreasing.
 * The softmax is unchanged by adding one vector to every class, so the solution is reported in
 * scikit-learn's form: intercepts summing to 0, and for L2 or no penalty coefficients summing to 0 over
 * classes (the penalised optimum; lbfgs from zero stays there too).
 */
export function fitMultinomialLogistic(X: Dense, codes: Int32Array, k: number, w: Float64Array, params: Readonly<LogisticRegressionParams>): MultinomialLogisticFit {
  const { n, p } = X;
  const q = p + (params.fitIntercept ? 1 : 0);
  const C = params.C;
  const pen = penaltyOf(params, p, q);
  const theta = Array.from({ length: k }, () => new Float64Array(q));
  const eta = new Float64Array(n * k);
  const trialEta = new Float64Array(n);
  const mu = new Float64Array(n);
  const grad = new Float64Array(q);
  const curvature = new Float64Array(n);
  const step = new Float64Array(q);
  const etaC = new Float64Array(n);
  const cache = { gram: null as Float64Array | null, cols: null as Float64Array | null };

  // C Σ w_i (log Σ_h e^{η_ih} − η_{i,y_i}), with class c's column of η replaced by `col` when given.
  const loss = (c: number, col: Float64Array | null): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let m = -Infinity;
      for (let h = 0; h < k; h++) {
        const v = h === c && col ? col[i]! : eta[i * k + h]!;
        if (v > m) m = v;
      }
      let s = 0;
      for (let h = 0; h < k; h++) s += Math.exp((h === c && col ? col[i]! : eta[i * k + h]!) - m);
      const own = codes[i] === c && col ? col[i]! : eta[i * k + codes[i]!]!;
      f += w[i]! * (m + Math.log(s) - own);
    }
    return C * f;
  };
  const penalties = (th: readonly Float64Array[]): number => th.reduce((acc, t) => acc + penaltyValue(pen, t), 0);
  let f = loss(-1, null) + penalties(theta);
  let converged = false;
  let iterations = 0;
  const warnings: ConvergenceWarning[] = [];
  // Few coefficients in all (and no more features than samples): joint Newton steps on every class at
  // once, which converge quadratically where class-by-class sweeps crawl when the penalty is weak.
  const joint = p <= n && k * q <= JOINT_NEWTON_MAX;
  for (iterations = 1; iterations <= params.maxIterations && joint; iterations++) {
    const dir = jointNewtonDirection(X, codes, k, w, params, pen, theta, eta);
    let scale = 1;
    let next = theta;
    let fNext = f;
    for (let h = 0; h < 40; h++) {
      next = theta.map((t, c) => Float64Array.from(t, (v, j) => v + scale * dir[c * q + j]!));
      const saved = eta.slice();
      for (let c = 0; c < k; c++) linearPredictor(X, next[c]!, params.fitIntercept, eta, k, c);
      fNext = loss(-1, null) + penalties(next);
      eta.set(saved);
      if (fNext <= f + 1e-12 * Math.abs(f)) break;
      scale /= 2;
    }
    let maxStep = 0;
    for (let c = 0; c < k; c++) for (let j = 0; j < q; j++) maxStep = Math.max(maxStep, Math.abs(next[c]![j]! - theta[c]![j]!));
    const change = f - fNext;
    for (let c = 0; c < k; c++) {
      theta[c] = next[c]!;
      linearPredictor(X, theta[c]!, params.fitIntercept, eta, k, c);
    }
    f = fNext;
    if (maxStep < params.tolerance || change <= 1e-15 * Math.abs(f)) {
      converged = true;
      break;
    }
  }
  for (iterations = joint ? iterations : 1; iterations <= params.maxIterations && !joint; iterations++) {
    const fStart = f;
    let maxStep = 0;
    for (let c = 0; c < k; c++) {
      // Softmax probabilities of class c, its residuals and curvatures.
      grad.fill(0);
      for (let i = 0; i < n; i++) {
        let m = -Infinity;
        for (let h = 0; h < k; h++) m = Math.max(m, eta[i * k + h]!);
        let s = 0;
        for (let h = 0; h < k; h++) s += Math.exp(eta[i * k + h]! - m);
        const pc = Math.exp(eta[i * k + c]! - m) / s;
        mu[i] = pc;
        const r = C * w[i]! * (pc - (codes[i] === c ? 1 : 0));
        curvature[i] = C * w[i]! * pc * (1 - pc);
        const row = i * p;
        for (let a = 0; a < p; a++) grad[a]! += r * X.data[row + a]!;
        if (params.fitIntercept) grad[p]! += r;
        etaC[i] = eta[i * k + c]!;
      }
      newtonDirection(X, curvature, grad, theta[c]!, pen, params, etaC, step, cache);
      let scale = 1;
      let next = theta[c]!;
      let fNext = f;
      for (let h = 0; h < 40; h++) {
        next = new Float64Array(q);
        for (let j = 0; j < q; j++) next[j] = theta[c]![j]! + scale * step[j]!;
        linearPredictor(X, next, params.fitIntercept, trialEta);
        fNext = loss(c, trialEta) + penalties(theta.map((t, h) => (h === c ? next : t)));
        if (fNext <= f + 1e-12 * Math.abs(f)) break;
        scale /= 2;
      }
      for (let j = 0; j < q; j++) maxStep = Math.max(maxStep, Math.abs(next[j]! - theta[c]![j]!));
      theta[c] = next;
      linearPredictor(X, next, params.fitIntercept, eta, k, c);
      f = fNext;
    }
    if (maxStep < params.tolerance || fStart - f <= 1e-15 * Math.abs(f)) {
      converged = true;
      break;
    }
  }
  iterations = Math.min(iterations, params.maxIterations);
  if (!converged) warnings.push(notConverged(eta, params.maxIterations));
  // scikit-learn's representative of the softmax-equivalent solutions.
  const centre = (j: number) => {
    let m = 0;
    for (let c = 0; c < k; c++) m += theta[c]![j]!;
    m /= k;
    for (let c = 0; c < k; c++) theta[c]![j]! -= m;
  };
  if (params.fitIntercept) centre(p);
  if (!pen.hasL1) for (let j = 0; j < p; j++) centre(j);
  return {
    coef: theta.map((t) => t.slice(0, p)),
    intercept: theta.map((t) => (params.fitIntercept ? t[p]! : 0)),
    iterations,
    converged,
    warnings,
  };
}

/** Largest k(p + 1) for joint multinomial Newton steps (a (k(p+1))² Hessian). */
const JOINT_NEWTON_MAX = 400;

/**
 * The joint (proximal) Newton direction of the multinomial objective over all classes, θ_c = (β_c, β₀c)
 * concatenated: loss Hessian blocks H_cc' = X̃ᵀ diag(C w (δ_cc' μ_c − μ_c μ_c')) X̃ and gradient
 * X̃ᵀ C w (μ_c − y_c). The loss is unchanged by adding one value to every intercept (and, without a
 * penalty, one vector to every class's coefficients); the gradient has no component along those
 * directions, so adding their outer products to H removes the singularity without moving the step.
 */
function jointNewtonDirection(X: Dense, codes: Int32Array, k: number, w: Float64Array, params: Readonly<LogisticRegressionParams>, pen: Penalty, theta: readonly Float64Array[], eta: Float64Array): Float64Array {
  const { n, p, data } = X;
  const fitIntercept = params.fitIntercept;
  const q = p + (fitIntercept ? 1 : 0);
  const Q = k * q;
  const H = new Float64Array(Q * Q);
  const g = new Float64Array(Q);
  const mu = new Float64Array(k);
  const xt = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) m = Math.max(m, eta[i * k + c]!);
    let s = 0;
    for (let c = 0; c < k; c++) s += mu[c] = Math.exp(eta[i * k + c]! - m);
    for (let c = 0; c < k; c++) mu[c]! /= s;
    for (let a = 0; a < p; a++) xt[a] = data[i * p + a]!;
    if (fitIntercept) xt[p] = 1;
    const cw = params.C * w[i]!;
    for (let c = 0; c < k; c++) {
      const r = cw * (mu[c]! - (codes[i] === c ? 1 : 0));
      for (let a = 0; a < q; a++) g[c * q + a]! += r * xt[a]!;
      for (let c2 = c; c2 < k; c2++) {
        const v = cw * ((c === c2 ? mu[c]! : 0) - mu[c]! * mu[c2]!);
        if (v === 0) continue;
        for (let a = 0; a < q; a++) {
          const va = v * xt[a]!;
          const rowBase = (c * q + a) * Q + c2 * q;
          for (let b = c === c2 ? a : 0; b < q; b++) H[rowBase + b]! += va * xt[b]!;
        }
      }
    }
  }
  // Fill the lower triangle from the upper.
  for (let r = 0; r < Q; r++) for (let c = r + 1; c < Q; c++) H[c * Q + r] = H[r * Q + c]!;
  // Null directions of the softmax: every intercept, and without a penalty every class's j-th coefficient.
  let scale = 0;
  for (let r = 0; r < Q; r++) scale = Math.max(scale, H[r * Q + r]!);
  scale = scale > 0 ? scale : 1;
  const nullDirs: number[] = [];
  if (fitIntercept) nullDirs.push(p);
  if (params.penalty === "none") for (let j = 0; j < p; j++) nullDirs.push(j);
  for (const j of nullDirs) for (let c = 0; c < k; c++) for (let c2 = 0; c2 < k; c2++) H[(c * q + j) * Q + c2 * q + j]! += scale / k;
  const th = new Float64Array(Q);
  const l1 = new Float64Array(Q);
  const l2 = new Float64Array(Q);
  for (let c = 0; c < k; c++) {
    th.set(theta[c]!, c * q);
    l1.set(pen.l1, c * q);
    l2.set(pen.l2, c * q);
  }
  const step = new Float64Array(Q);
  if (pen.hasL1) {
    proximalNewtonDirection(H, g, th, l1, l2, Q, step);
    return step;
  }
  for (let r = 0; r < Q; r++) {
    H[r * Q + r]! += l2[r]!;
    step[r] = -(g[r]! + l2[r]! * th[r]!);
  }
  const failed = choleskyInPlace(H, Q);
  if (failed >= 0) {
    const j = failed % q;
    const name = j < p ? X.names[j]! : "(intercept)";
    let extreme = 0;
    for (let i = 0; i < eta.length; i++) if (Math.abs(eta[i]!) > 15) extreme++;
    if (extreme > eta.length / 2) {
      throw new ConvergenceError("separation", "LogisticRegression: the classes are (quasi-)completely separated, so unpenalised coefficients diverge", X.names.slice(), 'use penalty "l2" (a finite C)');
    }
    throw new ConvergenceError("collinearity", `LogisticRegression: the Hessian is singular at "${name}": the feature is constant or a linear combination of others, or the classes are separated`, [name], 'use penalty "l2", or drop the feature');
  }
  choleskySolveInPlace(H, Q, step);
  return step;
}

/** XXᵀ (n × n, row-major). */
function gramMatrix(X: Dense): Float64Array {
  const { n, p, data } = X;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let a = 0; a < p; a++) s += data[i * p + a]! * data[j * p + a]!;
      K[i * n + j] = s;
      K[j * n + i] = s;
    }
  }
  return K;
}

/**
 * The ridge Newton step for β (penalty ½‖β‖²) and an unpenalised intercept, solved in sample space.
 * With d_i the loss curvatures (C w_i μ_i (1 − μ_i)) and S = diag(√d):
 *   A = I + Xᵀ D X,  A⁻¹ v = v − Xᵀ S (I + S X Xᵀ S)⁻¹ S X v   (Woodbury),
 * and the intercept by block elimination with u = Xᵀ d, s = Σ d_i:
 *   δb = (r_b − uᵀA⁻¹r_β) / (s − uᵀA⁻¹u),  δβ = A⁻¹(r_β − u δb),  r = −∇.
 */
function woodburyRidgeStep(X: Dense, K: Float64Array, d: Float64Array, grad: Float64Array, theta: Float64Array, fitIntercept: boolean, out: Float64Array): void {
  const { n, p, data } = X;
  const sq = Float64Array.from(d, (v) => Math.sqrt(v));
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i * n + j] = (i === j ? 1 : 0) + sq[i]! * K[i * n + j]! * sq[j]!;
  choleskyInPlace(M, n, 0); // I + SKS is positive definite
  const applyInverse = (v: Float64Array): Float64Array => {
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < p; a++) s += data[i * p + a]! * v[a]!;
      t[i] = sq[i]! * s;
    }
    choleskySolveInPlace(M, n, t);
    const res = v.slice();
    for (let i = 0; i < n; i++) {
      const c = sq[i]! * t[i]!;
      for (let a = 0; a < p; a++) res[a]! -= data[i * p + a]! * c;
    }
    return res;
  };
  const rBeta = new Float64Array(p);
  for (let a = 0; a < p; a++) rBeta[a] = -(grad[a]! + theta[a]!);
  const a1 = applyInverse(rBeta);
  if (!fitIntercept) {
    out.set(a1);
    return;
  }
  const u = new Float64Array(p);
  let sTotal = 0;
  for (let i = 0; i < n; i++) {
    sTotal += d[i]!;
    for (let a = 0; a < p; a++) u[a]! += d[i]! * data[i * p + a]!;
  }
  const a2 = applyInverse(u);
  let ua1 = 0;
  let ua2 = 0;
  for (let a = 0; a < p; a++) {
    ua1 += u[a]! * a1[a]!;
    ua2 += u[a]! * a2[a]!;
  }
  const db = (-grad[p]! - ua1) / (sTotal - ua2);
  for (let a = 0; a < p; a++) out[a] = a1[a]! - a2[a]! * db;
  out[p] = db;
}

/**
 * Proximal-Newton direction by cyclic coordinate descent on the quadratic model of the loss, with the
 * Hessian C Xᵀ D X applied through e = X δ_β + δ_b (kept up to date), so a sweep costs O(np):
 *   coordinate j: H_jj = Σ d_i x_ij², (Hδ)_j = Σ d_i x_ij e_i, z_j ← S(H_jj z_j − g_j − (Hδ)_j, l1_j)/(H_jj + l2_j).
 * Sweeps alternate between all coordinates and the active (non-zero) ones until the largest change is
 * below 1e-12 (Friedman, Hastie & Tibshirani, J Stat Softw 2010).
 */
function sampleSpaceProximalStep(X: Dense, d: Float64Array, grad: Float64Array, theta: Float64Array, l1: Float64Array, l2: Float64Array, fitIntercept: boolean, out: Float64Array): void {
  const { n, p, data } = X;
  const z = theta.slice();
  const e = new Float64Array(n);
  const hjj = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) hjj[j]! += d[i]! * data[i * p + j]! ** 2;
  let hbb = 0;
  for (let i = 0; i < n; i++) hbb += d[i]!;
  const update = (j: number): number => {
    let hd = 0;
    for (let i = 0; i < n; i++) hd += d[i]! * data[i * p + j]! * e[i]!;
    const c = hjj[j]! * z[j]! - grad[j]! - hd;
    const denom = hjj[j]! + l2[j]!;
    const zj = denom > 0 ? softThreshold(c, l1[j]!) / denom : 0;
    const delta = zj - z[j]!;
    if (delta !== 0) {
      for (let i = 0; i < n; i++) e[i]! += delta * data[i * p + j]!;
      z[j] = zj;
    }
    return Math.abs(delta);
  };
  const updateIntercept = (): number => {
    if (!fitIntercept || !(hbb > 0)) return 0;
    let hd = 0;
    for (let i = 0; i < n; i++) hd += d[i]! * e[i]!;
    const delta = (-grad[p]! - hd) / hbb;
    for (let i = 0; i < n; i++) e[i]! += delta;
    z[p]! += delta;
    return Math.abs(delta);
  };
  for (let outer = 0; outer < 200; outer++) {
    let maxChange = updateIntercept();
    for (let j = 0; j < p; j++) maxChange = Math.max(maxChange, update(j));
    if (maxChange < 1e-12) break;
    // Iterate on the active set until it settles, then sweep everything again.
    const active: number[] = [];
    for (let j = 0; j < p; j++) if (z[j] !== 0) active.push(j);
    for (let inner = 0; inner < 1000; inner++) {
      let m = updateIntercept();
      for (const j of active) m = Math.max(m, update(j));
      if (m < 1e-12) break;
    }
  }
  for (let j = 0; j < theta.length; j++) out[j] = z[j]! - theta[j]!;
}
