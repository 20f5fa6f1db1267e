/**
 * Chi-square and Fisher's exact test against scipy.stats (chi2_contingency, fisher_exact; venv, skipped
 * without scipy) and R's fisher.test documentation example (Agresti's tea tasting, p = 0.4857).
 * Precision 1e-12 relative.
 */
import { describe, expect, it } from "vitest";
import { chiSquareTest, crossTabulate, fisherExact } from "../../src/stats/contingency";
import { hasPythonModules, runPythonJson } from "../refdata";

describe("contingency tests", () => {
  it("Fisher: R fisher.test tea tasting example, two-sided p = 0.4857 (Agresti 1990)", () => {
    const r = fisherExact([[3, 1], [1, 3]]);
    expect(r.pValue).toBeCloseTo(0.4857142857142857, 12);
    expect(fisherExact([[3, 1], [1, 3]], { alternative: "greater" }).pValue).toBeCloseTo(0.2428571428571429, 12);
  });
  it("crossTabulate counts pairs and drops missing labels", () => {
    const t = crossTabulate(["m", "w", "m", null, "w"], ["y", "y", "n", "y", ""]);
    expect(t.rowLevels).toEqual(["m", "w"]);
    expect(t.columnLevels).toEqual(["n", "y"]);
    expect(t.counts).toEqual([[1, 1], [0, 1]]);
    expect(t.dropped).toBe(2);
  });
  it("rejects malformed tables", () => {
    expect(() => chiSquareTest([[1, 2]])).toThrow(/at least 2 rows/);
    expect(() => fisherExact([[1, 2, 3], [1, 2, 3]])).toThrow(/2 × 2 table/);
    expect(() => chiSquareTest([[1, -2], [3, 4]])).toThrow(/non-negative/);
  });
});

describe.skipIf(!hasPythonModules("scipy"))("vs scipy.stats (needs the venv's scipy)", async () => {
  const tables = [
    [[12, 5], [7, 16]],
    [[8, 2], [1, 5]],
    [[0, 10], [7, 3]],
    [[20, 15, 9], [11, 18, 25]],
    [[5, 3, 2, 8], [4, 7, 6, 1], [9, 2, 3, 4]],
    [[30, 1], [2, 40]],
    [[2, 7], [8, 2]],
  ];
  const ref = await runPythonJson<{ chi: number[]; chiU: number[]; fisher: (number[] | null)[] }[]>(`
import json
from scipy import stats
tables = json.loads('${JSON.stringify(tables)}')
out = []
for t in tables:
    r = stats.chi2_contingency(t, correction=True)
    u = stats.chi2_contingency(t, correction=False)
    f = [list(map(float, stats.fisher_exact(t, alternative=a))) for a in ['two-sided', 'less', 'greater']] if len(t) == 2 and len(t[0]) == 2 else None
    out.append(dict(chi=[float(r.statistic), float(r.pvalue), int(r.dof)], chiU=[float(u.statistic), float(u.pvalue)], fisher=f))
print(json.dumps(out))
`);
  tables.forEach((t, i) => {
    it(`table ${i}: chi-square (with and without Yates) ${t.length === 2 && t[0]!.length === 2 ? "and Fisher" : ""}`, () => {
      const want = ref[i]!;
      const c = chiSquareTest(t);
      expect(c.statistic).toBeCloseTo(want.chi[0]!, 11);
      expect(Math.abs(c.pValue - want.chi[1]!)).toBeLessThanOrEqual(1e-12 * want.chi[1]!);
      expect(c.df).toBe(want.chi[2]);
      const u = chiSquareTest(t, { correction: false });
      expect(u.statistic).toBeCloseTo(want.chiU[0]!, 11);
      expect(Math.abs(u.pValue - want.chiU[1]!)).toBeLessThanOrEqual(1e-12 * want.chiU[1]!);
      if (want.fisher) {
        (["two-sided", "less", "greater"] as const).forEach((alt, j) => {
          const f = fisherExact(t, { alternative: alt });
          const [or, p] = want.fisher![j] as number[];
          if (Number.isFinite(or!)) expect(f.oddsRatio).toBeCloseTo(or!, 12);
          expect(Math.abs(f.pValue - p!)).toBeLessThanOrEqual(1e-11 * p!);
        });
      }
    });
  });
});
