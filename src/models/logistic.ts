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
import { choleskyInPlace, choleskySolveInPlace, proximalNewtonDirection, softThreshold } from "./linalg";
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
  // With more features than samples (typical radiomics), ridge Newton steps are solved in sample space
  // (Woodbury identity): O(n²p + n³) per step instead of O(np² + p³), and no p × p matrix is formed.
  const woodbury = !hasL1 && params.penalty === "l2" && p > n;
  // L1 parts with p > n: coordinate descent on the quadratic model through X δ (glmnet's covariance-free
  // updates), O(np) per sweep, again without a p × p matrix.
  const sampleSpaceL1 = hasL1 && p > n;
  const H = new Float64Array(woodbury || sampleSpaceL1 ? 0 : q * q);
  const gram = woodbury ? gramMatrix(X) : null;
  const curvature = new Float64Array(n);
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
      curvature[i] = v;
      if (woodbury || sampleSpaceL1) {
        for (let a = 0; a < p; a++) grad[a]! += r * data[row + a]!;
        if (params.fitIntercept) grad[p]! += r;
        continue;
      }
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
    if (!woodbury && !sampleSpaceL1) for (let a = 0; a < q; a++) for (let b = a + 1; b < q; b++) H[b * q + a] = H[a * q + b]!;
    if (woodbury) {
      woodburyRidgeStep(X, gram!, curvature, grad, theta, params.fitIntercept, step);
    } else if (sampleSpaceL1) {
      sampleSpaceProximalStep(X, curvature, grad, theta, l1, l2, params.fitIntercept, step);
    } else if (hasL1) {
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
