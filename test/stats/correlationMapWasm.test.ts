/**
 * The exact integer path of Spearman correlation maps (src/stats/wasm/dotI16.wat, src/stats/mapBlock.ts):
 * - the embedded kernel bytes are what wabt makes of the .wat source (source and binary cannot drift);
 * - the kernel's int32 dot products equal plain integer sums (odd sizes, several chunks), and the sample-count
 *   limit SPEARMAN_INT_MAX_N = 1860 is tight: at n = 1860 identical rank vectors give exactly
 *   n(n² − 1)/3 = 2 144 951 380, at n = 1861 the sum (2 148 412 840) no longer fits int32;
 * - r equals the floating-point path (Pearson r of the average ranks, 1e-14) and scipy.stats.spearmanr
 *   (1e-12; p to 1e-9 relative) on data with ties, n not a multiple of 8, n = 3, n = 1860 (integer path) and
 *   n = 1861 (falls back to the floating-point path), with missing values and constant columns;
 * - worker threads give bit-identical r, p and n, also when a worker computes the whole block alone.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { spawnModuleWorker } from "../../src/workers";
import { correlationMap } from "../../src/stats/correlationMap";
import { awaitBlock, blockKind, createPlan, SPEARMAN_INT_MAX_N, takePart, workerData } from "../../src/stats/mapBlock";
import { rankAverage } from "../../src/stats/rank";
import { dotI16Wasm } from "../../src/stats/wasm/dotI16.bytes";
import { DotI16, hasDotI16, kSteps, packRowI16, packedLength } from "../../src/stats/wasm/dotI16";
import { hasPythonModules, runPythonJson } from "../refdata";

const root = resolve(__dirname, "../..");

/** Deterministic uniform numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Columns over n samples: continuous, with ties (few distinct values), constant, or with missing values. */
function columns(count: number, n: number, seed: number, opts: { ties?: boolean; constant?: number[]; missing?: number[] } = {}): Float64Array[] {
  const rnd = lcg(seed);
  return Array.from({ length: count }, (_, c) =>
    Float64Array.from({ length: n }, (_, i) => {
      if (opts.constant?.includes(c)) return 7;
      if (opts.missing?.includes(c) && i % 5 === 2) return NaN;
      const v = Math.sin(i * (0.3 + 0.07 * c)) + rnd();
      return opts.ties && c % 2 === 0 ? Math.round(v * 3) : v;
    }),
  );
}

const block = (prefix: string, values: Float64Array[]) => ({ names: values.map((_, i) => `${prefix}${i}`), values });

describe("dotI16 kernel", () => {
  it("embeds the bytes wabt compiles from dotI16.wat", async () => {
    const wabt = await wabtInit();
    const path = join(root, "src/stats/wasm/dotI16.wat");
    const mod = wabt.parseWat("dotI16.wat", readFileSync(path, "utf8"), { simd: true });
    mod.validate();
    const want = mod.toBinary({ write_debug_names: false }).buffer;
    mod.destroy();
    expect(Buffer.from(dotI16Wasm, "base64").equals(Buffer.from(want))).toBe(true);
    // And the build script agrees that the generated module is current.
    execFileSync(process.execPath, [join(root, "scripts/build-wasm.mjs"), "--check"], { stdio: "pipe" });
  });

  it("runs here (Node has WebAssembly SIMD)", () => {
    expect(hasDotI16()).toBe(true);
  });

  it("equals plain integer sums: odd sizes, padding, several chunks", () => {
    const rnd = lcg(11);
    for (const [na, nb, n] of [[1, 1, 1], [5, 7, 13], [4, 2, 8], [9, 3, 3], [17, 33, 100], [6, 11, 257]] as const) {
      const steps = kSteps(n);
      const A = new Int16Array(packedLength(na, steps, 4));
      const B = new Int16Array(packedLength(nb, steps, 2));
      const rowsA = Array.from({ length: na }, () => Int16Array.from({ length: n }, () => Math.floor(rnd() * 65536) - 32768));
      const rowsB = Array.from({ length: nb }, () => Int16Array.from({ length: n }, () => Math.floor(rnd() * 200) - 100));
      rowsA.forEach((v, a) => packRowI16(A, 4, steps, a, v, n));
      rowsB.forEach((v, b) => packRowI16(B, 2, steps, b, v, n));
      const kernel = DotI16.create()!;
      kernel.setLeft(A, na, steps);
      const pairs = Math.ceil(nb / 2);
      for (const [p0, p1] of [[0, pairs], [0, 1], [pairs - 1, pairs]]) {
        const out = kernel.multiply(B, p0!, p1!);
        const ldo = 2 * (p1! - p0!);
        for (let a = 0; a < na; a++) {
          for (let b = 2 * p0!; b < Math.min(nb, 2 * p1!); b++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += rowsA[a]![k]! * rowsB[b]![k]!;
            expect(out[a * ldo + b - 2 * p0!]).toBe(s);
          }
        }
      }
    }
  });

  it("SPEARMAN_INT_MAX_N is the largest n whose rank sums fit int32", () => {
    const exactOf = (n: number) => {
      const steps = kSteps(n);
      const c = Float64Array.from({ length: n }, (_, i) => 2 * (i + 1) - (n + 1)); // ranks 1…n, no ties
      const A = new Int16Array(packedLength(1, steps, 4));
      const B = new Int16Array(packedLength(1, steps, 2));
      packRowI16(A, 4, steps, 0, c, n);
      packRowI16(B, 2, steps, 0, c, n);
      const kernel = DotI16.create()!;
      kernel.setLeft(A, 1, steps);
      return { got: kernel.multiply(B, 0, 1)[0], want: (n * (n * n - 1)) / 3 };
    };
    const atLimit = exactOf(SPEARMAN_INT_MAX_N);
    expect(atLimit.want).toBe(2144951380);
    expect(atLimit.got).toBe(atLimit.want);
    const past = exactOf(SPEARMAN_INT_MAX_N + 1);
    expect(past.want).toBe(2148412840);
    expect(past.got).not.toBe(past.want); // wrapped around
    expect(blockKind(true, SPEARMAN_INT_MAX_N)).toBe("i16");
    expect(blockKind(true, SPEARMAN_INT_MAX_N + 1)).toBe("f64");
    expect(blockKind(false, 100)).toBe("f64");
  });
});

describe("Spearman maps on the integer path", () => {
  it("r equals the floating-point path (Pearson r of the average ranks)", () => {
    for (const n of [3, 37, 64, 200]) {
      const X = columns(6, n, n, { ties: true });
      const Y = columns(9, n, n + 1, { ties: true });
      const ranked = (cols: Float64Array[]) => cols.map((v) => Float64Array.from(rankAverage(v).ranks));
      const s = correlationMap(block("x", X), block("y", Y), { method: "spearman", jobs: 1 });
      const f = correlationMap(block("x", ranked(X)), block("y", ranked(Y)), { method: "pearson", jobs: 1 });
      for (let k = 0; k < s.r.length; k++) {
        if (Number.isNaN(f.r[k]!)) expect(s.r[k]).toBeNaN(); // a column constant after rounding (n = 3)
        else expect(Math.abs(s.r[k]! - f.r[k]!)).toBeLessThan(1e-14);
      }
      expect(s.r.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(s.r.length / 2);
    }
  });

  it("r is exactly ±1 for identical and reversed ranks at the limit n", () => {
    const n = SPEARMAN_INT_MAX_N;
    const x = Float64Array.from({ length: n }, (_, i) => i * 0.5);
    const m = correlationMap({ x }, { same: x.map((v) => v * v), reversed: x.map((v) => -v) }, { method: "spearman" });
    expect(Array.from(m.r)).toEqual([1, -1]);
    expect(Array.from(m.pValue)).toEqual([0, 0]);
  });

  it("worker threads give bit-identical r, p and n (missing values, constant columns, ties)", () => {
    const X = columns(13, 45, 3, { ties: true, constant: [4], missing: [7] });
    const Y = columns(301, 45, 4, { ties: true, constant: [10, 11], missing: [0, 200] });
    const one = correlationMap(block("x", X), block("y", Y), { jobs: 1 });
    const three = correlationMap(block("x", X), block("y", Y), { jobs: 3 });
    expect(three.notes.join(" ")).toMatch(/3 worker threads/);
    expect(Array.from(three.r)).toEqual(Array.from(one.r));
    expect(Array.from(three.pValue)).toEqual(Array.from(one.pValue));
    expect(Array.from(three.n)).toEqual(Array.from(one.n));
    expect(one.notes.join(" ")).toMatch(/constant/);
  });

  it("a worker thread alone computes the same block as this thread", () => {
    for (const [kind, spearman] of [["i16", true], ["f64", true], ["f64", false]] as const) {
      const n = 50;
      const X = columns(9, n, 5, { ties: true, constant: [2], missing: [3] });
      const Y = columns(70, n, 6, { ties: true, constant: [1], missing: [5] });
      const p = X.length;
      const q = Y.length;
      const single = createPlan(kind, spearman, n, p, q, new Float64Array(p * q), new Float64Array(p * q), false);
      expect(takePart(single, X, Y, Infinity)).toBe(true);
      const shared = createPlan(kind, spearman, n, p, q, new Float64Array(new SharedArrayBuffer(p * q * 8)), new Float64Array(new SharedArrayBuffer(p * q * 8)), true);
      const deadline = Date.now() + 60_000;
      const worker = spawnModuleWorker(join(root, "src/stats"), "mapWorker", true, workerData(shared, X, Y, deadline));
      try {
        expect(awaitBlock(shared, deadline)).toBe(true);
      } finally {
        void worker.terminate();
      }
      expect(Array.from(shared.ssA)).toEqual(Array.from(single.ssA));
      expect(Array.from(shared.ssB)).toEqual(Array.from(single.ssB));
      expect(Array.from(shared.r)).toEqual(Array.from(single.r));
      expect(Array.from(shared.pv)).toEqual(Array.from(single.pv));
      expect(single.r.some((v) => v !== 0)).toBe(true);
    }
  });
});

describe.skipIf(!hasPythonModules("scipy"))("vs scipy.stats.spearmanr (needs the venv)", async () => {
  const cases = [
    { name: "ties, n = 37 (not a multiple of 8)", n: 37, p: 5, q: 7 },
    { name: "n = 3", n: 3, p: 3, q: 4 },
    { name: `n = ${SPEARMAN_INT_MAX_N} (integer path)`, n: SPEARMAN_INT_MAX_N, p: 3, q: 4 },
    { name: `n = ${SPEARMAN_INT_MAX_N + 1} (floating-point path)`, n: SPEARMAN_INT_MAX_N + 1, p: 3, q: 4 },
  ];
  const data = cases.map((c, i) => ({
    ...c,
    X: columns(c.p, c.n, 100 + i, { ties: true, missing: c.n > 3 ? [1] : [] }),
    Y: columns(c.q, c.n, 200 + i, { ties: true, constant: [c.q - 1] }),
  }));
  const ref = await runPythonJson<{ r: (number | null)[][]; p: (number | null)[][] }[]>(
    `
import json, sys, warnings, numpy as np
from scipy import stats
warnings.simplefilter('ignore')
out = []
for case in json.loads(open(sys.argv[1]).read()):
    X = [np.array(v, float) for v in case['X']]; Y = [np.array(v, float) for v in case['Y']]
    R, P = [], []
    for x in X:
        rr, pp = [], []
        for y in Y:
            ok = ~np.isnan(x) & ~np.isnan(y)
            res = stats.spearmanr(x[ok], y[ok])
            rr.append(None if np.isnan(res[0]) else float(res[0])); pp.append(None if np.isnan(res[1]) else float(res[1]))
        R.append(rr); P.append(pp)
    out.append(dict(r=R, p=P))
print(json.dumps(out))
`,
    [writeCases(data.map((d) => ({ X: d.X.map((v) => Array.from(v, (x) => (Number.isNaN(x) ? null : x))), Y: d.Y.map((v) => Array.from(v)) })))],
  );
  data.forEach((d, i) => {
    it(d.name, () => {
      const m = correlationMap(block("x", d.X), block("y", d.Y), { method: "spearman" });
      const want = ref[i]!;
      for (let a = 0; a < d.p; a++) {
        for (let b = 0; b < d.q; b++) {
          const k = a * d.q + b;
          const r = want.r[a]![b]!;
          const p = want.p[a]![b]!;
          if (r === null) {
            expect(m.r[k]).toBeNaN();
            continue;
          }
          expect(Math.abs(m.r[k]! - r)).toBeLessThan(1e-12);
          expect(Math.abs(m.pValue[k]! - p)).toBeLessThanOrEqual(1e-9 * p + 1e-300);
        }
      }
    });
  });
});

/** Writes the cases to a temporary JSON file (too large for a command line) and returns its path. */
function writeCases(cases: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "radiogx-spearman-"));
  const path = join(dir, "cases.json");
  writeFileSync(path, JSON.stringify(cases));
  return path;
}
