/**
 * Logistic regression with L2, L1 or elastic-net penalties, in scikit-learn's parameterisation so that
 * coefficients agree with `sklearn.linear_model.LogisticRegression` (same C, same penalty, no internal
 * scaling, unpenalised intercept):
 *   minimise  C Σ_i w_i [log(1 + e^{η_i}) − y_i η_i] + R(β),   η_i = x_iᵀβ + β₀,
 *   R = ½‖β‖² ("l2"), ‖β‖₁ ("l1"), l1Ratio ‖β‖₁ + (1 − l1Ratio)/2 ‖β‖² ("elasticnet"), 0 ("none").
 * Solved by Newton's method with step halving (smooth penalties) or proximal Newton with coordinate
 * descent (L1 parts), to a tight tolerance, so results do not depend on a solver's stopping rule.
 * Several classes: one-vs-rest, probabilities normalised to sum to 1 (scikit-learn's multi_class="ovr").
 * `classWeight: "balanced"` weights class c by n / (k n_c), as scikit-learn.
 * References: Hastie, Tibshirani & Friedman, ESL 2nd ed. §4.4; Friedman, Hastie & Tibshirani, J Stat
 * Softw 2010 (glmnet).
 */
import { ConvergenceError, convergenceWarning, type ConvergenceWarning } from "./convergence";
import { type Estimator, FittedBase, type ModelJSON, fitInputs, resolveParams, requireSetting, sigmoid } from "./estimator";
import { type Label } from "./labels";
import { choleskyInPlace, choleskySolveInPlace, proximalNewtonDirection } from "./linalg";
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
  /** Newton iteration limit. Default 100. */
  maxIterations: number;
}

const DEFAULTS: LogisticRegressionParams = { penalty: "l2", C: 1, l1Ratio: 0.5, fitIntercept: true, classWeight: null, tolerance: 1e-10, maxIterations: 100 };

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
  /** One row per binary model (one for two classes, k for one-vs-rest), p columns. */
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
    for (let i = 0; i < X.n; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += out[i * k + c] = sigmoid(eta[i * k + c]!);
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
    return new FittedLogisticRegression(resolveParams("LogisticRegression", DEFAULTS, json.params), s.classes, s.featureNames, s.coef, s.intercept);
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

/**
 * Fits one binary logistic model (y ∈ {0, 1}) with sample weights `w`.
 * @throws ConvergenceError "collinearity" when an unpenalised fit has a singular Hessian.
 */
export function fitBinaryLogistic(X: Dense, y: Uint8Array, w: Float64Array, params: Readonly<LogisticRegressionParams>, start?: Float64Array): BinaryLogisticFit {
  const { n, p, data } = X;
  const q = p + (params.fitIntercept ? 1 : 0);
  const C = params.C;
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
  const hasL1 = l1.some((v) => v > 0);
  let theta = start ? start.slice() : new Float64Array(q);
  const grad = new Float64Array(q);
  const H = new Float64Array(q * q);
  const eta = new Float64Array(n);
  const step = new Float64Array(q);

  const objective = (th: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let s = params.fitIntercept ? th[p]! : 0;
      const row = i * p;
      for (let j = 0; j < p; j++) s += data[row + j]! * th[j]!;
      eta[i] = s;
      // log(1 + e^s) − y s, stably.
      const lse = s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
      f += w[i]! * (lse - y[i]! * s);
    }
    f *= C;
    for (let j = 0; j < q; j++) f += l1[j]! * Math.abs(th[j]!) + 0.5 * l2[j]! * th[j]! ** 2;
    return f;
  };

  let f = objective(theta);
  let converged = false;
  let iterations = 0;
  const warnings: ConvergenceWarning[] = [];
  for (iterations = 1; iterations <= params.maxIterations; iterations++) {
    // Gradient and Hessian of the smooth loss at theta (eta is current).
    grad.fill(0);
    H.fill(0);
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(eta[i]!);
      const r = C * w[i]! * (mu - y[i]!);
      const v = C * w[i]! * mu * (1 - mu);
      const row = i * p;
      for (let a = 0; a < p; a++) {
        const xa = data[row + a]!;
        grad[a]! += r * xa;
        const vx = v * xa;
        for (let b = a; b < p; b++) H[a * q + b]! += vx * data[row + b]!;
        if (params.fitIntercept) H[a * q + p]! += vx;
      }
      if (params.fitIntercept) {
        grad[p]! += r;
        H[p * q + p]! += v;
      }
    }
    for (let a = 0; a < q; a++) for (let b = a + 1; b < q; b++) H[b * q + a] = H[a * q + b]!;
    if (hasL1) {
      proximalNewtonDirection(H, grad, theta, l1, l2, q, step);
    } else {
      const A = H.slice();
      for (let j = 0; j < q; j++) {
        A[j * q + j]! += l2[j]!;
        step[j] = -(grad[j]! + l2[j]! * theta[j]!);
      }
      const failed = choleskyInPlace(A, q);
      if (failed >= 0) {
        const name = failed < p ? X.names[failed]! : "(intercept)";
        if (params.penalty === "none") {
          let extreme = 0;
          for (let i = 0; i < n; i++) if (Math.abs(eta[i]!) > 15) extreme++;
          if (extreme > n / 2) {
            throw new ConvergenceError("separation", "LogisticRegression: the classes are (quasi-)completely separated, so unpenalised coefficients diverge", X.names.slice(), 'use penalty "l2" (a finite C)');
          }
          throw new ConvergenceError("collinearity", `LogisticRegression: the Hessian is singular at "${name}": the feature is constant or a linear combination of others, or the classes are separated`, [name], 'use penalty "l2", or drop the feature');
        }
        // Penalised but numerically singular: add a tiny ridge.
        for (let j = 0; j < q; j++) A[j * q + j] = H[j * q + j]! + l2[j]! + 1e-10;
        for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) A[a * q + b] = H[a * q + b]!;
        if (choleskyInPlace(A, q) >= 0) throw new ConvergenceError("non-finite", "LogisticRegression: the Hessian is not positive definite", [name]);
      }
      choleskySolveInPlace(A, q, step);
    }
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
  if (!converged) {
    let big = false;
    for (let i = 0; i < n; i++) if (Math.abs(eta[i]!) > 30) big = true;
    warnings.push(
      convergenceWarning(
        big ? "separation" : "max-iterations",
        big
          ? `LogisticRegression: no convergence in ${params.maxIterations} iterations; fitted probabilities are 0 or 1, so the classes are (quasi-)separated: use a penalty (smaller C)`
          : `LogisticRegression: no convergence in ${params.maxIterations} iterations; raise maxIterations or standardise the features`,
      ),
    );
  }
  return { coef: theta.slice(0, p), intercept: params.fitIntercept ? theta[p]! : 0, iterations, converged, warnings };
}
