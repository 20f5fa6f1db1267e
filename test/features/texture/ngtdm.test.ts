/**
 * IBSI NGTDM (ngt_): a hand-computed table, IBSI's handling of neighbours outside the ROI, undefined values,
 * and the IBSI 1 reference values — every ngt_ value of the digital phantom (2D, 2.5D, 3D) and of the CT
 * phantom configuration A (2D, 2.5D) must be compliant.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ngtdmFeatures, NGTDM_FEATURES } from "../../../src/features/texture/ngtdm";
import { hasRefdata } from "../../refdata";
import { byName, codeMismatches, ctPhantomConfigA, digitalPhantom, ibsiMismatches, imageOf, type PhantomCase } from "./zones.fixtures";

const ALL = ["2D, averaged", "2.5D, merged", "3D, merged"] as const;

describe("NGTDM, hand-computed", () => {
  it("one slice 1 1 2 / 1 2 2, δ = 1: s_1 = s_2 = |1 − 4/3| + |1 − 8/5| + |1 − 4/3| = 19/15, p = 1/2", () => {
    const img = imageOf([["112", "122"]], 2);
    const before = img.levels.slice();
    const f = byName(ngtdmFeatures(img, { aggregations: ALL }));
    expect(img.levels).toEqual(before);
    for (const sfx of ["2D", "2_5D", "3D"]) {
      expect(f[`ngt_coarseness_${sfx}`]).toBeCloseTo(15 / 19, 14); // 1 / (2 · ½ · 19/15)
      expect(f[`ngt_contrast_${sfx}`]).toBeCloseTo((1 / 2) * (2 * (1 / 4) * 1) * (38 / 15 / 6), 14);
      expect(f[`ngt_busyness_${sfx}`]).toBeCloseTo(19 / 15 / (2 * Math.abs(1 / 2 - 1)), 14);
      expect(f[`ngt_complexity_${sfx}`]).toBeCloseTo((2 * (19 / 30 + 19 / 30)) / 6, 14);
      expect(f[`ngt_strength_${sfx}`]).toBeCloseTo((2 * 1) / (38 / 15), 14);
    }
  });

  it("leaves neighbours outside the ROI out of Ā and voxels without neighbours out of n_i (IBSI)", () => {
    // 1 1 2 / 0 0 0 / 0 0 3: the 3 has no neighbour in the ROI. s_1 = 0 + |1 − 3/2|, s_2 = |2 − 1|;
    // n_1 = 2, n_2 = 1 (the 3 is not counted): Σ p s = (2/3)(1/2) + (1/3)(1) = 2/3.
    const img = imageOf([["112", "000", "003"]], 3);
    const f = byName(ngtdmFeatures(img, { aggregations: ["2D, averaged"] }));
    expect(f.ngt_coarseness_2D).toBeCloseTo(1.5, 14);
  });

  it("reports undefined values as NaN with a note; in 2D they leave their slice out of the average", () => {
    const flat = ngtdmFeatures(imageOf([["11", "11"]], 1), { aggregations: ["3D, merged"] });
    for (const f of flat.filter((x) => x.name !== "ngt_complexity_3D")) {
      expect(f.value).toBeNaN();
      expect(f.note).toMatch(/grey level|Σ/);
    }
    expect(flat.find((x) => x.name === "ngt_complexity_3D")!.value).toBe(0);
    // slice 0 as in the first test; slice 1 flat: its coarseness is undefined and left out
    const mixed = ngtdmFeatures(imageOf([["112", "122"], ["111", "111"]], 2), { aggregations: ["2D, averaged"] });
    const c = mixed.find((x) => x.name === "ngt_coarseness_2D")!;
    expect(c.value).toBeCloseTo(15 / 19, 14);
    expect(c.note).toMatch(/1 of 2 slices/);
    const lonely = ngtdmFeatures(imageOf([["101"]], 1), { aggregations: ["3D, merged"] });
    expect(lonely.every((x) => Number.isNaN(x.value) && x.note === "no ROI voxel has a neighbour in the ROI")).toBe(true);
    // a slice whose voxels have no in-plane neighbour is reported, not silently dropped
    const isolatedSlice = ngtdmFeatures(imageOf([["112", "122"], ["101", "000"]], 2), { aggregations: ["2D, averaged"] });
    const ic = isolatedSlice.find((x) => x.name === "ngt_complexity_2D")!;
    expect(ic.value).toBeCloseTo(38 / 90, 14);
    expect(ic.note).toBe("averaged over 1 of 2 slices; undefined in 1 (no ROI voxel has a neighbour in the ROI)");
  });

  it("uses the whole Chebyshev cube of radius δ", () => {
    // 1 0 2 in a row: neighbours only at distance 2
    const img = imageOf([["102"]], 2);
    expect(byName(ngtdmFeatures(img, { aggregations: ["2D, averaged"], distance: 2 })).ngt_complexity_2D).toBeCloseTo(1, 14);
    // p = ½, s = 1 each: complexity = (1/2) Σ_{i≠j} |i − j| (½ + ½) / 1 = 1
  });
});

describe.skipIf(!hasRefdata())("NGTDM vs IBSI 1 reference values (needs the reference data)", () => {
  let dig: PhantomCase;
  let ct: PhantomCase;
  beforeAll(() => {
    dig = digitalPhantom();
    ct = ctPhantomConfigA();
  });

  it("digital phantom: all 15 ngt_ values (2D, 2.5D, 3D) compliant", () => {
    const fs = ngtdmFeatures(dig.img, { aggregations: ALL });
    expect(fs).toHaveLength(15);
    expect(ibsiMismatches(fs, dig.reference, "ngt_", ["2D", "2_5D", "3D"])).toEqual([]);
  });

  it("every IBSI code names the feature of its tag in the consensus table", () => {
    expect(codeMismatches(NGTDM_FEATURES, "Neighbourhood grey tone difference based features", dig.reference)).toEqual([]);
  });

  it("CT phantom configuration A: all 10 ngt_ values (2D, 2.5D) compliant", () => {
    const fs = ngtdmFeatures(ct.img, { aggregations: ["2D, averaged", "2.5D, merged"] });
    expect(fs).toHaveLength(10);
    expect(ibsiMismatches(fs, ct.reference, "ngt_", ["2D", "2_5D"])).toEqual([]);
  });
});
