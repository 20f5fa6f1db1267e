/**
 * Welch and Student t-tests against scipy.stats.ttest_ind (venv; skipped without scipy), with the
 * confidence interval of the mean difference against scipy's `confidence_interval()`; Hedges' g against
 * the exact-J formula computed by scipy.special.gamma. Precision 1e-12 relative.
 */
import { describe, expect, it } from "vitest";
import { tTest } from "../../src/stats/tTest";
import { hasPythonModules, runPythonJson } from "../refdata";

describe("tTest", () => {
  it("rejects samples with fewer than two values", () => {
    expect(() => tTest([1], [2, 3])).toThrow(/x has 1 non-missing values/);
  });
  it("drops NaN values", () => {
    const a = tTest([1, 2, NaN, 3], [4, 5, 6, NaN]);
    expect(a.n1).toBe(3);
    expect(a.n2).toBe(3);
  });
});

describe.skipIf(!hasPythonModules("scipy"))("tTest vs scipy.stats.ttest_ind (needs the venv's scipy)", async () => {
  const cases = [
    { x: [5.1, 4.9, 5.6, 5.8, 6.0, 5.3], y: [6.2, 6.6, 6.9, 7.1, 6.4] },
    { x: [12.1, 15.3, 9.8, 14.2, 11.7, 13.9, 10.2, 16.8, 12.5, 11.1], y: [13.2, 12.8, 14.1, 13.9, 13.3] },
    { x: Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 + 10), y: Array.from({ length: 70 }, (_, i) => Math.cos(i * 0.7) * 1.5 + 10.4) },
  ];
  const alts = ["two-sided", "less", "greater"] as const;
  const ref = await runPythonJson<{ t: number; df: number; p: number; lo: number; hi: number; g: number }[][][]>(`
import json, numpy as np
from scipy import stats, special
cases = json.loads('${JSON.stringify(cases)}')
out = []
for c in cases:
    x, y = np.array(c['x']), np.array(c['y'])
    n1, n2 = len(x), len(y)
    df = n1 + n2 - 2
    sp = np.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / df)
    J = special.gamma(df / 2) / (np.sqrt(df / 2) * special.gamma((df - 1) / 2))
    g = J * (x.mean() - y.mean()) / sp
    per = []
    for eq in [False, True]:
        row = []
        for a in ${JSON.stringify(alts)}:
            r = stats.ttest_ind(x, y, equal_var=eq, alternative=a)
            ci = r.confidence_interval(0.95)
            row.append(dict(t=float(r.statistic), df=float(r.df), p=float(r.pvalue), lo=float(ci.low), hi=float(ci.high), g=float(g)))
        per.append(row)
    out.append(per)
print(json.dumps(out).replace('-Infinity', '-1e999').replace('Infinity', '1e999'))
`);
  cases.forEach((c, i) => {
    it(`case ${i}: Welch and Student, three alternatives`, () => {
      [true, false].forEach((welch, w) => {
        alts.forEach((alt, j) => {
          const r = tTest(c.x, c.y, { welch, alternative: alt });
          const want = ref[i]![w]![j]!;
          expect(r.statistic).toBeCloseTo(want.t, 12);
          expect(Math.abs(r.df - want.df)).toBeLessThan(1e-10 * want.df);
          expect(Math.abs(r.pValue - want.p)).toBeLessThanOrEqual(1e-12 * want.p + 1e-300);
          if (Number.isFinite(want.lo)) expect(r.ci[0]).toBeCloseTo(want.lo, 11);
          else expect(r.ci[0]).toBe(-Infinity);
          if (Number.isFinite(want.hi)) expect(r.ci[1]).toBeCloseTo(want.hi, 11);
          else expect(r.ci[1]).toBe(Infinity);
          expect(r.hedgesG).toBeCloseTo(want.g, 12);
        });
      });
    });
  });
});
