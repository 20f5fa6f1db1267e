/**
 * Metagenes and gene-set scores on TCGA-GBM (840 ClaNC genes × 173 samples, Verhaak subtypes in the header
 * rows, each gene's subtype signature — PN, NL, CL, MES — in the annotation column): module means, combined
 * z-scores and first principal components equal to numpy (1e-10; PC1 vs numpy's SVD, same sign convention),
 * and Kruskal–Wallis of each score across the four subtypes equal to scipy.stats.kruskal (venv + reference
 * data; skipped without them). Expected biology: each signature's score is highest in its own subtype.
 */
import { describe, expect, it } from "vitest";
import { loadExpression } from "../../src/cohort/expression";
import { kruskalWallis } from "../../src/stats/anova";
import { geneSetScores, metagenes } from "../../src/stats/metagene";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";
import { describeIf } from "../describeIf";

describe("geneSetScores", () => {
  it("module mean and combined z-score by hand", () => {
    const block = { names: ["a", "b", "c"], values: [[1, 2, 3], [2, 4, 6], [3, 2, 1]] };
    const r = geneSetScores(block, { ab: ["a", "b", "zz"] }, { method: "mean" });
    // a and b standardise to (−1, 0, 1): their mean is (−1, 0, 1).
    expect(Array.from(r.scores[0]!)).toEqual([-1, 0, 1]);
    expect(r.missing.ab).toEqual(["zz"]);
    const z = geneSetScores(block, { ab: ["a", "b"] }, { method: "zscore" });
    expect(z.scores[0]![2]).toBeCloseTo(2 / Math.SQRT2, 15);
    const small = geneSetScores(block, { one: ["a"] });
    expect(small.notes[0]).toMatch(/fewer than 2/);
  });
});

describeIf(hasRefdata() && hasPythonModules("numpy", "scipy", "pandas"), "TCGA-GBM subtype signatures (needs the venv and ../shared/data)", async () => {
  const path = refPath("radiogenomics", "tcga_gbm_expression_clanc840.tsv");
  const expr = loadExpression(path, { sampleId: /TCGA-\w\w-\w{4}/ });
  const signature = Object.values(expr.geneAnnotations)[0]!;
  const sets: Record<string, string[]> = {};
  expr.genes.forEach((g, i) => {
    const s = signature[i];
    if (s) (sets[s] ??= []).push(g);
  });
  const subtypes = expr.sampleAnnotations.Subtype!;
  const want = await runPythonJson<Record<string, { mean: number[]; z: number[]; pc1: number[]; explained: number; kw: number[] }>>(`
import json, numpy as np, pandas as pd
from scipy import stats
raw = pd.read_csv(${JSON.stringify(path)}, sep='\\t', header=None, dtype=str)
subtype = raw.iloc[1, 2:].to_numpy()
body = raw.iloc[2:]
genes, sig = body[0].to_numpy(), body[1].fillna('').to_numpy()
X = body.iloc[:, 2:].astype(float).to_numpy()
out = {}
for s in ['CL', 'MES', 'NL', 'PN']:
    Z = X[sig == s]
    Z = (Z - Z.mean(axis=1, keepdims=True)) / Z.std(axis=1, ddof=1, keepdims=True)
    mean = Z.mean(axis=0); z = Z.sum(axis=0) / np.sqrt(Z.shape[0])
    U, S, Vt = np.linalg.svd(Z.T, full_matrices=False)
    pc1 = U[:, 0] * S[0]
    if pc1 @ mean < 0: pc1 = -pc1
    groups = [mean[subtype == t] for t in sorted(set(subtype))]
    out[s] = dict(mean=mean.tolist(), z=z.tolist(), pc1=pc1.tolist(), explained=float(S[0]**2 / np.sum(S**2)), kw=[float(v) for v in stats.kruskal(*groups)])
print(json.dumps(out))
`);
  it("reads 840 genes × 173 samples, genes by samples, with the subtype row and signature column", () => {
    expect(expr.genes.length).toBe(840);
    expect(expr.samples.length).toBe(173);
    expect(expr.orientation).toBe("genes-by-samples");
    expect(new Set(subtypes)).toEqual(new Set(["Proneural", "Neural", "Classical", "Mesenchymal"]));
    expect(Object.keys(sets).sort()).toEqual(["CL", "MES", "NL", "PN"]);
  });
  for (const s of ["CL", "MES", "NL", "PN"]) {
    it(`${s}: mean, z-score and PC1 equal numpy; Kruskal–Wallis across subtypes equals scipy`, () => {
      const w = want[s]!;
      const mean = metagenes(expr, { [s]: sets[s]! }).scores[0]!;
      const z = geneSetScores(expr, { [s]: sets[s]! }, { method: "zscore" }).scores[0]!;
      const pc = metagenes(expr, { [s]: sets[s]! }, { method: "pc1" });
      for (let j = 0; j < 173; j++) {
        expect(mean[j]!).toBeCloseTo(w.mean[j]!, 10);
        expect(z[j]!).toBeCloseTo(w.z[j]!, 10);
        expect(pc.scores[0]![j]!).toBeCloseTo(w.pc1[j]!, 8);
      }
      expect(pc.explained[s]!).toBeCloseTo(w.explained, 10);
      const levels = [...new Set(subtypes)].sort() as string[];
      const k = kruskalWallis(levels.map((l) => Array.from(mean).filter((_, j) => subtypes[j] === l)));
      expect(k.statistic).toBeCloseTo(w.kw[0]!, 9);
      expect(Math.abs(k.pValue - w.kw[1]!)).toBeLessThanOrEqual(1e-9 * w.kw[1]!);
      // Biology: the signature scores highest in its own subtype.
      const own = { CL: "Classical", MES: "Mesenchymal", NL: "Neural", PN: "Proneural" }[s]!;
      const avg = (l: string) => {
        const v = Array.from(mean).filter((_, j) => subtypes[j] === l);
        return v.reduce((a, b) => a + b, 0) / v.length;
      };
      for (const l of levels) if (l !== own) expect(avg(own)).toBeGreaterThan(avg(l));
    });
  }
});
