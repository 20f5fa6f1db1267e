/**
 * concordanceIndex against lifelines' `concordance_index` (venv) and R `survival::concordance` (live),
 * on veteran (tied times and tied predictions: karno has few distinct values) and a brute-force O(n²)
 * count written from Harrell's definition. Precision 1e-12. The standard error (infinitesimal jackknife) is
 * R's `concordance()$var`, and the O(n²) per-subject pair counts.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { concordanceIndex } from "../../src/survival/concordance";
import { refPath } from "../refdata";
import { col, readCsv, tryPythonJson, tryRJson } from "./peers";

const haveData = existsSync(refPath("stats", "veteran.csv"));

function bruteForce(t: Float64Array, risk: Float64Array, e: Float64Array, strata?: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < t.length; i++) {
    if (e[i] !== 1) continue;
    for (let j = 0; j < t.length; j++) {
      if (strata && strata[i] !== strata[j]) continue;
      if (!(t[i]! < t[j]! || (t[i] === t[j] && e[j] === 0))) continue;
      den++;
      if (risk[i]! > risk[j]!) num++;
      else if (risk[i] === risk[j]) num += 0.5;
    }
  }
  return num / den;
}

describe("concordanceIndex", () => {
  it("perfect and reversed orderings", () => {
    expect(concordanceIndex([1, 2, 3], [3, 2, 1], [1, 1, 1]).cIndex).toBe(1);
    expect(concordanceIndex([1, 2, 3], [3, 2, 1], [1, 1, 1], { direction: "survival" }).cIndex).toBe(0);
  });
  it("equals the O(n²) definition with tied times, tied risks and censoring", () => {
    const n = 300;
    const t = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 37) % 41));
    const e = Float64Array.from({ length: n }, (_, i) => ((i * 11) % 3 === 0 ? 0 : 1));
    const risk = Float64Array.from({ length: n }, (_, i) => (i * 7) % 13);
    expect(concordanceIndex(t, risk, e).cIndex).toBeCloseTo(bruteForce(t, risk, e), 12);
  });
  it("equals the O(n²) definition on 3,000 subjects (the radix-sorted path) with negative, tied risks and strata", () => {
    const n = 3000;
    const t = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 211) / 4);
    const e = Float64Array.from({ length: n }, (_, i) => ((i * 13) % 5 === 0 ? 0 : 1));
    const risk = Float64Array.from({ length: n }, (_, i) => (((i * 104729) % 401) - 200) / 8);
    const strata = Float64Array.from({ length: n }, (_, i) => (i * 31) % 3);
    expect(concordanceIndex(t, risk, e).cIndex).toBeCloseTo(bruteForce(t, risk, e), 12);
    expect(concordanceIndex(t, risk, e, { strata }).cIndex).toBeCloseTo(bruteForce(t, risk, e, strata), 12);
  });
  it("variance equals the infinitesimal jackknife over O(n²) per-subject pair counts, with strata", () => {
    const n = 400;
    const t = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 37) % 53));
    const e = Float64Array.from({ length: n }, (_, i) => ((i * 11) % 3 === 0 ? 0 : 1));
    const risk = Float64Array.from({ length: n }, (_, i) => (i * 7) % 17);
    const strata = Float64Array.from({ length: n }, (_, i) => (i * 5) % 2);
    for (const st of [undefined, strata]) {
      const c = new Float64Array(n);
      const d = new Float64Array(n);
      const tie = new Float64Array(n);
      let nc = 0;
      let nd = 0;
      let nt = 0;
      for (let i = 0; i < n; i++) {
        if (e[i] !== 1) continue;
        for (let j = 0; j < n; j++) {
          if (st && st[i] !== st[j]) continue;
          if (!(t[i]! < t[j]! || (t[i] === t[j] && e[j] === 0))) continue;
          let arr = tie;
          if (risk[i]! > risk[j]!) {
            arr = c;
            nc++;
          } else if (risk[i]! < risk[j]!) {
            arr = d;
            nd++;
          } else nt++;
          arr[i]!++;
          arr[j]!++;
        }
      }
      const N = nc + nd + nt;
      const C = (nc + nt / 2) / N;
      let v = 0;
      for (let k = 0; k < n; k++) v += ((c[k]! + tie[k]! / 2 - C * (c[k]! + d[k]! + tie[k]!)) / N) ** 2;
      const r = concordanceIndex(t, risk, e, st ? { strata: st } : {});
      expect(r.cIndex).toBeCloseTo(C, 12);
      expect(r.variance / v).toBeCloseTo(1, 12);
      expect(r.se).toBeCloseTo(Math.sqrt(v), 14);
      expect(r.ciLower).toBeCloseTo(C - 1.959963984540054 * Math.sqrt(v), 12);
      expect(r.ciUpper).toBeCloseTo(C + 1.959963984540054 * Math.sqrt(v), 12);
    }
  });
  it("a bad alpha is named", () => {
    expect(() => concordanceIndex([1, 2, 3], [3, 2, 1], [1, 1, 1], { alpha: 1.5 })).toThrowError(/alpha must be in \(0, 1\)/);
  });
  it("no comparable pair is an error", () => {
    expect(() => concordanceIndex([1, 2], [1, 2], [0, 0])).toThrowError(/no comparable pair/);
  });
});

const pyRef = haveData ? await tryPythonJson<{ c: number }>(["lifelines", "pandas"], `
import json, pandas as pd
from lifelines.utils import concordance_index
v = pd.read_csv(${JSON.stringify(refPath("stats", "veteran.csv"))})
print(json.dumps({"c": concordance_index(v["time"], v["karno"], v["status"])}))
`) : null;
const rRef = haveData ? await tryRJson<{ c: number; strat: number; v: number[] }>(["survival"], `
  v <- read.csv("${refPath("stats", "veteran.csv")}")
  f <- function(fm) { k <- concordance(fm, data = v); c(unname(k$concordance), k$var) }
  json(list(c = unname(concordance(Surv(time, status) ~ karno, data = v)$concordance),
            strat = unname(concordance(Surv(time, status) ~ karno + strata(trt), data = v)$concordance),
            v = arr(c(f(Surv(time, status) ~ karno), f(Surv(time, status) ~ karno + strata(trt)),
                      f(Surv(time, status) ~ age), f(Surv(time, status) ~ diagtime + strata(celltype))))))
`) : null;

describe.skipIf(pyRef === null)("concordanceIndex vs lifelines (venv; skipped without it)", () => {
  it("veteran, Karnofsky score as predicted survival", () => {
    const v = readCsv(refPath("stats", "veteran.csv"));
    expect(concordanceIndex(col(v, "time"), col(v, "karno"), col(v, "status"), { direction: "survival" }).cIndex).toBeCloseTo(pyRef!.c, 12);
  });
});

describe.skipIf(rRef === null)("concordanceIndex vs R concordance (live; skipped without Rscript + survival)", () => {
  it("veteran, plain and within strata of trt", () => {
    const v = readCsv(refPath("stats", "veteran.csv"));
    expect(concordanceIndex(col(v, "time"), col(v, "karno"), col(v, "status"), { direction: "survival" }).cIndex).toBeCloseTo(rRef!.c, 12);
    expect(concordanceIndex(col(v, "time"), col(v, "karno"), col(v, "status"), { direction: "survival", strata: col(v, "trt") }).cIndex).toBeCloseTo(rRef!.strat, 12);
  });
  it("standard error equals R's (infinitesimal jackknife): karno, karno within trt, age, diagtime within cell type", () => {
    const v = readCsv(refPath("stats", "veteran.csv"));
    const cases = [
      ["karno", undefined],
      ["karno", v.map((r) => r.trt)],
      ["age", undefined],
      ["diagtime", v.map((r) => r.celltype)],
    ] as const;
    cases.forEach(([x, strata], k) => {
      const r = concordanceIndex(col(v, "time"), col(v, x), col(v, "status"), { direction: "survival", ...(strata ? { strata } : {}) });
      expect(r.cIndex).toBeCloseTo(rRef!.v[2 * k]!, 12);
      expect(r.variance / rRef!.v[2 * k + 1]!).toBeCloseTo(1, 10);
    });
  });
});
