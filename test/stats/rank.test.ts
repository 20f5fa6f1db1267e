/**
 * rankAverage against scipy.stats.rankdata(method="average") and the tie counts of numpy.unique (venv;
 * skipped without scipy), exactly (ranks are whole or half numbers): random values, ties, negatives, ±0 and
 * subnormals, values a few ulps apart (runs the radix path finishes by insertion, and one too long for it),
 * infinities, and more values than the radix path takes.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rankAverage } from "../../src/stats/rank";
import { hasPythonModules, runPythonJson } from "../refdata";

describe("rankAverage", () => {
  it("average ranks of a small example (R rank: 2, 3.5, 3.5, 1)", () => {
    const { ranks, tieSum, tieGroups } = rankAverage([10, 20, 20, 5]);
    expect(Array.from(ranks)).toEqual([2, 3.5, 3.5, 1]);
    expect(tieSum).toBe(6); // one pair: 2³ − 2
    expect(tieGroups).toBe(1);
  });
  it("empty and single inputs, and −0 tied with 0", () => {
    expect(rankAverage([]).ranks.length).toBe(0);
    expect(Array.from(rankAverage([7]).ranks)).toEqual([1]);
    const r = rankAverage([0, -0, -1, 1e-320, -1e-320]);
    expect(Array.from(r.ranks)).toEqual([3.5, 3.5, 1, 5, 2]);
    expect(r.tieGroups).toBe(1);
  });
  it("does not modify its input, and writes into `out` when given", () => {
    const v = Object.freeze([3, 1, 2]);
    const out = new Float64Array(3);
    expect(rankAverage(v, out).ranks).toBe(out);
    expect(v).toEqual([3, 1, 2]);
    expect(Array.from(out)).toEqual([3, 1, 2]);
  });
});

function writeTemp(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), "radiogx-rank-")), "v.json");
  writeFileSync(p, text);
  return p;
}

describe.skipIf(!hasPythonModules("scipy", "numpy"))("rankAverage vs scipy rankdata (needs the venv's scipy)", async () => {
  let s = 2024;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const gen = (n: number, f: (u: number, i: number) => number) => Array.from({ length: n }, (_, i) => f(rnd(), i));
  // JSON cannot carry ±Infinity or −0: they travel as strings.
  const cases: Record<string, number[]> = {
    random500: gen(500, (u) => u),
    ties500: gen(500, (u) => Math.round(u * 20) - 10),
    wideRange: gen(700, (u, i) => (i % 2 ? -1 : 1) * (u + 0.1) * 10 ** Math.round(u * 600 - 300)),
    zerosAndSubnormals: gen(300, (u, i) => (i % 3 === 0 ? 0 : i % 3 === 1 ? -0 : (u - 0.5) * 1e-315)),
    ulpsApart: gen(400, (u, i) => (1 + (i % 50) / 8) * (1 + Math.round(u * 3) * 2 ** -50)), // runs of ~8 equal high words, with ties
    longRun: gen(300, (u) => 1 + Math.floor(u * 1e6) * 2 ** -52), // one run of ~300 distinct values: the fallback
    infinities: gen(200, (u, i) => (i % 17 === 0 ? Infinity : i % 19 === 0 ? -Infinity : u)),
    beyondRadix: gen(70000, (u) => Math.round(u * 5000) / 7),
    small: gen(7, (u) => Math.round(u * 3)),
  };
  const encode = (v: number) => (Object.is(v, -0) ? "-0" : Number.isFinite(v) ? v : String(v));
  const ref = await runPythonJson<Record<string, { ranks: number[]; tieSum: number; tieGroups: number }>>(`
import json, sys, numpy as np
from scipy.stats import rankdata
cases = json.loads(open(sys.argv[1]).read())
out = {}
for name, vals in cases.items():
    v = np.array([float(x) for x in vals])
    _, t = np.unique(v, return_counts=True)
    out[name] = {"ranks": rankdata(v, method="average").tolist(), "tieSum": float(np.sum(t.astype(float) ** 3 - t)), "tieGroups": int(np.sum(t > 1))}
print(json.dumps(out))
`, [writeTemp(JSON.stringify(Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, v.map(encode)]))))]);
  for (const name of Object.keys(cases)) {
    it(name, () => {
      const got = rankAverage(cases[name]!);
      const want = ref[name]!;
      let differ = 0;
      for (let i = 0; i < want.ranks.length; i++) if (got.ranks[i] !== want.ranks[i]) differ++;
      expect(differ).toBe(0);
      expect(got.tieSum).toBe(want.tieSum);
      expect(got.tieGroups).toBe(want.tieGroups);
    });
  }
});
