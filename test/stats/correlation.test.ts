/**
 * Pair correlations (Pearson, Spearman, Kendall τ-b) and their p-values against scipy.stats pearsonr,
 * spearmanr and kendalltau (venv; skipped without scipy): untied and tied data, small n (Kendall exact)
 * and large n (asymptotic, tie-corrected), missing values dropped pairwise. Precision: r 1e-13 absolute,
 * p 1e-11 relative.
 */
import { describe, expect, it } from "vitest";
import { correlation, correlationPValue, type CorrelationMethod } from "../../src/stats/correlation";
import { hasPythonModules, runPythonJson } from "../refdata";

describe("correlation", () => {
  it("reports too few pairs and constant variables instead of a silent NaN", () => {
    expect(correlation([1, 2], [3, 4]).note).toMatch(/at least 3/);
    expect(correlation([1, 1, 1, 1], [3, 4, 5, 6], "pearson").note).toMatch(/constant/);
    expect(correlation([1, 1, 1, 1], [3, 4, 5, 6], "kendall").note).toMatch(/constant/);
  });
  it("p-value of r = ±1 is 0 and of r = 0 is 1", () => {
    expect(correlationPValue(1, 10)).toBe(0);
    expect(correlationPValue(0, 10)).toBeCloseTo(1, 15);
  });
});

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe.skipIf(!hasPythonModules("scipy"))("vs scipy.stats (needs the venv's scipy)", async () => {
  const cases: { x: number[]; y: number[] }[] = [
    { x: [1, 2, 3, 4, 5], y: [5, 6, 7, 8, 7] },
    { x: seq(12, (i) => Math.sin(i * 1.3)), y: seq(12, (i) => Math.cos(i * 0.4) + i / 10) }, // Kendall exact
    { x: seq(30, (i) => Math.round(3 * Math.sin(i))), y: seq(30, (i) => Math.round(2 * Math.cos(i * 0.5))) }, // heavy ties
    { x: seq(200, (i) => Math.sin(i * 0.37) + i / 300), y: seq(200, (i) => Math.sin(i * 0.11) * 2 + (i % 7)) },
    { x: seq(40, (i) => (i % 5 === 0 ? NaN : Math.exp(Math.sin(i)))), y: seq(40, (i) => (i % 7 === 3 ? NaN : i % 9)) }, // missing + ties
    { x: seq(34, (i) => i * 0.5 + Math.sin(i)), y: seq(34, (i) => i + 0.01 * Math.cos(7 * i)) }, // n > 33, near-perfect
  ];
  const methods: CorrelationMethod[] = ["pearson", "spearman", "kendall"];
  const ref = await runPythonJson<number[][][]>(`
import json, numpy as np
from scipy import stats
cases = json.loads('${JSON.stringify(cases).replace(/null/g, "NaN")}')  # NaN marks a missing value
out = []
for c in cases:
    x, y = np.array(c['x'], dtype=float), np.array(c['y'], dtype=float)
    ok = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[ok], y[ok]
    out.append([[float(v) for v in f(x, y)] for f in (stats.pearsonr, stats.spearmanr, stats.kendalltau)])
print(json.dumps(out))
`);
  cases.forEach((c, i) => {
    it(`case ${i}`, () => {
      methods.forEach((m, j) => {
        const res = correlation(c.x, c.y, m);
        const [r, p] = ref[i]![j]!;
        expect(Math.abs(res.r - r!)).toBeLessThan(1e-13);
        expect(Math.abs(res.pValue - p!)).toBeLessThanOrEqual(1e-11 * p! + 1e-300);
      });
    });
  });
});
