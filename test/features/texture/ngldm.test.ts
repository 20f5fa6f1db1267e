/**
 * IBSI NGLDM (ngl_): a hand-computed matrix, the coarseness α and distance δ, and the IBSI 1 reference values —
 * every ngl_ value of the digital phantom (2D, 2.5D, 3D; δ = 1, α = 0) and of the CT phantom configuration A
 * (2D, 2.5D) must be compliant.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ngldmFeatures, NGLDM_FEATURES } from "../../../src/features/texture/ngldm";
import { isRadiogxError } from "../../../src/errors";
import { hasRefdata } from "../../refdata";
import { byName, codeMismatches, ctPhantomConfigA, digitalPhantom, ibsiMismatches, imageOf, type PhantomCase } from "./zones.fixtures";

const ALL = ["2D, averaged", "2.5D, merged", "3D, merged"] as const;

describe("NGLDM, hand-computed", () => {
  // 1 1 2 / 1 2 2: every voxel has 2 neighbours of its own level → dependence count j = 3 for all six.
  // S(1,3) = S(2,3) = 3, N_s = 6.
  const img = imageOf([["112", "122"]], 2);

  it("gives the features of S by the IBSI formulas (α = 0, δ = 1)", () => {
    const before = img.levels.slice();
    const f = byName(ngldmFeatures(img, { aggregations: ["2D, averaged"] }));
    expect(img.levels).toEqual(before);
    expect(f.ngl_lde_2D).toBeCloseTo(1 / 9, 14);
    expect(f.ngl_hde_2D).toBeCloseTo(9, 14);
    expect(f.ngl_lgce_2D).toBeCloseTo((3 + 3 / 4) / 6, 14);
    expect(f.ngl_hgce_2D).toBeCloseTo((3 + 12) / 6, 14);
    expect(f.ngl_ldlge_2D).toBeCloseTo((3 / 9 + 3 / 36) / 6, 14);
    expect(f.ngl_ldhge_2D).toBeCloseTo((3 / 9 + 12 / 9) / 6, 14);
    expect(f.ngl_hdlge_2D).toBeCloseTo((27 + 27 / 4) / 6, 14);
    expect(f.ngl_hdhge_2D).toBeCloseTo((27 + 108) / 6, 14);
    expect(f.ngl_glnu_2D).toBeCloseTo(18 / 6, 14);
    expect(f.ngl_glnu_norm_2D).toBeCloseTo(0.5, 14);
    expect(f.ngl_dcnu_2D).toBeCloseTo(36 / 6, 14);
    expect(f.ngl_dcnu_norm_2D).toBeCloseTo(1, 14);
    expect(f.ngl_dc_perc_2D).toBe(1);
    expect(f.ngl_gl_var_2D).toBeCloseTo(0.25, 14);
    expect(f.ngl_dc_var_2D).toBe(0);
    expect(f.ngl_dc_entr_2D).toBeCloseTo(1, 14);
    expect(f.ngl_dc_energy_2D).toBeCloseTo(0.5, 14);
  });

  it("counts neighbours within α as dependent, and neighbours within the whole cube of radius δ", () => {
    // α = 1: all neighbours dependent; corners have 3 neighbours, the middle voxels 5 → j = 4, 6.
    const f = byName(ngldmFeatures(img, { aggregations: ["2D, averaged"], alpha: 1 }));
    expect(f.ngl_hde_2D).toBeCloseTo((4 * 16 + 2 * 36) / 6, 14);
    // 1 0 1: the two 1s depend on each other only at δ = 2
    const gap = imageOf([["101"]], 1);
    expect(byName(ngldmFeatures(gap, { aggregations: ["2D, averaged"] })).ngl_hde_2D).toBe(1);
    expect(byName(ngldmFeatures(gap, { aggregations: ["2D, averaged"], distance: 2 })).ngl_hde_2D).toBe(4);
  });

  it("rejects a negative α", () => {
    let code = "no error";
    try {
      ngldmFeatures(img, { alpha: -1 });
    } catch (e) {
      code = isRadiogxError(e) ? e.code : "not a RadiogxError";
    }
    expect(code).toBe("INVALID_SETTING");
  });
});

describe.skipIf(!hasRefdata())("NGLDM vs IBSI 1 reference values (needs the reference data)", () => {
  let dig: PhantomCase;
  let ct: PhantomCase;
  beforeAll(() => {
    dig = digitalPhantom();
    ct = ctPhantomConfigA();
  });

  it("digital phantom: all 51 ngl_ values (2D, 2.5D, 3D) compliant", () => {
    const fs = ngldmFeatures(dig.img, { aggregations: ALL });
    expect(fs).toHaveLength(51);
    expect(ibsiMismatches(fs, dig.reference, "ngl_", ["2D", "2_5D", "3D"])).toEqual([]);
  });

  it("every IBSI code names the feature of its tag in the consensus table", () => {
    expect(codeMismatches(NGLDM_FEATURES, "Neighbouring grey level dependence based features", dig.reference)).toEqual([]);
  });

  it("CT phantom configuration A: all 34 ngl_ values (2D, 2.5D) compliant", () => {
    const fs = ngldmFeatures(ct.img, { aggregations: ["2D, averaged", "2.5D, merged"] });
    expect(fs).toHaveLength(34);
    expect(ibsiMismatches(fs, ct.reference, "ngl_", ["2D", "2_5D"])).toEqual([]);
  });
});
