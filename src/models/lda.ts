/**
 * Linear discriminant analysis: Gaussian classes with a shared covariance, as scikit-learn's
 * `LinearDiscriminantAnalysis(solver="svd")`.
 *
 * With class means μ_k, priors π_k (class frequencies), overall mean x̄ = Σ π_k μ_k and the pooled
 * within-class covariance Σ = (1/n) Σ_k Σ_{i∈k} (x_i − μ_k)(x_i − μ_k)ᵀ:
 *   δ_k(x) = (μ_k − x̄)ᵀ Σ⁺ (x − x̄) − ½ (μ_k − x̄)ᵀ Σ⁺ (μ_k − x̄) + log π_k,
 *   P(k | x) = softmax_k δ_k(x).
 * Σ⁺ is the pseudo-inverse on the directions whose singular value of the within-class-scaled data
 * exceeds `tolerance` (scikit-learn's rank rule), so collinear features do not break the fit.
 * Reference: Hastie, Tibshirani & Friedman, ESL 2nd ed. §4.3.
 */
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { type Estimator, FittedBase, type ModelJSON, fitInputs, resolveParams, requireSetting } from "./estimator";
import { type Label } from "./labels";
import { type Dense, type FeatureMatrix, requireFinite } from "./matrix";

export interface LdaParams {
  /** Singular values of the scaled within-class data below this count as zero. Default 1e-4. */
  tolerance: number;
  /** Class priors in `classes` order. Default null: the class frequencies. */
  priors: readonly number[] | null;
}

const DEFAULTS: LdaParams = { tolerance: 1e-4, priors: null };

export class LinearDiscriminantAnalysis implements Estimator<FittedLinearDiscriminantAnalysis> {
  readonly kind = "LinearDiscriminantAnalysis";
  readonly params: Readonly<LdaParams>;
  constructor(params: Partial<LdaParams> = {}) {
    this.params = resolveParams(this.kind, DEFAULTS, params);
    requireSetting(this.params.tolerance > 0, this.kind, "tolerance", "positive", this.params.tolerance);
  }
  withParams(params: Partial<LdaParams>): LinearDiscriminantAnalysis {
    return new LinearDiscriminantAnalysis({ ...this.params, ...params });
  }
  fit(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: { featureNames?: readonly string[] } = {}): FittedLinearDiscriminantAnalysis {
    const d = fitInputs(this.kind, X, y, options.featureNames);
    return this.fitEncoded(d.X, d.codes, d.classes);
  }
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedLinearDiscriminantAnalysis {
    requireFinite(X, `${this.kind}.fit`);
    const { n, p, data } = X;
    const k = classes.length;
    const counts = new Float64Array(k);
    const means = new Float64Array(k * p);
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      counts[c]!++;
      for (let j = 0; j < p; j++) means[c * p + j]! += data[i * p + j]!;
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) means[c * p + j]! /= counts[c]!;
    const priors = this.params.priors ? Float64Array.from(this.params.priors) : Float64Array.from(counts, (v) => v / n);
    requireSetting(priors.length === k, this.kind, "priors", `${k} values (one per class)`, this.params.priors);
    const xbar = new Float64Array(p);
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) xbar[j]! += priors[c]! * means[c * p + j]!;
    // Within-class sd per feature, then the correlation-scale scatter R = (1/n) Zᵀ Z, Z = (x − μ)/sd.
    const sd = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sd[j]! += (data[i * p + j]! - means[codes[i]! * p + j]!) ** 2;
    for (let j = 0; j < p; j++) {
      sd[j] = Math.sqrt(sd[j]! / n);
      if (sd[j] === 0) sd[j] = 1;
    }
    // SVD of Z = (x − μ_class)/sd / √n (n × p): Σ_scaled = Zᵀ Z = V S² Vᵀ, so
    // Σ⁺ = D⁻¹ V_r S_r⁻² V_rᵀ D⁻¹ over singular values above the tolerance (D = diag(sd)). Working on Z
    // rather than the p × p covariance keeps wide data (p ≫ n) cheap.
    const Z = new Matrix(n, p);
    const scale = 1 / Math.sqrt(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Z.set(i, j, ((data[i * p + j]! - means[codes[i]! * p + j]!) / sd[j]!) * scale);
    const svd = new SingularValueDecomposition(Z, { computeLeftSingularVectors: false, computeRightSingularVectors: true, autoTranspose: true });
    const S = svd.diagonal;
    const V = svd.rightSingularVectors;
    const kept: number[] = [];
    for (let r = 0; r < S.length; r++) if (S[r]! > this.params.tolerance) kept.push(r);
    const applySigmaPlus = (v: Float64Array): number[] => {
      const t = new Float64Array(kept.length);
      kept.forEach((r, q) => {
        let s = 0;
        for (let a = 0; a < p; a++) s += V.get(a, r) * (v[a]! / sd[a]!);
        t[q] = s / (S[r]! * S[r]!);
      });
      const out = new Array<number>(p).fill(0);
      for (let a = 0; a < p; a++) {
        let s = 0;
        kept.forEach((r, q) => (s += V.get(a, r) * t[q]!));
        out[a] = s / sd[a]!;
      }
      return out;
    };
    const coef: number[][] = [];
    const intercept: number[] = [];
    for (let c = 0; c < k; c++) {
      const centred = new Float64Array(p);
      for (let a = 0; a < p; a++) centred[a] = means[c * p + a]! - xbar[a]!;
      const w = applySigmaPlus(centred);
      let quad = 0;
      let shift = 0;
      for (let a = 0; a < p; a++) {
        quad += (means[c * p + a]! - xbar[a]!) * w[a]!;
        shift += xbar[a]! * w[a]!;
      }
      coef.push(w);
      intercept.push(-0.5 * quad + Math.log(priors[c]!) - shift);
    }
    const meansOut = Array.from({ length: k }, (_, c) => Array.from(means.subarray(c * p, c * p + p)));
    return new FittedLinearDiscriminantAnalysis(this.params, classes, X.names, coef, intercept, meansOut, Array.from(priors));
  }
}

export class FittedLinearDiscriminantAnalysis extends FittedBase {
  readonly kind = "LinearDiscriminantAnalysis";
  readonly params: Readonly<LdaParams>;
  /** Discriminant coefficients per class (δ_k(x) = coef_k · x + intercept_k). */
  readonly coef: readonly (readonly number[])[];
  readonly intercept: readonly number[];
  readonly means: readonly (readonly number[])[];
  readonly priors: readonly number[];

  constructor(params: Readonly<LdaParams>, classes: readonly Label[], names: readonly string[], coef: number[][], intercept: number[], means: number[][], priors: number[]) {
    super(classes, names);
    this.params = params;
    this.coef = Object.freeze(coef.map((r) => Object.freeze([...r])));
    this.intercept = Object.freeze([...intercept]);
    this.means = Object.freeze(means.map((r) => Object.freeze([...r])));
    this.priors = Object.freeze([...priors]);
    Object.freeze(this);
  }

  private discriminants(X: Dense): Float64Array {
    requireFinite(X, `${this.kind}.predict`);
    const k = this.classes.length;
    const out = new Float64Array(X.n * k);
    for (let i = 0; i < X.n; i++) {
      for (let c = 0; c < k; c++) {
        let s = this.intercept[c]!;
        const w = this.coef[c]!;
        for (let j = 0; j < X.p; j++) s += X.data[i * X.p + j]! * w[j]!;
        out[i * k + c] = s;
      }
    }
    return out;
  }

  probaDense(X: Dense): Float64Array {
    const d = this.discriminants(X);
    const k = this.classes.length;
    for (let i = 0; i < X.n; i++) {
      let m = -Infinity;
      for (let c = 0; c < k; c++) m = Math.max(m, d[i * k + c]!);
      let s = 0;
      for (let c = 0; c < k; c++) s += d[i * k + c] = Math.exp(d[i * k + c]! - m);
      for (let c = 0; c < k; c++) d[i * k + c]! /= s;
    }
    return d;
  }

  /** δ₁(x) − δ₀(x), the log posterior odds of `classes[1]` (binary). */
  override scoreDense(X: Dense): Float64Array {
    this.requireBinary("score");
    const d = this.discriminants(X);
    return Float64Array.from({ length: X.n }, (_, i) => d[2 * i + 1]! - d[2 * i]!);
  }

  toJSON(): ModelJSON {
    return this.json({ coef: this.coef, intercept: this.intercept, means: this.means, priors: this.priors });
  }

  static fromJSON(json: ModelJSON): FittedLinearDiscriminantAnalysis {
    const s = json.state as { classes: Label[]; featureNames: string[]; coef: number[][]; intercept: number[]; means: number[][]; priors: number[] };
    return new FittedLinearDiscriminantAnalysis(resolveParams("LinearDiscriminantAnalysis", DEFAULTS, json.params), s.classes, s.featureNames, s.coef, s.intercept, s.means, s.priors);
  }
}
