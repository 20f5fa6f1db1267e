/**
 * IBSI GLSZM (szm_): a hand-computed matrix, connectivity and aggregation, errors, and the IBSI 1 reference
 * values — every szm_ value of the digital phantom (2D, 2.5D, 3D) and of the CT phantom configuration A
 * (2D, 2.5D) must be compliant (IBSI rule: within tolerance after rounding to 3 significant digits).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { glszmFeatures, GLSZM_FEATURES } from "../../../src/features/texture/glszm";
import { isRadiogxError } from "../../../src/errors";
import { hasRefdata } from "../../refdata";
import { byName, codeMismatches, ctPhantomConfigA, digitalPhantom, ibsiMismatches, imageOf, type PhantomCase } from "./zones.fixtures";

const ALL = ["2D, averaged", "2.5D, merged", "3D, merged"] as const;

describe("GLSZM, hand-computed", () => {
  // One slice; 8-connected zones: level 1 {2 voxels}, {1}, {1}; level 2 {3}; level 3 {2}.
  // S(1,1) = 2, S(1,2) = 1, S(2,3) = 1, S(3,2) = 1; N_s = 5, N_v = 9.
  const img = imageOf([["113", "223", "121"]], 3);

  it("gives the features of S by the IBSI formulas, the same in 2D, 2.5D and 3D for one slice", () => {
    const before = img.levels.slice();
    const fs = glszmFeatures(img, { aggregations: ALL });
    expect(img.levels).toEqual(before); // input untouched
    expect(fs).toHaveLength(3 * 16);
    for (const suffix of ["2D", "2_5D", "3D"]) {
      const f = byName(fs);
      const v = (tag: string) => f[`${tag}_${suffix}`]!;
      expect(v("szm_sze")).toBeCloseTo((1 / 4 + 1 + 1 + 1 / 9 + 1 / 4) / 5, 14);
      expect(v("szm_lze")).toBeCloseTo((4 + 1 + 1 + 9 + 4) / 5, 14);
      expect(v("szm_lgze")).toBeCloseTo((1 + 1 + 1 + 1 / 4 + 1 / 9) / 5, 14);
      expect(v("szm_hgze")).toBeCloseTo((1 + 1 + 1 + 4 + 9) / 5, 14);
      expect(v("szm_szlge")).toBeCloseTo((2 + 1 / 4 + 1 / 36 + 1 / 36) / 5, 14);
      expect(v("szm_szhge")).toBeCloseTo((2 + 1 / 4 + 4 / 9 + 9 / 4) / 5, 14);
      expect(v("szm_lzlge")).toBeCloseTo((2 + 4 + 9 / 4 + 4 / 9) / 5, 14);
      expect(v("szm_lzhge")).toBeCloseTo((2 + 4 + 36 + 36) / 5, 14);
      expect(v("szm_glnu")).toBeCloseTo((9 + 1 + 1) / 5, 14);
      expect(v("szm_glnu_norm")).toBeCloseTo(11 / 25, 14);
      expect(v("szm_zsnu")).toBeCloseTo((4 + 4 + 1) / 5, 14);
      expect(v("szm_zsnu_norm")).toBeCloseTo(9 / 25, 14);
      expect(v("szm_z_perc")).toBeCloseTo(5 / 9, 14);
      expect(v("szm_gl_var")).toBeCloseTo(0.64, 14); // zone levels 1, 1, 1, 2, 3
      expect(v("szm_zs_var")).toBeCloseTo(0.56, 14); // zone sizes 2, 1, 1, 3, 2
      expect(v("szm_zs_entr")).toBeCloseTo(-(0.4 * Math.log2(0.4) + 3 * 0.2 * Math.log2(0.2)), 14);
    }
  });

  it("links diagonal voxels of adjacent slices in 3D only (26- vs 8-connectivity)", () => {
    const two = imageOf([["10", "00"], ["00", "01"]], 1);
    const f = byName(glszmFeatures(two, { aggregations: ALL }));
    expect(f.szm_lze_3D).toBe(4); // one zone of 2 voxels
    expect(f.szm_lze_2D).toBe(1); // one single-voxel zone per slice
    expect(f.szm_lze_2_5D).toBe(1);
    expect(f.szm_z_perc_3D).toBe(0.5);
    expect(f.szm_z_perc_2_5D).toBe(1);
  });

  it("links voxels two apart at linkage distance 2", () => {
    const gap = imageOf([["101"]], 1);
    expect(byName(glszmFeatures(gap, { aggregations: ["2D, averaged"] })).szm_lze_2D).toBe(1); // two zones of 1
    expect(byName(glszmFeatures(gap, { aggregations: ["2D, averaged"], distance: 2 })).szm_lze_2D).toBe(4);
  });

  it("averages per-slice features over the slices with ROI voxels (2D) and merges slices (2.5D)", () => {
    // slice 0: one zone of 2 (sze 1/4); slice 1: empty; slice 2: two zones of 1 (sze 1)
    const img3 = imageOf([["11"], ["00"], ["12"]], 2);
    const f = byName(glszmFeatures(img3, { aggregations: ALL }));
    expect(f.szm_sze_2D).toBeCloseTo((1 / 4 + 1) / 2, 14);
    expect(f.szm_sze_2_5D).toBeCloseTo((1 / 4 + 1 + 1) / 3, 14);
  });

  it("computes each aggregation family once however it is requested, and defaults to 3D", () => {
    const fs = glszmFeatures(img, { aggregations: ["2D, averaged", "2D, slice-merged", "3D, averaged"] });
    expect(fs.map((f) => f.name).filter((n) => n.startsWith("szm_sze"))).toEqual(["szm_sze_2D", "szm_sze_3D"]);
    expect(fs.find((f) => f.name === "szm_sze_2D")!.aggregation).toBe("2D, averaged");
    expect(fs.find((f) => f.name === "szm_sze_3D")!.aggregation).toBe("3D, merged");
    expect(glszmFeatures(img).map((f) => f.name)).toEqual(GLSZM_FEATURES.map((d) => `${d.tag}_3D`));
  });

  it("rejects an empty ROI, an unknown aggregation and levels above nLevels", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isRadiogxError(e) ? e.code : "not a RadiogxError";
      }
      return "no error";
    };
    expect(code(() => glszmFeatures(imageOf([["00"]])))).toBe("EMPTY_MASK");
    expect(code(() => glszmFeatures(img, { aggregations: ["3D merged" as never] }))).toBe("INVALID_SETTING");
    expect(code(() => glszmFeatures({ ...img, nLevels: 2 }))).toBe("INVALID_ARGUMENT");
  });
});

describe.skipIf(!hasRefdata())("GLSZM vs IBSI 1 reference values (needs the reference data)", () => {
  let dig: PhantomCase;
  let ct: PhantomCase;
  beforeAll(() => {
    dig = digitalPhantom();
    ct = ctPhantomConfigA();
  });

  it("digital phantom: all 48 szm_ values (2D, 2.5D, 3D) compliant", () => {
    const fs = glszmFeatures(dig.img, { aggregations: ALL });
    expect(fs).toHaveLength(48);
    expect(ibsiMismatches(fs, dig.reference, "szm_", ["2D", "2_5D", "3D"])).toEqual([]);
  });

  it("every IBSI code names the feature of its tag in the consensus table", () => {
    expect(codeMismatches(GLSZM_FEATURES, "Grey level size zone based features", dig.reference)).toEqual([]);
  });

  it("CT phantom configuration A: all 32 szm_ values (2D, 2.5D) compliant", () => {
    const fs = glszmFeatures(ct.img, { aggregations: ["2D, averaged", "2.5D, merged"] });
    expect(fs).toHaveLength(32);
    expect(ibsiMismatches(fs, ct.reference, "szm_", ["2D", "2_5D"])).toEqual([]);
  });
});
