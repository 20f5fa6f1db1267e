/**
 * ComBat against neuroCombat (Fortin et al. 2018, a line-by-line port of R sva::ComBat; venv, skipped
 * without it) on the sva test data `stats/combat_testdata.csv` (200 features × 10 scans, batch 1,1,1,1,1,
 * 2,2,2,2,2, gender 1,2,1,2,…): parametric and non-parametric, with and without the gender covariate,
 * mean-only, and with a reference batch. Precision: 1e-8 relative (the criterion for sva).
 * R sva::ComBat itself is the peer of combatSva.test.ts (loading sva takes ~10 s of CPU).
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/cohort/dataTable";
import { combat } from "../../src/stats/combat";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";
import { describeIf } from "../describeIf";

const batch = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
const gender = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2];

describe("combat", () => {
  it("removes a pure additive/multiplicative batch effect on data with no other structure", () => {
    // Two batches of the same 6 values, the second shifted by 5 and scaled by 2: after ComBat (no EB), both
    // batches have the same mean and spread.
    const base = [1, 3, 2, 5, 4, 6];
    const rows = [0, 1, 2].map((f) => [...base.map((v) => v + f), ...base.map((v) => 2 * (v + f) + 5)]);
    const r = combat(rows, [...Array(6).fill("a"), ...Array(6).fill("b")], { eb: false });
    for (const y of r.data) {
      const m1 = y.slice(0, 6).reduce((a, b) => a + b) / 6;
      const m2 = y.slice(6).reduce((a, b) => a + b) / 6;
      expect(m1).toBeCloseTo(m2, 12);
    }
  });
  it("errors: one batch, confounded covariate, missing values, unknown reference", () => {
    expect(() => combat([[1, 2, 3]], [1, 1, 1])).toThrow(/only one batch/);
    expect(() => combat([[1, 2, 3, 4], [2, 3, 1, 5]], [1, 1, 2, 2], { covariates: { site: ["x", "x", "y", "y"] } })).toThrow(/confounded with batch/);
    expect(() => combat([[1, NaN, 3, 4]], [1, 1, 2, 2])).toThrow(/missing or infinite value/);
    expect(() => combat([[1, 2, 3, 4]], [1, 1, 2, 2], { refBatch: 3 })).toThrow(/reference batch "3"/);
  });
});

describeIf(hasPythonModules("neuroCombat", "pandas") && hasRefdata(), "vs neuroCombat on combat_testdata.csv (needs the venv's neuroCombat and ../shared/data)", async () => {
  const path = refPath("stats", "combat_testdata.csv");
  const table = readTable(path);
  const rows: number[][] = [];
  for (let g = 0; g < table.rows; g++) rows.push(table.columns.map((c) => (table.data[c] as number[])[g]!));
  const configs = [
    { name: "parametric, no covariate", parametric: true, cov: false, meanOnly: false, ref: null },
    { name: "parametric, gender covariate", parametric: true, cov: true, meanOnly: false, ref: null },
    { name: "non-parametric, no covariate", parametric: false, cov: false, meanOnly: false, ref: null },
    { name: "non-parametric, gender covariate", parametric: false, cov: true, meanOnly: false, ref: null },
    { name: "parametric, mean only, gender", parametric: true, cov: true, meanOnly: true, ref: null },
    { name: "parametric, reference batch 1, gender", parametric: true, cov: true, meanOnly: false, ref: 1 },
  ];
  const ref = await runPythonJson<number[][][]>(`
import json, io, contextlib, numpy as np, pandas as pd
np.int = int  # neuroCombat 0.2.12 still uses the alias numpy removed in 1.24
from neuroCombat import neuroCombat
dat = pd.read_csv(${JSON.stringify(path)}, float_precision='round_trip').to_numpy(float)
covars = pd.DataFrame(dict(batch=${JSON.stringify(batch)}, gender=${JSON.stringify(gender)}))
out = []
for c in json.loads('${JSON.stringify(configs)}'):
    with contextlib.redirect_stdout(io.StringIO()):  # neuroCombat prints its progress
      r = neuroCombat(dat=dat, covars=covars if c['cov'] else covars[['batch']], batch_col='batch',
                      categorical_cols=['gender'] if c['cov'] else None, parametric=c['parametric'],
                      mean_only=c['meanOnly'], ref_batch=c['ref'])
    out.append(r['data'].tolist())
print(json.dumps(out))
`);
  configs.forEach((c, k) => {
    it(c.name, () => {
      const r = combat(rows, batch, {
        parametric: c.parametric,
        meanOnly: c.meanOnly,
        covariates: c.cov ? { gender: gender.map(String) } : undefined,
        refBatch: c.ref ?? undefined,
      });
      const want = ref[k]!;
      let worst = 0;
      for (let g = 0; g < rows.length; g++) {
        for (let j = 0; j < batch.length; j++) {
          const w = want[g]![j]!;
          worst = Math.max(worst, Math.abs(r.data[g]![j]! - w) / Math.max(1e-12, Math.abs(w)));
        }
      }
      expect(worst).toBeLessThan(1e-8);
    });
  });
  it("a numeric covariate gives the same result as the factor (same column space)", () => {
    const a = combat(rows, batch, { covariates: { gender } });
    const b = combat(rows, batch, { covariates: { gender: gender.map(String) } });
    for (let g = 0; g < rows.length; g++) for (let j = 0; j < 10; j++) expect(a.data[g]![j]!).toBeCloseTo(b.data[g]![j]!, 10);
  });
});
