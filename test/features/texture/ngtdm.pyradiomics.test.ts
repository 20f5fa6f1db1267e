/**
 * PyRadiomics NGTDM (class `ngtdm`) against PyRadiomics itself, run in the project's venv, on its test cases
 * brain1, brain2, breast1 (label 1, binWidth 25): all 5 features within 1e-5 relative with the defaults, with
 * distances [2] and with force2D. Plus hand-computed checks of PyRadiomics' conventions where they differ
 * from IBSI's.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pyradiomicsNgtdm, PYRADIOMICS_NGTDM_FEATURES } from "../../../src/features/pyradiomics/ngtdm";
import { ngtdmFeatures } from "../../../src/features/texture/ngtdm";
import { hasPythonModules, hasRefdata } from "../../refdata";
import { byName, imageOf, PYRADIOMICS_CASES, pyradiomicsCase, peerMismatches, runPyradiomics } from "./zones.fixtures";

describe("PyRadiomics NGTDM, hand-computed", () => {
  it("counts voxels without neighbours in n_i (IBSI leaves them out)", () => {
    // 1 1 2 / 0 0 0 / 0 0 3: s_1 = 0 + 1/2, s_2 = 1, s_3 = 0; PyRadiomics n = (2, 1, 1): Σ p s = ½·½ + ¼·1 = ½
    const img = imageOf([["112", "000", "003"]], 3);
    const f = byName(pyradiomicsNgtdm(img));
    expect(Object.keys(f)).toEqual(PYRADIOMICS_NGTDM_FEATURES.map((d) => d.tag));
    expect(f.Coarseness).toBeCloseTo(2, 14);
    expect(byName(ngtdmFeatures(img, { aggregations: ["3D, merged"] })).ngt_coarseness_3D).toBeCloseTo(1.5, 14);
  });

  it("returns PyRadiomics' conventional values, with a note, for a homogeneous ROI", () => {
    const fs = pyradiomicsNgtdm(imageOf([["22", "22"]], 2));
    const f = byName(fs);
    expect(f).toEqual({ Coarseness: 1e6, Contrast: 0, Busyness: 0, Complexity: 0, Strength: 0 });
    expect(fs.filter((x) => x.note !== undefined).map((x) => x.name)).toEqual(["Coarseness", "Contrast", "Busyness", "Strength"]);
  });
});

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics", "SimpleITK"))(
  "PyRadiomics peer: ngtdm on brain1, brain2, breast1 (needs the reference data and the venv)",
  () => {
    type Peer = Record<string, Record<string, number>>;
    let plain: Peer = {}, far: Peer = {}, flat: Peer = {};
    beforeAll(async () => {
      [plain, far, flat] = await runPyradiomics([
        { cls: "ngtdm", cases: PYRADIOMICS_CASES },
        { cls: "ngtdm", cases: ["brain1"], settings: { distances: [2] } },
        { cls: "ngtdm", cases: ["breast1"], settings: { force2D: true } },
      ]) as [Peer, Peer, Peer];
    });

    for (const c of PYRADIOMICS_CASES) {
      it(`${c}: all 5 features within 1e-5 relative`, () => {
        expect(Object.keys(plain[c]!)).toHaveLength(5);
        expect(peerMismatches(pyradiomicsNgtdm(pyradiomicsCase(c)), plain[c]!)).toEqual([]);
      });
    }

    it("distances [2] (brain1) and force2D (breast1): all 5 within 1e-5 relative", () => {
      expect(peerMismatches(pyradiomicsNgtdm(pyradiomicsCase("brain1"), { distances: [2] }), far.brain1!)).toEqual([]);
      expect(peerMismatches(pyradiomicsNgtdm(pyradiomicsCase("breast1"), { force2D: true }), flat.breast1!)).toEqual([]);
    });
  },
);
