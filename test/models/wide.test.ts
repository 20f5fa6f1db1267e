/**
 * Logistic regression with more features than samples (the usual radiogenomics shape: tens of patients,
 * hundreds of features), where ridge Newton steps are solved in sample space (Woodbury) and L1 steps by
 * covariance-free coordinate descent. Coefficients must equal scikit-learn's (venv; lbfgs for L2, saga
 * for L1 and elastic net, all to tight tolerances) within 1e-4, and L1 must keep the same features. LDA
 * with a rank-deficient within-class covariance must give scikit-learn's probabilities (1e-8).
 */
import { describe, expect, it } from "vitest";
import { LogisticRegression } from "../../src/models/logistic";
import { LinearDiscriminantAnalysis } from "../../src/models/lda";
import { tryPythonJson } from "../survival/peers";

type Wide = { X: number[][]; y: number[]; l2: number[]; l2b: number; l1: number[]; l1b: number; en: number[]; enb: number };
const wide = await tryPythonJson<Wide>(["sklearn", "numpy"], `
import json, warnings, numpy as np
from sklearn.linear_model import LogisticRegression
warnings.simplefilter("ignore")
rng = np.random.default_rng(8)
n, p = 60, 150
X = rng.normal(size=(n, p)); y = (X[:, 0] - X[:, 1] + 0.5 * rng.normal(size=n) > 0).astype(int)
# scikit-learn >= 1.8 spells the penalty with l1_ratio alone (0: L2, 1: L1, between: elastic net).
l2 = LogisticRegression(C=0.1, tol=1e-12, max_iter=100000).fit(X, y)
l1 = LogisticRegression(C=1.0, l1_ratio=1.0, solver="saga", tol=1e-10, max_iter=1000000).fit(X, y)
en = LogisticRegression(C=1.0, l1_ratio=0.5, solver="saga", tol=1e-10, max_iter=1000000).fit(X, y)
print(json.dumps({"X": X.tolist(), "y": y.tolist(), "l2": l2.coef_[0].tolist(), "l2b": float(l2.intercept_[0]),
  "l1": l1.coef_[0].tolist(), "l1b": float(l1.intercept_[0]), "en": en.coef_[0].tolist(), "enb": float(en.intercept_[0])}))
`);

describe.skipIf(wide === null)("logistic regression with p > n vs scikit-learn (venv; skipped without it)", () => {
  const w = wide!;
  it("ridge, C = 0.1 (sample-space Newton steps)", () => {
    const m = new LogisticRegression({ C: 0.1 }).fit(w.X, w.y);
    expect(Math.abs(m.intercept[0]! - w.l2b)).toBeLessThan(1e-4);
    m.coef[0]!.forEach((c, j) => expect(Math.abs(c - w.l2[j]!)).toBeLessThan(1e-4));
  });
  it("L1, C = 1: same coefficients and the same features kept", () => {
    const m = new LogisticRegression({ C: 1, penalty: "l1" }).fit(w.X, w.y);
    expect(Math.abs(m.intercept[0]! - w.l1b)).toBeLessThan(1e-4);
    m.coef[0]!.forEach((c, j) => expect(Math.abs(c - w.l1[j]!)).toBeLessThan(1e-4));
    expect(m.coef[0]!.map((c) => c !== 0)).toEqual(w.l1.map((c) => Math.abs(c) > 1e-8));
  });
  it("elastic net, C = 1, l1Ratio = 0.5", () => {
    const m = new LogisticRegression({ C: 1, penalty: "elasticnet", l1Ratio: 0.5 }).fit(w.X, w.y);
    expect(Math.abs(m.intercept[0]! - w.enb)).toBeLessThan(1e-4);
    m.coef[0]!.forEach((c, j) => expect(Math.abs(c - w.en[j]!)).toBeLessThan(1e-4));
  });
});

const ldaRef = await tryPythonJson<{ X: number[][]; y: number[]; proba: number[] }>(["sklearn", "numpy"], `
import json, numpy as np
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
rng = np.random.default_rng(4)
X = rng.normal(size=(40, 120)); y = (X[:, 0] + 0.3 * rng.normal(size=40) > 0).astype(int)
m = LinearDiscriminantAnalysis().fit(X[:30], y[:30])
print(json.dumps({"X": X.tolist(), "y": y.tolist(), "proba": m.predict_proba(X[30:])[:, 1].tolist()}))
`);

describe.skipIf(ldaRef === null)("LDA with p > n (rank-deficient within-class covariance) vs scikit-learn (venv)", () => {
  it("30 training samples × 120 features: held-out probabilities within 1e-8", () => {
    const r = ldaRef!;
    const m = new LinearDiscriminantAnalysis().fit(r.X.slice(0, 30), r.y.slice(0, 30));
    m.predictProba(r.X.slice(30)).forEach((row, i) => expect(Math.abs(row[1]! - r.proba[i]!)).toBeLessThan(1e-8));
  });
});
