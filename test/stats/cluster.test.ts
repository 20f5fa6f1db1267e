/**
 * Hierarchical clustering against scipy.cluster.hierarchy (linkage on pdist(metric="correlation"),
 * leaves_list; venv, skipped without scipy) on a fixed 25 × 12 matrix, for all four linkages: same merges
 * (ids exact, heights 1e-12) and the same leaf order.
 */
import { describe, expect, it } from "vitest";
import { correlationDistances, hclust, LINKAGES } from "../../src/stats/cluster";
import { hasPythonModules, runPythonJson } from "../refdata";

describe("hclust", () => {
  it("average linkage of three points by hand", () => {
    // d01 = 1, d02 = 4, d12 = 3: merge {0,1} at 1, then 2 at (4 + 3)/2 = 3.5.
    const t = hclust(Float64Array.of(1, 4, 3), 3, "average");
    expect(t.merges).toEqual([[0, 1, 1, 2], [2, 3, 3.5, 3]]);
    expect(t.order).toEqual([2, 0, 1]);
  });
  it("rejects NaN distances and a wrong length", () => {
    expect(() => hclust([1, NaN, 2], 3)).toThrow(/non-negative/);
    expect(() => hclust([1, 2], 3)).toThrow(/n\(n − 1\)\/2 = 3/);
  });
});

describe.skipIf(!hasPythonModules("scipy"))("vs scipy.cluster.hierarchy (needs the venv's scipy)", async () => {
  const rows = Array.from({ length: 25 }, (_, i) => Array.from({ length: 12 }, (_, j) => Math.sin(i * 0.7 + j * (1 + (i % 4) * 0.3)) + 0.1 * Math.cos(i * j)));
  const ref = await runPythonJson<Record<string, { Z: number[][]; order: number[] }>>(`
import json, numpy as np
from scipy.cluster.hierarchy import linkage, leaves_list
from scipy.spatial.distance import pdist
X = np.array(json.loads('${JSON.stringify(rows)}'))
d = pdist(X, 'correlation')
out = {}
for m in ['single', 'complete', 'average', 'ward']:
    Z = linkage(d, method=m)
    out[m] = dict(Z=Z.tolist(), order=leaves_list(Z).tolist())
out['d'] = dict(Z=[d.tolist()], order=[])
print(json.dumps(out))
`);
  it("correlation distances equal pdist(metric='correlation')", () => {
    const d = correlationDistances(rows);
    const want = ref.d!.Z[0]!;
    for (let i = 0; i < d.length; i++) expect(d[i]!).toBeCloseTo(want[i]!, 13);
  });
  for (const m of LINKAGES) {
    it(`${m}: merges and leaf order`, () => {
      const t = hclust(correlationDistances(rows), rows.length, m);
      const want = ref[m]!;
      expect(t.order).toEqual(want.order);
      t.merges.forEach((row, i) => {
        expect(row[0]).toBe(want.Z[i]![0]);
        expect(row[1]).toBe(want.Z[i]![1]);
        expect(row[2]).toBeCloseTo(want.Z[i]![2]!, 12);
        expect(row[3]).toBe(want.Z[i]![3]);
      });
    });
  }
});
