/**
 * Feature-vs-gene scatter spec: the complete pairs (incomplete ones counted), groups, the correlation in the
 * subtitle equal to `correlation()`, a regression line; validated against the Vega-Lite v5 JSON schema
 * (skipped without the venv's altair + jsonschema).
 */
import { describe, expect, it } from "vitest";
import { scatterPlot } from "../../src/plots/scatter";
import { correlation } from "../../src/stats/correlation";
import { validateSpecs } from "./radiogenomicPlots.shared";

const x = [1, 2, 3, 4, 5, NaN, 7, 8];
const y = [2.1, 3.9, 6.2, 7.8, 10.1, 12, 14.2, 15.8];
const groups = ["a", "a", "b", "b", "a", "b", "a", "b"];
const spec = scatterPlot(x, y, { xTitle: "GLCM contrast", yTitle: "VEGFA", groups, labels: x.map((_, i) => `P${i}`), method: "pearson" });

describe("scatterPlot", () => {
  it("carries complete pairs, groups and the correlation", () => {
    const values = (spec.data as { values: { x: number; group: string; label: string }[] }).values;
    expect(values.length).toBe(7);
    expect(values[2]).toMatchObject({ x: 3, group: "b", label: "P2" });
    const c = correlation(x, y, "pearson");
    expect((spec.title as { subtitle: string }).subtitle).toContain(`r = ${c.r.toFixed(3)}`);
    expect((spec.title as { subtitle: string }).subtitle).toContain("1 incomplete pairs left out");
  });
  it("rejects unpaired input", () => {
    expect(() => scatterPlot([1, 2], [1])).toThrow(/x has 2 values and y has 1/);
  });
});

const validation = await validateSpecs({ spec });
describe.skipIf(validation === null)("validates against the Vega-Lite v5 schema (needs the venv's altair + jsonschema)", () => {
  it("scatter", () => expect(validation!.spec).toBeNull());
});
