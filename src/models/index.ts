// Public API of the models layer: classifiers, pipeline steps, feature selection, resampling and
// ROC / calibration analysis.
export type { Estimator, FittedClassifier, Transformer, FittedTransformer, ModelJSON } from "./estimator";
export type { Label } from "./labels";
export type { Dense, FeatureMatrix, MatrixLike } from "./matrix";
export { ConvergenceError, type ConvergenceCause, type ConvergenceWarning } from "./convergence";
export { LogisticRegression, FittedLogisticRegression, type LogisticRegressionParams } from "./logistic";
export { LinearDiscriminantAnalysis, FittedLinearDiscriminantAnalysis, type LdaParams } from "./lda";
export { KNeighborsClassifier, FittedKNeighborsClassifier, type KnnParams } from "./knn";
export { SVC, FittedSVC, type SvcParams } from "./svm";
export { RandomForestClassifier, FittedRandomForestClassifier, type RandomForestParams } from "./forest";
export { StandardScaler, FittedStandardScaler, Imputer, FittedImputer } from "./preprocess";
export { Pipeline, FittedPipeline, type PipelineStep } from "./pipeline";
export {
  univariateTests,
  mrmr,
  lassoPath,
  svmRfe,
  SelectUnivariate,
  SelectMrmr,
  SelectLasso,
  SelectSvmRfe,
  SelectIcc,
  FittedSelector,
  type UnivariateTest,
  type UnivariateResult,
  type LassoPath,
} from "./selection";
export {
  stratifiedKFold,
  repeatedStratifiedKFold,
  trainTestSplit,
  foldsFromAssignment,
  crossValidate,
  gridSearch,
  nestedCrossValidate,
  expandGrid,
  type Fold,
  type CrossValidationResult,
  type NestedCrossValidationResult,
  type GridSearchResult,
} from "./cv";
export {
  rocAuc,
  delongTest,
  bootstrapCi,
  rocConfidenceBand,
  oneVsRestAuc,
  type RocResult,
  type RocCurve,
  type RocBand,
  type DelongTestResult,
  type BootstrapResult,
  type OneVsRestResult,
} from "./roc";
export { thresholdMetrics, youdenThreshold, type ThresholdMetrics, type ThresholdOptions } from "./metrics";
export { calibration, type CalibrationResult, type CalibrationBin } from "./calibration";
export { loadModel, loadTransformer } from "./load";
