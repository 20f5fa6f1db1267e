/**
 * Intensity histogram features (IBSI §3.4) against the IBSI 1 consensus values (digital phantom without
 * discretisation; CT phantom configuration A with FBS 25 HU from −500 HU) and hand-computed values.
 */
import { describe, expect, it } from "vitest";
import { intensityHistogramFeatures, INTENSITY_HISTOGRAM } from "../../src/features/intensityHistogram";
import { discretise } from "../../src/preprocess/discretise";
import type { DiscretisedImage } from "../../src/features/types";
import { hasRefdata } from "../refdata";
import { CONFIG_A_RANGE, ctPhantomConfigARoi, digitalPhantomRoi, expectCompliant, expectIbsiCodes, expectKnownTags } from "./ibsiPhantoms";

function levelsOf(levels: number[], nLevels: number): DiscretisedImage {
  return { size: [levels.length, 1, 1], spacing: [1, 1, 1], levels: Int32Array.from(levels), nLevels };
}
const value = (fs: { name: string; value: number }[], name: string) => fs.find((f) => f.name === name)!.value;

describe("intensity histogram, hand-computed", () => {
  it("levels {1, 1, 2, 4} with Ng = 5 (level 0 = outside the mask, ignored)", () => {
    const fs = intensityHistogramFeatures(levelsOf([1, 0, 1, 2, 4, 0], 5));
    expect(fs.map((f) => f.name)).toEqual(Object.keys(INTENSITY_HISTOGRAM));
    // H = {2, 1, 0, 1, 0}, p = {.5, .25, 0, .25, 0}
    expect(value(fs, "ih_mean")).toBe(2);
    expect(value(fs, "ih_var")).toBe((1 + 1 + 0 + 4) / 4);
    expect(value(fs, "ih_entropy")).toBe(1.5); // −(.5 log₂ .5 + 2 · .25 log₂ .25)
    expect(value(fs, "ih_uniformity")).toBe(0.375);
    expect(value(fs, "ih_mode")).toBe(1);
    // H' = {1 − 2, (0 − 2)/2, (1 − 1)/2, (0 − 0)/2, 0 − 1} = {−1, −1, 0, 0, −1}: max 0 first at 3, min −1 first at 1
    expect(value(fs, "ih_max_grad")).toBe(0);
    expect(value(fs, "ih_max_grad_g")).toBe(3);
    expect(value(fs, "ih_min_grad")).toBe(-1);
    expect(value(fs, "ih_min_grad_g")).toBe(1);
    expect(value(fs, "ih_range")).toBe(3);
  });

  it("mode ties go to the level closest to the mean, equidistant ties to the lower level (IBSI §3.4.10)", () => {
    // counts 2, 2, 0, 2 at levels 1, 2, 4 → mean 7/3: 2 is closest
    expect(value(intensityHistogramFeatures(levelsOf([1, 1, 2, 2, 4, 4], 4)), "ih_mode")).toBe(2);
    // counts 1 at levels 1 and 3 → mean 2, both at distance 1: the lower
    expect(value(intensityHistogramFeatures(levelsOf([1, 3], 3)), "ih_mode")).toBe(1);
  });

  it("a single grey level has no histogram gradient: NaN with a note", () => {
    const fs = intensityHistogramFeatures(levelsOf([1, 1], 1));
    const g = fs.find((f) => f.name === "ih_max_grad")!;
    expect(g.value).toBeNaN();
    expect(g.note).toMatch(/at least 2 grey levels/);
    expect(value(fs, "ih_entropy")).toBe(0);
  });

  it("levels outside 1..Ng are an INVALID_ARGUMENT error", () => {
    expect(() => intensityHistogramFeatures(levelsOf([1, 7], 4))).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });
});

describe.skipIf(!hasRefdata())("intensity histogram, IBSI 1 reference values (skipped without the reference data)", () => {
  it("digital phantom, no discretisation: all 23 ih_ values compliant; names are IBSI tags; codes match the IBSI table", () => {
    const fs = intensityHistogramFeatures(discretise(digitalPhantomRoi(), { method: "none", conventions: "ibsi" }));
    expect(expectCompliant(fs, "dig_phantom", "ih_")).toBe(23);
    expectKnownTags(fs);
    expectIbsiCodes(fs, {
      ih_p10: "the IBSI table codes the 10th percentile 1PR8 (the minimum's code); the manual's code is GPMT",
      ih_p90: "the IBSI table codes the 90th percentile GPMT; the manual's code is OZ0C",
    });
  });

  it("CT phantom configuration A, FBS 25 HU from −500 HU: all 23 ih_ values compliant", () => {
    const levels = discretise(ctPhantomConfigARoi(), { method: "fbs", binWidth: 25, lowerBound: CONFIG_A_RANGE[0], conventions: "ibsi" });
    expect(expectCompliant(intensityHistogramFeatures(levels), "chest_config_a", "ih_")).toBe(23);
  });
});
