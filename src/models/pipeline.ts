/**
 * A pipeline: transformers (imputation, scaling, feature selection) followed by one classifier. `fit`
 * fits each step on the output of the previous one, on the training data only, so cross-validating a
 * pipeline never lets a test fold influence scaling, imputation or feature selection (no leakage).
 *
 *   const model = new Pipeline([new Imputer(), new StandardScaler(), new SelectUnivariate({ k: 10 }), new LogisticRegression()]);
 */
import { RadiogxError } from "../errors";
import { type Estimator, FittedBase, type FittedClassifier, type FittedTransformer, type ModelJSON, type Transformer, fitInputs } from "./estimator";
import { type Label } from "./labels";
import { type Dense, type FeatureMatrix } from "./matrix";

export type PipelineStep = Transformer | Estimator;

function isEstimator(s: PipelineStep): s is Estimator {
  return typeof (s as Estimator).fit === "function";
}

export class Pipeline implements Estimator<FittedPipeline> {
  readonly kind = "Pipeline";
  readonly steps: readonly PipelineStep[];
  readonly params: Readonly<Record<string, unknown>>;

  constructor(steps: readonly PipelineStep[]) {
    if (steps.length === 0 || !isEstimator(steps[steps.length - 1]!)) {
      throw new RadiogxError("INVALID_ARGUMENT", "Pipeline: the last step must be a classifier", { key: "steps" });
    }
    for (let i = 0; i < steps.length - 1; i++) {
      if (isEstimator(steps[i]!)) throw new RadiogxError("INVALID_ARGUMENT", `Pipeline: step ${i} (${steps[i]!.kind}) is a classifier; only the last step may be one`, { key: "steps" });
    }
    this.steps = Object.freeze([...steps]);
    this.params = Object.freeze(Object.fromEntries(steps.map((s, i) => [`${i}:${s.kind}`, s.params])));
  }

  /** The classifier at the end. */
  get classifier(): Estimator {
    return this.steps[this.steps.length - 1] as Estimator;
  }

  /**
   * A copy with hyperparameters changed, addressed as "<step kind>.<name>" (e.g. "LogisticRegression.C",
   * "SelectUnivariate.k"); a plain name applies to the classifier.
   */
  withParams(params: Readonly<Record<string, unknown>>): Pipeline {
    const perStep = this.steps.map(() => ({}) as Record<string, unknown>);
    for (const [key, value] of Object.entries(params)) {
      const dot = key.indexOf(".");
      const kind = dot < 0 ? this.classifier.kind : key.slice(0, dot);
      const name = dot < 0 ? key : key.slice(dot + 1);
      const idx = this.steps.findIndex((s) => s.kind === kind);
      if (idx < 0) throw new RadiogxError("UNKNOWN_SETTING", `Pipeline: no step "${kind}" for parameter "${key}"`, { key, hint: `steps are ${this.steps.map((s) => s.kind).join(", ")}` });
      perStep[idx]![name] = value;
    }
    return new Pipeline(this.steps.map((s, i) => (Object.keys(perStep[i]!).length > 0 ? s.withParams(perStep[i]!) : s)));
  }

  fit(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: { featureNames?: readonly string[] } = {}): FittedPipeline {
    const d = fitInputs(this.kind, X, y, options.featureNames);
    return this.fitEncoded(d.X, d.codes, d.classes);
  }

  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedPipeline {
    const fitted: FittedTransformer[] = [];
    let cur = X;
    for (let i = 0; i < this.steps.length - 1; i++) {
      const t = (this.steps[i] as Transformer).fitEncoded(cur, codes, classes);
      fitted.push(t);
      cur = t.transform(cur);
    }
    const model = this.classifier.fitEncoded(cur, codes, classes);
    return new FittedPipeline(this.params, classes, X.names, fitted, model);
  }
}

export class FittedPipeline extends FittedBase {
  readonly kind = "Pipeline";
  readonly params: Readonly<Record<string, unknown>>;
  readonly transformers: readonly FittedTransformer[];
  readonly model: FittedClassifier;

  constructor(params: Readonly<Record<string, unknown>>, classes: readonly Label[], names: readonly string[], transformers: FittedTransformer[], model: FittedClassifier) {
    super(classes, names);
    this.params = params;
    this.transformers = Object.freeze([...transformers]);
    this.model = model;
    Object.freeze(this);
  }

  /** The features reaching the classifier (after selection steps). */
  get selectedFeatures(): readonly string[] {
    return this.model.featureNames;
  }

  private through(X: Dense): Dense {
    let cur = X;
    for (const t of this.transformers) cur = t.transform(cur);
    return cur;
  }

  probaDense(X: Dense): Float64Array {
    return this.model.probaDense(this.through(X));
  }

  override scoreDense(X: Dense): Float64Array {
    return this.model.scoreDense(this.through(X));
  }

  override get hasProbabilities(): boolean {
    return this.model.hasProbabilities;
  }

  override predictCodesDense(X: Dense): Int32Array {
    return this.model.predictCodesDense(this.through(X));
  }

  toJSON(): ModelJSON {
    return this.json({ steps: this.transformers.map((t) => t.toJSON()), model: this.model.toJSON() });
  }
}
