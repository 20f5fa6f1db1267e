/**
 * PyRadiomics GLSZM (class `glszm`) against PyRadiomics itself, run in the project's venv, on its test cases
 * brain1, brain2, breast1 (label 1, binWidth 25): all 16 features within 1e-5 relative, with PyRadiomics'
 * defaults (26-connected zones) and with force2D (8-connected zones within axial slices). Plus a
 * hand-computed check of a PyRadiomics convention.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pyradiomicsGlszm, PYRADIOMICS_GLSZM_FEATURES } from "../../../src/features/pyradiomics/glszm";
import { hasPythonModules, hasRefdata } from "../../refdata";
import { byName, imageOf, PYRADIOMICS_CASES, pyradiomicsCase, peerMismatches, runPyradiomics } from "./zones.fixtures";

describe("PyRadiomics GLSZM, hand-computed", () => {
  it("uses the grey level values (level 2 absent stays absent, not renumbered): 1 3 → LGLZE = (1 + 1/9)/2", () => {
    const f = byName(pyradiomicsGlszm(imageOf([["13"]], 3)));
    expect(Object.keys(f)).toEqual(PYRADIOMICS_GLSZM_FEATURES.map((d) => d.tag));
    expect(f.LowGrayLevelZoneEmphasis).toBeCloseTo((1 + 1 / 9) / 2, 14);
    expect(f.ZonePercentage).toBe(1);
    // entropy of two equal cells with PyRadiomics' ε inside the log: 1 − O(1e−16)
    expect(f.ZoneEntropy).toBeCloseTo(1, 14);
  });

  it("links diagonal neighbours across slices (26-connectivity) unless force2D", () => {
    const img = imageOf([["10", "00"], ["00", "01"]], 1);
    expect(byName(pyradiomicsGlszm(img)).LargeAreaEmphasis).toBe(4);
    expect(byName(pyradiomicsGlszm(img, { force2D: true })).LargeAreaEmphasis).toBe(1);
  });
});

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics", "SimpleITK"))(
  "PyRadiomics peer: glszm on brain1, brain2, breast1 (needs the reference data and the venv)",
  () => {
    let plain: Record<string, Record<string, number>> = {};
    let force2D: Record<string, Record<string, number>> = {};
    beforeAll(async () => {
      [plain, force2D] = await runPyradiomics([
        { cls: "glszm", cases: PYRADIOMICS_CASES },
        { cls: "glszm", cases: ["brain1", "breast1"], settings: { force2D: true } },
      ]) as [Record<string, Record<string, number>>, Record<string, Record<string, number>>];
    });

    for (const c of PYRADIOMICS_CASES) {
      it(`${c}: all 16 features within 1e-5 relative`, () => {
        expect(Object.keys(plain[c]!)).toHaveLength(16);
        expect(peerMismatches(pyradiomicsGlszm(pyradiomicsCase(c)), plain[c]!)).toEqual([]);
      });
    }

    it("force2D (brain1, breast1): all 16 features within 1e-5 relative", () => {
      for (const c of ["brain1", "breast1"]) {
        expect(peerMismatches(pyradiomicsGlszm(pyradiomicsCase(c), { force2D: true }), force2D[c]!)).toEqual([]);
      }
    });
  },
);
