/**
 * Resampling for honest performance estimates: stratified k-fold (or folds given explicitly, e.g. from
 * scikit-learn), repeated k-fold, a stratified train/validation split, cross-validation with out-of-fold
 * predictions, grid search and nested cross-validation (hyperparameters chosen in inner folds of each
 * outer training set, so the outer estimate never sees the data that chose them).
 *
 * Every estimator (including a Pipeline's scaling, imputation and feature selection) is fitted on the
 * training part of each fold only.
 * Reference: Varma & Simon, BMC Bioinformatics 2006 (bias of non-nested CV); Kohavi, IJCAI 1995.
 */
import { checkOptions } from "./options";
import { RadiogxError } from "../errors";
import { type Estimator, type FittedClassifier } from "./estimator";
import { htmlTable, formatNumber } from "./html";
import { encodeLabels, type Label } from "./labels";
import { type Dense, type FeatureMatrix, selectRows, toDense } from "./matrix";
import { Random } from "./random";
import { aucOf, rocAuc, type RocResult } from "./roc";

export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
  /** Repeat number (0 for a single k-fold). */
  readonly repeat: number;
}

export interface KFoldOptions {
  /** Number of folds. Default 5. */
  k?: number;
  /** Shuffle within each class before dealing samples to folds. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffle. Default 0. */
  seed?: number;
}

/**
 * Stratified k-fold: each class's samples (shuffled with the seed) are dealt to the folds in turn, so
 * every fold has nearly the class proportions of the whole.
 * @throws RadiogxError when a class has fewer samples than folds.
 */
export function stratifiedKFold(labels: ArrayLike<unknown>, options: KFoldOptions = {}): Fold[] {
  const k = options.k ?? 5;
  if (!(Number.isInteger(k) && k >= 2)) throw new RadiogxError("INVALID_SETTING", `stratifiedKFold: k must be an integer ≥ 2, got ${k}`, { key: "k" });
  return stratifiedFolds(labels, k, options.shuffle ?? true, new Random(options.seed ?? 0), 0);
}

function stratifiedFolds(labels: ArrayLike<unknown>, k: number, shuffle: boolean, rng: Random, repeat: number): Fold[] {
  const enc = encodeLabels(labels, "stratifiedKFold");
  const n = labels.length;
  if (n < k) throw new RadiogxError("INVALID_ARGUMENT", `stratifiedKFold: ${n} samples cannot make ${k} folds`, { key: "k" });
  const foldOf = new Int32Array(n);
  let offset = 0;
  for (let c = 0; c < enc.classes.length; c++) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (enc.codes[i] === c) idx.push(i);
    if (idx.length < k) {
      throw new RadiogxError("INVALID_ARGUMENT", `stratifiedKFold: class ${String(enc.classes[c])} has ${idx.length} samples, fewer than the ${k} folds`, { key: "k", hint: "use fewer folds" });
    }
    if (shuffle) rng.shuffle(idx);
    // Continue dealing where the previous class stopped, so fold sizes stay balanced.
    for (let r = 0; r < idx.length; r++) foldOf[idx[r]!] = (offset + r) % k;
    offset = (offset + idx.length) % k;
  }
  return foldsFromAssignment(foldOf, k, repeat);
}

/** Folds from a fold number per sample (0..k−1). */
export function foldsFromAssignment(foldOf: ArrayLike<number>, k: number, repeat = 0): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < foldOf.length; i++) (foldOf[i] === f ? test : train).push(i);
    folds.push(Object.freeze({ train: Int32Array.from(train), test: Int32Array.from(test), repeat }));
  }
  return folds;
}

/** `repeats` stratified k-fold partitions with different shuffles (fold.repeat = 0..repeats−1). */
export function repeatedStratifiedKFold(labels: ArrayLike<unknown>, options: KFoldOptions & { repeats?: number } = {}): Fold[] {
  const repeats = options.repeats ?? 10;
  const k = options.k ?? 5;
  const rng = new Random(options.seed ?? 0);
  const out: Fold[] = [];
  for (let r = 0; r < repeats; r++) out.push(...stratifiedFolds(labels, k, true, rng, r));
  return out;
}

/** A stratified train/validation split (one Fold). */
export function trainTestSplit(labels: ArrayLike<unknown>, options: { testFraction?: number; seed?: number; stratify?: boolean } = {}): Fold {
  const frac = options.testFraction ?? 0.25;
  if (!(frac > 0 && frac < 1)) throw new RadiogxError("INVALID_SETTING", `trainTestSplit: testFraction must be in (0, 1), got ${frac}`, { key: "testFraction" });
  const rng = new Random(options.seed ?? 0);
  const n = labels.length;
  const test: number[] = [];
  const groups: number[][] = [];
  if (options.stratify ?? true) {
    const enc = encodeLabels(labels, "trainTestSplit");
    for (let c = 0; c < enc.classes.length; c++) groups.push([]);
    for (let i = 0; i < n; i++) groups[enc.codes[i]!]!.push(i);
  } else groups.push(Array.from({ length: n }, (_, i) => i));
  for (const g of groups) {
    rng.shuffle(g);
    test.push(...g.slice(0, Math.round(g.length * frac)));
  }
  const isTest = new Uint8Array(n);
  for (const i of test) isTest[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!isTest[i]) train.push(i);
  return Object.freeze({ train: Int32Array.from(train), test: Int32Array.from(test.sort((a, b) => a - b)), repeat: 0 });
}

export interface FoldScore {
  readonly repeat: number;
  readonly fold: number;
  readonly nTrain: number;
  readonly nTest: number;
  /** AUC on the test fold (binary: of `score`; several classes: macro one-vs-rest). NaN if a class is absent. */
  readonly auc: number;
  readonly accuracy: number;
}

export interface CrossValidationResult {
  readonly classes: readonly Label[];
  readonly folds: readonly FoldScore[];
  /** Mean and sd of the per-fold AUCs. */
  readonly meanAuc: number;
  readonly sdAuc: number;
  readonly meanAccuracy: number;
  /** Out-of-fold ranking score per sample (binary), averaged over repeats; NaN where never tested. */
  readonly oofScore: Float64Array;
  /** Out-of-fold class probabilities (n × k row-major), averaged over repeats. */
  readonly oofProba: Float64Array;
  /** How many times each sample was in a test fold. */
  readonly oofCount: Int32Array;
  /** ROC analysis of the pooled out-of-fold scores (binary, each sample tested at least once). */
  readonly pooled: RocResult | null;
  /** The fitted model of each fold, when `keepModels` was set. */
  readonly models: readonly FittedClassifier[];
  toHTML(): string;
}

export interface CrossValidateOptions extends KFoldOptions {
  /** Explicit folds (e.g. exported from scikit-learn); overrides k/seed. */
  folds?: readonly Fold[];
  /** Keep each fold's fitted model. Default false. */
  keepModels?: boolean;
  featureNames?: readonly string[];
}

/**
 * Cross-validates an estimator (or Pipeline): fits on each training fold, predicts the test fold.
 * @example crossValidate(new LogisticRegression(), X, y, { k: 5, seed: 1 }).meanAuc
 */
export function crossValidate(estimator: Estimator, X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: CrossValidateOptions = {}): CrossValidationResult {
  checkOptions("crossValidate", options, ["k", "shuffle", "seed", "folds", "keepModels", "featureNames"]);
  const D = toDense(X, "crossValidate", options.featureNames);
  if (y.length !== D.n) throw new RadiogxError("INVALID_ARGUMENT", `crossValidate: ${D.n} samples but ${y.length} labels`, { key: "y" });
  const enc = encodeLabels(y, "crossValidate");
  const folds = options.folds ?? stratifiedKFold(y, options);
  return crossValidateEncoded((Xtr, c, k) => estimator.fitEncoded(Xtr, c, k), D, enc.codes, enc.classes, folds, options.keepModels ?? false);
}

/** Fits a model on one training fold. */
type FitFold = (X: Dense, codes: Int32Array, classes: readonly Label[]) => FittedClassifier;

function crossValidateEncoded(fitFold: FitFold, D: Dense, codes: Int32Array, classes: readonly Label[], folds: readonly Fold[], keepModels = false): CrossValidationResult {
  const n = D.n;
  const k = classes.length;
  const oofScore = new Float64Array(n);
  const oofProba = new Float64Array(n * k);
  const oofCount = new Int32Array(n);
  const foldScores: FoldScore[] = [];
  const models: FittedClassifier[] = [];
  const foldIndexInRepeat = new Map<number, number>();
  for (const fold of folds) {
    checkFold(fold, n);
    const Xtr = selectRows(D, fold.train);
    const ytr = Int32Array.from(fold.train, (i) => codes[i]!);
    const present = new Set(ytr);
    if (present.size < k) {
      throw new RadiogxError("INVALID_ARGUMENT", `crossValidate: a training fold lacks class ${String(classes.find((_, c) => !present.has(c)))}`, { key: "folds", hint: "use stratified folds or fewer folds" });
    }
    const model = fitFold(Xtr, ytr, classes);
    if (keepModels) models.push(model);
    const Xte = selectRows(D, fold.test);
    const proba = model.hasProbabilities ? model.probaDense(Xte) : new Float64Array(fold.test.length * k).fill(NaN);
    const score = k === 2 ? model.scoreDense(Xte) : null;
    const predicted = model.predictCodesDense(Xte);
    let correct = 0;
    for (let r = 0; r < fold.test.length; r++) {
      const i = fold.test[r]!;
      for (let c = 0; c < k; c++) oofProba[i * k + c]! += proba[r * k + c]!;
      if (predicted[r] === codes[i]) correct++;
      if (score) oofScore[i]! += score[r]!;
      oofCount[i]!++;
    }
    const yte = Int32Array.from(fold.test, (i) => codes[i]!);
    const auc = k === 2 ? aucOf(Uint8Array.from(yte), score!) : macroAuc(yte, proba, k);
    const f = foldIndexInRepeat.get(fold.repeat) ?? 0;
    foldIndexInRepeat.set(fold.repeat, f + 1);
    foldScores.push(Object.freeze({ repeat: fold.repeat, fold: f, nTrain: fold.train.length, nTest: fold.test.length, auc, accuracy: correct / fold.test.length }));
  }
  let allTested = true;
  for (let i = 0; i < n; i++) {
    if (oofCount[i]! > 0) {
      oofScore[i]! /= oofCount[i]!;
      for (let c = 0; c < k; c++) oofProba[i * k + c]! /= oofCount[i]!;
    } else {
      allTested = false;
      oofScore[i] = NaN;
      for (let c = 0; c < k; c++) oofProba[i * k + c] = NaN;
    }
  }
  const aucs = foldScores.map((f) => f.auc).filter((a) => Number.isFinite(a));
  const mean = aucs.reduce((s, a) => s + a, 0) / aucs.length;
  const sd = Math.sqrt(aucs.reduce((s, a) => s + (a - mean) ** 2, 0) / Math.max(1, aucs.length - 1));
  const meanAccuracy = foldScores.reduce((s, f) => s + f.accuracy, 0) / foldScores.length;
  const pooled = k === 2 && allTested ? rocAuc(Array.from(codes), oofScore, { positive: 1 }) : null;
  return Object.freeze({
    classes,
    folds: Object.freeze(foldScores),
    meanAuc: mean,
    sdAuc: sd,
    meanAccuracy,
    oofScore,
    oofProba,
    oofCount,
    pooled,
    models: Object.freeze(models),
    toHTML(): string {
      return htmlTable({
        title: `Cross-validation: ${n} samples, ${folds.length} folds; mean AUC ${formatNumber(mean)} ± ${formatNumber(sd)}${pooled ? `, pooled out-of-fold AUC ${formatNumber(pooled.auc)} (${formatNumber(pooled.ciLower)}–${formatNumber(pooled.ciUpper)})` : ""}`,
        columns: ["repeat", "fold", "train", "test", "AUC", "accuracy"],
        rows: foldScores.map((f) => [f.repeat, f.fold, f.nTrain, f.nTest, f.auc, f.accuracy]),
      });
    },
  });
}

function checkFold(fold: Fold, n: number): void {
  for (const a of [fold.train, fold.test]) {
    for (let r = 0; r < a.length; r++) {
      if (!(a[r]! >= 0 && a[r]! < n)) throw new RadiogxError("INVALID_ARGUMENT", `crossValidate: fold index ${a[r]} is outside 0..${n - 1}`, { key: "folds" });
    }
  }
}

/** Macro one-vs-rest AUC of n × k probabilities (NaN when a class is absent). */
function macroAuc(codes: Int32Array, proba: Float64Array, k: number): number {
  let s = 0;
  for (let c = 0; c < k; c++) {
    const y = Uint8Array.from(codes, (v) => (v === c ? 1 : 0));
    const sc = Float64Array.from({ length: codes.length }, (_, i) => proba[i * k + c]!);
    s += aucOf(y, sc);
  }
  return s / k;
}

export interface GridSearchResult {
  readonly best: Readonly<Record<string, unknown>>;
  readonly bestScore: number;
  readonly results: readonly { readonly params: Readonly<Record<string, unknown>>; readonly meanAuc: number; readonly sdAuc: number }[];
}

/** Every combination of the grid's values. */
export function expandGrid(grid: Readonly<Record<string, readonly unknown[]>>): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    if (values.length === 0) throw new RadiogxError("INVALID_ARGUMENT", `grid: "${key}" has no values`, { key });
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return combos;
}

/**
 * Grid search by cross-validated mean AUC (first best on ties).
 * @param grid hyperparameter name → candidate values (for a Pipeline, "Step.name").
 */
export function gridSearch(
  estimator: Estimator,
  grid: Readonly<Record<string, readonly unknown[]>>,
  X: FeatureMatrix | Dense,
  y: ArrayLike<Label>,
  options: CrossValidateOptions = {},
): GridSearchResult {
  const D = toDense(X, "gridSearch", options.featureNames);
  const enc = encodeLabels(y, "gridSearch");
  const folds = options.folds ?? stratifiedKFold(y, options);
  return gridSearchEncoded(estimator, grid, D, enc.codes, enc.classes, folds);
}

function gridSearchEncoded(estimator: Estimator, grid: Readonly<Record<string, readonly unknown[]>>, D: Dense, codes: Int32Array, classes: readonly Label[], folds: readonly Fold[]): GridSearchResult {
  const results = expandGrid(grid).map((params) => {
    const candidate = estimator.withParams(params);
    const cv = crossValidateEncoded((Xtr, c, k) => candidate.fitEncoded(Xtr, c, k), D, codes, classes, folds);
    return Object.freeze({ params: Object.freeze(params), meanAuc: cv.meanAuc, sdAuc: cv.sdAuc });
  });
  let best = results[0]!;
  for (const r of results) if (r.meanAuc > best.meanAuc) best = r;
  return Object.freeze({ best: best.params, bestScore: best.meanAuc, results: Object.freeze(results) });
}

export interface NestedCrossValidationResult {
  /** The outer cross-validation of the tuned procedure. */
  readonly outer: CrossValidationResult;
  /** Hyperparameters chosen in each outer fold. */
  readonly chosen: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Nested cross-validation: in each outer training set, an inner stratified k-fold grid search picks the
 * hyperparameters; the model refitted with them on the outer training set is scored on the outer test fold.
 */
export function nestedCrossValidate(
  estimator: Estimator,
  grid: Readonly<Record<string, readonly unknown[]>>,
  X: FeatureMatrix | Dense,
  y: ArrayLike<Label>,
  options: { outer?: KFoldOptions | readonly Fold[]; inner?: KFoldOptions; featureNames?: readonly string[] } = {},
): NestedCrossValidationResult {
  const D = toDense(X, "nestedCrossValidate", options.featureNames);
  const enc = encodeLabels(y, "nestedCrossValidate");
  const outerFolds = Array.isArray(options.outer) ? (options.outer as readonly Fold[]) : stratifiedKFold(y, (options.outer as KFoldOptions | undefined) ?? {});
  const chosen: Readonly<Record<string, unknown>>[] = [];
  // Each outer training set runs its own inner grid search, then refits with the chosen values.
  const tuned: FitFold = (Xtr, codes, classes) => {
    const innerFolds = stratifiedKFold(Array.from(codes), options.inner ?? {});
    const gs = gridSearchEncoded(estimator, grid, Xtr, codes, classes, innerFolds);
    chosen.push(gs.best);
    return estimator.withParams(gs.best).fitEncoded(Xtr, codes, classes);
  };
  const outer = crossValidateEncoded(tuned, D, enc.codes, enc.classes, outerFolds);
  return Object.freeze({ outer, chosen: Object.freeze(chosen) });
}

