/**
 * ROC analysis against pROC. Published values (pROC 1.18 documentation and Robin et al., BMC
 * Bioinformatics 2011, on the aSAH data): AUC(s100b) = 0.7314 with DeLong 95% CI 0.6301–0.8326; the paired
 * DeLong test of wfns vs s100b (`roc.test(roc(outcome, wfns), roc(outcome, s100b))`): Z = 2.209,
 * p = 0.02718, CI of the difference 0.01040618–0.17421442, AUCs 0.8236789 and 0.7313686.
 * Live pROC (when R has it) checks ndka, the DeLong variance to 1e-12 and the Youden threshold.
 * scikit-learn (venv) checks the multi-class one-vs-rest AUC.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { rocAuc, delongTest, bootstrapCi, oneVsRestAuc, rocConfidenceBand } from "../../src/models/roc";
import { thresholdMetrics, youdenThreshold } from "../../src/models/metrics";
import { refPath } from "../refdata";
import { col, readCsv, tryPythonJson, tryRJson } from "../survival/peers";

const haveData = existsSync(refPath("stats", "aSAH.csv"));

describe.skipIf(!haveData)("rocAuc and delongTest on aSAH (published pROC values)", () => {
  const a = Object.freeze(readCsv(refPath("stats", "aSAH.csv")));
  const outcome = a.map((r) => r.outcome);
  it("AUC(s100b) = 0.7314, DeLong CI 0.6301–0.8326", () => {
    const r = rocAuc(outcome, col(a, "s100b"));
    expect(r.positive).toBe("Poor");
    expect(r.nPositive).toBe(41);
    expect(r.auc).toBeCloseTo(0.7313686, 7);
    expect(r.ciLower).toBeCloseTo(0.6301182, 7);
    expect(r.ciUpper).toBeCloseTo(0.8326189, 7);
    expect(r.toHTML()).toContain("DeLong");
  });
  it("paired DeLong test wfns vs s100b: Z = 2.209, p = 0.02718", () => {
    const t = delongTest(outcome, col(a, "wfns"), col(a, "s100b"));
    expect(t.aucA).toBeCloseTo(0.8236789, 7);
    expect(t.aucB).toBeCloseTo(0.7313686, 7);
    expect(t.z).toBeCloseTo(2.209, 3);
    expect(t.pValue).toBeCloseTo(0.02718, 5);
    expect(t.ciLower).toBeCloseTo(0.01040618, 7);
    expect(t.ciUpper).toBeCloseTo(0.17421442, 7);
  });
  it("direction 'lower' mirrors the AUC; a named positive class flips it", () => {
    const s = col(a, "s100b");
    expect(rocAuc(outcome, s, { direction: "lower" }).auc).toBeCloseTo(1 - 0.7313686, 7);
    expect(rocAuc(outcome, s, { positive: "Good" }).auc).toBeCloseTo(1 - 0.7313686, 7);
  });
  it("stratified bootstrap CI agrees with DeLong's (2000 resamples: ±0.02) and is reproducible", () => {
    const s = col(a, "s100b");
    const b1 = bootstrapCi(outcome, s, { seed: 7 });
    const b2 = bootstrapCi(outcome, s, { seed: 7 });
    expect(Array.from(b1.replicates)).toEqual(Array.from(b2.replicates));
    expect(b1.estimate).toBeCloseTo(0.7313686, 7);
    expect(Math.abs(b1.lower - 0.6301182)).toBeLessThan(0.02);
    expect(Math.abs(b1.upper - 0.8326189)).toBeLessThan(0.02);
    expect(Math.abs(b1.se - Math.sqrt(0.00266868245717244)) / Math.sqrt(0.00266868245717244)).toBeLessThan(0.1);
  });
  it("ROC band brackets the empirical curve", () => {
    const band = rocConfidenceBand(outcome, col(a, "s100b"), { nBoot: 300, seed: 3 });
    for (let q = 0; q < band.specificity.length; q++) {
      expect(band.lower[q]!).toBeLessThanOrEqual(band.sensitivity[q]! + 1e-12);
      expect(band.upper[q]!).toBeGreaterThanOrEqual(band.sensitivity[q]! - 1e-12);
    }
  });
  it("rejects a third class and non-finite scores, naming the problem", () => {
    expect(() => rocAuc(["a", "b", "c"], [1, 2, 3])).toThrowError(/exactly two classes.*oneVsRestAuc/);
    expect(() => rocAuc([0, 1], [1, NaN])).toThrowError(/score of sample 1 is NaN/);
  });
});

describe("threshold metrics", () => {
  it("confusion counts at a threshold", () => {
    const m = thresholdMetrics([0, 0, 1, 1, 1], [0.1, 0.6, 0.4, 0.8, 0.9], 0.5);
    expect([m.truePositive, m.falsePositive, m.trueNegative, m.falseNegative]).toEqual([2, 1, 1, 1]);
    expect(m.sensitivity).toBeCloseTo(2 / 3, 12);
    expect(m.specificity).toBe(0.5);
    expect(m.accuracy).toBe(0.6);
    expect(m.f1).toBeCloseTo(4 / 6, 12);
  });
});

const rRef = haveData ? await tryRJson<{ ndka: number[]; var: number; best: number[] }>(["pROC"], `
  a <- read.csv("${refPath("stats", "aSAH.csv")}")
  r1 <- roc(a$outcome, a$s100b, levels = c("Good", "Poor"), direction = "<", quiet = TRUE)
  r3 <- roc(a$outcome, a$ndka, levels = c("Good", "Poor"), direction = "<", quiet = TRUE)
  b <- coords(r1, "best", best.method = "youden")
  json(list(ndka = arr(c(auc(r3), ci.auc(r3, method = "delong"))), var = var(r1), best = arr(unlist(b[1, ]))))
`) : null;

// Specificities on the curve (k/72: aSAH has 72 controls) and between its points.
const bandSpecs = [0, 1 / 72, 10 / 72, 36 / 72, 0.05, 0.1, 0.2, 0.25, 0.3, 0.6, 0.75, 0.9, 0.95, 1];
const bandRef = haveData
  ? await tryRJson<Record<string, number[] | number[][]>>(["pROC"], `
  a <- read.csv("${refPath("stats", "aSAH.csv")}")
  sp <- c(0, 1/72, 10/72, 36/72, 0.05, 0.1, 0.2, 0.25, 0.3, 0.6, 0.75, 0.9, 0.95, 1)
  out <- list()
  for (m in c("s100b", "wfns", "ndka")) {
    r <- roc(a$outcome, a[[m]], levels = c("Good", "Poor"), direction = "<", quiet = TRUE)
    out[[m]] <- arr(coords(r, x = sp, input = "specificity", ret = "sensitivity", transpose = FALSE)$sensitivity)
  }
  r <- roc(a$outcome, a$ndka, levels = c("Good", "Poor"), direction = ">", quiet = TRUE)
  out$ndkaLower <- arr(coords(r, x = sp, input = "specificity", ret = "sensitivity", transpose = FALSE)$sensitivity)
  b <- coords(r, "best", best.method = "youden", transpose = FALSE)
  out$ndkaLowerBest <- arr(c(b$threshold, b$specificity, b$sensitivity))
  set.seed(1)
  r <- roc(a$outcome, a$s100b, levels = c("Good", "Poor"), direction = "<", quiet = TRUE)
  cs <- ci.se(r, specificities = seq(0, 1, 0.1), boot.n = 2000, progress = "none")
  out$s100bLower <- arr(unname(cs[, 1])); out$s100bUpper <- arr(unname(cs[, 3]))
  json(out)
`)
  : null;

describe.skipIf(bandRef === null)("ROC band and lower-is-positive markers vs pROC (live; skipped without Rscript + pROC)", () => {
  const a = readCsv(refPath("stats", "aSAH.csv"));
  const outcome = a.map((r) => r.outcome);
  const ref = bandRef ?? {};
  it("sensitivity at given specificities equals pROC coords(input = 'specificity'): exact points and interpolation", () => {
    for (const m of ["s100b", "wfns", "ndka"]) {
      const band = rocConfidenceBand(outcome, col(a, m), { nBoot: 10, specificities: bandSpecs });
      Array.from(band.sensitivity).forEach((v, i) => expect(v).toBeCloseTo((ref[m] as number[])[i]!, 12));
    }
    const lower = rocConfidenceBand(outcome, col(a, "ndka"), { nBoot: 10, specificities: bandSpecs, direction: "lower" });
    Array.from(lower.sensitivity).forEach((v, i) => expect(v).toBeCloseTo((ref.ndkaLower as number[])[i]!, 12));
  });
  it("the bootstrap band agrees with pROC ci.se (2000 stratified resamples each: within 0.05, two steps of 1/41)", () => {
    const specs = Array.from({ length: 11 }, (_, i) => i / 10);
    const band = rocConfidenceBand(outcome, col(a, "s100b"), { specificities: specs, seed: 11 });
    specs.forEach((_, q) => {
      expect(Math.abs(band.lower[q]! - (ref.s100bLower as number[])[q]!)).toBeLessThan(0.05);
      expect(Math.abs(band.upper[q]! - (ref.s100bUpper as number[])[q]!)).toBeLessThan(0.05);
    });
  });
  it("Youden threshold of a marker lower in cases (pROC direction '>'), on the marker's own scale", () => {
    const [threshold, specificity, sensitivity] = ref.ndkaLowerBest as number[];
    const yj = youdenThreshold(outcome, col(a, "ndka"), { direction: "lower" });
    expect(yj.threshold).toBeCloseTo(threshold!, 12);
    expect(yj.specificity).toBeCloseTo(specificity!, 12);
    expect(yj.sensitivity).toBeCloseTo(sensitivity!, 12);
    const m = thresholdMetrics(outcome, col(a, "ndka"), yj.threshold, { direction: "lower" });
    expect(m.sensitivity).toBeCloseTo(sensitivity!, 12);
    expect(m.specificity).toBeCloseTo(specificity!, 12);
  });
});

describe.skipIf(rRef === null)("ROC vs pROC (live; skipped without Rscript + pROC)", () => {
  const a = readCsv(refPath("stats", "aSAH.csv"));
  const outcome = a.map((r) => r.outcome);
  it("ndka AUC and DeLong CI; s100b DeLong variance", () => {
    const r = rocAuc(outcome, col(a, "ndka"));
    expect(r.auc).toBeCloseTo(rRef!.ndka[0]!, 12);
    expect(r.ciLower).toBeCloseTo(rRef!.ndka[1]!, 12);
    expect(r.ciUpper).toBeCloseTo(rRef!.ndka[3]!, 12);
    expect(rocAuc(outcome, col(a, "s100b")).variance).toBeCloseTo(rRef!.var, 14);
  });
  it("Youden threshold, specificity and sensitivity (coords 'best')", () => {
    const y = youdenThreshold(outcome, col(a, "s100b"));
    expect(y.threshold).toBeCloseTo(rRef!.best[0]!, 12);
    expect(y.specificity).toBeCloseTo(rRef!.best[1]!, 12);
    expect(y.sensitivity).toBeCloseTo(rRef!.best[2]!, 12);
  });
});

const pyRef = haveData ? await tryPythonJson<{ macro: number; weighted: number; per: number[] }>(["sklearn", "numpy"], `
import json, numpy as np
from sklearn.metrics import roc_auc_score
rng = np.random.default_rng(5)
y = np.array([i % 3 for i in range(60)])
p = rng.random((60, 3)) + np.eye(3)[y] * 0.4
p = p / p.sum(1, keepdims=True)
print(json.dumps({"y": y.tolist(), "p": p.tolist(),
  "macro": roc_auc_score(y, p, multi_class="ovr", average="macro"),
  "weighted": roc_auc_score(y, p, multi_class="ovr", average="weighted"),
  "per": [roc_auc_score(y == k, p[:, k]) for k in range(3)]}))
`) : null;

describe.skipIf(pyRef === null)("oneVsRestAuc vs scikit-learn roc_auc_score(multi_class='ovr') (venv)", () => {
  it("per-class, macro and weighted AUC", () => {
    const ref = pyRef as unknown as { y: number[]; p: number[][]; macro: number; weighted: number; per: number[] };
    const r = oneVsRestAuc(ref.y, ref.p);
    r.perClass.forEach((c, k) => expect(c.auc).toBeCloseTo(ref.per[k]!, 12));
    expect(r.macro).toBeCloseTo(ref.macro, 12);
    expect(r.weighted).toBeCloseTo(ref.weighted, 12);
  });
});
