/**
 * Time-dependent AUC against scikit-survival's cumulative_dynamic_auc (venv; installed for this peer) on
 * veteran with the Karnofsky score as risk (negated) and a Cox linear predictor; risk groups checked for
 * consistency with kaplanMeier, logRankTest and coxPH on the same split, and against R survdiff (live);
 * coxPH on a danfo.js DataFrame, a cohort readTable result and an object of columns equals coxPH on the
 * records.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { timeDependentAuc } from "../../src/survival/timeDependentAuc";
import { riskGroups } from "../../src/survival/riskGroups";
import { kaplanMeier } from "../../src/survival/kaplanMeier";
import { logRankTest } from "../../src/survival/logRank";
import { coxPH } from "../../src/survival/cox";
import { readTable } from "../../src/cohort/dataTable";
import { refPath } from "../refdata";
import { col, readCsv, tryPythonJson, tryRJson } from "./peers";

const haveData = existsSync(refPath("stats", "veteran.csv"));
const times = [30, 60, 90, 180, 365];

const skRef = haveData
  ? await tryPythonJson<{ karno: number[]; karnoMean: number; lp: number[]; lpMean: number; lpPred: number[] }>(["sksurv", "pandas", "numpy"], `
import json, numpy as np, pandas as pd
from sksurv.metrics import cumulative_dynamic_auc
from sksurv.util import Surv
v = pd.read_csv(${JSON.stringify(refPath("stats", "veteran.csv"))})
y = Surv.from_arrays(v["status"] == 1, v["time"].astype(float))
a, m = cumulative_dynamic_auc(y, y, -v["karno"].values.astype(float), ${JSON.stringify(times)})
lp = 0.03 * v["age"].values - 0.033 * v["karno"].values + 0.2 * v["prior"].values / 10
b, mb = cumulative_dynamic_auc(y[:100], y[100:], lp[100:], [30, 60, 90, 120])
print(json.dumps({"karno": a.tolist(), "karnoMean": float(m), "lp": b.tolist(), "lpMean": float(mb), "lpPred": lp.tolist()}))
`)
  : null;

describe.skipIf(skRef === null)("timeDependentAuc vs scikit-survival cumulative_dynamic_auc (venv; skipped without sksurv)", () => {
  const v = readCsv(refPath("stats", "veteran.csv"));
  it("veteran, −Karnofsky as risk (tied scores), five times and the integrated mean", () => {
    const r = timeDependentAuc(col(v, "time"), col(v, "status"), Array.from(col(v, "karno"), (k) => -k), times);
    r.auc.forEach((a, k) => expect(a).toBeCloseTo(skRef!.karno[k]!, 12));
    expect(r.meanAuc).toBeCloseTo(skRef!.karnoMean, 12);
  });
  it("censoring distribution from separate training data", () => {
    const tr = v.slice(0, 100);
    const te = v.slice(100);
    const r = timeDependentAuc(col(te, "time"), col(te, "status"), skRef!.lpPred.slice(100), [30, 60, 90, 120], { trainTime: col(tr, "time"), trainEvent: col(tr, "status") });
    r.auc.forEach((a, k) => expect(a).toBeCloseTo(skRef!.lp[k]!, 12));
    expect(r.meanAuc).toBeCloseTo(skRef!.lpMean, 12);
  });
});

describe.skipIf(!haveData)("riskGroups", () => {
  const v = readCsv(refPath("stats", "veteran.csv"));
  const t = col(v, "time");
  const e = col(v, "status");
  const risk = Array.from(col(v, "karno"), (k) => -k);
  it("median split: groups, Kaplan–Meier, log-rank and Cox agree with the direct calls", () => {
    const g = riskGroups(t, e, risk);
    const sorted = [...risk].sort((a, b) => a - b);
    expect(g.cuts[0]).toBe((sorted[68]! + sorted[68]!) / 2);
    const high = g.group.map((x) => (x === "high" ? 1 : 0));
    const lr = logRankTest(t, e, high);
    expect(g.logRank.statistic).toBeCloseTo(lr.statistic, 12);
    const kmHigh = kaplanMeier(t.filter((_, i) => high[i] === 1), e.filter((_, i) => high[i] === 1));
    expect(Array.from(g.kaplanMeier[1]!.survival)).toEqual(Array.from(kmHigh.survival));
    const cox = coxPH(v.map((r, i) => ({ time: r.time, status: r.status, high: high[i] })), { duration: "time", event: "status", covariates: ["high"] });
    expect(g.cox.coefficients[0]!.hazardRatio).toBeCloseTo(cox.coefficients[0]!.hazardRatio, 12);
    expect(g.cox.coefficients[0]!.hazardRatio).toBeGreaterThan(1);
    expect(g.toHTML()).toContain("log-rank");
  });
  it("tertiles make three named groups; an empty group is an error", () => {
    const g = riskGroups(t, e, risk, { cut: { quantiles: [1 / 3, 2 / 3] }, labels: ["low", "mid", "high"] });
    expect(g.kaplanMeier.map((k) => k.label)).toEqual(["low", "mid", "high"]);
    expect(g.logRank.df).toBe(2);
    expect(() => riskGroups(t, e, risk, { cut: 1000 })).toThrowError(/group "high" is empty/);
  });
});

const rRef = haveData
  ? await tryRJson<{ chisq: number }>(["survival"], `
  v <- read.csv("${refPath("stats", "veteran.csv")}")
  json(list(chisq = survdiff(Surv(time, status) ~ I(-karno > median(-karno)), data = v)$chisq))
`)
  : null;

describe.skipIf(rRef === null)("riskGroups vs R survdiff on the median split (live; skipped without R)", () => {
  it("same χ²", () => {
    const v = readCsv(refPath("stats", "veteran.csv"));
    const g = riskGroups(col(v, "time"), col(v, "status"), Array.from(col(v, "karno"), (k) => -k));
    expect(g.logRank.statistic).toBeCloseTo(rRef!.chisq, 10);
  });
});

describe.skipIf(!haveData)("coxPH on a danfo.js DataFrame", () => {
  it("gives the same fit as on records (danfo loaded lazily, here in the test)", async () => {
    const rossi = readCsv(refPath("stats", "rossi.csv"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dfd = require("danfojs-node") as { DataFrame: new (rows: unknown[]) => { columns: string[]; values: unknown[][] } };
    const df = new dfd.DataFrame(rossi);
    const a = coxPH(df, { duration: "week", event: "arrest" });
    const b = coxPH(rossi, { duration: "week", event: "arrest" });
    expect(a.coefficients.map((c) => c.coef)).toEqual(b.coefficients.map((c) => c.coef));
  }, 60_000);
});

describe.skipIf(!haveData)("coxPH on the cohort layer's tables", () => {
  it("a readTable result and an object of columns give the records' fit; lung's NA cells are dropped", () => {
    const file = refPath("stats", "lung.csv");
    const records = readCsv(file);
    const covs = ["age", "sex", "ph.ecog", "wt.loss"];
    const a = coxPH(readTable(file), { duration: "time", event: "status", covariates: covs });
    const columns = Object.fromEntries(["time", "status", ...covs].map((c) => [c, records.map((r) => r[c])]));
    const b = coxPH(columns, { duration: "time", event: "status", covariates: covs });
    const c = coxPH(records, { duration: "time", event: "status", covariates: covs });
    expect(a.nDropped).toBe(c.nDropped);
    expect(a.coefficients.map((x) => x.coef)).toEqual(c.coefficients.map((x) => x.coef));
    expect(b.coefficients.map((x) => x.coef)).toEqual(c.coefficients.map((x) => x.coef));
  });
});
