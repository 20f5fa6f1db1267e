/**
 * The classifier contract, after scikit-learn's estimator conventions but typed so that predict-before-fit
 * cannot compile:
 *
 *   const model = new LogisticRegression({ C: 0.5 });   // hyperparameters only, validated at once
 *   const fitted = model.fit(X, y);                     // a new, immutable FittedClassifier
 *   fitted.predictProba(Xtest);                         // rows of class probabilities (in `classes` order)
 *   const json = fitted.toJSON(); loadModel(json);      // round trip
 *
 * `withParams` returns a new estimator (for grid search); estimators hold no learned state, so one can be
 * fitted on every fold. Transformers (scaling, imputation, feature selection) follow the same pattern and are
 * chained with a classifier in a `Pipeline`, so that cross-validation fits them on training folds only.
 */
import { RadiogxError, nearest } from "../errors";
import { encodeLabels, type Label } from "./labels";
import { type Dense, type FeatureMatrix, toDense, requireColumns, selectColumns } from "./matrix";

/** The serialised form of a fitted model or transformer. */
export interface ModelJSON {
  readonly format: "radiogx-model";
  readonly version: 1;
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly state: Readonly<Record<string, unknown>>;
}

export interface Estimator<F extends FittedClassifier = FittedClassifier> {
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Learns from features and labels; returns a new fitted model. */
  fit(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options?: { featureNames?: readonly string[] }): F;
  /** Fits on already-encoded data (used by cross-validation to avoid re-encoding). */
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): F;
  /** A copy with some hyperparameters changed. */
  withParams(params: Readonly<Record<string, unknown>>): Estimator<F>;
}

export interface FittedClassifier {
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly classes: readonly Label[];
  readonly featureNames: readonly string[];
  /** Class probabilities, one row per sample, columns in `classes` order. */
  predictProba(X: FeatureMatrix | Dense): number[][];
  /** The most probable class of each sample. */
  predict(X: FeatureMatrix | Dense): Label[];
  /**
   * One score per sample for ranking (binary problems): the decision function where the model has one
   * (SVM, logistic regression, LDA), else the probability of `classes[1]`. Higher means `classes[1]`.
   * This is what scikit-learn's roc_auc scorer uses.
   */
  score(X: FeatureMatrix | Dense): Float64Array;
  /** False when the model cannot give probabilities (an SVC fitted with `probability: false`). */
  readonly hasProbabilities: boolean;
  /** Row-major n × k probabilities on a Dense matrix (no conversion). */
  probaDense(X: Dense): Float64Array;
  /** Predicted class codes (indices into `classes`) on a Dense matrix. */
  predictCodesDense(X: Dense): Int32Array;
  scoreDense(X: Dense): Float64Array;
  toJSON(): ModelJSON;
}

/**
 * Merges user hyperparameters over defaults; unknown keys are an error naming the nearest valid one.
 */
export function resolveParams<P extends object>(kind: string, defaults: P, given: Partial<P> | Readonly<Record<string, unknown>> | undefined): Readonly<P> {
  const out = { ...defaults } as Record<string, unknown>;
  const keys = Object.keys(defaults);
  for (const [k, v] of Object.entries(given ?? {})) {
    if (!keys.includes(k)) {
      const near = nearest(k, keys);
      throw new RadiogxError("UNKNOWN_SETTING", `${kind}: unknown hyperparameter "${k}"`, { key: k, hint: near ? `did you mean "${near}"?` : `valid: ${keys.join(", ")}` });
    }
    if (v !== undefined) out[k] = v;
  }
  return Object.freeze(out) as Readonly<P>;
}

/** @throws RadiogxError INVALID_SETTING with the setting name and what was expected. */
export function requireSetting(ok: boolean, kind: string, key: string, expected: string, got: unknown): void {
  if (!ok) throw new RadiogxError("INVALID_SETTING", `${kind}: ${key} must be ${expected}, got ${JSON.stringify(got)}`, { key });
}

/** Shared fit entry: converts X, encodes y, checks lengths. */
export function fitInputs(kind: string, X: FeatureMatrix | Dense, y: ArrayLike<Label>, featureNames?: readonly string[]): { X: Dense; codes: Int32Array; classes: readonly Label[] } {
  const D = toDense(X, `${kind}.fit`, featureNames);
  if (y.length !== D.n) throw new RadiogxError("INVALID_ARGUMENT", `${kind}.fit: ${D.n} samples but ${y.length} labels`, { key: "y" });
  const enc = encodeLabels(y, `${kind}.fit`);
  if (enc.classes.length < 2) throw new RadiogxError("INVALID_ARGUMENT", `${kind}.fit: needs at least two classes, found ${enc.classes.length}`, { key: "y" });
  return { X: D, codes: enc.codes, classes: enc.classes };
}

/**
 * Base of fitted classifiers: the public methods convert inputs and delegate to `probaDense`/`scoreDense`.
 */
export abstract class FittedBase implements FittedClassifier {
  abstract readonly kind: string;
  abstract readonly params: Readonly<Record<string, unknown>>;
  readonly classes: readonly Label[];
  readonly featureNames: readonly string[];

  protected constructor(classes: readonly Label[], featureNames: readonly string[]) {
    this.classes = Object.freeze([...classes]);
    this.featureNames = Object.freeze([...featureNames]);
  }

  abstract probaDense(X: Dense): Float64Array;
  abstract toJSON(): ModelJSON;

  get hasProbabilities(): boolean {
    return true;
  }

  predictCodesDense(X: Dense): Int32Array {
    const pr = this.probaDense(X);
    const k = this.classes.length;
    const out = new Int32Array(X.n);
    for (let i = 0; i < X.n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (pr[i * k + c]! > pr[i * k + best]!) best = c;
      out[i] = best;
    }
    return out;
  }

  scoreDense(X: Dense): Float64Array {
    this.requireBinary("score");
    const pr = this.probaDense(X);
    const out = new Float64Array(X.n);
    for (let i = 0; i < X.n; i++) out[i] = pr[i * 2 + 1]!;
    return out;
  }

  /**
   * The model's input as Dense. A DataFrame's columns are matched by name (any order, extra columns
   * ignored); arrays must have the fitted width.
   */
  protected input(X: FeatureMatrix | Dense, what: string): Dense {
    const context = `${this.kind}.${what}`;
    const D = toDense(X, context);
    if (isDataFrameInput(X)) {
      const cols = this.featureNames.map((name) => {
        const j = D.names.indexOf(name);
        if (j < 0) throw new RadiogxError("INVALID_ARGUMENT", `${context}: the table has no column "${name}", which the model was fitted on`, { key: name });
        return j;
      });
      return selectColumns(D, cols);
    }
    requireColumns(D, this.featureNames, context);
    return { ...D, names: this.featureNames };
  }

  protected requireBinary(what: string): void {
    if (this.classes.length !== 2) throw new RadiogxError("INVALID_ARGUMENT", `${this.kind}.${what}: defined for two classes; this model has ${this.classes.length} (use predictProba)`, { key: "classes" });
  }

  predictProba(X: FeatureMatrix | Dense): number[][] {
    const D = this.input(X, "predictProba");
    const pr = this.probaDense(D);
    const k = this.classes.length;
    return Array.from({ length: D.n }, (_, i) => Array.from(pr.subarray(i * k, i * k + k)));
  }

  predict(X: FeatureMatrix | Dense): Label[] {
    const codes = this.predictCodesDense(this.input(X, "predict"));
    return Array.from(codes, (c) => this.classes[c]!);
  }

  score(X: FeatureMatrix | Dense): Float64Array {
    return this.scoreDense(this.input(X, "score"));
  }

  protected json(state: Record<string, unknown>): ModelJSON {
    return Object.freeze({
      format: "radiogx-model" as const,
      version: 1 as const,
      kind: this.kind,
      params: this.params,
      state: { classes: this.classes, featureNames: this.featureNames, ...state },
    });
  }
}

function isDataFrameInput(X: unknown): boolean {
  return typeof X === "object" && X !== null && !Array.isArray(X) && Array.isArray((X as { columns?: unknown }).columns);
}

/** Logistic function, numerically safe. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** A preprocessing or feature-selection step. Supervised steps (selectors) use the labels. */
export interface Transformer<F extends FittedTransformer = FittedTransformer> {
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): F;
  withParams(params: Readonly<Record<string, unknown>>): Transformer<F>;
}

export interface FittedTransformer {
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly featureNamesIn: readonly string[];
  readonly featureNamesOut: readonly string[];
  transform(X: Dense): Dense;
  toJSON(): ModelJSON;
}

/** Builds the JSON of a fitted transformer. */
export function transformerJSON(kind: string, params: Readonly<Record<string, unknown>>, state: Record<string, unknown>): ModelJSON {
  return Object.freeze({ format: "radiogx-model" as const, version: 1 as const, kind, params, state });
}
