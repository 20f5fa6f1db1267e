/**
 * The Kaplan–Meier explorer's browser-side statistics (widgets/src/km) against
 * - the published value: R `survival::survdiff(Surv(time, status) ~ sex, lung)`, χ² = 10.3 on 1 df,
 *   p = 0.00131 (R survival documentation); observed deaths 112 (men) and 53 (women);
 * - the library's `kaplanMeier` and `logRankTest` (src/survival, themselves tested against R and
 *   lifelines): every curve value and the statistic to 1e-12 relative, on lung (sex, age cut at the
 *   median) and waltons (the two groups);
 * - lifelines (venv; skipped without it): `KaplanMeierFitter` survival and log-log (exponential
 *   Greenwood) bands and `logrank_test`, to 1e-9.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { kaplanMeier } from "../../../src/survival/kaplanMeier";
import { logRankTest } from "../../../src/survival/logRank";
import { hasPythonModules, refPath, runPythonJson } from "../../../test/refdata";
import { col, readCsv } from "../../../test/survival/peers";
import { groupsByCut, kaplanMeierCurve, logRank2, medianOf, sortByTime, validSubjects } from "../../src/km/survival";

const haveData = existsSync(refPath("stats", "lung.csv"));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function lung() {
  const rows = readCsv(refPath("stats", "lung.csv"));
  const time = Float64Array.from(col(rows, "time"));
  const status = Float64Array.from(col(rows, "status"));
  const sex = Float64Array.from(rows.map((r) => Number(r.sex)));
  const age = Float64Array.from(rows.map((r) => (r.age === null ? NaN : Number(r.age))));
  return { time, status, sex, age };
}

describe.skipIf(!haveData)("browser log-rank: published R survdiff value", () => {
  it("lung by sex: χ² = 10.3, p = 0.00131, observed 112 and 53", () => {
    const { time, status, sex } = lung();
    const ids = validSubjects(time, status);
    const order = sortByTime(time, ids);
    const group = Int8Array.from(sex, (s) => (s === 1 ? 0 : 1));
    const t = logRank2(time, status, group, order);
    expect(t.statistic).toBeCloseTo(10.3, 1);
    expect(t.pValue).toBeCloseTo(0.00131, 5);
    expect(t.observed).toEqual([112, 53]);
  });
});

describe.skipIf(!haveData)("browser Kaplan–Meier and log-rank equal the library's", () => {
  const compareCurves = (time: Float64Array, status: Float64Array, members: Int32Array) => {
    const mine = kaplanMeierCurve(time, status, sortByTime(time, members));
    const lib = kaplanMeier(Array.from(members, (i) => time[i]!), Array.from(members, (i) => status[i]!));
    expect(Array.from(mine.time)).toEqual(Array.from(lib.time));
    expect(Array.from(mine.atRisk)).toEqual(Array.from(lib.atRisk));
    for (let k = 0; k < mine.time.length; k++) {
      expect(rel(mine.survival[k]!, lib.survival[k]!)).toBeLessThan(1e-12);
      expect(Math.abs(mine.lower[k]! - lib.lower[k]!)).toBeLessThan(1e-12);
      expect(Math.abs(mine.upper[k]! - lib.upper[k]!)).toBeLessThan(1e-12);
    }
    if (Number.isNaN(lib.median)) expect(mine.median).toBeNaN();
    else expect(mine.median).toBe(lib.median);
    expect(mine.nEvents).toBe(lib.nEvents);
  };

  it("lung: each sex and the age groups cut at the median", () => {
    const { time, status, sex, age } = lung();
    const ids = validSubjects(time, status);
    compareCurves(time, status, ids.filter((i) => sex[i] === 1));
    compareCurves(time, status, ids.filter((i) => sex[i] === 2));
    const withAge = ids.filter((i) => Number.isFinite(age[i]!));
    const cut = medianOf(age, withAge);
    expect(cut).toBe(63); // median age in R's lung data: summary(lung$age) gives Median 63
    const g = groupsByCut(age, cut, new Int8Array(age.length));
    compareCurves(time, status, withAge.filter((i) => g[i] === 0));
    compareCurves(time, status, withAge.filter((i) => g[i] === 1));
    const t = logRank2(time, status, g, sortByTime(time, withAge));
    const lib = logRankTest(Array.from(withAge, (i) => time[i]!), Array.from(withAge, (i) => status[i]!), Array.from(withAge, (i) => g[i]!));
    expect(rel(t.statistic, lib.statistic)).toBeLessThan(1e-12);
    expect(rel(t.pValue, lib.pValue)).toBeLessThan(1e-10);
  });

  it("waltons: miR-137 vs control, and every cut of a covariate along the slider", () => {
    const rows = readCsv(refPath("stats", "waltons.csv"));
    const time = Float64Array.from(col(rows, "T"));
    const status = Float64Array.from(col(rows, "E"));
    const group = Int8Array.from(rows, (r) => (r.group === "control" ? 0 : 1));
    const ids = validSubjects(time, status);
    const t = logRank2(time, status, group, sortByTime(time, ids));
    const lib = logRankTest(time, status, Array.from(group));
    expect(rel(t.statistic, lib.statistic)).toBeLessThan(1e-12);
    // A slider moves the cut over the distinct values of a covariate: use the time-independent row index.
    const x = Float64Array.from(ids, (_, k) => (k * 37) % 101);
    for (const cut of [10, 30, 50, 70, 90]) {
      const g = groupsByCut(x, cut, new Int8Array(x.length));
      const mine = logRank2(time, status, g, sortByTime(time, ids));
      const ref = logRankTest(time, status, Array.from(g));
      expect(rel(mine.statistic, ref.statistic)).toBeLessThan(1e-12);
      expect(rel(mine.pValue, ref.pValue)).toBeLessThan(1e-10);
    }
  });
});

const havePy = haveData && hasPythonModules("lifelines", "pandas");
describe.skipIf(!havePy)("browser Kaplan–Meier and log-rank vs lifelines (venv; skipped without it)", () => {
  it("waltons control group curve and bands, and the two-group test", async () => {
    const ref = await runPythonJson<{ t: number[]; s: number[]; lo: number[]; hi: number[]; stat: number; p: number }>(`
import json, pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test
d = pd.read_csv(${JSON.stringify(refPath("stats", "waltons.csv"))})
c = d[d.group == "control"]; m = d[d.group != "control"]
k = KaplanMeierFitter().fit(c["T"], c["E"])
sf = k.survival_function_.iloc[1:, 0]; ci = k.confidence_interval_.iloc[1:]
r = logrank_test(c["T"], m["T"], c["E"], m["E"])
print(json.dumps({"t": list(map(float, sf.index)), "s": list(map(float, sf.values)), "lo": list(map(float, ci.iloc[:, 0])), "hi": list(map(float, ci.iloc[:, 1])), "stat": float(r.test_statistic), "p": float(r.p_value)}))
`);
    const rows = readCsv(refPath("stats", "waltons.csv"));
    const time = Float64Array.from(col(rows, "T"));
    const status = Float64Array.from(col(rows, "E"));
    const group = Int8Array.from(rows, (r) => (r.group === "control" ? 0 : 1));
    const ids = validSubjects(time, status);
    const km = kaplanMeierCurve(time, status, sortByTime(time, ids.filter((i) => group[i] === 0)));
    expect(Array.from(km.time)).toEqual(ref.t);
    for (let k = 0; k < ref.t.length; k++) {
      expect(Math.abs(km.survival[k]! - ref.s[k]!)).toBeLessThan(1e-9);
      expect(Math.abs(km.lower[k]! - ref.lo[k]!)).toBeLessThan(1e-9);
      expect(Math.abs(km.upper[k]! - ref.hi[k]!)).toBeLessThan(1e-9);
    }
    const t = logRank2(time, status, group, sortByTime(time, ids));
    expect(rel(t.statistic, ref.stat)).toBeLessThan(1e-9);
    expect(rel(t.pValue, ref.p)).toBeLessThan(1e-9);
  });
});
