/**
 * Rebuilding fitted models and transformers from their JSON (`toJSON()`), by `kind`. The JSON is plain
 * data (arrays and numbers), safe to store next to results and to send to a notebook front end.
 */
import { RadiogxError, nearest } from "../errors";
import { type FittedClassifier, type FittedTransformer, type ModelJSON } from "./estimator";
import { FittedRandomForestClassifier } from "./forest";
import { FittedKNeighborsClassifier } from "./knn";
import { FittedLinearDiscriminantAnalysis } from "./lda";
import { FittedLogisticRegression } from "./logistic";
import { FittedPipeline } from "./pipeline";
import { FittedImputer, FittedStandardScaler } from "./preprocess";
import { FittedSelector } from "./selection";
import { FittedSVC } from "./svm";

const CLASSIFIERS: Record<string, (json: ModelJSON) => FittedClassifier> = {
  LogisticRegression: FittedLogisticRegression.fromJSON,
  LinearDiscriminantAnalysis: FittedLinearDiscriminantAnalysis.fromJSON,
  KNeighborsClassifier: FittedKNeighborsClassifier.fromJSON,
  SVC: FittedSVC.fromJSON,
  RandomForestClassifier: FittedRandomForestClassifier.fromJSON,
  Pipeline: loadPipeline,
};

const TRANSFORMERS: Record<string, (json: ModelJSON) => FittedTransformer> = {
  StandardScaler: FittedStandardScaler.fromJSON,
  Imputer: FittedImputer.fromJSON,
  SelectUnivariate: FittedSelector.fromJSON,
  SelectMrmr: FittedSelector.fromJSON,
  SelectLasso: FittedSelector.fromJSON,
  SelectSvmRfe: FittedSelector.fromJSON,
  SelectIcc: FittedSelector.fromJSON,
};

function check(json: unknown): ModelJSON {
  const j = (typeof json === "string" ? JSON.parse(json) : json) as Partial<ModelJSON>;
  if (j === null || typeof j !== "object" || j.format !== "radiogx-model") {
    throw new RadiogxError("INVALID_ARGUMENT", "loadModel: not a radiogx model (expected format \"radiogx-model\")", { key: "format" });
  }
  if (j.version !== 1) throw new RadiogxError("INVALID_ARGUMENT", `loadModel: model format version ${String(j.version)} is not supported (this radiogx reads version 1)`, { key: "version" });
  return j as ModelJSON;
}

/**
 * A fitted classifier (or pipeline) from `toJSON()` output (object or JSON string).
 * @throws RadiogxError for another format, another version, or an unknown kind (naming the nearest).
 */
export function loadModel(json: unknown): FittedClassifier {
  const j = check(json);
  const make = CLASSIFIERS[j.kind];
  if (!make) {
    const near = nearest(j.kind, Object.keys(CLASSIFIERS));
    throw new RadiogxError("INVALID_ARGUMENT", `loadModel: unknown model kind "${j.kind}"`, { key: "kind", hint: near ? `did you mean "${near}"?` : `known: ${Object.keys(CLASSIFIERS).join(", ")}` });
  }
  return make(j);
}

/** A fitted transformer from `toJSON()` output. */
export function loadTransformer(json: unknown): FittedTransformer {
  const j = check(json);
  const make = TRANSFORMERS[j.kind];
  if (!make) throw new RadiogxError("INVALID_ARGUMENT", `loadTransformer: unknown transformer kind "${j.kind}"`, { key: "kind", hint: `known: ${Object.keys(TRANSFORMERS).join(", ")}` });
  return make(j);
}

function loadPipeline(json: ModelJSON): FittedPipeline {
  const s = json.state as { classes: FittedClassifier["classes"]; featureNames: string[]; steps: ModelJSON[]; model: ModelJSON };
  return new FittedPipeline(json.params, s.classes, s.featureNames, s.steps.map(loadTransformer), loadModel(s.model));
}
