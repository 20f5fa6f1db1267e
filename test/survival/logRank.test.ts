/**
 * logRankTest against R `survival::survdiff` (live when R is installed) and lifelines'
 * `logrank_test` / `multivariate_logrank_test` (venv). Published value: lung by sex,
 * survdiff χ² = 10.3 on 1 df, p = 0.00131 (R survival documentation / Therneau's vignette).
 * Precision 1e-9 relative on statistics, observed and expected counts.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { logRankTest } from "../../src/survival/logRank";
import { refPath } from "../refdata";
import { col, readCsv, tryPythonJson, tryRJson } from "./peers";

const haveData = existsSync(refPath("stats", "lung.csv"));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const raw = (rows: ReturnType<typeof readCsv>, name: string) => rows.map((r) => r[name]);

describe.skipIf(!haveData)("logRankTest (published value)", () => {
  it("lung by sex: χ² = 10.3 on 1 df, p = 0.00131", () => {
    const lung = readCsv(refPath("stats", "lung.csv"));
    const r = logRankTest(col(lung, "time"), col(lung, "status"), raw(lung, "sex"));
    expect(r.df).toBe(1);
    expect(r.statistic).toBeCloseTo(10.3, 1);
    expect(r.pValue).toBeCloseTo(0.00131, 5);
    expect(r.groups.map((g) => g.observed)).toEqual([112, 53]);
    expect(r.toHTML()).toContain("Log-rank");
  });
  it("needs two groups and names bad weights", () => {
    expect(() => logRankTest([1, 2], [1, 1], ["a", "a"])).toThrowError(/at least two groups/);
    expect(() => logRankTest([1, 2], [1, 1], ["a", "b"], { weights: "gehan" as never })).toThrowError(/weights "gehan"/);
  });
});

type RDiff = { chisq: number; obs: number[]; exp: number[] };
const rRef = haveData ? await tryRJson<Record<string, RDiff>>(["survival"], `
  d <- "${refPath("stats")}"
  lung <- read.csv(file.path(d, "lung.csv")); w <- read.csv(file.path(d, "waltons.csv"))
  ov <- read.csv(file.path(d, "ovarian.csv")); vet <- read.csv(file.path(d, "veteran.csv"))
  one <- function(s) list(chisq = s$chisq, obs = arr(as.numeric(rowSums(as.matrix(s$obs)))), exp = arr(as.numeric(rowSums(as.matrix(s$exp)))))
  json(list(
    lung = one(survdiff(Surv(time, status) ~ sex, data = lung)),
    lung_rho1 = one(survdiff(Surv(time, status) ~ sex, data = lung, rho = 1)),
    waltons = one(survdiff(Surv(T, E) ~ group, data = w)),
    ovarian = one(survdiff(Surv(futime, fustat) ~ rx, data = ov)),
    veteran_celltype = one(survdiff(Surv(time, status) ~ celltype, data = vet)),
    veteran_strat = one(survdiff(Surv(time, status) ~ trt + strata(celltype), data = vet)),
    lung_strat_rho1 = one(survdiff(Surv(time, status) ~ sex + strata(ph.ecog), data = lung, rho = 1))))
`) : null;

describe.skipIf(rRef === null)("logRankTest vs R survdiff (live; skipped without Rscript + survival)", () => {
  const ref = rRef!;
  const lung = readCsv(refPath("stats", "lung.csv"));
  const w = readCsv(refPath("stats", "waltons.csv"));
  const ov = readCsv(refPath("stats", "ovarian.csv"));
  const vet = readCsv(refPath("stats", "veteran.csv"));
  const cases: [string, () => ReturnType<typeof logRankTest>][] = [
    ["lung", () => logRankTest(col(lung, "time"), col(lung, "status"), raw(lung, "sex"))],
    ["lung_rho1", () => logRankTest(col(lung, "time"), col(lung, "status"), raw(lung, "sex"), { weights: { rho: 1 } })],
    ["waltons", () => logRankTest(col(w, "T"), col(w, "E"), raw(w, "group"))],
    ["ovarian", () => logRankTest(col(ov, "futime"), col(ov, "fustat"), raw(ov, "rx"))],
    ["veteran_celltype", () => logRankTest(col(vet, "time"), col(vet, "status"), raw(vet, "celltype"))],
    ["veteran_strat", () => logRankTest(col(vet, "time"), col(vet, "status"), raw(vet, "trt"), { strata: raw(vet, "celltype") })],
    // ph.ecog has a missing value: that subject is dropped, as R does.
    ["lung_strat_rho1", () => logRankTest(col(lung, "time"), col(lung, "status"), raw(lung, "sex"), { strata: raw(lung, "ph.ecog"), weights: { rho: 1 } })],
  ];
  for (const [name, run] of cases) {
    it(`${name}: χ², observed and expected per group`, () => {
      const r = run();
      const e = ref[name]!;
      expect(rel(r.statistic, e.chisq)).toBeLessThan(1e-9);
      r.groups.forEach((g, i) => {
        expect(rel(g.observed, e.obs[i]!)).toBeLessThan(1e-9);
        expect(rel(g.expected, e.exp[i]!)).toBeLessThan(1e-9);
      });
    });
  }
});

const pyRef = haveData ? await tryPythonJson<Record<string, { stat: number; p: number }>>(["lifelines", "pandas"], `
import json, pandas as pd
from lifelines.statistics import logrank_test, multivariate_logrank_test
d = ${JSON.stringify(refPath("stats"))}
w = pd.read_csv(d + "/waltons.csv"); vet = pd.read_csv(d + "/veteran.csv"); lung = pd.read_csv(d + "/lung.csv")
a, b = w[w.group == "miR-137"], w[w.group == "control"]
out = {}
r = logrank_test(a["T"], b["T"], a["E"], b["E"]); out["waltons"] = {"stat": r.test_statistic, "p": r.p_value}
r = logrank_test(a["T"], b["T"], a["E"], b["E"], weightings="peto"); out["waltons_peto"] = {"stat": r.test_statistic, "p": r.p_value}
r = logrank_test(a["T"], b["T"], a["E"], b["E"], weightings="wilcoxon"); out["waltons_wilcoxon"] = {"stat": r.test_statistic, "p": r.p_value}
r = logrank_test(a["T"], b["T"], a["E"], b["E"], weightings="tarone-ware"); out["waltons_tw"] = {"stat": r.test_statistic, "p": r.p_value}
r = multivariate_logrank_test(vet["time"], vet["celltype"], vet["status"]); out["veteran"] = {"stat": r.test_statistic, "p": r.p_value}
r = multivariate_logrank_test(vet["time"], vet["celltype"], vet["status"], weightings="peto"); out["veteran_peto"] = {"stat": r.test_statistic, "p": r.p_value}
r = multivariate_logrank_test(lung["time"], lung["sex"], lung["status"]); out["lung"] = {"stat": r.test_statistic, "p": r.p_value}
print(json.dumps(out))
`) : null;

describe.skipIf(pyRef === null)("logRankTest vs lifelines (venv; skipped without it)", () => {
  const ref = pyRef!;
  const w = readCsv(refPath("stats", "waltons.csv"));
  const vet = readCsv(refPath("stats", "veteran.csv"));
  const lung = readCsv(refPath("stats", "lung.csv"));
  const cases: [string, () => ReturnType<typeof logRankTest>][] = [
    ["waltons", () => logRankTest(col(w, "T"), col(w, "E"), raw(w, "group"))],
    ["waltons_peto", () => logRankTest(col(w, "T"), col(w, "E"), raw(w, "group"), { weights: "peto" })],
    ["waltons_wilcoxon", () => logRankTest(col(w, "T"), col(w, "E"), raw(w, "group"), { weights: "wilcoxon" })],
    ["waltons_tw", () => logRankTest(col(w, "T"), col(w, "E"), raw(w, "group"), { weights: "tarone-ware" })],
    ["veteran", () => logRankTest(col(vet, "time"), col(vet, "status"), raw(vet, "celltype"))],
    ["veteran_peto", () => logRankTest(col(vet, "time"), col(vet, "status"), raw(vet, "celltype"), { weights: "peto" })],
    ["lung", () => logRankTest(col(lung, "time"), col(lung, "status"), raw(lung, "sex"))],
  ];
  for (const [name, run] of cases) {
    it(`${name}: statistic and p-value`, () => {
      const r = run();
      expect(rel(r.statistic, ref[name]!.stat)).toBeLessThan(1e-9);
      expect(rel(r.pValue, ref[name]!.p)).toBeLessThan(1e-7);
    });
  }
});
