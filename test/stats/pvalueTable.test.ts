/**
 * The tabulated correlation p-value (`correlationPValueFn(n, calls)` with calls ≥ P_VALUE_TABLE_MIN_CALLS)
 * against the exact incomplete-beta p-value (`correlationPValue`) densely, for n from 3 to 100,000, and
 * against mpmath's `betainc` at 60 digits (venv; skipped without mpmath). Precision: 1e-12 relative wherever
 * the p-value is at least 1e-300; below that the table hands over to the exact function itself.
 */
import { describe, expect, it } from "vitest";
import { correlationPValue, correlationPValueFn, P_VALUE_TABLE_MIN_CALLS } from "../../src/stats/correlation";
import { hasPythonModules, runPythonJson } from "../refdata";

const table = (n: number) => correlationPValueFn(n, P_VALUE_TABLE_MIN_CALLS);

/** u = |r| spread over [0, 1]: a uniform grid, a grid dense near 1, and random points (fixed generator). */
function grid(): number[] {
  const us: number[] = [];
  for (let i = 0; i <= 4000; i++) us.push(i / 4000);
  for (let i = 1; i <= 300; i++) us.push(1 - 2 ** (-i / 6)); // 1 − u from 0.9 down to 2⁻⁵⁰
  let s = 4242;
  for (let i = 0; i < 6000; i++) {
    s = (s * 16807) % 2147483647;
    us.push(s / 2147483647);
  }
  return us;
}

describe("tabulated correlation p-value", () => {
  const us = grid();
  const ns = [3, 4, 5, 6, 7, 10, 20, 41, 100, 200, 354, 355, 500, 1000, 3000, 10000, 30000, 100000];
  it.each(ns)("n = %i: within 1e-12 of the exact p-value where p ≥ 1e-300, and equal to it below", (n) => {
    const fast = table(n);
    // The exact function's own error grows like df·1e-17 past df ≈ 10⁴ (see betaIncBoth; the mpmath test
    // below shows the table is the more accurate one there), so the comparison allows for it.
    const tol = Math.max(1e-12, 6e-17 * n);
    let worst = 0;
    const wrong: string[] = [];
    for (const u of us) {
      const exact = correlationPValue(u, n);
      const p = fast(u);
      if (fast(-u) !== p || !(p <= 1)) wrong.push(`u = ${u}: p(u) = ${p}, p(−u) = ${fast(-u)}`);
      if (exact >= 1e-300) worst = Math.max(worst, Math.abs(p - exact) / exact);
      else if (p !== exact) wrong.push(`u = ${u}: ${p} where the exact p is ${exact}`); // every exact 0, and no other
    }
    expect(wrong).toEqual([]);
    expect(worst).toBeLessThanOrEqual(tol);
  });
  it("edge values: r = 0 gives 1, |r| ≥ 1 gives 0, NaN gives NaN", () => {
    for (const n of [3, 10, 500, 100000]) {
      const fast = table(n);
      expect(fast(0)).toBe(1);
      expect(fast(-0)).toBe(1);
      expect(fast(1)).toBe(0);
      expect(fast(-1)).toBe(0);
      expect(fast(1.0000000000000002)).toBe(0);
      expect(fast(NaN)).toBeNaN();
    }
    expect(correlationPValueFn(2, P_VALUE_TABLE_MIN_CALLS)(0.5)).toBeNaN();
  });
  it("few calls get the exact function; many calls get the table (cached per n)", () => {
    const exact = correlationPValueFn(500);
    expect(correlationPValueFn(500, P_VALUE_TABLE_MIN_CALLS - 1)).toBe(exact);
    expect(exact(0.1)).toBe(correlationPValue(0.1, 500));
    expect(table(500)).toBe(table(500));
    expect(table(500)).not.toBe(exact);
  });
});

describe.skipIf(!hasPythonModules("mpmath"))("tabulated correlation p-value vs mpmath betainc (needs the venv's mpmath)", async () => {
  // n, and the range of u sampled (where p ≥ 1e-300): centre and tail of each distribution.
  const cases: [number, number, number][] = [
    [3, 0, 1],
    [4, 0, 1],
    [5, 0.9, 1],
    [10, 0, 1],
    [50, 0.9, 1],
    [200, 0.9, 1],
    [400, 0.8, 0.98],
    [500, 0, 0.2],
    [500, 0.5, 0.96],
    [3000, 0, 0.6],
    [10000, 0, 0.35],
    [100000, 0, 0.02],
    [100000, 0.02, 0.116],
  ];
  const points = cases.map(([n, lo, hi], i) => {
    const us: number[] = [];
    let s = 1000 + i;
    for (let k = 0; k < 25; k++) {
      s = (s * 16807) % 2147483647;
      us.push(lo + (hi - lo) * (s / 2147483647));
    }
    return [n, us] as [number, number[]];
  });
  const ref = await runPythonJson<string[][]>(`
import json, mpmath as mp
mp.mp.dps = 60
out = []
for n, us in json.loads('${JSON.stringify(points)}'):
    a = mp.mpf(n - 2) / 2
    out.append([mp.nstr(mp.betainc(a, mp.mpf(1) / 2, 0, 1 - mp.mpf(u) ** 2, regularized=True), 30) for u in us])
print(json.dumps(out))
`);
  it.each(points.map((c, i) => [c[0], i]))("n = %i (case %i): relative error below 1e-12", (n, i) => {
    const fast = table(n);
    points[i]![1].forEach((u, k) => {
      const want = Number(ref[i]![k]!);
      expect(Math.abs(fast(u) - want) / want, `u = ${u}`).toBeLessThanOrEqual(1e-12);
    });
  });
});
