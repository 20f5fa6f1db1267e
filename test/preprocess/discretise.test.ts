/**
 * Discretisation (IBSI manual §2.7; PyRadiomics imageoperations.getBinEdges/binImage): hand-computed levels
 * for each method and convention, input errors, and (with the venv) PyRadiomics' own binImage on random data.
 */
import { describe, expect, it } from "vitest";
import { discretise, type DiscretiseOptions } from "../../src/preprocess/discretise";
import type { PreparedRoi } from "../../src/features/types";
import { hasPythonModules, runPythonJson } from "../refdata";

/** A 1-voxel-high block of `values`; `mask` (default all 1) is the intensity mask. */
function roiOf(values: number[], mask?: number[]): PreparedRoi {
  const m = Uint8Array.from(mask ?? values.map(() => 1));
  return Object.freeze({
    size: [values.length, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    intensities: Float64Array.from(values), morphMask: m, intensityMask: m,
  }) as PreparedRoi;
}

const levelsOf = (values: number[], opts: DiscretiseOptions, mask?: number[]) => {
  const d = discretise(roiOf(values, mask), opts);
  return { levels: [...d.levels], nLevels: d.nLevels };
};

describe("IBSI conventions", () => {
  it("FBS from the re-segmentation lower bound: X_d = ⌊(x − (−500))/25⌋ + 1", () => {
    // (−500, −476, −475, 0, 399.9, 400) − (−500) = 0, 24, 25, 500, 899.9, 900 → ⌊·/25⌋ + 1 = 1, 1, 2, 21, 36, 37
    expect(levelsOf([-500, -476, -475, 0, 399.9, 400], { method: "fbs", binWidth: 25, lowerBound: -500, conventions: "ibsi" }))
      .toEqual({ levels: [1, 1, 2, 21, 36, 37], nLevels: 37 });
  });

  it("FBS from the ROI minimum when there is no lower bound (null = none)", () => {
    // min 2.5: 0, 0.5, 4.9, 10 → ⌊·/5⌋ + 1 = 1, 1, 1, 3
    expect(levelsOf([2.5, 3, 7.4, 12.5], { method: "fbs", binWidth: 5, lowerBound: null, conventions: "ibsi" }))
      .toEqual({ levels: [1, 1, 1, 3], nLevels: 3 });
  });

  it("FBN: X_d = ⌊N (x − min)/(max − min)⌋ + 1, the maximum in bin N", () => {
    // N = 4, range 10: 4·(0, 1, 2.5, 4)/10 = 0, .4, 1, 1.6 → 1, 1, 2, 2; x = max → 4
    expect(levelsOf([0, 1, 2.5, 4, 10], { method: "fbn", binCount: 4, conventions: "ibsi" })).toEqual({ levels: [1, 1, 2, 2, 4], nLevels: 4 });
  });

  it("FBN of a flat ROI is level 1; Ng is the bin count", () => {
    expect(levelsOf([7, 7, 7], { method: "fbn", binCount: 4, conventions: "ibsi" })).toEqual({ levels: [1, 1, 1], nLevels: 4 });
  });

  it("none: the intensities are the levels; voxels outside the intensity mask are 0 and do not count", () => {
    expect(levelsOf([1, 2, 6, 9.5], { method: "none", conventions: "ibsi" }, [1, 1, 1, 0])).toEqual({ levels: [1, 2, 6, 0], nLevels: 6 });
  });

  it("leaves the ROI's intensities and mask unchanged", () => {
    const roi = roiOf([-3.5, 2, 9], [1, 0, 1]);
    const before = [[...roi.intensities], [...roi.intensityMask]];
    discretise(roi, { method: "fbs", binWidth: 2, conventions: "ibsi" });
    discretise(roi, { method: "fbn", binCount: 3, conventions: "pyradiomics" });
    expect([[...roi.intensities], [...roi.intensityMask]]).toEqual(before);
  });

  it("a lower bound above ROI intensities is an INVALID_ARGUMENT error (the mask was not re-segmented)", () => {
    expect(() => discretise(roiOf([-600, 0]), { method: "fbs", binWidth: 25, lowerBound: -500, conventions: "ibsi" }))
      .toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", key: "resegmentRange" }));
  });
});

describe("PyRadiomics conventions", () => {
  it("FBS edges at multiples of the bin width below the minimum (PyRadiomics' example: ROI 54..166 → edges 50, 75, …)", () => {
    // low = 54 − (54 mod 25) = 50; digitize = number of edges ≤ x: 54 → 1, 74.9 → 1, 75 → 2, 100 → 3, 166 → 5
    expect(levelsOf([54, 74.9, 75, 100, 166], { method: "fbs", binWidth: 25, conventions: "pyradiomics" })).toEqual({ levels: [1, 1, 2, 3, 5], nLevels: 5 });
  });

  it("FBS with a negative minimum uses Python's floored modulo and ignores lowerBound", () => {
    // −26 mod 25 = 24 (Python) → low = −50, edges −50, −25, 0, 25: −26 → 1, −25 → 2, −1 → 2, 0 → 3, 24 → 3
    expect(levelsOf([-26, -25, -1, 0, 24], { method: "fbs", binWidth: 25, lowerBound: -1000, conventions: "pyradiomics" }))
      .toEqual({ levels: [1, 2, 2, 3, 3], nLevels: 3 });
  });

  it("FBN with numpy.histogram edges, last edge + 1", () => {
    // linspace(0, 10, 5) = 0, 2.5, 5, 7.5, 10 → last edge 11: 0 → 1, 1 → 1, 2.5 → 2, 4 → 2, 10 → 4
    expect(levelsOf([0, 1, 2.5, 4, 10], { method: "fbn", binCount: 4, conventions: "pyradiomics" })).toEqual({ levels: [1, 1, 2, 2, 4], nLevels: 4 });
  });

  it("FBN of a flat ROI follows numpy.histogram's ±0.5 range: 7 with 4 bins is level 3; Ng is the highest level present", () => {
    // edges linspace(6.5, 7.5, 5) = 6.5, 6.75, 7, 7.25, 7.5 (+1): three edges ≤ 7
    expect(levelsOf([7, 7, 7], { method: "fbn", binCount: 4, conventions: "pyradiomics" })).toEqual({ levels: [3, 3, 3], nLevels: 3 });
  });
});

describe("input errors", () => {
  it("method none with non-integer intensities is INVALID_SETTING, naming the value", () => {
    expect(() => discretise(roiOf([1, 2.5]), { method: "none", conventions: "ibsi" }))
      .toThrow(expect.objectContaining({ code: "INVALID_SETTING", key: "discretize", message: expect.stringMatching(/whole numbers.*2\.5/) }));
  });

  it("method none in PyRadiomics conventions is the identity too", () => {
    expect(levelsOf([3, 1, 2], { method: "none", conventions: "pyradiomics" })).toEqual({ levels: [3, 1, 2], nLevels: 3 });
  });

  it("method none with a level below 1 is INVALID_SETTING", () => {
    expect(() => discretise(roiOf([0, 1]), { method: "none", conventions: "pyradiomics" })).toThrow(expect.objectContaining({ code: "INVALID_SETTING" }));
  });

  it("a missing or non-positive bin width, or a fractional bin count, is INVALID_SETTING naming the setting", () => {
    expect(() => discretise(roiOf([1, 2]), { method: "fbs", conventions: "ibsi" })).toThrow(expect.objectContaining({ code: "INVALID_SETTING", key: "binWidth" }));
    expect(() => discretise(roiOf([1, 2]), { method: "fbs", binWidth: -1, conventions: "ibsi" })).toThrow(expect.objectContaining({ code: "INVALID_SETTING", key: "binWidth" }));
    expect(() => discretise(roiOf([1, 2]), { method: "fbn", binCount: 2.5, conventions: "ibsi" })).toThrow(expect.objectContaining({ code: "INVALID_SETTING", key: "binCount" }));
  });

  it("an empty intensity mask is EMPTY_MASK", () => {
    expect(() => discretise(roiOf([1, 2], [0, 0]), { method: "fbn", binCount: 8, conventions: "ibsi" })).toThrow(expect.objectContaining({ code: "EMPTY_MASK" }));
  });
});

describe.skipIf(!hasPythonModules("radiomics", "numpy"))("PyRadiomics peer: imageoperations.binImage on random data (needs the venv)", () => {
  // Values on a 0.1 grid hit bin edges exactly, where floating point matters most.
  const cases: Array<{ values: number[]; binWidth?: number; binCount?: number }> = [];
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (const binWidth of [25, 0.3, 7]) cases.push({ binWidth, values: Array.from({ length: 400 }, () => Math.round((rand() * 400 - 150) * 10) / 10) });
  for (const binCount of [16, 32, 7]) cases.push({ binCount, values: Array.from({ length: 400 }, () => Math.round((rand() * 90 + 0.5) * 10) / 10) });

  it("levels equal PyRadiomics' for FBS 25, 0.3, 7 and FBN 16, 32, 7", async () => {
    const script = `
import json, sys, numpy as np
from radiomics import imageoperations as io
out = []
for c in json.loads(sys.argv[1]):
    a = np.array(c["values"], dtype=float); m = np.ones(a.shape, dtype=bool)
    kw = {"binWidth": c["binWidth"]} if "binWidth" in c else {"binCount": c["binCount"]}
    out.append(io.binImage(a, m, **kw)[0].tolist())
print(json.dumps(out))`;
    const expected = await runPythonJson<number[][]>(script, [JSON.stringify(cases)]);
    const got = cases.map((c) =>
      [...discretise(roiOf(c.values), c.binWidth !== undefined
        ? { method: "fbs", binWidth: c.binWidth, conventions: "pyradiomics" }
        : { method: "fbn", binCount: c.binCount, conventions: "pyradiomics" }).levels]);
    expect(got).toEqual(expected);
  });
});
