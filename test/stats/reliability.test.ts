/**
 * ICC, Lin's CCC and the robust-feature filter.
 * - Shrout & Fleiss (1979), Table 2 data (6 targets × 4 judges): ICC(1,1) … ICC(3,k) = .17 .29 .71 .44 .62
 *   .91 as printed (2 decimals), always run.
 * - icc_wine.csv (8 wines × 4 judges): ICC1/ICC2/ICC3 ≈ 0.728/0.728/0.729 (data README), always run; and
 *   every column (ICC, F, df, p, 95% CI) of pingouin `intraclass_corr` (a port of R psych::ICC; venv,
 *   skipped without pingouin) to 1e-10, and of R psych::ICC itself when R has psych (skipped otherwise).
 * - Lin's CCC: Lin (1989) definition evaluated by numpy, and its asymptotic CI formula, to 1e-12.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runOutput } from "../subprocess";
import { readTable } from "../../src/cohort/dataTable";
import { concordance, icc, iccFromMatrix, ICC_TYPES, robustFeatures } from "../../src/stats/reliability";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";

function hasRPackage(pkg: string): boolean {
  try {
    execFileSync("Rscript", ["-e", `quit(status = if (requireNamespace("${pkg}", quietly = TRUE)) 0 else 1)`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasRefdata())("ICC on published data (needs ../shared/data)", () => {
  it("Shrout & Fleiss (1979): .17 .29 .71 .44 .62 .91", () => {
    const t = readTable(refPath("stats", "shrout_fleiss_1979.csv"));
    const matrix = Array.from({ length: t.rows }, (_, i) => ["J1", "J2", "J3", "J4"].map((j) => (t.data[j] as number[])[i]!));
    const r = iccFromMatrix(matrix);
    const printed = [0.17, 0.29, 0.71, 0.44, 0.62, 0.91];
    r.rows.forEach((row, i) => expect(Math.round(row.icc * 100) / 100).toBe(printed[i]));
  });
  it("icc_wine: ICC1/ICC2/ICC3 ≈ 0.728/0.728/0.729", () => {
    const r = icc(readTable(refPath("stats", "icc_wine.csv")), { targets: "Wine", raters: "Judge", ratings: "Scores" });
    expect(r.get("ICC1").icc).toBeCloseTo(0.728, 3);
    expect(r.get("ICC2").icc).toBeCloseTo(0.728, 3);
    expect(r.get("ICC3").icc).toBeCloseTo(0.729, 3);
    expect(r.n).toBe(8);
    expect(r.k).toBe(4);
  });
});

describe("ICC input checks", () => {
  it("names the missing column options and duplicate ratings", () => {
    expect(() => icc({ t: [1], r: [1], v: [1] }, { targets: "t", raters: "r" })).toThrow(/targets, raters, ratings/);
    expect(() => icc({ t: [1, 1, 2, 2], r: ["a", "a", "a", "b"], v: [1, 2, 3, 4] }, { targets: "t", raters: "r", ratings: "v" })).toThrow(/two ratings by rater "a"/);
  });
  it("drops targets with a missing rating and says which", () => {
    const r = icc({ t: [1, 1, 2, 2, 3, 3, 4, 4], r: ["a", "b", "a", "b", "a", "b", "a", "b"], v: [1, 1.2, 2, 2.1, NaN, 3, 4, 4.4] }, { targets: "t", raters: "r", ratings: "v" });
    expect(r.dropped).toEqual(["3"]);
    expect(r.n).toBe(3);
  });
});

const wineScript = (path: string) => `
import json, warnings, pandas as pd, pingouin as pg
warnings.simplefilter('ignore')
df = pd.read_csv(${JSON.stringify(path)})
r = pg.intraclass_corr(data=df, targets='Wine', raters='Judge', ratings='Scores')
print(json.dumps([dict(icc=float(x.ICC), F=float(x.F), df1=float(x.df1), df2=float(x.df2), p=float(x.pval), lo=float(x['CI95%'][0]), hi=float(x['CI95%'][1])) for _, x in r.iterrows()]))
`;

describe.skipIf(!hasPythonModules("pingouin") || !hasRefdata())("ICC vs pingouin on icc_wine.csv (needs the venv's pingouin)", () => {
  it("all six forms: ICC, F, df, p and 95% CI", async () => {
    const path = refPath("stats", "icc_wine.csv");
    const want = await runPythonJson<{ icc: number; F: number; df1: number; df2: number; p: number; lo: number; hi: number }[]>(wineScript(path));
    const r = icc(readTable(path), { targets: "Wine", raters: "Judge", ratings: "Scores" });
    r.rows.forEach((row, i) => {
      const w = want[i]!;
      expect(row.type).toBe(ICC_TYPES[i]);
      expect(row.icc).toBeCloseTo(w.icc, 12);
      expect(row.F).toBeCloseTo(w.F, 10);
      expect(row.df1).toBe(w.df1);
      expect(row.df2).toBe(w.df2);
      expect(Math.abs(row.pValue - w.p)).toBeLessThanOrEqual(1e-10 * w.p);
      // pingouin rounds its CIs to 2 decimals.
      expect(row.ci[0]).toBeCloseTo(w.lo, 2);
      expect(row.ci[1]).toBeCloseTo(w.hi, 2);
    });
  });
});

describe.skipIf(!hasRefdata() || !hasRPackage("psych"))("ICC vs R psych::ICC (needs R with psych)", () => {
  it("icc_wine and Shrout & Fleiss: ICC, F, df, p, and unrounded 95% bounds", async () => {
    for (const [file, wide] of [["icc_wine.csv", false], ["shrout_fleiss_1979.csv", true]] as const) {
      const path = refPath("stats", file);
      const script = wide
        ? `x <- read.csv("${path}")[, -1]`
        : `d <- read.csv("${path}"); x <- reshape(d, idvar = "Wine", timevar = "Judge", direction = "wide")[, -1]`;
      const out = await runOutput("Rscript", ["-e", `suppressMessages(library(psych)); ${script}; r <- ICC(x, lmer = FALSE)$results; write.csv(r[, c("ICC", "F", "df1", "df2", "p", "lower bound", "upper bound")], stdout(), row.names = FALSE)`]);
      const lines = out.trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
      let r;
      if (wide) {
        const t = readTable(path);
        r = iccFromMatrix(Array.from({ length: t.rows }, (_, i) => ["J1", "J2", "J3", "J4"].map((j) => (t.data[j] as number[])[i]!)));
      } else r = icc(readTable(path), { targets: "Wine", raters: "Judge", ratings: "Scores" });
      r.rows.forEach((row, i) => {
        const [v, F, d1, d2, p, lo, hi] = lines[i]!;
        expect(row.icc).toBeCloseTo(v!, 10);
        expect(row.F).toBeCloseTo(F!, 8);
        expect(row.df1).toBe(d1);
        expect(Math.abs(row.df2 - d2!)).toBeLessThan(1e-9);
        expect(Math.abs(row.pValue - p!)).toBeLessThanOrEqual(1e-8 * p! + 1e-15);
        expect(row.ci[0]).toBeCloseTo(lo!, 8);
        expect(row.ci[1]).toBeCloseTo(hi!, 8);
      });
    }
  });
});

describe("concordance and robustFeatures", () => {
  it("CCC of identical measurements is 1; a constant shift lowers it", () => {
    expect(concordance([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]).ccc).toBeCloseTo(1, 15);
    const c = concordance([1, 2, 3, 4, 5], [2, 3, 4, 5, 6]); // ρc = 2·2/(2 + 2 + 1) = 0.8
    expect(c.ccc).toBeCloseTo(0.8, 15);
    expect(c.pearson).toBeCloseTo(1, 15);
  });
  it("robustFeatures keeps the reproducible feature and drops the noisy one", () => {
    const patients = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6];
    const scan = patients.map((_, i) => (i % 2 === 0 ? "test" : "retest"));
    const stable = [10, 10.2, 20, 19.7, 30, 30.4, 40, 39.9, 50, 50.3, 60, 60.1];
    const noisy = [10, 45, 20, 5, 30, 61, 40, 12, 50, 18, 60, 33];
    const r = robustFeatures({ patient: patients, scan, stable, noisy }, { targets: "patient", raters: "scan" });
    expect(r.kept).toEqual(["stable"]);
    expect(r.details.find((d) => d.feature === "noisy")!.icc).toBeLessThan(0.75);
  });
});

describe.skipIf(!hasPythonModules("numpy"))("CCC vs Lin (1989) formulas evaluated in numpy (needs the venv)", () => {
  it("estimate and z-transform 95% CI", async () => {
    const x = Array.from({ length: 30 }, (_, i) => Math.sin(i) * 5 + i / 3);
    const y = x.map((v, i) => v * 1.05 + 0.3 + Math.cos(i * 1.7) * 0.8);
    const w = await runPythonJson<number[]>(`
import json, numpy as np
x = np.array(${JSON.stringify(x)}); y = np.array(${JSON.stringify(y)}); n = len(x)
sxy = np.mean((x - x.mean()) * (y - y.mean())); sx2 = x.var(); sy2 = y.var()
p = 2 * sxy / (sx2 + sy2 + (x.mean() - y.mean()) ** 2); r = np.corrcoef(x, y)[0, 1]
u = (x.mean() - y.mean()) / (sx2 * sy2) ** 0.25
v = ((1 - r**2) * p**2 / ((1 - p**2) * r**2) + 2 * p**3 * (1 - p) * u**2 / (r * (1 - p**2)**2) - p**4 * u**4 / (2 * r**2 * (1 - p**2)**2)) / (n - 2)
z = np.arctanh(p); se = np.sqrt(v)
print(json.dumps([p, np.tanh(z - 1.959963984540054 * se), np.tanh(z + 1.959963984540054 * se)]))
`);
    const c = concordance(x, y);
    expect(c.ccc).toBeCloseTo(w[0]!, 12);
    expect(c.ci[0]).toBeCloseTo(w[1]!, 12);
    expect(c.ci[1]).toBeCloseTo(w[2]!, 12);
  });
});

describe("ICC with perfect agreement", () => {
  it("gives ICC 1 with a collapsed interval instead of failing (zero residual variance)", () => {
    const r = iccFromMatrix([[1, 1, 1], [2, 2, 2], [5, 5, 5], [3, 3, 3]]);
    for (const row of r.rows) {
      expect(row.icc).toBe(1);
      expect(row.ci).toEqual([1, 1]);
    }
    // Raters that differ by a constant: consistency (ICC3) is 1, absolute agreement (ICC2) is not.
    const offset = iccFromMatrix([[1, 2, 3], [2, 3, 4], [5, 6, 7], [3, 4, 5]]);
    expect(offset.rows.find((x) => x.type === "ICC3")!.icc).toBe(1);
    expect(offset.rows.find((x) => x.type === "ICC2")!.icc).toBeLessThan(1);
  });
});
