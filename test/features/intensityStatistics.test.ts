/**
 * Intensity-based statistical features (IBSI §3.3) against the IBSI 1 consensus values (digital phantom and
 * CT phantom configuration A, compliance rule: 3 significant digits within the tolerance) and hand-computed
 * values.
 */
import { describe, expect, it } from "vitest";
import { intensityStatisticsFeatures, INTENSITY_STATISTICS, percentileSorted } from "../../src/features/intensityStatistics";
import type { PreparedRoi } from "../../src/features/types";
import { hasRefdata } from "../refdata";
import { ctPhantomConfigARoi, digitalPhantomRoi, expectCompliant, expectIbsiCodes, expectKnownTags } from "./ibsiPhantoms";

/** A 1-voxel-high block of `values`, all in both masks unless `mask` says otherwise. */
function roiOf(values: number[], mask?: number[]): PreparedRoi {
  const n = values.length;
  return Object.freeze({
    size: [n, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    intensities: Float64Array.from(values),
    morphMask: Uint8Array.from(mask ?? values.map(() => 1)),
    intensityMask: Uint8Array.from(mask ?? values.map(() => 1)),
  }) as PreparedRoi;
}

const value = (fs: { name: string; value: number }[], name: string) => fs.find((f) => f.name === name)!.value;

describe("intensity statistics, hand-computed", () => {
  it("X = {1, 2, 2, 5} (and a voxel outside the intensity mask, ignored)", () => {
    const fs = intensityStatisticsFeatures(roiOf([1, 2, 2, 5, 100], [1, 1, 1, 1, 0]));
    expect(fs.map((f) => f.name)).toEqual(Object.keys(INTENSITY_STATISTICS));
    // μ = 10/4; σ² = (2.25 + .25 + .25 + 6.25)/4; m3 = (−3.375 − .125 − .125 + 15.625)/4 = 3; m4 = 44.25/4.
    expect(value(fs, "stat_mean")).toBe(2.5);
    expect(value(fs, "stat_var")).toBe(2.25);
    expect(value(fs, "stat_skew")).toBeCloseTo(3 / 2.25 ** 1.5, 14);
    expect(value(fs, "stat_kurt")).toBeCloseTo(11.0625 / 2.25 ** 2 - 3, 14);
    // Linear percentiles: h = 3q/100; P10 = 1 + .3·1, P25 = 1 + .75·1, P75 = 2 + .25·3, P90 = 2 + .7·3.
    expect(value(fs, "stat_p10")).toBeCloseTo(1.3, 14);
    expect(value(fs, "stat_p90")).toBeCloseTo(4.1, 14);
    expect(value(fs, "stat_iqr")).toBeCloseTo(2.75 - 1.75, 14);
    expect(value(fs, "stat_qcod")).toBeCloseTo(1 / 4.5, 14);
    expect(value(fs, "stat_median")).toBe(2);
    expect(value(fs, "stat_range")).toBe(4);
    expect(value(fs, "stat_mad")).toBe((1.5 + 0.5 + 0.5 + 2.5) / 4);
    // X₁₀₋₉₀ = {2, 2} (1 < 1.3, 5 > 4.1): deviations from 2 are 0.
    expect(value(fs, "stat_rmad")).toBe(0);
    expect(value(fs, "stat_medad")).toBe((1 + 0 + 0 + 3) / 4);
    expect(value(fs, "stat_cov")).toBeCloseTo(1.5 / 2.5, 14);
    expect(value(fs, "stat_energy")).toBe(34);
    expect(value(fs, "stat_rms")).toBeCloseTo(Math.sqrt(34 / 4), 14);
  });

  it("a flat ROI has skewness and kurtosis 0 (IBSI) and a zero mean gives a NaN coefficient of variation with a note", () => {
    const flat = intensityStatisticsFeatures(roiOf([3, 3, 3]));
    expect(value(flat, "stat_skew")).toBe(0);
    expect(value(flat, "stat_kurt")).toBe(0);
    const centred = intensityStatisticsFeatures(roiOf([-1, 0, 1]));
    const cov = centred.find((f) => f.name === "stat_cov")!;
    expect(cov.value).toBeNaN();
    expect(cov.note).toMatch(/mean of 0/);
  });

  it("percentiles interpolate as numpy.percentile (linear): np.percentile([1,2,3,4], [0,10,50,100]) = [1, 1.3, 2.5, 4]", () => {
    const s = [1, 2, 3, 4];
    expect([0, 10, 50, 100].map((q) => percentileSorted(s, q))).toEqual([1, 1.3, 2.5, 4]);
  });

  it("an empty intensity mask is an EMPTY_MASK error", () => {
    expect(() => intensityStatisticsFeatures(roiOf([1, 2], [0, 0]))).toThrow(expect.objectContaining({ code: "EMPTY_MASK" }));
  });
});

describe.skipIf(!hasRefdata())("intensity statistics, IBSI 1 reference values (skipped without the reference data)", () => {
  it("digital phantom: all 18 stat_ values compliant; names are IBSI tags; codes match the IBSI table", () => {
    const fs = intensityStatisticsFeatures(digitalPhantomRoi());
    expect(expectCompliant(fs, "dig_phantom", "stat_")).toBe(18);
    expectKnownTags(fs);
    expectIbsiCodes(fs);
  });

  it("CT phantom configuration A (no interpolation, re-segmented to [−500, 400] HU): all 18 stat_ values compliant", () => {
    const fs = intensityStatisticsFeatures(ctPhantomConfigARoi());
    expect(expectCompliant(fs, "chest_config_a", "stat_")).toBe(18);
  });
});
