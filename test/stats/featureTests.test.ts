/**
 * testFeatures end to end on NSCLC-Radiogenomics: 1,764 PyRadiomics features of 60 adenocarcinomas joined
 * to the EGFR and KRAS mutation status of the clinical table, Mann–Whitney U per feature with BH across
 * features — p and q per feature equal to scipy.stats.mannwhitneyu + statsmodels multipletests (1e-10),
 * and the same count of q < 0.05 (none, for either gene, in this 60-patient subset; venv + reference data,
 * skipped without them). Also the choice of levels and the errors on small tables.
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/cohort/dataTable";
import { extractIds, joinTables } from "../../src/cohort/join";
import { binaryStatus } from "../../src/cohort/status";
import { adjustPValues } from "../../src/stats/adjust";
import { testFeatures } from "../../src/stats/featureTests";
import { mannWhitneyU } from "../../src/stats/mannWhitney";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";
import { describeIf } from "../describeIf";

describe("testFeatures", () => {
  const t = { id: ["a", "b", "c", "d", "e", "f"], status: ["Mutant", "Wildtype", "Mutant", "Wildtype", "Mutant", null], f1: [5, 1, 6, 2, 7, 3], f2: [1, 2, 1, 2, 1, 9] };
  it("picks the positive level, drops missing labels and adjusts", () => {
    const r = testFeatures(t, "status", { exclude: ["id"] });
    expect(r.groups).toEqual([{ level: "Mutant", n: 3 }, { level: "Wildtype", n: 2 }]);
    expect(r.missingLabels).toBe(1);
    const f1 = r.rows.find((x) => x.feature === "f1")!;
    expect(f1.pValue).toBe(mannWhitneyU([5, 6, 7], [1, 2]).pValue);
    expect(f1.effect).toBe(1); // every mutant value exceeds every wild-type value
    expect(r.rows.map((x) => x.qValue)).toEqual(Array.from(adjustPValues(r.rows.map((x) => x.pValue), "bh")));
  });
  it("rejects a two-group test on three groups, and a label with one level", () => {
    expect(() => testFeatures({ g: ["a", "b", "c"], x: [1, 2, 3] }, "g", { test: "welch" })).toThrow(/compares two groups/);
    expect(() => testFeatures({ g: ["a", "a", "a"], x: [1, 2, 3] }, "g")).toThrow(/1 level/);
  });
});

describeIf(hasRefdata() && hasPythonModules("scipy", "statsmodels", "pandas"), "NSCLC-Radiogenomics: features vs EGFR and KRAS (needs the venv and ../shared/data)", async () => {
  const featuresPath = refPath("radiogenomics", "nsclc_radiogenomics_features_60.csv");
  const clinicalPath = refPath("radiogenomics", "nsclc_radiogenomics_clinical.csv");
  const features = readTable(featuresPath);
  const featureCols = features.columns.filter((c) => /^(original|log-|wavelet-)/.test(c));
  const X = { patient_id: extractIds(features.data.Image!, /R01-\d+/), ...Object.fromEntries(featureCols.map((c) => [c, features.data[c]!])) };
  const clinical = readTable(clinicalPath, { rename: { "Patient ID": "patient_id" } });
  const { table, report } = joinTables(X, clinical, { on: "patient_id" });
  const want = await runPythonJson<Record<string, { p: (number | null)[]; q: (number | null)[]; count: number }>>(`
import json, warnings, numpy as np, pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
warnings.simplefilter('ignore')
f = pd.read_csv(${JSON.stringify(featuresPath)}, float_precision='round_trip')  # correctly rounded, as JS parses
f['patient_id'] = f['Image'].str.extract(r'(R01-\\d+)')[0]
c = pd.read_csv(${JSON.stringify(clinicalPath)}).rename(columns={'Patient ID': 'patient_id'})
d = f.merge(c, on='patient_id')
feats = json.loads('${JSON.stringify(featureCols)}')
out = {}
for gene in ['EGFR mutation status', 'KRAS mutation status']:
    s = d[gene]
    mut, wt = d[s == 'Mutant'], d[s == 'Wildtype']
    P = np.array([stats.mannwhitneyu(mut[k].dropna(), wt[k].dropna()).pvalue for k in feats])
    ok = ~np.isnan(P); Q = np.full_like(P, np.nan); Q[ok] = multipletests(P[ok], method='fdr_bh')[1]
    out[gene] = dict(p=[None if np.isnan(v) else float(v) for v in P], q=[None if np.isnan(v) else float(v) for v in Q], count=int(np.sum(Q < 0.05)))
print(json.dumps(out))
`);
  it("joins all 60 patients and reports the clinical-only ones", () => {
    expect(report.matched).toBe(60);
    expect(report.onlyInLeft).toEqual([]);
    expect(report.onlyInRight.length).toBe(211 - 60);
  });
  for (const gene of ["EGFR mutation status", "KRAS mutation status"]) {
    it(`${gene}: Mann–Whitney p and BH q per feature, and the q < 0.05 count`, () => {
      const status = binaryStatus(table.data[gene]!);
      expect(status.unrecognised).toEqual({});
      const r = testFeatures(table, status.values, { features: featureCols, adjust: "bh" });
      expect(r.groups[0]!.level).toBe("1");
      const w = want[gene]!;
      r.rows.forEach((row, i) => {
        const p = w.p[i]!;
        const q = w.q[i]!;
        if (p === null) expect(row.pValue).toBeNaN();
        else {
          expect(Math.abs(row.pValue - p)).toBeLessThanOrEqual(1e-10 * p);
          expect(Math.abs(row.qValue - q)).toBeLessThanOrEqual(1e-10 * q);
        }
      });
      expect(r.sorted(0.05).length).toBe(w.count);
    });
  }
});
