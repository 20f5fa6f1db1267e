/**
 * Average-linkage clustering (kernel-ext/src/widgets/clustering.ts) against SciPy's
 * `scipy.cluster.hierarchy.linkage(X, "average", metric="correlation")` (venv; skipped without it):
 * merge heights equal to 1e-10 and the same tree (equal cophenetic distance matrices), on random
 * profiles with and without ties; and a hand-checked example.
 */
import { describe, expect, it } from "vitest";
import { hasPythonModules, runPythonJson } from "../../../test/refdata";
import { averageLinkage, leaves, rowDistances } from "../../../kernel-ext/src/widgets/clustering";

/** Cophenetic distance matrix (n × n) of a SciPy-format linkage. */
function cophenetic(merges: number[][], n: number): number[][] {
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const d = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  merges.forEach(([a, b, h]) => {
    const A = members[a!]!;
    const B = members[b!]!;
    for (const i of A) for (const j of B) d[i]![j] = d[j]![i] = h!;
    members.push([...A, ...B]);
  });
  return d;
}

describe("averageLinkage", () => {
  it("four profiles: a proportional pair, a nearly proportional pair, opposite to each other — hand-checked UPGMA", () => {
    // Rows 1 and 3 are proportional (r = 1, distance 0); rows 0 = (1, 2, 3) and 2 = (2, 4, 7) have
    // r = 5 / √(2 · 114/9) (centred (−1, 0, 1) and (−7, −1, 8)/3); each of 0/2 is the negative of 1/3
    // up to scale, so the last merge is at the mean of 2, 2, 1 + r02, 1 + r02.
    const x = [1, 2, 3, -1, -2, -3, 2, 4, 7, -3, -6, -9];
    const r02 = 5 / Math.sqrt((2 * 114) / 9);
    const l = averageLinkage(rowDistances(x, 4, 3), 4);
    expect(l.merges.map((m) => [m[0], m[1], m[3]])).toEqual([[1, 3, 2], [0, 2, 2], [4, 5, 4]]);
    expect(l.merges[0]![2]).toBeCloseTo(0, 12);
    expect(l.merges[1]![2]).toBeCloseTo(1 - r02, 12);
    expect(l.merges[2]![2]).toBeCloseTo((2 + 2 + 2 * (1 + r02)) / 4, 12);
    expect(l.order).toEqual([1, 3, 0, 2]);
    expect(leaves(l.merges, 4)).toEqual(l.order);
  });

  it.skipIf(!hasPythonModules("scipy", "numpy"))("equals scipy linkage(method='average') on random and tied data (venv)", async () => {
    const cases: { n: number; m: number; x: number[] }[] = [];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    cases.push({ n: 40, m: 12, x: Array.from({ length: 480 }, rnd) });
    cases.push({ n: 25, m: 4, x: Array.from({ length: 100 }, () => Math.round(rnd() * 2) / 2 + rnd() * 1e-3) }); // near-ties
    const ref = await runPythonJson<number[][][]>(`
import json, numpy as np
from scipy.cluster.hierarchy import linkage
cases = ${JSON.stringify(cases)}
print(json.dumps([linkage(np.array(c["x"]).reshape(c["n"], c["m"]), "average", metric="correlation").tolist() for c in cases]))
`);
    cases.forEach((c, t) => {
      const mine = averageLinkage(rowDistances(c.x, c.n, c.m), c.n);
      const want = ref[t]!;
      expect(mine.merges.length).toBe(want.length);
      mine.merges.forEach((row, s) => expect(Math.abs(row[2]! - want[s]![2]!)).toBeLessThan(1e-10));
      const a = cophenetic(mine.merges, c.n);
      const b = cophenetic(want, c.n);
      for (let i = 0; i < c.n; i++) for (let j = 0; j < c.n; j++) expect(Math.abs(a[i]![j]! - b[i]![j]!)).toBeLessThan(1e-10);
      expect([...mine.order].sort((p, q) => p - q)).toEqual(Array.from({ length: c.n }, (_, i) => i));
    });
  });
});
