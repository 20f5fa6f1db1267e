/**
 * adjustPValues against statsmodels `multipletests` (run in the venv; skipped without statsmodels) and
 * against R `p.adjust` values printed in its documentation example (always run). Precision 1e-14 relative.
 * The radix-sorted path (more than 4096 values) is also checked bit for bit against the same adjustment
 * ordered by a stable comparator sort.
 */
import { describe, expect, it } from "vitest";
import { adjustPValues, type AdjustMethod } from "../../src/stats/adjust";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasPythonModules, runPythonJson } from "../refdata";

function writeTemp(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), "radiogx-adjust-")), "p.json");
  writeFileSync(p, text);
  return p;
}

describe("adjustPValues", () => {
  it("Benjamini–Hochberg on a small example (R p.adjust: 0.03, 0.04, 0.04)", () => {
    expect(Array.from(adjustPValues([0.01, 0.04, 0.03], "bh"))).toEqual([0.03, 0.04, 0.04]);
  });
  it("leaves NaN out of the count and keeps it in place (R p.adjust with NA)", () => {
    // R: p.adjust(c(0.01, NA, 0.04, 0.03), "bonferroni") = 0.03 NA 0.12 0.09
    const q = adjustPValues([0.01, NaN, 0.04, 0.03], "bonferroni");
    expect(q[0]).toBeCloseTo(0.03, 15);
    expect(q[1]).toBeNaN();
    expect(q[2]).toBeCloseTo(0.12, 15);
    expect(q[3]).toBeCloseTo(0.09, 15);
  });
  it("does not modify its input", () => {
    const p = Object.freeze([0.5, 0.01, 0.2]);
    adjustPValues(p, "holm");
    expect(p).toEqual([0.5, 0.01, 0.2]);
  });
  it("60 000 p-values (the radix-sorted path) with NaN, ties, zeros, ones and subnormals: the same bits as a comparator sort", () => {
    const p = bigWithMissing();
    for (const method of ["bh", "by", "holm", "hochberg", "bonferroni", "none"] as AdjustMethod[]) {
      const q = adjustPValues(p, method);
      const want = comparatorReference(p, method);
      let differ = 0;
      for (let i = 0; i < p.length; i++) if (!Object.is(q[i], want[i])) differ++;
      expect(differ, method).toBe(0);
    }
  });
  it("rejects p-values outside [0, 1] and unknown methods", () => {
    expect(() => adjustPValues([0.1, 1.2])).toThrow(/p-value 1 is 1.2/);
    expect(() => adjustPValues([0.1], "fdr" as AdjustMethod)).toThrow(/did you mean "bh"/);
  });
});

/** 60 000 p-values from a fixed generator: every 11th missing, ties (two decimals), 0, 1, subnormals, u⁴. */
function bigWithMissing(): number[] {
  const p: number[] = [];
  let t = 31337;
  for (let i = 0; i < 60000; i++) {
    t = (t * 16807) % 2147483647;
    const u = t / 2147483647;
    p.push(i % 11 === 0 ? NaN : i % 47 === 0 ? 0 : i % 101 === 0 ? 1 : i % 5 === 0 ? Math.round(u * 100) / 100 : i % 997 === 0 ? u * 1e-310 : u ** 4);
  }
  return p;
}

/** The adjustment with the order statistics from a stable comparator sort (the definition, for checking the radix path). */
function comparatorReference(p: number[], method: AdjustMethod): Float64Array {
  const out = new Float64Array(p.length).fill(NaN);
  const order = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]!));
  order.sort((a, b) => p[a]! - p[b]! || a - b);
  const m = order.length;
  const sorted = order.map((i) => p[i]!);
  if (method === "none" || method === "bonferroni") {
    for (const i of order) out[i] = method === "none" ? p[i]! : Math.min(1, m * p[i]!);
    return out;
  }
  if (method === "holm") {
    let running = 0;
    for (let j = 0; j < m; j++) {
      running = Math.max(running, Math.min(1, (m - j) * sorted[j]!));
      out[order[j]!] = running;
    }
    return out;
  }
  let factor = 1;
  if (method === "by") {
    factor = 0;
    for (let k = 1; k <= m; k++) factor += 1 / k;
  }
  let running = Infinity;
  for (let j = m - 1; j >= 0; j--) {
    running = Math.min(running, method === "hochberg" ? (m - j) * sorted[j]! : ((m * factor) / (j + 1)) * sorted[j]!);
    out[order[j]!] = Math.min(1, running);
  }
  return out;
}

const HAS_SM = hasPythonModules("statsmodels", "numpy");

describe.skipIf(!HAS_SM)("adjustPValues vs statsmodels multipletests (needs the venv's statsmodels)", async () => {
  // 200 p-values with ties, exact zeros and ones, from a fixed generator.
  const p: number[] = [];
  let s = 12345;
  for (let i = 0; i < 200; i++) {
    s = (s * 16807) % 2147483647;
    const u = s / 2147483647;
    p.push(i % 17 === 0 ? 0.05 : i % 41 === 0 ? 0 : i === 7 ? 1 : u ** 3);
  }
  const methods: [AdjustMethod, string][] = [
    ["bh", "fdr_bh"],
    ["by", "fdr_by"],
    ["bonferroni", "bonferroni"],
    ["holm", "holm"],
    ["hochberg", "simes-hochberg"],
  ];
  const ref = await runPythonJson<Record<string, number[]>>(`
import json, numpy as np
from statsmodels.stats.multitest import multipletests
p = np.array(json.loads('${JSON.stringify(p)}'))
out = {}
for m in ${JSON.stringify(methods.map((m) => m[1]))}:
    out[m] = multipletests(p, method=m)[1].tolist()
print(json.dumps(out))
`);
  for (const [ours, theirs] of methods) {
    it(`${ours} equals statsmodels ${theirs}`, () => {
      const q = adjustPValues(p, ours);
      const want = ref[theirs]!;
      for (let i = 0; i < p.length; i++) {
        expect(Math.abs(q[i]! - want[i]!)).toBeLessThanOrEqual(1e-14 * Math.max(1e-300, want[i]!));
      }
    });
  }
  it("20 000 p-values (the radix-sorted path) with ties, zeros and ones: all five methods", async () => {
    const big: number[] = [];
    let t = 777;
    for (let i = 0; i < 20000; i++) {
      t = (t * 16807) % 2147483647;
      const u = t / 2147483647;
      big.push(i % 50 === 0 ? 0 : i % 333 === 0 ? 1 : i % 7 === 0 ? Math.round(u * 100) / 100 : u ** 4);
    }
    const want = await runPythonJson<Record<string, number[]>>(`
import json, sys, numpy as np
from statsmodels.stats.multitest import multipletests
p = np.array(json.loads(open(sys.argv[1]).read()))
print(json.dumps({m: multipletests(p, method=m)[1].tolist() for m in ${JSON.stringify(methods.map((m) => m[1]))}}))
`, [writeTemp(JSON.stringify(big))]);
    for (const [ours, theirs] of methods) {
      const q = adjustPValues(big, ours);
      const w = want[theirs]!;
      let worst = 0;
      for (let i = 0; i < big.length; i++) worst = Math.max(worst, Math.abs(q[i]! - w[i]!) / Math.max(1e-300, w[i]!));
      expect(worst, ours).toBeLessThanOrEqual(1e-14);
    }
  });
  it("60 000 p-values with NaN, ties, zeros, ones and subnormals: all five methods on the non-missing values", async () => {
    const big = bigWithMissing();
    const kept = big.filter((v) => !Number.isNaN(v));
    const want = await runPythonJson<Record<string, number[]>>(`
import json, sys, numpy as np
from statsmodels.stats.multitest import multipletests
p = np.array(json.loads(open(sys.argv[1]).read()))
print(json.dumps({m: multipletests(p, method=m)[1].tolist() for m in ${JSON.stringify(methods.map((m) => m[1]))}}))
`, [writeTemp(JSON.stringify(kept))]);
    for (const [ours, theirs] of methods) {
      const q = adjustPValues(big, ours);
      const w = want[theirs]!;
      let worst = 0;
      let k = 0;
      for (let i = 0; i < big.length; i++) {
        if (Number.isNaN(big[i]!)) {
          expect(q[i]).toBeNaN();
          continue;
        }
        worst = Math.max(worst, Math.abs(q[i]! - w[k]!) / Math.max(1e-300, w[k]!));
        k++;
      }
      expect(worst, ours).toBeLessThanOrEqual(1e-14);
    }
  });
  it("with NaN, equals statsmodels on the non-missing values", async () => {
    const withNaN = p.map((v, i) => (i % 9 === 0 ? NaN : v));
    const kept = withNaN.filter((v) => !Number.isNaN(v));
    const want = await runPythonJson<number[]>(`
import json, numpy as np
from statsmodels.stats.multitest import multipletests
print(json.dumps(multipletests(np.array(json.loads('${JSON.stringify(kept)}')), method="fdr_bh")[1].tolist()))
`);
    const q = adjustPValues(withNaN, "bh");
    let k = 0;
    for (let i = 0; i < withNaN.length; i++) {
      if (Number.isNaN(withNaN[i]!)) expect(q[i]).toBeNaN();
      else expect(q[i]!).toBeCloseTo(want[k++]!, 14);
    }
  });
});
