/**
 * PyRadiomics GLDM (class `gldm`) against PyRadiomics itself, run in the project's venv, on its test cases
 * brain1, brain2, breast1 (label 1, binWidth 25): all 14 features within 1e-5 relative with the defaults
 * (α = 0, distance 1), and with gldm_a = 2, distances [1, 2] and force2D. Plus hand-computed dependence counts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pyradiomicsGldm, PYRADIOMICS_GLDM_FEATURES } from "../../../src/features/pyradiomics/gldm";
import { isRadiogxError } from "../../../src/errors";
import { hasPythonModules, hasRefdata } from "../../refdata";
import { byName, imageOf, PYRADIOMICS_CASES, pyradiomicsCase, peerMismatches, runPyradiomics } from "./zones.fixtures";

describe("PyRadiomics GLDM, hand-computed", () => {
  // 1 1 2 / 1 2 2 (one slice): each voxel has two neighbours of its own level → dependence 3 for all six;
  // with α = 1 every neighbour is dependent: the four corners have 3 neighbours (j = 4), the middles 5 (j = 6).
  const img = imageOf([["112", "122"]], 2);

  it("counts 1 + dependent neighbours among the 26, within α", () => {
    const f = byName(pyradiomicsGldm(img));
    expect(Object.keys(f)).toEqual(PYRADIOMICS_GLDM_FEATURES.map((d) => d.tag));
    expect(f.SmallDependenceEmphasis).toBeCloseTo(1 / 9, 14);
    expect(f.DependenceNonUniformityNormalized).toBe(1);
    expect(f.GrayLevelNonUniformity).toBe((9 + 9) / 6);
    const a1 = byName(pyradiomicsGldm(img, { gldm_a: 1 }));
    expect(a1.LargeDependenceEmphasis).toBeCloseTo((4 * 16 + 2 * 36) / 6, 14);
  });

  it("takes distances as shells: at distance [2] only, the 1 x 3 row 1 0 1 has one pair of dependent voxels", () => {
    const row = imageOf([["101"]], 1);
    expect(byName(pyradiomicsGldm(row)).LargeDependenceEmphasis).toBe(1);
    expect(byName(pyradiomicsGldm(row, { distances: [2] })).LargeDependenceEmphasis).toBe(4);
  });

  it("rejects a negative gldm_a and a distance of 0", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isRadiogxError(e) ? `${e.code} ${e.key}` : "not a RadiogxError";
      }
      return "no error";
    };
    expect(code(() => pyradiomicsGldm(img, { gldm_a: -1 }))).toBe("INVALID_SETTING gldm_a");
    expect(code(() => pyradiomicsGldm(img, { distances: [0] }))).toBe("INVALID_SETTING distances");
  });
});

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics", "SimpleITK"))(
  "PyRadiomics peer: gldm on brain1, brain2, breast1 (needs the reference data and the venv)",
  () => {
    type Peer = Record<string, Record<string, number>>;
    let plain: Peer = {}, alpha2: Peer = {}, far: Peer = {}, flat: Peer = {};
    beforeAll(async () => {
      [plain, alpha2, far, flat] = await runPyradiomics([
        { cls: "gldm", cases: PYRADIOMICS_CASES },
        { cls: "gldm", cases: ["brain1"], settings: { gldm_a: 2 } },
        { cls: "gldm", cases: ["breast1"], settings: { distances: [1, 2] } },
        { cls: "gldm", cases: ["brain2"], settings: { force2D: true } },
      ]) as [Peer, Peer, Peer, Peer];
    });

    for (const c of PYRADIOMICS_CASES) {
      it(`${c}: all 14 features within 1e-5 relative`, () => {
        expect(Object.keys(plain[c]!)).toHaveLength(14);
        expect(peerMismatches(pyradiomicsGldm(pyradiomicsCase(c)), plain[c]!)).toEqual([]);
      });
    }

    it("gldm_a = 2 (brain1), distances [1, 2] (breast1), force2D (brain2): all 14 within 1e-5 relative", () => {
      expect(peerMismatches(pyradiomicsGldm(pyradiomicsCase("brain1"), { gldm_a: 2 }), alpha2.brain1!)).toEqual([]);
      expect(peerMismatches(pyradiomicsGldm(pyradiomicsCase("breast1"), { distances: [1, 2] }), far.breast1!)).toEqual([]);
      expect(peerMismatches(pyradiomicsGldm(pyradiomicsCase("brain2"), { force2D: true }), flat.brain2!)).toEqual([]);
    });
  },
);
