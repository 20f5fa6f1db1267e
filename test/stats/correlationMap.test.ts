/**
 * correlationMap against scipy + statsmodels (venv; skipped without them):
 * - a synthetic 12 × 15 map with missing values (pairwise-complete), all three methods: r and p per pair
 *   (scipy pearsonr/spearmanr/kendalltau on the complete pairs, 1e-12), q per pair (multipletests fdr_bh);
 * - clustering of the map's rows/columns vs scipy linkage(pdist(r, "correlation")) leaves_list;
 * - the real NSCLC-Radiogenomics data (1,764 PyRadiomics features of 60 patients vs age, weight, pack-years,
 *   CT-to-surgery days, T stage and ground-glass fraction, joined on the R01 id): the same count of q < 0.05
 *   pairs as scipy (rankdata + t distribution, spearmanr's definition, vectorised) + statsmodels BH, and the
 *   same p-values (1e-9) (skipped when the reference data folder is absent).
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/cohort/dataTable";
import { extractIds } from "../../src/cohort/join";
import { correlationMap } from "../../src/stats/correlationMap";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe("correlationMap", () => {
  it("one pair by hand (Pearson r of (1, 2, 3, 4) and (2, 4, 5, 9))", () => {
    const m = correlationMap({ a: [1, 2, 3, 4] }, { g: [2, 4, 5, 9] }, { method: "pearson" });
    const [row] = m.table();
    // Deviations (−1.5, −0.5, 0.5, 1.5) and (−3, −1, 0, 4): r = Sxy/√(SxxSyy) = 11/√(5 × 26)
    expect(row!.r).toBeCloseTo(11 / Math.sqrt(130), 15);
    expect(row!.n).toBe(4);
  });
  it("says why rows do not line up, and reports unmatched ids with `on`", () => {
    expect(() => correlationMap({ a: [1, 2, 3] }, { b: [1, 2] })).toThrow(/X has 3 rows and Y has 2/);
    const m = correlationMap({ id: ["a", "b", "c", "d", "x"], v: [1, 2, 3, 4, 5] }, { id: ["d", "c", "b", "a", "y"], w: [4, 3, 2, 1, 9] }, { on: "id", method: "pearson" });
    expect(m.join!.onlyInX).toEqual(["x"]);
    expect(m.join!.onlyInY).toEqual(["y"]);
    expect(m.r[0]).toBeCloseTo(1, 15);
  });
  it("worker threads give bit-identical r and p", () => {
    const X = Object.fromEntries(Array.from({ length: 5 }, (_, a) => [`f${a}`, seq(50, (i) => Math.sin(i * (0.1 + a * 0.2)))]));
    const Y = Object.fromEntries(Array.from({ length: 9 }, (_, b) => [`g${b}`, seq(50, (i) => Math.cos(i * (0.05 + b * 0.11)) + (b === 4 && i === 3 ? NaN : 0))]));
    const one = correlationMap(X, Y, { jobs: 1 });
    const two = correlationMap(X, Y, { jobs: 2 });
    expect(two.notes.join(" ")).toMatch(/2 worker threads/);
    expect(Array.from(two.r)).toEqual(Array.from(one.r));
    expect(Array.from(two.pValue)).toEqual(Array.from(one.pValue));
    expect(Array.from(two.n)).toEqual(Array.from(one.n));
  });
  it("reports constant columns instead of silent NaN", () => {
    const m = correlationMap({ a: [1, 2, 3, 4], c: [5, 5, 5, 5] }, { g: [2, 4, 5, 9] });
    expect(m.notes.join(" ")).toMatch(/constant/);
  });
});

describe.skipIf(!hasPythonModules("scipy", "statsmodels"))("vs scipy and statsmodels (needs the venv)", async () => {
  const n = 40;
  const X: Record<string, number[]> = {};
  const Y: Record<string, number[]> = {};
  for (let a = 0; a < 12; a++) X[`f${a}`] = seq(n, (i) => (a === 3 && i % 6 === 0 ? NaN : Math.sin(i * (0.3 + a * 0.11)) + (a % 3 === 0 ? Math.round(i / 5) : 0)));
  for (let b = 0; b < 15; b++) Y[`g${b}`] = seq(n, (i) => (b === 5 && i % 4 === 1 ? NaN : Math.cos(i * (0.2 + b * 0.07)) * (b + 1) + (i % (b + 2))));
  const methods = ["pearson", "spearman", "kendall"] as const;
  const ref = await runPythonJson<Record<string, { r: number[][]; p: number[][]; q: number[]; order: { rows: number[]; cols: number[] } }>>(`
import json, numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests
from scipy.cluster.hierarchy import linkage, leaves_list
from scipy.spatial.distance import pdist
X = json.loads('${JSON.stringify(X).replace(/null/g, "NaN")}')
Y = json.loads('${JSON.stringify(Y).replace(/null/g, "NaN")}')
out = {}
for m, f in [('pearson', stats.pearsonr), ('spearman', stats.spearmanr), ('kendall', stats.kendalltau)]:
    R = np.zeros((len(X), len(Y))); P = np.zeros_like(R)
    for i, xa in enumerate(X.values()):
        for j, yb in enumerate(Y.values()):
            x, y = np.array(xa, float), np.array(yb, float)
            ok = ~np.isnan(x) & ~np.isnan(y)
            r = f(x[ok], y[ok]); R[i, j] = r[0]; P[i, j] = r[1]
    q = multipletests(P.ravel(), method='fdr_bh')[1]
    rows = leaves_list(linkage(pdist(R, 'correlation'), 'average')).tolist()
    cols = leaves_list(linkage(pdist(R.T, 'correlation'), 'average')).tolist()
    out[m] = dict(r=R.tolist(), p=P.tolist(), q=q.tolist(), order=dict(rows=rows, cols=cols))
print(json.dumps(out))
`);
  for (const method of methods) {
    it(`${method}: r, p, q per pair and clustered order`, () => {
      const m = correlationMap(X, Y, { method, adjust: "bh", cluster: true });
      const want = ref[method]!;
      for (let i = 0; i < 12; i++) {
        for (let j = 0; j < 15; j++) {
          const k = i * 15 + j;
          expect(Math.abs(m.r[k]! - want.r[i]![j]!)).toBeLessThan(1e-12);
          const p = want.p[i]![j]!;
          expect(Math.abs(m.pValue[k]! - p)).toBeLessThanOrEqual(1e-11 * p + 1e-300);
          expect(Math.abs(m.qValue[k]! - want.q[k]!)).toBeLessThanOrEqual(1e-11 * want.q[k]!);
        }
      }
      expect(m.n[3 * 15 + 5]).toBeLessThan(n); // pairwise-complete
      expect(m.rowTree!.order).toEqual(want.order.rows);
      expect(m.columnTree!.order).toEqual(want.order.cols);
    });
  }

  describe.skipIf(!hasRefdata())("NSCLC-Radiogenomics: features × clinical variables (needs ../shared/data)", () => {
    const featuresPath = refPath("radiogenomics", "nsclc_radiogenomics_features_60.csv");
    const clinicalPath = refPath("radiogenomics", "nsclc_radiogenomics_clinical.csv");
    const numericVars = ["Age at Histological Diagnosis", "Weight (lbs)", "Pack Years", "Days between CT and surgery"];
    // Ordinal codes for the pathological T stage and the ground-glass fraction (tumour size and density).
    const ordinal: Record<string, Record<string, number>> = {
      "Pathological T stage": { Tis: 0, T1a: 1, T1b: 2, T2a: 3, T2b: 4, T3: 5, T4: 6 },
      "%GG": { "0%": 0, ">0 - 25%": 1, "25 - 50%": 2, "50 - 75%": 3, "75 - < 100%": 4, "100%": 5 },
    };
    it("same number of q < 0.05 pairs as scipy + statsmodels (Spearman, BH)", async () => {
      const features = readTable(featuresPath);
      const featureCols = features.columns.filter((c) => /^(original|log-|wavelet-)/.test(c));
      const X = { patient_id: extractIds(features.data.Image!, /R01-\d+/), ...Object.fromEntries(featureCols.map((c) => [c, features.data[c]!])) };
      const clinical = readTable(clinicalPath, { rename: { "Patient ID": "patient_id" }, columns: ["patient_id", ...numericVars, ...Object.keys(ordinal)] });
      const Y: Record<string, ArrayLike<unknown>> = { patient_id: clinical.data.patient_id! };
      for (const v of numericVars) Y[v] = clinical.data[v]!;
      for (const [v, codes] of Object.entries(ordinal)) Y[v] = (clinical.data[v] as (string | null)[]).map((c) => (c !== null && c in codes ? codes[c]! : NaN));
      const m = correlationMap(X, Y, { on: "patient_id", method: "spearman", adjust: "bh" });
      expect(m.join!.matched).toBe(60);
      const want = await runPythonJson<{ count: number; pairs: number; p: number[] }>(`
import json, re, warnings, numpy as np, pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
warnings.simplefilter('ignore')
f = pd.read_csv(${JSON.stringify(featuresPath)}, float_precision='round_trip')  # correctly rounded, as JS parses
f['patient_id'] = f['Image'].str.extract(r'(R01-\\d+)')[0]
c = pd.read_csv(${JSON.stringify(clinicalPath)}).rename(columns={'Patient ID': 'patient_id'})
nv = ${JSON.stringify(numericVars)}
for v in nv: c[v] = pd.to_numeric(c[v], errors='coerce')
ordinal = json.loads('${JSON.stringify(ordinal)}')
for v, codes in ordinal.items(): c[v] = c[v].map(codes)
cv = nv + list(ordinal)
d = f.merge(c[['patient_id'] + cv], on='patient_id')
feats = [k for k in f.columns if re.match(r'^(original|log-|wavelet-)', k)]
F = d[feats].to_numpy(float)
P = np.full((len(feats), len(cv)), np.nan)
for j, v in enumerate(cv):
    y = d[v].to_numpy(float); ok = ~np.isnan(y)
    # spearmanr's definition, vectorised over the features: Pearson r of average ranks, t on n − 2 df.
    R = stats.rankdata(F[ok], axis=0); ry = stats.rankdata(y[ok])
    R = R - R.mean(axis=0); ry = ry - ry.mean()
    with np.errstate(invalid='ignore', divide='ignore'):
        r = np.clip(R.T @ ry / np.sqrt((R * R).sum(axis=0) * (ry @ ry)), -1, 1)
        n = ok.sum(); t = r * np.sqrt((n - 2) / (1 - r * r))
    P[:, j] = 2 * stats.t.sf(np.abs(t), n - 2)
P = P.ravel(); ok = ~np.isnan(P)
q = np.full_like(P, np.nan); q[ok] = multipletests(P[ok], method='fdr_bh')[1]
print(json.dumps(dict(count=int(np.sum(q < 0.05)), pairs=int(ok.sum()), p=[None if np.isnan(v) else float(v) for v in P[:300]])))
`);
      expect(want.count).toBeGreaterThan(0);
      expect(m.significant(0.05)).toBe(want.count);
      let tested = 0;
      for (let k = 0; k < m.pValue.length; k++) if (!Number.isNaN(m.pValue[k]!)) tested++;
      expect(tested).toBe(want.pairs);
      want.p.forEach((p, k) => {
        if (p === null) expect(m.pValue[k]).toBeNaN();
        else expect(Math.abs(m.pValue[k]! - p)).toBeLessThanOrEqual(1e-9 * p);
      });
    });
  });
});
