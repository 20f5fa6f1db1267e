/**
 * Volcano spec from a correlation map and from a testFeatures result: every usable point with −log₁₀ p,
 * status by q and effect thresholds, labels on the smallest p-values, the threshold line at the largest
 * significant p; validated against the Vega-Lite v5 JSON schema (skipped without the venv's altair).
 */
import { describe, expect, it } from "vitest";
import { volcanoPlot } from "../../src/plots/volcano";
import { correlationMap } from "../../src/stats/correlationMap";
import { testFeatures } from "../../src/stats/featureTests";
import { validateSpecs } from "./radiogenomicPlots.shared";

const n = 40;
const X = Object.fromEntries(Array.from({ length: 8 }, (_, a) => [`f${a}`, Array.from({ length: n }, (_, i) => Math.sin(i * (0.3 + a * 0.07)) + (a < 3 ? i / 10 : 0))]));
const Y = { g: Array.from({ length: n }, (_, i) => i + Math.cos(i)) };
const map = correlationMap(X, Y);
const fromMap = volcanoPlot(map, { label: 3 });
const label = Array.from({ length: n }, (_, i) => (i < n / 2 ? "Mutant" : "Wildtype"));
const tests = testFeatures({ ...X, status: label }, "status");
const fromTests = volcanoPlot(tests, { effectThreshold: 0.3 });

type Layer = { data: { values: { name: string; minusLog10p: number; status: string; label: string; y: number }[] } };

describe("volcanoPlot", () => {
  it("plots every pair of a map with −log10 p and labels the most significant", () => {
    const pts = (fromMap.layer as Layer[])[0]!.data.values;
    expect(pts.length).toBe(8);
    const f0 = pts.find((p) => p.name === "f0 ~ g")!;
    expect(f0.minusLog10p).toBeCloseTo(-Math.log10(map.pValue[0]!), 12);
    const sig = map.table().filter((r) => r.qValue < 0.05).sort((a, b) => a.pValue - b.pValue);
    expect(pts.filter((p) => p.status !== "not significant").length).toBe(sig.length);
    expect(pts.filter((p) => p.label !== "").length).toBe(Math.min(3, sig.length));
    const rule = (fromMap.layer as Layer[])[2]!.data.values[0]!;
    expect(rule.y).toBeCloseTo(-Math.log10(sig.at(-1)!.pValue), 12);
  });
  it("uses the effect size of a testFeatures result and the effect threshold", () => {
    const pts = (fromTests.layer as Layer[])[0]!.data.values;
    const hits = tests.rows.filter((r) => r.qValue < 0.05 && Math.abs(r.effect) >= 0.3).length;
    expect(pts.filter((p) => p.status !== "not significant").length).toBe(hits);
  });
  it("refuses input without usable points", () => {
    expect(() => volcanoPlot([{ name: "a", effect: NaN, pValue: 0.1, qValue: 0.1 }])).toThrow(/no point/);
  });
});

const validation = await validateSpecs({ fromMap, fromTests });
describe.skipIf(validation === null)("validates against the Vega-Lite v5 schema (needs the venv's altair + jsonschema)", () => {
  it("from a map", () => expect(validation!.fromMap).toBeNull());
  it("from feature tests", () => expect(validation!.fromTests).toBeNull());
});
