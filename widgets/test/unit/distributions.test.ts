/**
 * The browser's chi-square tail and normal quantile (widgets/src/km/distributions.ts) against SciPy
 * (venv; skipped without it): `scipy.stats.chi2.sf` for 1–5 df and `scipy.stats.norm.ppf`, relative
 * 1e-12 (1e-10 in the far tail). Known values without the venv: Φ⁻¹(0.975) = 1.959963984540054,
 * P(χ²₁ > 3.841458820694124) = 0.05 (the 95% quantile), from any statistical table.
 */
import { describe, expect, it } from "vitest";
import { hasPythonModules, runPythonJson } from "../../../test/refdata";
import { chiSquareSf, erfc, lnGamma, normalQuantile } from "../../src/km/distributions";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("distributions: table values", () => {
  it("z(0.975), the χ²₁ 95% point, ln Γ(½) = ½ ln π, erfc(0) = 1", () => {
    expect(rel(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-14);
    expect(rel(chiSquareSf(3.841458820694124, 1), 0.05)).toBeLessThan(1e-12);
    expect(rel(lnGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(erfc(0)).toBe(1);
    expect(chiSquareSf(0, 1)).toBe(1);
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe.skipIf(!hasPythonModules("scipy"))("distributions vs SciPy (venv; skipped without it)", async () => {
  const xs = [1e-6, 0.01, 0.5, 1, 2.7, 3.84, 6.63, 10.3, 20, 45, 80, 200];
  const ps = [1e-12, 1e-6, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-9];
  const ref = hasPythonModules("scipy")
    ? await runPythonJson<{ sf: number[][]; ppf: number[] }>(`
import json
from scipy import stats
xs = ${JSON.stringify(xs)}; ps = ${JSON.stringify(ps)}
print(json.dumps({"sf": [[float(stats.chi2.sf(x, k)) for x in xs] for k in range(1, 6)], "ppf": [float(stats.norm.ppf(p)) for p in ps]}))
`)
    : { sf: [], ppf: [] };
  it("chi2.sf for 1–5 df", () => {
    for (let k = 1; k <= 5; k++) {
      xs.forEach((x, i) => {
        const want = ref.sf[k - 1]![i]!;
        expect(rel(chiSquareSf(x, k), want), `df ${k}, x ${x}`).toBeLessThan(want < 1e-30 ? 1e-10 : 1e-12);
      });
    }
  });
  it("norm.ppf", () => {
    ps.forEach((p, i) => expect(rel(normalQuantile(p), ref.ppf[i]!), `p ${p}`).toBeLessThan(1e-11));
  });
});
