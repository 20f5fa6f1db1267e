/**
 * One-way ANOVA and Kruskal–Wallis against scipy.stats.f_oneway / kruskal (venv; skipped without scipy),
 * plus the textbook example of scipy's kruskal docs. Precision 1e-12 relative.
 */
import { describe, expect, it } from "vitest";
import { kruskalWallis, oneWayAnova } from "../../src/stats/anova";
import { hasPythonModules, runPythonJson } from "../refdata";

describe("anova and kruskal", () => {
  it("ANOVA on a hand-checkable example: F = 13 on (2, 6) df", () => {
    const r = oneWayAnova([[1, 2, 3], [2, 3, 4], [5, 6, 7]]);
    expect(r.statistic).toBeCloseTo(13, 13); // SSB = 26, SSW = 6 → (26/2)/(6/6)
    expect(r.etaSquared).toBeCloseTo(26 / 32, 14);
  });
  it("needs two groups", () => {
    expect(() => kruskalWallis([[1, 2]])).toThrow(/at least 2 groups/);
  });
});

describe.skipIf(!hasPythonModules("scipy"))("vs scipy.stats (needs the venv's scipy)", async () => {
  const cases = [
    [[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]],
    [[1, 1, 2, 3, 3, 3], [2, 2, 4, 5], [5, 6, 6, 7, 1, 3, 3]],
    [Array.from({ length: 40 }, (_, i) => Math.sin(i)), Array.from({ length: 30 }, (_, i) => Math.cos(i) + 0.5), Array.from({ length: 35 }, (_, i) => Math.sin(i * 2) + 0.2), Array.from({ length: 20 }, (_, i) => i / 20)],
  ];
  const ref = await runPythonJson<number[][]>(`
import json
from scipy import stats
cases = json.loads('${JSON.stringify(cases)}')
print(json.dumps([[float(v) for v in (*stats.f_oneway(*c), *stats.kruskal(*c))] for c in cases]))
`);
  cases.forEach((c, i) => {
    it(`case ${i}: F, H and their p-values`, () => {
      const [f, pf, h, ph] = ref[i]!;
      const a = oneWayAnova(c);
      const k = kruskalWallis(c);
      expect(a.statistic).toBeCloseTo(f!, 11);
      expect(Math.abs(a.pValue - pf!)).toBeLessThanOrEqual(1e-12 * pf!);
      expect(k.statistic).toBeCloseTo(h!, 11);
      expect(Math.abs(k.pValue - ph!)).toBeLessThanOrEqual(1e-12 * ph!);
    });
  });
});
