/**
 * kaplanMeier against R `survival::survfit` (live when R is installed) and lifelines' KaplanMeierFitter
 * (venv) on lung (by sex; lung.csv has missing covariates but complete times), waltons, ovarian and
 * veteran. Precision 1e-10 absolute on survival and 1e-9 relative on the confidence limits.
 * Worked example (Kleinbaum & Klein, Survival Analysis, 3rd ed., table 2.3-style hand calculation):
 * times 1, 2, 2, 3 with events 1, 1, 0, 1 give Ŝ = 3/4, 1/2, 0.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { kaplanMeier } from "../../src/survival/kaplanMeier";
import { refPath } from "../refdata";
import { col, readCsv, tryPythonJson, tryRJson } from "./peers";

const haveData = existsSync(refPath("stats", "lung.csv"));

describe("kaplanMeier basics", () => {
  it("hand-computed product-limit values and Greenwood error", () => {
    const km = kaplanMeier(Object.freeze([1, 2, 2, 3]), Object.freeze([1, 1, 0, 1]));
    expect(Array.from(km.time)).toEqual([1, 2, 3]);
    expect(Array.from(km.atRisk)).toEqual([4, 3, 1]);
    expect(Array.from(km.survival)).toEqual([0.75, 0.5, 0]);
    // Greenwood: var(log S) at t=2 = 1/(4·3) + 1/(3·2) = 0.25; se(S) = 0.5·0.5.
    expect(km.standardError[1]).toBeCloseTo(0.25, 12);
    expect(km.median).toBe(2.5); // Ŝ = ½ exactly on [2, 3): R's midpoint rule
    expect(km.survivalAt(0.5)).toBe(1);
    expect(km.survivalAt(2.7)).toBe(0.5);
  });
  it("rejects negative times and non-0/1 events with the value", () => {
    expect(() => kaplanMeier([1, -2], [1, 1])).toThrowError(/time of subject 1 is -2/);
    expect(() => kaplanMeier([1, 2], [1, 2])).toThrowError(/event of subject 1 is 2.*status - 1/);
    expect(() => kaplanMeier([1, 2], [1, 1], { confType: "loglog" as never })).toThrowError(/confType "loglog"/);
    expect(() => kaplanMeier([1, 2], [1, 1], { conftype: "log" } as never)).toThrowError(/unknown option "conftype".*"confType"/);
  });
  it("drops subjects with a missing time and says how many", () => {
    const km = kaplanMeier([1, null, 3, NaN], [1, 1, 0, 1]);
    expect(km.nDropped).toBe(2);
    expect(km.n).toBe(2);
    expect(km.notes[0]).toMatch(/median not reached/);
    expect(Number.isNaN(km.median)).toBe(true);
  });
});

type RKm = { time: number[]; nrisk: number[]; nevent: number[]; surv: number[]; stderr: number[]; lower: number[]; upper: number[]; median: number[] };

const rRef = haveData ? await tryRJson<Record<string, RKm>>(["survival"], `
    d <- "${refPath("stats")}"
    lung <- read.csv(file.path(d, "lung.csv")); w <- read.csv(file.path(d, "waltons.csv"))
    ov <- read.csv(file.path(d, "ovarian.csv")); vet <- read.csv(file.path(d, "veteran.csv"))
    one <- function(f) list(time = arr(f$time), nrisk = arr(f$n.risk), nevent = arr(f$n.event), surv = arr(f$surv),
      stderr = arr(f$std.err), lower = arr(f$lower), upper = arr(f$upper),
      median = arr(unname(summary(f)$table[c("median", "0.95LCL", "0.95UCL")])))
    json(list(
      lung_male = one(survfit(Surv(time, status) ~ 1, data = lung[lung$sex == 1, ], conf.type = "log-log")),
      lung_female = one(survfit(Surv(time, status) ~ 1, data = lung[lung$sex == 2, ], conf.type = "log-log")),
      lung_log = one(survfit(Surv(time, status) ~ 1, data = lung, conf.type = "log")),
      lung_plain = one(survfit(Surv(time, status) ~ 1, data = lung, conf.type = "plain")),
      walton_control = one(survfit(Surv(T, E) ~ 1, data = w[w$group == "control", ], conf.type = "log-log")),
      ovarian = one(survfit(Surv(futime, fustat) ~ 1, data = ov, conf.type = "log-log")),
      veteran = one(survfit(Surv(time, status) ~ 1, data = vet, conf.type = "log-log"))))
  `) : null;

describe.skipIf(rRef === null)("kaplanMeier vs R survfit (live; skipped without Rscript + survival)", () => {
  const ref = rRef!;
  const lung = readCsv(refPath("stats", "lung.csv"));
  const waltons = readCsv(refPath("stats", "waltons.csv"));
  const cases: [string, () => ReturnType<typeof kaplanMeier>][] = [
    ["lung_male", () => { const s = lung.filter((r) => r.sex === 1); return kaplanMeier(col(s, "time"), col(s, "status")); }],
    ["lung_female", () => { const s = lung.filter((r) => r.sex === 2); return kaplanMeier(col(s, "time"), col(s, "status")); }],
    ["lung_log", () => kaplanMeier(col(lung, "time"), col(lung, "status"), { confType: "log" })],
    ["lung_plain", () => kaplanMeier(col(lung, "time"), col(lung, "status"), { confType: "plain" })],
    ["walton_control", () => { const s = waltons.filter((r) => r.group === "control"); return kaplanMeier(col(s, "T"), col(s, "E")); }],
    ["ovarian", () => { const s = readCsv(refPath("stats", "ovarian.csv")); return kaplanMeier(col(s, "futime"), col(s, "fustat")); }],
    ["veteran", () => { const s = readCsv(refPath("stats", "veteran.csv")); return kaplanMeier(col(s, "time"), col(s, "status")); }],
  ];
  for (const [name, make] of cases) {
    it(`${name}: times, at-risk, events, survival, Greenwood se, CI and median with CI`, () => {
      const km = make();
      const r = ref[name]!;
      expect(Array.from(km.time)).toEqual(r.time);
      expect(Array.from(km.atRisk)).toEqual(r.nrisk);
      expect(Array.from(km.events)).toEqual(r.nevent);
      r.surv.forEach((s, i) => {
        expect(km.survival[i]).toBeCloseTo(s, 10);
        // R's std.err is the se of the cumulative hazard: se(Ŝ)/Ŝ.
        if (s > 0) expect(km.standardError[i]! / s).toBeCloseTo(r.stderr[i]!, 9);
        if (r.lower[i] !== null && s > 0) {
          expect(km.lower[i]).toBeCloseTo(r.lower[i]!, 9);
          expect(km.upper[i]).toBeCloseTo(r.upper[i]!, 9);
        }
      });
      const [median, lcl, ucl] = r.median as (number | null)[];
      expect(km.median).toBe(median ?? NaN);
      expect(km.medianLower).toBe(lcl ?? NaN);
      expect(km.medianUpper).toBe(ucl ?? NaN);
    });
  }
});

type PyKm = { time: number[]; s: number[]; lo: number[]; hi: number[]; median: number };
const pyRef = haveData ? await tryPythonJson<Record<string, PyKm>>(["lifelines", "pandas"], `
import json, pandas as pd
from lifelines import KaplanMeierFitter
d = ${JSON.stringify(refPath("stats"))}
w = pd.read_csv(d + "/waltons.csv"); lung = pd.read_csv(d + "/lung.csv")
out = {}
for name, t, e in [("waltons_mir", w[w.group == "miR-137"]["T"], w[w.group == "miR-137"]["E"]),
                   ("lung_male", lung[lung.sex == 1]["time"], lung[lung.sex == 1]["status"]),
                   ("lung_female", lung[lung.sex == 2]["time"], lung[lung.sex == 2]["status"])]:
    k = KaplanMeierFitter().fit(t, e)
    ci = k.confidence_interval_
    out[name] = {"time": k.timeline.tolist(), "s": k.survival_function_.iloc[:, 0].tolist(),
                 "lo": ci.iloc[:, 0].tolist(), "hi": ci.iloc[:, 1].tolist(), "median": float(k.median_survival_time_)}
print(json.dumps(out))
`) : null;

describe.skipIf(pyRef === null)("kaplanMeier vs lifelines KaplanMeierFitter (venv; skipped without it)", () => {
  const w = readCsv(refPath("stats", "waltons.csv"));
  const lung = readCsv(refPath("stats", "lung.csv"));
  const cases: [string, () => ReturnType<typeof kaplanMeier>][] = [
    ["waltons_mir", () => { const s = w.filter((r) => r.group === "miR-137"); return kaplanMeier(col(s, "T"), col(s, "E")); }],
    ["lung_male", () => { const s = lung.filter((r) => r.sex === 1); return kaplanMeier(col(s, "time"), col(s, "status")); }],
    ["lung_female", () => { const s = lung.filter((r) => r.sex === 2); return kaplanMeier(col(s, "time"), col(s, "status")); }],
  ];
  for (const [name, run] of cases) {
    it(`${name}: survival, log-log ('exponential Greenwood') interval and median`, () => {
      const ref = pyRef![name]!;
      const km = run();
      // lifelines' timeline starts with t = 0 (Ŝ = 1); ours starts at the first observed time.
      const offset = ref.time[0] === 0 && km.time[0] !== 0 ? 1 : 0;
      for (let i = 0; i < km.time.length; i++) {
        expect(km.time[i]).toBe(ref.time[i + offset]);
        expect(km.survival[i]).toBeCloseTo(ref.s[i + offset]!, 12);
        if (km.survival[i]! > 0) {
          expect(km.lower[i]).toBeCloseTo(ref.lo[i + offset]!, 9);
          expect(km.upper[i]).toBeCloseTo(ref.hi[i + offset]!, 9);
        }
      }
      expect(km.median).toBe(ref.median);
    });
  }
});
