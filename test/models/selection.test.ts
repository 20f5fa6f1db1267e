/**
 * Feature selection against peers (venv): Welch t and Mann–Whitney p-values vs scipy.stats, ANOVA F vs
 * scikit-learn's f_classif, Benjamini–Hochberg vs scipy's false_discovery_control (1e-9 relative); mRMR
 * order vs the `mrmr_selection` package (mrmr_classif, F / mean |r|); LASSO path coefficients vs
 * scikit-learn's L1 LogisticRegression at C = 1/(nλ) (1e-4); SVM-RFE ranking vs scikit-learn's
 * RFE(SVC(kernel="linear")). All on standardised WDBC. Plus a leakage test: selection inside the pipeline
 * keeps noise at AUC ≈ 0.5, selection before CV does not.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { univariateTests, mrmr, lassoPath, svmRfe, SelectUnivariate, SelectIcc, SelectMrmr } from "../../src/models/selection";
import { StandardScaler } from "../../src/models/preprocess";
import { LogisticRegression } from "../../src/models/logistic";
import { Pipeline } from "../../src/models/pipeline";
import { crossValidate } from "../../src/models/cv";
import { selectColumns, toDense } from "../../src/models/matrix";
import { Random } from "../../src/models/random";
import { refPath } from "../refdata";
import { readCsv, tryPythonJson } from "../survival/peers";

const file = refPath("stats", "breast_cancer_wdbc.csv");
const haveData = existsSync(file);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

type Ref = { welch: number[]; mw: number[]; anova: number[]; anovaF: number[]; bh: number[]; mrmr: string[]; lasso: { lambda: number; coef: number[]; intercept: number }[]; rfe: number[] };
const ref = haveData
  ? await tryPythonJson<Ref>(["sklearn", "scipy", "pandas", "mrmr"], `
import json, warnings
import numpy as np, pandas as pd
from scipy import stats
from sklearn.preprocessing import StandardScaler
from sklearn.feature_selection import f_classif, RFE
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC
from mrmr import mrmr_classif
warnings.simplefilter("ignore")
d = pd.read_csv(${JSON.stringify(file)})
Xdf = d.drop(columns="target"); y = d["target"].values
X = StandardScaler().fit_transform(Xdf.values)
welch = [stats.ttest_ind(X[y == 1, j], X[y == 0, j], equal_var=False).pvalue for j in range(X.shape[1])]
mw = [stats.mannwhitneyu(X[y == 1, j], X[y == 0, j], method="asymptotic").pvalue for j in range(X.shape[1])]
F, pa = f_classif(X, y)
bh = stats.false_discovery_control(np.array(welch), method="bh")
sel = mrmr_classif(X=pd.DataFrame(X, columns=Xdf.columns), y=pd.Series(y), K=10, show_progress=False, n_jobs=1)
n = len(y); lasso = []
for lam in [0.1, 0.03, 0.01]:
  m = LogisticRegression(l1_ratio=1.0, solver="saga", C=1 / (n * lam), tol=1e-12, max_iter=1000000).fit(X, y)
  lasso.append({"lambda": lam, "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0])})
rfe = RFE(SVC(kernel="linear", C=1.0, tol=1e-6), n_features_to_select=4, step=1).fit(X[:, :10], y)
print(json.dumps({"welch": welch, "mw": mw, "anova": pa.tolist(), "anovaF": F.tolist(), "bh": bh.tolist(), "mrmr": list(sel), "lasso": lasso, "rfe": rfe.ranking_.tolist()}))
`)
  : null;

describe.skipIf(ref === null)("feature selection vs scipy, scikit-learn and mrmr_selection on WDBC (venv; skipped without them)", () => {
  const rows = readCsv(file);
  const names = Object.keys(rows[0] ?? {}).filter((k) => k !== "target");
  const raw = toDense(rows.map((r) => names.map((n) => r[n] as number)), "test", names);
  const X = new StandardScaler().fitEncoded(raw).transform(raw);
  const y = rows.map((r) => r.target as number);
  it("Welch t, Mann–Whitney and ANOVA p-values; BH q-values", () => {
    const w = univariateTests(X, y, "welch");
    const m = univariateTests(X, y, "mannwhitney");
    const a = univariateTests(X, y, "anova");
    w.forEach((r, j) => expect(rel(r.pValue, ref!.welch[j]!)).toBeLessThan(1e-9));
    m.forEach((r, j) => expect(rel(r.pValue, ref!.mw[j]!)).toBeLessThan(1e-9));
    a.forEach((r, j) => {
      expect(rel(r.statistic, ref!.anovaF[j]!)).toBeLessThan(1e-10);
      expect(rel(r.pValue, ref!.anova[j]!)).toBeLessThan(1e-9);
    });
    w.forEach((r, j) => expect(rel(r.qValue, ref!.bh[j]!)).toBeLessThan(1e-9));
  });
  it("mRMR (F / mean |r|) selects the same 10 features in the same order as mrmr_classif", () => {
    expect(mrmr(X, y, { k: 10 }).names).toEqual(ref!.mrmr);
  });
  it("LASSO path coefficients at λ = 0.1, 0.03, 0.01 within 1e-4", () => {
    const path = lassoPath(X, y, { lambdas: ref!.lasso.map((l) => l.lambda) });
    ref!.lasso.forEach((l, i) => {
      expect(Math.abs(path.intercepts[i]! - l.intercept)).toBeLessThan(1e-4);
      l.coef.forEach((c, j) => expect(Math.abs(path.coefficients[i]![j]! - c)).toBeLessThan(1e-4));
    });
    expect(path.nonZero[0]!).toBeLessThanOrEqual(path.nonZero[2]!);
  });
  it("SVM-RFE ranking of the first 10 features (keep 4)", () => {
    const X10 = selectColumns(X, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(svmRfe(X10, y, { k: 4, C: 1, tolerance: 1e-6 }).ranking)).toEqual(ref!.rfe);
  });
});

describe("selection steps", () => {
  it("SelectUnivariate keeps the features passing BH FDR, then the k smallest p-values", () => {
    const X = toDense(Array.from({ length: 20 }, (_, i) => [i % 2 === 0 ? i : i + 40, (i * 7) % 5, i % 2 === 0 ? 0 : 3 + (i % 3)]), "t", ["strong", "noise", "medium"]);
    const codes = Int32Array.from({ length: 20 }, (_, i) => i % 2);
    const all = new SelectUnivariate({ fdr: 0.05 }).fitEncoded(X, codes, [0, 1]);
    // Welch t (scipy): strong 15.14 on 18 df (p 1.1e-11), medium 15.49 on 9 df (p 8.5e-8), noise 0 (p 1).
    expect(all.featureNamesOut).toEqual(["strong", "medium"]);
    expect(new SelectUnivariate({ fdr: 0.05, k: 1 }).fitEncoded(X, codes, [0, 1]).featureNamesOut).toEqual(["strong"]);
  });
  it("SelectIcc keeps features at or above the threshold and names a feature without an ICC", () => {
    const X = toDense([[1, 2, 3], [4, 5, 6]], "t", ["a", "b", "c"]);
    const f = new SelectIcc({ icc: { a: 0.9, b: 0.5, c: 0.75 } }).fitEncoded(X);
    expect(f.featureNamesOut).toEqual(["a", "c"]);
    expect(() => new SelectIcc({ icc: { a: 0.9 } }).fitEncoded(X)).toThrowError(/no ICC for feature "b"/);
  });
  it("selection inside the pipeline does not leak: noise stays at AUC ≈ 0.5, selecting before CV inflates it", () => {
    const rng = new Random(11);
    const n = 80;
    const p = 400;
    const rows = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.next() - 0.5));
    const y = Array.from({ length: n }, (_, i) => i % 2);
    rng.shuffle(y);
    const honest = crossValidate(new Pipeline([new SelectUnivariate({ fdr: null, k: 10 }), new LogisticRegression()]), rows, y, { k: 5, seed: 1 });
    const chosen = new SelectUnivariate({ fdr: null, k: 10 }).fitEncoded(toDense(rows, "t"), Int32Array.from(y), [0, 1]).selected;
    const leaky = crossValidate(new LogisticRegression(), rows.map((r) => chosen.map((j) => r[j]!)), y, { k: 5, seed: 1 });
    expect(Math.abs(honest.pooled!.auc - 0.5)).toBeLessThan(0.15);
    expect(leaky.pooled!.auc).toBeGreaterThan(0.75);
  });
  it("SelectMrmr in a pipeline with k larger than the useful features stops at the features with F > 0", () => {
    const X = [[1, 0], [2, 0], [3, 0], [4, 0]];
    const f = new SelectMrmr({ k: 5 }).fitEncoded(toDense(X, "t"), Int32Array.from([0, 0, 1, 1]), [0, 1]);
    expect(f.selected).toEqual([0]);
  });
});
