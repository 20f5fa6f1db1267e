/**
 * IBSI GLDZM (dzm_): a hand-computed matrix, the distance map (morphological mask, 4- vs 6-connectivity),
 * errors, and the IBSI 1 reference values — every dzm_ value of the digital phantom (2D, 2.5D, 3D) and of the
 * CT phantom configuration A (2D, 2.5D; distances from the morphological mask) must be compliant.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { gldzmFeatures, GLDZM_FEATURES } from "../../../src/features/texture/gldzm";
import { isRadiogxError } from "../../../src/errors";
import { hasRefdata } from "../../refdata";
import { byName, codeMismatches, ctPhantomConfigA, digitalPhantom, ibsiMismatches, imageOf, type PhantomCase } from "./zones.fixtures";

const ALL = ["2D, averaged", "2.5D, merged", "3D, merged"] as const;

describe("GLDZM, hand-computed", () => {
  // One slice. Zones: level 1 (10 voxels, on the border: distance 1), level 2 (2 voxels, distance 2 in 2D).
  const img = imageOf([["1111", "1221", "1111"]], 2);

  it("gives the features of D by the IBSI formulas (2D: D(1,1) = D(2,2) = 1)", () => {
    const before = img.levels.slice();
    const f = byName(gldzmFeatures(img, { aggregations: ["2D, averaged"] }));
    expect(img.levels).toEqual(before);
    expect(f.dzm_sde_2D).toBeCloseTo((1 + 1 / 4) / 2, 14);
    expect(f.dzm_lde_2D).toBeCloseTo((1 + 4) / 2, 14);
    expect(f.dzm_lgze_2D).toBeCloseTo((1 + 1 / 4) / 2, 14);
    expect(f.dzm_hgze_2D).toBeCloseTo((1 + 4) / 2, 14);
    expect(f.dzm_sdlge_2D).toBeCloseTo((1 + 1 / 16) / 2, 14);
    expect(f.dzm_sdhge_2D).toBeCloseTo((1 + 4 / 4) / 2, 14);
    expect(f.dzm_ldlge_2D).toBeCloseTo((1 + 4 / 4) / 2, 14);
    expect(f.dzm_ldhge_2D).toBeCloseTo((1 + 16) / 2, 14);
    expect(f.dzm_glnu_2D).toBeCloseTo(1, 14);
    expect(f.dzm_glnu_norm_2D).toBeCloseTo(0.5, 14);
    expect(f.dzm_zdnu_2D).toBeCloseTo(1, 14);
    expect(f.dzm_zdnu_norm_2D).toBeCloseTo(0.5, 14);
    expect(f.dzm_z_perc_2D).toBeCloseTo(2 / 12, 14);
    expect(f.dzm_gl_var_2D).toBeCloseTo(0.25, 14);
    expect(f.dzm_zd_var_2D).toBeCloseTo(0.25, 14);
    expect(f.dzm_zd_entr_2D).toBeCloseTo(1, 14);
  });

  it("measures 3D distances with 6-connectivity: a one-slice ROI is all border", () => {
    const f = byName(gldzmFeatures(img, { aggregations: ALL }));
    expect(f.dzm_sde_3D).toBe(1);
    expect(f.dzm_zd_var_3D).toBe(0);
    expect(f.dzm_sde_2_5D).toBeCloseTo(f.dzm_sde_2D!, 14);
  });

  it("measures distances in the morphological mask, not the intensity mask", () => {
    // 5×5 morphological mask; the centre voxel is re-segmented out of the intensity mask.
    const ring = imageOf([["11111", "12221", "12021", "12221", "11111"]], 2);
    const morph = new Uint8Array(25).fill(1);
    const withMorph = byName(gldzmFeatures(ring, { aggregations: ["2D, averaged"], morphMask: morph }));
    const withoutMorph = byName(gldzmFeatures(ring, { aggregations: ["2D, averaged"] }));
    expect(withMorph.dzm_sde_2D).toBeCloseTo((1 + 1 / 4) / 2, 14); // level-2 ring at distance 2
    expect(withoutMorph.dzm_sde_2D).toBe(1); // the hole makes the ring a border
  });

  it("rejects a morphological mask that misses ROI voxels or has the wrong size", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isRadiogxError(e) ? e.code : "not a RadiogxError";
      }
      return "no error";
    };
    expect(code(() => gldzmFeatures(img, { morphMask: new Uint8Array(12) }))).toBe("INVALID_ARGUMENT");
    expect(code(() => gldzmFeatures(img, { morphMask: new Uint8Array(5).fill(1) }))).toBe("INVALID_ARGUMENT");
    expect(code(() => gldzmFeatures(imageOf([["00"]])))).toBe("EMPTY_MASK");
  });
});

describe.skipIf(!hasRefdata())("GLDZM vs IBSI 1 reference values (needs the reference data)", () => {
  let dig: PhantomCase;
  let ct: PhantomCase;
  beforeAll(() => {
    dig = digitalPhantom();
    ct = ctPhantomConfigA();
  });

  it("digital phantom: all 48 dzm_ values (2D, 2.5D, 3D) compliant", () => {
    const fs = gldzmFeatures(dig.img, { aggregations: ALL, morphMask: dig.morphMask });
    expect(fs).toHaveLength(48);
    expect(ibsiMismatches(fs, dig.reference, "dzm_", ["2D", "2_5D", "3D"])).toEqual([]);
  });

  it("every IBSI code names the feature of its tag in the consensus table", () => {
    expect(codeMismatches(GLDZM_FEATURES, "Grey level distance zone based features", dig.reference)).toEqual([]);
  });

  it("CT phantom configuration A: all 32 dzm_ values (2D, 2.5D) compliant, distances from the morphological mask", () => {
    const fs = gldzmFeatures(ct.img, { aggregations: ["2D, averaged", "2.5D, merged"], morphMask: ct.morphMask });
    expect(fs).toHaveLength(32);
    expect(ibsiMismatches(fs, ct.reference, "dzm_", ["2D", "2_5D"])).toEqual([]);
  });
});
