/**
 * The building blocks of the zone families (src/features/texture/zones.ts): neighbourhoods, zone labelling,
 * the distance to the ROI border, sparse count matrices and their sums, aggregation names and cropping.
 * Expected values are counted by hand on the small images drawn in each test.
 */
import { describe, expect, it } from "vitest";
import {
  borderDistance,
  labelZones,
  neighbourOffsets,
  pyradiomicsOffsets,
  roiBlock,
  tallyPairs,
  tallyPairsBySlice,
  zoneAggregations,
  zoneStatistics,
} from "../../../src/features/texture/zones";
import { isRadiogxError } from "../../../src/errors";
import { imageOf } from "./zones.fixtures";

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return isRadiogxError(e) ? e.code : "not a RadiogxError";
  }
  return "no error";
};

describe("neighbourOffsets", () => {
  it("has 26 (3D), 8 (in-plane), 124 (cube of radius 2) and 98 (shell at 2) offsets, both signs, no zero", () => {
    expect(neighbourOffsets([1]).length / 3).toBe(26);
    expect(neighbourOffsets([1], 2).length / 3).toBe(8);
    expect(neighbourOffsets([1, 2]).length / 3).toBe(124);
    expect(neighbourOffsets([2]).length / 3).toBe(98);
    const o = neighbourOffsets([1], 0);
    for (let a = 0; a < o.length; a += 3) expect(o[a]).toBe(0);
    expect(codeOf(() => neighbourOffsets([0]))).toBe("INVALID_SETTING");
  });

  it("maps PyRadiomics' force2Ddimension (0 = z) to our slice axis k", () => {
    const o = pyradiomicsOffsets([1], true, 0);
    expect(o.length / 3).toBe(8);
    for (let a = 2; a < o.length; a += 3) expect(o[a]).toBe(0);
    expect(codeOf(() => pyradiomicsOffsets([1], true, 3))).toBe("INVALID_SETTING");
  });
});

describe("labelZones", () => {
  it("labels 8-connected zones within a slice, diagonal steps included", () => {
    // 1 1 0 2      zones in scan order: level 1 {(0,0) (1,0) (0,1) (1,2)} — (1,2) by a diagonal step —,
    // 1 0 0 2      level 2 {(3,0) (3,1)}, level 1 {(3,2)} (no level-1 neighbour)
    // 0 1 0 1
    const img = imageOf([["1102", "1002", "0101"]], 2);
    const z = labelZones(img.levels, img.size, neighbourOffsets([1], 2));
    expect(z.count).toBe(3);
    expect(Array.from(z.level)).toEqual([1, 2, 1]);
    expect(Array.from(z.size)).toEqual([4, 2, 1]);
    expect(z.label[0]).toBe(1);
    expect(z.label[8]).toBe(0); // outside the ROI
  });

  it("handles a zone far larger than any recursion depth (a 200 × 200 × 10 block)", () => {
    const size: [number, number, number] = [200, 200, 10];
    const levels = new Int32Array(200 * 200 * 10).fill(1);
    const z = labelZones(levels, size, neighbourOffsets([1]));
    expect(z.count).toBe(1);
    expect(z.size[0]).toBe(400000);
  });
});

describe("borderDistance", () => {
  it("counts 4-connected steps to leave the mask in 2D (border = 1) and 6-connected steps in 3D", () => {
    const mask = new Uint8Array(5 * 5 * 5).fill(1);
    const d2 = borderDistance(mask, [5, 5, 5], true);
    const d3 = borderDistance(mask, [5, 5, 5], false);
    const at = (d: Int32Array, i: number, j: number, k: number) => d[i + 5 * (j + 5 * k)];
    expect(at(d2, 2, 2, 0)).toBe(3); // centre of a 5 × 5 slice, even in the first slice
    expect(at(d2, 1, 2, 2)).toBe(2);
    expect(at(d3, 2, 2, 2)).toBe(3);
    expect(at(d3, 2, 2, 0)).toBe(1); // on the volume's face
    expect(at(d3, 1, 1, 1)).toBe(2);
  });

  it("is 0 outside the mask and follows a concave mask (an L shape)", () => {
    // 1 1 1 1
    // 1 1 1 1
    // 1 1 0 0
    const m = imageOf([["1111", "1111", "1100"]]);
    const d = borderDistance(Uint8Array.from(m.levels), m.size, true);
    expect(Array.from(d)).toEqual([1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 0, 0]);
  });
});

describe("count matrices and their sums", () => {
  it("tallies (row, column) pairs into sorted non-zero cells", () => {
    const m = tallyPairs(Int32Array.of(2, 1, 2, 1, 2), Int32Array.of(3, 1, 3, 2, 1), 9);
    expect(Array.from(m.row)).toEqual([1, 1, 2, 2]);
    expect(Array.from(m.col)).toEqual([1, 2, 1, 3]);
    expect(Array.from(m.count)).toEqual([1, 1, 1, 2]);
    expect(m.voxels).toBe(9);
  });

  it("splits by slice, null for slices without elements", () => {
    const per = tallyPairsBySlice(Int32Array.of(1, 1, 2), Int32Array.of(1, 1, 2), Int32Array.of(0, 2, 2), Float64Array.of(1, 0, 5));
    expect(per[1]).toBeNull();
    expect(Array.from(per[0]!.count)).toEqual([1]);
    expect(Array.from(per[2]!.row)).toEqual([1, 2]);
    expect(per[2]!.voxels).toBe(5);
  });

  it("computes the sums of P = [[1, 1, 0], [1, 0, 2]] (rows i = 1, 2; columns j = 1, 2, 3)", () => {
    const s = zoneStatistics(tallyPairs(Int32Array.of(1, 1, 2, 2, 2), Int32Array.of(1, 2, 1, 3, 3), 10));
    expect(s.total).toBe(5);
    expect(s.invJ2).toBeCloseTo(1 + 1 / 4 + 1 + 2 / 9, 14);
    expect(s.i2j2).toBeCloseTo(1 + 4 + 4 + 2 * 36, 14);
    expect(s.rowSquares).toBe(4 + 9);
    expect(s.colSquares).toBe(4 + 1 + 4);
    // i: 1, 1, 2, 2, 2 → mean 1.6, variance 0.24; j: 1, 2, 1, 3, 3 → mean 2, variance 0.8
    expect(s.varI).toBeCloseTo(0.24, 14);
    expect(s.varJ).toBeCloseTo(0.8, 14);
    expect(s.entropy).toBeCloseTo(-(3 * 0.2 * Math.log2(0.2) + 0.4 * Math.log2(0.4)), 14);
    expect(s.energy).toBeCloseTo(3 * 0.04 + 0.16, 14);
  });
});

describe("aggregations and ROI block", () => {
  it("maps IBSI's six aggregation names to 2D, 2.5D and 3D once each, in request order", () => {
    expect(zoneAggregations(["3D, averaged", "2D, slice-merged", "2.5D, direction-merged", "2D, averaged", "3D, merged"], "X")).toEqual(["3D", "2D", "2.5D"]);
    expect(zoneAggregations(undefined, "X")).toEqual(["3D"]);
    expect(codeOf(() => zoneAggregations(["2D averaged" as never], "X"))).toBe("INVALID_SETTING");
  });

  it("crops to the ROI box (or the morphological mask's) without changing the levels", () => {
    const img = imageOf([["000", "020", "000"], ["000", "031", "000"]], 3);
    const { img: b } = roiBlock(img, "X");
    expect(b.size).toEqual([2, 1, 2]);
    expect(Array.from(b.levels)).toEqual([2, 0, 3, 1]);
    const morph = Uint8Array.from(img.levels, (g) => (g > 0 ? 1 : 0));
    morph[0] = 1;
    const withMorph = roiBlock(img, "X", morph);
    expect(withMorph.img.size).toEqual([3, 2, 2]);
    expect(withMorph.morph!.length).toBe(12);
    expect(codeOf(() => roiBlock(imageOf([["00"]]), "X"))).toBe("EMPTY_MASK");
  });
});
