/**
 * Mann–Whitney U against scipy.stats.mannwhitneyu (venv; skipped without scipy) and against a published
 * example: Mann & Whitney's exact tables via scipy's docs example (males/females, U = 17, p = 0.11).
 * Precision: statistic exact, p-values 1e-12 relative.
 */
import { describe, expect, it } from "vitest";
import { mannWhitneyExactSf, mannWhitneyU } from "../../src/stats/mannWhitney";
import { hasPythonModules, runPythonJson } from "../refdata";

describe("mannWhitneyU", () => {
  it("scipy documentation example (Conover's ages): U1 = 17, exact two-sided p = 0.1111", () => {
    const males = [19, 22, 16, 29, 24];
    const females = [20, 11, 17, 12];
    const r = mannWhitneyU(males, females);
    expect(r.statistic).toBe(17);
    expect(r.method).toBe("exact");
    expect(r.pValue).toBeCloseTo(0.1111111111111111, 14);
    expect(r.commonLanguage).toBeCloseTo(17 / 20, 15);
  });
  it("exact null distribution sums to one and is symmetric", () => {
    expect(mannWhitneyExactSf(0, 4, 6)).toBe(1);
    // P(U ≥ u) + P(U ≥ mn + 1 − u) = 1 by the symmetry of U about mn/2.
    for (let u = 0; u <= 25; u++) expect(mannWhitneyExactSf(u, 4, 6) + mannWhitneyExactSf(25 - u, 4, 6)).toBeCloseTo(1, 14);
  });
  it("refuses the exact method with ties", () => {
    expect(() => mannWhitneyU([1, 2, 2], [2, 3], { method: "exact" })).toThrow(/ties/);
  });
});

describe.skipIf(!hasPythonModules("scipy"))("mannWhitneyU vs scipy (needs the venv's scipy)", async () => {
  const cases: { x: number[]; y: number[] }[] = [
    { x: [1.1, 2.2, 3.3, 4.4], y: [0.5, 0.6, 0.7] },
    { x: [3, 5, 1, 9, 12, 4, 8], y: [2, 6, 7, 10, 11, 13, 14, 15] },
    { x: [1, 2, 2, 3, 3, 3, 4, 5, 9, 9], y: [2, 3, 4, 4, 4, 6, 7, 8, 8, 10, 11] }, // ties → asymptotic
    { x: Array.from({ length: 30 }, (_, i) => Math.round(10 * Math.sin(i * 1.7))), y: Array.from({ length: 25 }, (_, i) => Math.round(10 * Math.cos(i * 0.9)) + 2) },
    { x: Array.from({ length: 40 }, (_, i) => Math.sin(i * 2.3)), y: Array.from({ length: 35 }, (_, i) => Math.cos(i * 1.1) + 0.3) },
    { x: [10.5, 11.2, 9.9], y: Array.from({ length: 60 }, (_, i) => i / 7) }, // exact with n1 = 3, n2 = 60
  ];
  const alts = ["two-sided", "less", "greater"] as const;
  const ref = await runPythonJson<{ u: number; p: number }[][]>(`
import json
from scipy.stats import mannwhitneyu
cases = json.loads('${JSON.stringify(cases)}')
print(json.dumps([[dict(u=float(r.statistic), p=float(r.pvalue)) for r in [mannwhitneyu(c['x'], c['y'], alternative=a) for a in ${JSON.stringify(alts)}]] for c in cases]))
`);
  cases.forEach((c, i) => {
    it(`case ${i}: U and p-values for all three alternatives`, () => {
      alts.forEach((alt, j) => {
        const r = mannWhitneyU(c.x, c.y, { alternative: alt });
        const want = ref[i]![j]!;
        expect(r.statistic).toBe(want.u);
        expect(Math.abs(r.pValue - want.p)).toBeLessThanOrEqual(1e-12 * want.p + 1e-300);
      });
    });
  });
});
