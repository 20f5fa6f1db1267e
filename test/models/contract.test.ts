/**
 * One contract, every estimator (scikit-learn's check_estimator idea): hyperparameters validated at
 * construction; fit neither mutates its inputs nor the estimator; the fitted model is frozen; probabilities
 * are rows summing to 1 in `classes` order; predictions are class labels; JSON round trips reproduce the
 * predictions exactly; string labels and three classes work; missing values are refused with a hint.
 * Also: the resampling helpers (stratification, repeats, nested CV) and calibration vs scikit-learn.
 */
import { describe, expect, it } from "vitest";
import { LogisticRegression } from "../../src/models/logistic";
import { LinearDiscriminantAnalysis } from "../../src/models/lda";
import { KNeighborsClassifier } from "../../src/models/knn";
import { SVC } from "../../src/models/svm";
import { RandomForestClassifier } from "../../src/models/forest";
import { Imputer, StandardScaler } from "../../src/models/preprocess";
import { SelectUnivariate, SelectMrmr } from "../../src/models/selection";
import { Pipeline } from "../../src/models/pipeline";
import { loadModel } from "../../src/models/load";
import { type Estimator } from "../../src/models/estimator";
import { crossValidate, gridSearch, nestedCrossValidate, repeatedStratifiedKFold, stratifiedKFold, trainTestSplit } from "../../src/models/cv";
import { calibration } from "../../src/models/calibration";
import { Random } from "../../src/models/random";
import { tryPythonJson } from "../survival/peers";

function blobs(seed: number, perClass: number, labels: readonly (string | number)[], p = 4): { X: number[][]; y: (string | number)[] } {
  const rng = new Random(seed);
  const X: number[][] = [];
  const y: (string | number)[] = [];
  labels.forEach((label, c) => {
    for (let i = 0; i < perClass; i++) {
      X.push(Array.from({ length: p }, (_, j) => (j === c % p ? 1.5 : 0) + (rng.next() + rng.next() + rng.next() - 1.5)));
      y.push(label);
    }
  });
  return { X, y };
}

const estimators: [string, () => Estimator][] = [
  ["LogisticRegression l2", () => new LogisticRegression()],
  ["LogisticRegression l1", () => new LogisticRegression({ penalty: "l1", C: 0.5 })],
  ["LogisticRegression elasticnet balanced", () => new LogisticRegression({ penalty: "elasticnet", classWeight: "balanced" })],
  ["LinearDiscriminantAnalysis", () => new LinearDiscriminantAnalysis()],
  ["KNeighborsClassifier", () => new KNeighborsClassifier({ k: 7 })],
  ["KNeighborsClassifier distance", () => new KNeighborsClassifier({ k: 7, weights: "distance" })],
  ["SVC rbf", () => new SVC()],
  ["SVC linear", () => new SVC({ kernel: "linear", C: 0.5 })],
  ["RandomForestClassifier", () => new RandomForestClassifier({ nTrees: 25, seed: 3 })],
  ["Pipeline", () => new Pipeline([new Imputer({ strategy: "median" }), new StandardScaler(), new SelectUnivariate({ test: "anova", fdr: null, k: 3 }), new LogisticRegression()])],
  ["Pipeline mRMR + SVC", () => new Pipeline([new StandardScaler(), new SelectMrmr({ k: 3 }), new SVC()])],
];

describe.each(estimators)("classifier contract: %s", (_, make) => {
  for (const [label, classes] of [["binary, numeric labels", [0, 1]], ["three classes, string labels", ["basal", "luminal", "mesenchymal"]]] as const) {
    it(label, () => {
      const { X, y } = blobs(5, 30, classes);
      const Xf = Object.freeze(X.map((r) => Object.freeze([...r])));
      const yf = Object.freeze([...y]);
      const est = make();
      const paramsBefore = JSON.stringify(est.params);
      const fitted = est.fit(Xf, yf);
      expect(JSON.stringify(est.params)).toBe(paramsBefore);
      expect(Object.isFrozen(fitted)).toBe(true);
      expect(fitted.classes).toEqual([...classes].sort());
      const proba = fitted.predictProba(Xf);
      expect(proba).toHaveLength(X.length);
      for (const row of proba) {
        expect(row).toHaveLength(classes.length);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (const v of row) expect(v).toBeGreaterThanOrEqual(0);
      }
      const pred = fitted.predict(Xf);
      for (const p of pred) expect(classes as readonly unknown[]).toContain(p);
      const accuracy = pred.filter((p, i) => p === y[i]).length / y.length;
      expect(accuracy).toBeGreaterThan(0.6);
      const loaded = loadModel(JSON.parse(JSON.stringify(fitted.toJSON())));
      expect(loaded.predictProba(Xf)).toEqual(proba);
      expect(loaded.predict(Xf)).toEqual(pred);
      if (classes.length === 2) expect(Array.from(loaded.score(Xf))).toEqual(Array.from(fitted.score(Xf)));
    });
  }
  it("refuses missing values (unless imputed) and wrong widths", () => {
    const { X, y } = blobs(6, 20, [0, 1]);
    const withNaN = X.map((r, i) => (i === 3 ? [NaN, ...r.slice(1)] : r));
    const est = make();
    if (est instanceof Pipeline && est.steps[0] instanceof Imputer) {
      expect(() => est.fit(withNaN, y)).not.toThrow();
    } else {
      expect(() => est.fit(withNaN, y)).toThrowError(/feature "x0" of sample 3 is NaN.*Imputer/);
    }
    const fitted = est.fit(X, y);
    expect(() => fitted.predict([[1, 2]])).toThrowError(/fitted on 4 features, got 2/);
  });
});

describe("hyperparameters", () => {
  it("unknown or invalid hyperparameters are errors naming them", () => {
    expect(() => new LogisticRegression({ c: 1 } as never)).toThrowError(/unknown hyperparameter "c".*"C"/);
    expect(() => new SVC({ kernel: "poly" as never })).toThrowError(/kernel must be "linear" or "rbf", got "poly"/);
    expect(() => new KNeighborsClassifier({ k: 0 })).toThrowError(/k must be an integer ≥ 1/);
  });
  it("withParams returns a new estimator; a Pipeline addresses steps by kind", () => {
    const lr = new LogisticRegression({ C: 1 });
    expect(lr.withParams({ C: 3 }).params.C).toBe(3);
    expect(lr.params.C).toBe(1);
    const pipe = new Pipeline([new StandardScaler(), new SelectUnivariate({ k: 2 }), lr]);
    const changed = pipe.withParams({ C: 0.1, "SelectUnivariate.k": 1 });
    expect((changed.steps[1] as SelectUnivariate).params.k).toBe(1);
    expect(changed.classifier.params.C).toBe(0.1);
    expect(() => pipe.withParams({ "Scaler.withMean": false })).toThrowError(/no step "Scaler"/);
  });
});

describe("resampling", () => {
  const y = [...Array(40).fill("a"), ...Array(20).fill("b")];
  it("stratified k-fold: a partition with the class ratio in every fold", () => {
    const folds = stratifiedKFold(y, { k: 5, seed: 2 });
    const seen = new Int32Array(y.length);
    for (const f of folds) {
      for (const i of f.test) seen[i]!++;
      expect(f.test.length).toBe(12);
      expect(Array.from(f.test).filter((i) => y[i] === "b").length).toBe(4);
      expect(f.train.length + f.test.length).toBe(60);
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    expect(stratifiedKFold(y, { k: 5, seed: 2 })).toEqual(folds);
    expect(() => stratifiedKFold(y.slice(0, 43), { k: 5 })).toThrowError(/class b has 3 samples, fewer than the 5 folds/);
  });
  it("repeated k-fold gives different partitions; a split keeps the ratio", () => {
    const folds = repeatedStratifiedKFold(y, { k: 3, repeats: 2, seed: 1 });
    expect(folds).toHaveLength(6);
    expect(Array.from(folds[0]!.test)).not.toEqual(Array.from(folds[3]!.test));
    const split = trainTestSplit(y, { testFraction: 0.25, seed: 4 });
    expect(split.test.length).toBe(15);
    expect(Array.from(split.test).filter((i) => y[i] === "b").length).toBe(5);
  });
  it("cross-validation averages repeated out-of-fold predictions; nested CV picks per outer fold", () => {
    const { X, y: yy } = blobs(9, 30, [0, 1]);
    const cv = crossValidate(new LogisticRegression(), X, yy, { folds: repeatedStratifiedKFold(yy, { k: 3, repeats: 2, seed: 1 }) });
    expect(Array.from(cv.oofCount).every((c) => c === 2)).toBe(true);
    expect(cv.folds).toHaveLength(6);
    expect(cv.meanAuc).toBeGreaterThan(0.8);
    expect(cv.toHTML()).toContain("Cross-validation");
    const gs = gridSearch(new LogisticRegression(), { C: [0.001, 1] }, X, yy, { k: 3 });
    expect(gs.results).toHaveLength(2);
    const nested = nestedCrossValidate(new KNeighborsClassifier(), { k: [1, 15] }, X, yy, { outer: { k: 3 }, inner: { k: 3 } });
    expect(nested.chosen).toHaveLength(3);
    expect(nested.outer.folds).toHaveLength(3);
  });
});

const calRef = await tryPythonJson<{ y: number[]; p: number[]; uniform: number[][]; quantile: number[][]; brier: number; slope: number; intercept: number }>(["sklearn", "numpy"], `
import json, numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss
from sklearn.linear_model import LogisticRegression
rng = np.random.default_rng(3)
p = rng.beta(2, 3, 400); y = (rng.random(400) < p ** 1.3).astype(int)
tu, pu = calibration_curve(y, p, n_bins=10, strategy="uniform")
tq, pq = calibration_curve(y, p, n_bins=5, strategy="quantile")
lg = np.log(p / (1 - p)).reshape(-1, 1)
m = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10000).fit(lg, y)  # unpenalised (scikit-learn >= 1.8 spelling)
print(json.dumps({"y": y.tolist(), "p": p.tolist(), "uniform": [tu.tolist(), pu.tolist()], "quantile": [tq.tolist(), pq.tolist()],
  "brier": brier_score_loss(y, p), "slope": float(m.coef_[0][0]), "intercept": float(m.intercept_[0])}))
`);

describe.skipIf(calRef === null)("calibration vs scikit-learn calibration_curve / brier_score_loss (venv)", () => {
  it("uniform and quantile bins, Brier score, recalibration slope and intercept", () => {
    const r = calRef!;
    const u = calibration(r.y, r.p, { bins: 10 });
    u.bins.forEach((b, i) => {
      expect(b.observed).toBeCloseTo(r.uniform[0]![i]!, 12);
      expect(b.meanPredicted).toBeCloseTo(r.uniform[1]![i]!, 12);
    });
    const q = calibration(r.y, r.p, { bins: 5, strategy: "quantile" });
    q.bins.forEach((b, i) => {
      expect(b.observed).toBeCloseTo(r.quantile[0]![i]!, 12);
      expect(b.meanPredicted).toBeCloseTo(r.quantile[1]![i]!, 12);
    });
    expect(u.brier).toBeCloseTo(r.brier, 12);
    expect(u.slope).toBeCloseTo(r.slope, 5);
    expect(u.intercept).toBeCloseTo(r.intercept, 5);
    expect(() => calibration([0, 1], [0.2, 1.3])).toThrowError(/outside \[0, 1\].*predictProba/);
    const separated = calibration([0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.7, 0.8, 0.9], { bins: 2 });
    expect(Number.isNaN(separated.slope)).toBe(true);
    expect(separated.notes[0]).toMatch(/separate the classes/);
  });
});

describe("DataFrame-shaped input (danfo's .columns/.values)", () => {
  it("fits on a DataFrame and matches columns by name at prediction, in any order", () => {
    const { X, y } = blobs(12, 25, ["a", "b"]);
    const df = { columns: ["f0", "f1", "f2", "f3"], values: X };
    const fitted = new Pipeline([new StandardScaler(), new LogisticRegression()]).fit(df, y);
    expect(fitted.featureNames).toEqual(["f0", "f1", "f2", "f3"]);
    const shuffled = { columns: ["f3", "extra", "f1", "f0", "f2"], values: X.map((r) => [r[3]!, 99, r[1]!, r[0]!, r[2]!]) };
    expect(fitted.predictProba(shuffled)).toEqual(fitted.predictProba(df));
    expect(() => fitted.predict({ columns: ["f0", "f1"], values: X.map((r) => r.slice(0, 2)) })).toThrowError(/no column "f2"/);
  });
});

describe("convergence trouble in logistic regression names the cause", () => {
  const X = [[0.1], [0.4], [0.5], [0.9], [1.2], [1.6]];
  const y = [0, 0, 0, 1, 1, 1]; // x > 0.7 separates the classes perfectly
  it("an unpenalised fit on separated classes is a separation error or warning", () => {
    let cause: string | undefined;
    try {
      const fitted = new LogisticRegression({ penalty: "none", maxIterations: 50 }).fit(X, y);
      cause = fitted.warnings[0]?.cause;
    } catch (e) {
      cause = (e as { reason?: string }).reason;
    }
    expect(cause).toBe("separation");
  });
  it("the default L2 penalty fits the same data without complaint", () => {
    const fitted = new LogisticRegression().fit(X, y);
    expect(fitted.warnings).toHaveLength(0);
    expect(fitted.predict(X)).toEqual(y);
  });
  it("a duplicated feature without a penalty is a collinearity error naming it", () => {
    const Xd = [[0.1, 0.2, 1], [0.4, 0.8, 0], [0.5, 1.0, 1], [0.9, 1.8, 0], [1.2, 2.4, 1], [1.6, 3.2, 0], [0.3, 0.6, 1], [1.0, 2.0, 0]];
    const yd = [0, 1, 0, 1, 1, 0, 1, 0];
    expect(() => new LogisticRegression({ penalty: "none" }).fit(Xd, yd, { featureNames: ["a", "twiceA", "b"] })).toThrowError(/singular at "twiceA"/);
  });
});
