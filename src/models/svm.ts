/**
 * Support vector classification (C-SVC) with a linear or RBF kernel, solving the same dual problem as
 * libsvm (and so scikit-learn's `SVC`):
 *   min_α ½ αᵀQα − eᵀα  subject to 0 ≤ α_i ≤ C_i, yᵀα = 0,  Q_ij = y_i y_j K(x_i, x_j),
 * by sequential minimal optimisation with second-order working-set selection (Fan, Chen & Lin, JMLR 2005),
 * stopping when the maximal KKT violation is below `tolerance` (libsvm's eps, default 1e-3). The bias is
 * libsvm's: the mean of y_i ∇_i over free support vectors, else the midpoint of the feasible interval.
 * Decision function f(x) = Σ α_i y_i K(x_i, x) + b; positive means `classes[1]`.
 * Kernels: linear xᵀz; RBF exp(−γ ‖x − z‖²) with γ = "scale" (1 / (p · Var(X)), scikit-learn's default),
 * "auto" (1/p) or a number.
 * Probabilities: Platt scaling, a sigmoid 1 / (1 + exp(A f + B)) fitted (Lin, Lin & Weng, Mach Learn 2007)
 * to decision values from an internal stratified 5-fold cross-validation, as libsvm does; AUC uses f itself.
 * Several classes: one-vs-one by default, as libsvm and scikit-learn's SVC: a machine per pair of classes
 * (a < b in `classes` order, positive decision for a), prediction by majority vote (ties to the earlier
 * class), `decision` in scikit-learn's default "ovr" shape (votes plus confidences squeezed into
 * (−⅓, ⅓), `_ovr_decision_function`), probabilities by pairwise coupling of the pairs' Platt estimates
 * (Wu, Lin & Weng, JMLR 2004, libsvm's multiclass_probability). `multiClass: "ovr"` trains one machine per
 * class against the rest instead.
 * `classWeight: "balanced"` sets C_i = C · n / (k n_{y_i}).
 */
import { RadiogxError } from "../errors";
import { convergenceWarning, type ConvergenceWarning } from "./convergence";
import { type Estimator, FittedBase, type ModelJSON, fitInputs, resolveParams, requireSetting, sigmoid } from "./estimator";
import { type Label } from "./labels";
import { classWeights } from "./logistic";
import { type Dense, type FeatureMatrix, requireFinite, selectRows } from "./matrix";
import { Random } from "./random";

export interface SvcParams {
  /** Kernel. Default "rbf". */
  kernel: "linear" | "rbf";
  /** Box constraint. Default 1. */
  C: number;
  /** RBF width: "scale" (default), "auto" or a positive number. */
  gamma: "scale" | "auto" | number;
  /** KKT tolerance (libsvm eps). Default 1e-3. */
  tolerance: number;
  /** SMO iteration limit. Default 10⁷. */
  maxIterations: number;
  /** Fit Platt's sigmoid (by internal 5-fold CV) so predictProba works. Default true. */
  probability: boolean;
  /** "balanced" reweights C by inverse class frequency. Default null. */
  classWeight: "balanced" | null;
  /** Seed of the internal Platt cross-validation. Default 0. */
  seed: number;
  /** More than two classes: "ovo" (default, libsvm's and scikit-learn's) or "ovr" (one-vs-rest). */
  multiClass: "ovo" | "ovr";
}

const DEFAULTS: SvcParams = { kernel: "rbf", C: 1, gamma: "scale", tolerance: 1e-3, maxIterations: 10_000_000, probability: true, classWeight: null, seed: 0, multiClass: "ovo" };

interface BinarySvm {
  /** Support vectors (row-major, nSv × p), their α_i y_i, and the bias. */
  sv: Float64Array;
  dual: Float64Array;
  bias: number;
  iterations: number;
  converged: boolean;
  platt: [number, number] | null;
}

export class SVC implements Estimator<FittedSVC> {
  readonly kind = "SVC";
  readonly params: Readonly<SvcParams>;
  constructor(params: Partial<SvcParams> = {}) {
    this.params = resolveParams(this.kind, DEFAULTS, params);
    const p = this.params;
    requireSetting(p.kernel === "linear" || p.kernel === "rbf", this.kind, "kernel", '"linear" or "rbf"', p.kernel);
    requireSetting(p.C > 0 && Number.isFinite(p.C), this.kind, "C", "a positive number", p.C);
    requireSetting(p.gamma === "scale" || p.gamma === "auto" || (typeof p.gamma === "number" && p.gamma > 0), this.kind, "gamma", '"scale", "auto" or a positive number', p.gamma);
    requireSetting(p.tolerance > 0, this.kind, "tolerance", "positive", p.tolerance);
    requireSetting(p.multiClass === "ovo" || p.multiClass === "ovr", this.kind, "multiClass", '"ovo" or "ovr"', p.multiClass);
  }
  withParams(params: Partial<SvcParams>): SVC {
    return new SVC({ ...this.params, ...params });
  }
  fit(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: { featureNames?: readonly string[] } = {}): FittedSVC {
    const d = fitInputs(this.kind, X, y, options.featureNames);
    return this.fitEncoded(d.X, d.codes, d.classes);
  }
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedSVC {
    requireFinite(X, `${this.kind}.fit`);
    const gamma = resolveGamma(this.params, X);
    const k = classes.length;
    const cw = classWeights(codes, k, this.params.classWeight);
    const machines: BinarySvm[] = [];
    const warnings: ConvergenceWarning[] = [];
    const train = (Xs: Dense, y: Int8Array, w: Float64Array) => {
      const m = trainBinary(Xs, y, w, this.params, gamma);
      if (!m.converged) warnings.push(convergenceWarning("max-iterations", `SVC: SMO stopped at ${this.params.maxIterations} iterations before the KKT tolerance ${this.params.tolerance}; scale the features or lower C`));
      if (this.params.probability) m.platt = plattByCv(Xs, y, w, this.params, gamma);
      machines.push(m);
    };
    if (k > 2 && this.params.multiClass === "ovo") {
      for (const [a, b] of classPairs(k)) {
        const rows: number[] = [];
        for (let i = 0; i < X.n; i++) if (codes[i] === a || codes[i] === b) rows.push(i);
        train(selectRows(X, rows), Int8Array.from(rows, (i) => (codes[i] === a ? 1 : -1)), Float64Array.from(rows, (i) => cw[i]!));
      }
      return new FittedSVC(this.params, classes, X.names, gamma, X.p, machines, warnings);
    }
    const targets = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
    for (const c of targets) train(X, Int8Array.from(codes, (v) => (v === c ? 1 : -1)), cw);
    return new FittedSVC(this.params, classes, X.names, gamma, X.p, machines, warnings);
  }
}

/** The class pairs (a, b), a < b, in libsvm's order: (0,1), (0,2), …, (1,2), …. */
function classPairs(k: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) pairs.push([a, b]);
  return pairs;
}

/**
 * Class probabilities from pairwise ones, r[a·k + b] = P(a | a or b): Wu, Lin & Weng (JMLR 2004) method 2,
 * minimising Σ_a Σ_{b≠a} (r_ba p_a − r_ab p_b)² over the simplex by libsvm's fixed-point iteration
 * (multiclass_probability: at most max(100, k) sweeps, stopping when max |(Qp)_t − pᵀQp| < 0.005/k).
 */
export function pairwiseCoupling(r: Float64Array, k: number): Float64Array {
  const Q = new Float64Array(k * k);
  const p = new Float64Array(k).fill(1 / k);
  const Qp = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let j = 0; j < k; j++) {
      if (j === t) continue;
      Q[t * k + t]! += r[j * k + t]! * r[j * k + t]!;
      Q[t * k + j] = -r[j * k + t]! * r[t * k + j]!;
    }
  }
  const eps = 0.005 / k;
  const maxIter = Math.max(100, k);
  for (let iter = 0; iter < maxIter; iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      let v = 0;
      for (let j = 0; j < k; j++) v += Q[t * k + j]! * p[j]!;
      Qp[t] = v;
      pQp += p[t]! * v;
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs(Qp[t]! - pQp));
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t]! + pQp) / Q[t * k + t]!;
      p[t]! += diff;
      pQp = (pQp + diff * (diff * Q[t * k + t]! + 2 * Qp[t]!)) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j]! + diff * Q[t * k + j]!) / (1 + diff);
        p[j]! /= 1 + diff;
      }
    }
  }
  return p;
}

function resolveGamma(p: Readonly<SvcParams>, X: Dense): number {
  if (typeof p.gamma === "number") return p.gamma;
  if (p.gamma === "auto") return 1 / X.p;
  let mean = 0;
  for (let i = 0; i < X.data.length; i++) mean += X.data[i]!;
  mean /= X.data.length;
  let v = 0;
  for (let i = 0; i < X.data.length; i++) v += (X.data[i]! - mean) ** 2;
  v /= X.data.length;
  return v > 0 ? 1 / (X.p * v) : 1;
}

/** Kernel rows computed on demand and kept (all of them for n ≤ 4000, else the most recent ones). */
class KernelRows {
  private readonly rows = new Map<number, Float64Array>();
  private readonly limit: number;
  readonly diag: Float64Array;
  constructor(
    private readonly X: Dense,
    private readonly kernel: "linear" | "rbf",
    private readonly gamma: number,
  ) {
    this.limit = Math.max(2, Math.floor(2.5e7 / Math.max(1, X.n)));
    this.diag = new Float64Array(X.n);
    for (let i = 0; i < X.n; i++) this.diag[i] = this.value(i, i);
  }
  value(i: number, j: number): number {
    const { p, data } = this.X;
    let s = 0;
    if (this.kernel === "linear") {
      for (let a = 0; a < p; a++) s += data[i * p + a]! * data[j * p + a]!;
      return s;
    }
    for (let a = 0; a < p; a++) {
      const d = data[i * p + a]! - data[j * p + a]!;
      s += d * d;
    }
    return Math.exp(-this.gamma * s);
  }
  row(i: number): Float64Array {
    let r = this.rows.get(i);
    if (r) return r;
    const n = this.X.n;
    r = new Float64Array(n);
    for (let j = 0; j < n; j++) r[j] = this.value(i, j);
    if (this.rows.size >= this.limit) this.rows.delete(this.rows.keys().next().value as number);
    this.rows.set(i, r);
    return r;
  }
}

const TAU = 1e-12;

/** SMO with WSS2 on y ∈ {−1, +1}; per-sample C_i = C · weight_i. */
function trainBinary(X: Dense, y: Int8Array, weight: Float64Array, params: Readonly<SvcParams>, gamma: number): BinarySvm {
  const n = X.n;
  const K = new KernelRows(X, params.kernel, gamma);
  const Cp = new Float64Array(n);
  for (let i = 0; i < n; i++) Cp[i] = params.C * weight[i]!;
  const alpha = new Float64Array(n);
  const G = new Float64Array(n).fill(-1);
  const eps = params.tolerance;
  let iterations = 0;
  let converged = false;
  const upper = (t: number) => alpha[t]! >= Cp[t]!;
  const lower = (t: number) => alpha[t]! <= 0;
  while (iterations < params.maxIterations) {
    // Select i: max over I_up of −y G.
    let gmax = -Infinity;
    let gmax2 = -Infinity;
    let i = -1;
    for (let t = 0; t < n; t++) {
      if (y[t] === 1) {
        if (!upper(t) && -G[t]! >= gmax) {
          gmax = -G[t]!;
          i = t;
        }
      } else if (!lower(t) && G[t]! >= gmax) {
        gmax = G[t]!;
        i = t;
      }
    }
    if (i < 0) {
      converged = true;
      break;
    }
    const Ki = K.row(i);
    let j = -1;
    let objMin = Infinity;
    for (let t = 0; t < n; t++) {
      if (y[t] === 1) {
        if (!lower(t)) {
          const gradDiff = gmax + G[t]!;
          if (G[t]! >= gmax2) gmax2 = G[t]!;
          if (gradDiff > 0) {
            const quad = K.diag[i]! + K.diag[t]! - 2 * Ki[t]!;
            const obj = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
            if (obj <= objMin) {
              j = t;
              objMin = obj;
            }
          }
        }
      } else if (!upper(t)) {
        const gradDiff = gmax - G[t]!;
        if (-G[t]! >= gmax2) gmax2 = -G[t]!;
        if (gradDiff > 0) {
          const quad = K.diag[i]! + K.diag[t]! - 2 * Ki[t]!;
          const obj = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (obj <= objMin) {
            j = t;
            objMin = obj;
          }
        }
      }
    }
    if (gmax + gmax2 < eps || j < 0) {
      converged = true;
      break;
    }
    iterations++;
    const Kj = K.row(j);
    const Ci = Cp[i]!;
    const Cj = Cp[j]!;
    const oldAi = alpha[i]!;
    const oldAj = alpha[j]!;
    const Qij = y[i]! * y[j]! * Ki[j]!;
    if (y[i] !== y[j]) {
      let quad = K.diag[i]! + K.diag[j]! + 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i]! - G[j]!) / quad;
      const diff = alpha[i]! - alpha[j]!;
      alpha[i]! += delta;
      alpha[j]! += delta;
      if (diff > 0) {
        if (alpha[j]! < 0) {
          alpha[j] = 0;
          alpha[i] = diff;
        }
      } else if (alpha[i]! < 0) {
        alpha[i] = 0;
        alpha[j] = -diff;
      }
      if (diff > Ci - Cj) {
        if (alpha[i]! > Ci) {
          alpha[i] = Ci;
          alpha[j] = Ci - diff;
        }
      } else if (alpha[j]! > Cj) {
        alpha[j] = Cj;
        alpha[i] = Cj + diff;
      }
    } else {
      let quad = K.diag[i]! + K.diag[j]! - 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = (G[i]! - G[j]!) / quad;
      const sum = alpha[i]! + alpha[j]!;
      alpha[i]! -= delta;
      alpha[j]! += delta;
      if (sum > Ci) {
        if (alpha[i]! > Ci) {
          alpha[i] = Ci;
          alpha[j] = sum - Ci;
        }
      } else if (alpha[j]! < 0) {
        alpha[j] = 0;
        alpha[i] = sum;
      }
      if (sum > Cj) {
        if (alpha[j]! > Cj) {
          alpha[j] = Cj;
          alpha[i] = sum - Cj;
        }
      } else if (alpha[i]! < 0) {
        alpha[i] = 0;
        alpha[j] = sum;
      }
    }
    const dAi = alpha[i]! - oldAi;
    const dAj = alpha[j]! - oldAj;
    const yi = y[i]!;
    const yj = y[j]!;
    for (let t = 0; t < n; t++) G[t]! += y[t]! * (yi * Ki[t]! * dAi + yj * Kj[t]! * dAj);
  }
  // Bias (libsvm's rho = −b).
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  let nFree = 0;
  for (let t = 0; t < n; t++) {
    const yG = y[t]! * G[t]!;
    if (upper(t)) {
      if (y[t] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (lower(t)) {
      if (y[t] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nFree++;
      sumFree += yG;
    }
  }
  const rho = nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
  const svIdx: number[] = [];
  for (let t = 0; t < n; t++) if (alpha[t]! > 0) svIdx.push(t);
  const sv = selectRows(X, svIdx).data;
  const dual = Float64Array.from(svIdx, (t) => alpha[t]! * y[t]!);
  return { sv, dual, bias: -rho, iterations, converged, platt: null };
}

function decision(m: BinarySvm, X: Dense, kernel: "linear" | "rbf", gamma: number, p: number): Float64Array {
  const out = new Float64Array(X.n);
  const nSv = m.dual.length;
  for (let i = 0; i < X.n; i++) {
    let f = m.bias;
    const xi = i * p;
    for (let s = 0; s < nSv; s++) {
      let v = 0;
      const xs = s * p;
      if (kernel === "linear") for (let a = 0; a < p; a++) v += X.data[xi + a]! * m.sv[xs + a]!;
      else {
        for (let a = 0; a < p; a++) {
          const d = X.data[xi + a]! - m.sv[xs + a]!;
          v += d * d;
        }
        v = Math.exp(-gamma * v);
      }
      f += m.dual[s]! * v;
    }
    out[i] = f;
  }
  return out;
}

/** Platt's sigmoid on decision values from an internal stratified 5-fold CV (libsvm's svm_binary_svc_probability). */
function plattByCv(X: Dense, y: Int8Array, weight: Float64Array, params: Readonly<SvcParams>, gamma: number): [number, number] {
  const n = X.n;
  const rng = new Random(params.seed);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < n; i++) (y[i] === 1 ? pos : neg).push(i);
  rng.shuffle(pos);
  rng.shuffle(neg);
  const folds = 5;
  const foldOf = new Int32Array(n);
  pos.forEach((i, r) => (foldOf[i] = r % folds));
  neg.forEach((i, r) => (foldOf[i] = (pos.length + r) % folds));
  const dec = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? te : tr).push(i);
    if (te.length === 0) continue;
    const ytr = Int8Array.from(tr, (i) => y[i]!);
    let np = 0;
    for (const v of ytr) if (v === 1) np++;
    if (np === 0 || np === ytr.length) {
      // A one-class training fold: the libsvm convention is a constant decision of ±1.
      for (const i of te) dec[i] = np === 0 ? -1 : 1;
      continue;
    }
    const m = trainBinary(selectRows(X, tr), ytr, Float64Array.from(tr, (i) => weight[i]!), params, gamma);
    const d = decision(m, selectRows(X, te), params.kernel, gamma, X.p);
    te.forEach((i, r) => (dec[i] = d[r]!));
  }
  return fitPlatt(dec, y);
}

/**
 * Platt's sigmoid P(y = 1 | f) = 1 / (1 + exp(A f + B)) by Newton's method with backtracking on the
 * regularised targets (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2) (Lin, Lin & Weng 2007, algorithm 1).
 */
export function fitPlatt(dec: Float64Array, y: Int8Array): [number, number] {
  let prior1 = 0;
  let prior0 = 0;
  for (const v of y) v === 1 ? prior1++ : prior0++;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const n = dec.length;
  const t = Float64Array.from(y, (v) => (v === 1 ? hiTarget : loTarget));
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  const fval = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const fApB = dec[i]! * a + b;
      f += fApB >= 0 ? t[i]! * fApB + Math.log1p(Math.exp(-fApB)) : (t[i]! - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return f;
  };
  let fv = fval(A, B);
  for (let it = 0; it < 100; it++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const fApB = dec[i]! * A + B;
      const p = fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
      const q = 1 - p;
      const d2 = p * q;
      h11 += dec[i]! * dec[i]! * d2;
      h22 += d2;
      h21 += dec[i]! * d2;
      const d1 = t[i]! - p;
      g1 += dec[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= 1e-10) {
      const nA = A + step * dA;
      const nB = B + step * dB;
      const nf = fval(nA, nB);
      if (nf < fv + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fv = nf;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return [A, B];
}

export class FittedSVC extends FittedBase {
  readonly kind = "SVC";
  readonly params: Readonly<SvcParams>;
  readonly gamma: number;
  readonly warnings: readonly ConvergenceWarning[];
  /** Number of support vectors of each binary machine. */
  readonly nSupport: readonly number[];
  readonly #machines: readonly BinarySvm[];
  readonly #p: number;

  constructor(params: Readonly<SvcParams>, classes: readonly Label[], names: readonly string[], gamma: number, p: number, machines: BinarySvm[], warnings: ConvergenceWarning[] = []) {
    super(classes, names);
    this.params = params;
    this.gamma = gamma;
    this.#machines = machines;
    this.#p = p;
    this.nSupport = Object.freeze(machines.map((m) => m.dual.length));
    this.warnings = Object.freeze(warnings);
    Object.freeze(this);
  }

  /** One-vs-one machines (more than two classes with multiClass "ovo"). */
  private get ovo(): boolean {
    return this.classes.length > 2 && this.params.multiClass === "ovo";
  }

  /**
   * Raw decision values of the binary machines, n × machines (row-major): one column for two classes
   * (positive: classes[1]); for one-vs-one a column per pair (a, b) in classPairs order (positive: a,
   * scikit-learn's decision_function_shape = "ovo"); for one-vs-rest a column per class.
   */
  machineDecisions(X: Dense): Float64Array {
    requireFinite(X, `${this.kind}.predict`);
    const m = this.#machines.length;
    const out = new Float64Array(X.n * m);
    this.#machines.forEach((mach, c) => {
      const d = decision(mach, X, this.params.kernel, this.gamma, this.#p);
      for (let i = 0; i < X.n; i++) out[i * m + c] = d[i]!;
    });
    return out;
  }

  /**
   * Decision values as scikit-learn's decision_function: one column for two classes; k columns otherwise
   * (one-vs-rest machines' values, or for one-vs-one the votes plus the summed pair confidences squeezed
   * into (−⅓, ⅓), scikit-learn's default decision_function_shape = "ovr").
   */
  decisionDense(X: Dense): Float64Array {
    const raw = this.machineDecisions(X);
    if (!this.ovo) return raw;
    const k = this.classes.length;
    const pairs = classPairs(k);
    const m = pairs.length;
    const out = new Float64Array(X.n * k);
    const conf = new Float64Array(k);
    for (let i = 0; i < X.n; i++) {
      conf.fill(0);
      pairs.forEach(([a, b], q) => {
        const d = raw[i * m + q]!;
        conf[a]! += d;
        conf[b]! -= d;
        out[i * k + (d > 0 ? a : b)]! += 1;
      });
      for (let c = 0; c < k; c++) out[i * k + c]! += conf[c]! / (3 * (Math.abs(conf[c]!) + 1));
    }
    return out;
  }

  override scoreDense(X: Dense): Float64Array {
    this.requireBinary("score");
    return this.decisionDense(X);
  }

  /**
   * The primal weights w = Σ α_i y_i x_i of each machine (linear kernel only), so f(x) = wᵀx + b.
   * @throws RadiogxError for the RBF kernel, which has no finite weight vector.
   */
  linearWeights(): Float64Array[] {
    if (this.params.kernel !== "linear") throw new RadiogxError("INVALID_ARGUMENT", "SVC.linearWeights: only the linear kernel has primal weights", { key: "kernel" });
    const p = this.#p;
    return this.#machines.map((m) => {
      const w = new Float64Array(p);
      for (let s = 0; s < m.dual.length; s++) for (let a = 0; a < p; a++) w[a]! += m.dual[s]! * m.sv[s * p + a]!;
      return w;
    });
  }

  probaDense(X: Dense): Float64Array {
    if (!this.params.probability) {
      throw new RadiogxError("INVALID_ARGUMENT", "SVC.predictProba: the model was fitted with probability: false", { key: "probability", hint: "refit with probability: true, or use score() for ranking" });
    }
    const d = this.machineDecisions(X);
    const k = this.classes.length;
    const m = this.#machines.length;
    const out = new Float64Array(X.n * k);
    if (this.ovo) {
      // libsvm's svm_predict_probability: pairwise Platt probabilities clipped to [1e-7, 1 − 1e-7], coupled.
      const pairs = classPairs(k);
      const r = new Float64Array(k * k);
      for (let i = 0; i < X.n; i++) {
        pairs.forEach(([a, b], q) => {
          const [A, B] = this.#machines[q]!.platt!;
          const pa = Math.min(Math.max(sigmoid(-(A * d[i * m + q]! + B)), 1e-7), 1 - 1e-7);
          r[a * k + b] = pa;
          r[b * k + a] = 1 - pa;
        });
        out.set(pairwiseCoupling(r, k), i * k);
      }
      return out;
    }
    for (let i = 0; i < X.n; i++) {
      if (k === 2) {
        const [A, B] = this.#machines[0]!.platt!;
        const p1 = sigmoid(-(A * d[i]! + B));
        out[2 * i] = 1 - p1;
        out[2 * i + 1] = p1;
      } else {
        let s = 0;
        for (let c = 0; c < m; c++) {
          const [A, B] = this.#machines[c]!.platt!;
          s += out[i * k + c] = sigmoid(-(A * d[i * m + c]! + B));
        }
        for (let c = 0; c < k; c++) out[i * k + c]! /= s;
      }
    }
    return out;
  }

  override get hasProbabilities(): boolean {
    return this.params.probability;
  }

  /**
   * The class with the largest decision value (one-vs-one: the most votes, ties to the earlier class, as
   * libsvm), not the largest Platt probability.
   */
  override predictCodesDense(X: Dense): Int32Array {
    if (this.ovo) {
      const raw = this.machineDecisions(X);
      const k = this.classes.length;
      const pairs = classPairs(k);
      const votes = new Int32Array(k);
      return Int32Array.from({ length: X.n }, (_, i) => {
        votes.fill(0);
        pairs.forEach(([a, b], q) => votes[raw[i * pairs.length + q]! > 0 ? a : b]!++);
        let best = 0;
        for (let c = 1; c < k; c++) if (votes[c]! > votes[best]!) best = c;
        return best;
      });
    }
    const d = this.decisionDense(X);
    const m = this.#machines.length;
    return Int32Array.from({ length: X.n }, (_, i) => {
      if (m === 1) return d[i]! > 0 ? 1 : 0;
      let best = 0;
      for (let c = 1; c < m; c++) if (d[i * m + c]! > d[i * m + best]!) best = c;
      return best;
    });
  }

  toJSON(): ModelJSON {
    return this.json({
      gamma: this.gamma,
      p: this.#p,
      machines: this.#machines.map((m) => ({ sv: Array.from(m.sv), dual: Array.from(m.dual), bias: m.bias, platt: m.platt, iterations: m.iterations, converged: m.converged })),
    });
  }

  static fromJSON(json: ModelJSON): FittedSVC {
    const s = json.state as { classes: Label[]; featureNames: string[]; gamma: number; p: number; machines: { sv: number[]; dual: number[]; bias: number; platt: [number, number] | null; iterations: number; converged: boolean }[] };
    const machines = s.machines.map((m) => ({ sv: Float64Array.from(m.sv), dual: Float64Array.from(m.dual), bias: m.bias, platt: m.platt, iterations: m.iterations, converged: m.converged }));
    // Models saved before multiClass existed were one-vs-rest.
    const params = "multiClass" in json.params ? json.params : { ...json.params, multiClass: "ovr" };
    return new FittedSVC(resolveParams("SVC", DEFAULTS, params), s.classes, s.featureNames, s.gamma, s.p, machines);
  }
}
