/**
 * PyRadiomics first-order features against PyRadiomics itself (run in the project's venv) on its test cases
 * brain1, brain2, breast1 (label 1, binWidth 25, PyRadiomics defaults otherwise): all 18 default features
 * within 1e-5 relative. Plus hand-computed values for the PyRadiomics-specific details.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { firstorderFeatures, FIRSTORDER } from "../../../src/features/pyradiomics/firstorder";
import { discretise } from "../../../src/preprocess/discretise";
import { prepareRoi } from "../../../src/preprocess/prepare";
import { readImage } from "../../../src/io/read";
import { selectLabel } from "../../../src/io/volume";
import type { PreparedRoi } from "../../../src/features/types";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../../refdata";

function roiOf(values: number[], spacing: [number, number, number] = [1, 1, 1]): PreparedRoi {
  const m = Uint8Array.from(values.map(() => 1));
  return { size: [values.length, 1, 1], spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], intensities: Float64Array.from(values), morphMask: m, intensityMask: m };
}
const byName = (fs: { name: string; value: number }[]) => Object.fromEntries(fs.map((f) => [f.name, f.value]));

describe("PyRadiomics first order, hand-computed", () => {
  it("X = {1, 2, 2, 5}, 2 × 1 × 0.5 mm voxels, voxelArrayShift 10, bin width 2 (edges 0, 2, 4, 6 → levels 1, 2, 2, 3)", () => {
    const roi = roiOf([1, 2, 2, 5], [2, 1, 0.5]);
    const levels = discretise(roi, { method: "fbs", binWidth: 2, conventions: "pyradiomics" });
    const f = byName(firstorderFeatures(roi, levels, { voxelArrayShift: 10 }));
    // The 18 default features, then the opt-in StandardDeviation (PyRadiomics computes it only when named).
    expect(Object.keys(f)).toEqual([...Object.keys(FIRSTORDER), "StandardDeviation"]);
    expect(f.StandardDeviation).toBe(Math.sqrt(f.Variance!));
    const shifted = 11 ** 2 + 12 ** 2 + 12 ** 2 + 15 ** 2; // Σ (x + c)²
    expect(f.Energy).toBe(shifted);
    expect(f.TotalEnergy).toBe(shifted * 1); // voxel volume 2 · 1 · 0.5 mm³
    expect(f.RootMeanSquared).toBeCloseTo(Math.sqrt(shifted / 4), 12);
    expect(f.Kurtosis).toBeCloseTo(11.0625 / 2.25 ** 2, 12); // m4/m2², not excess
    // p = {1/4, 1/2, 1/4}: entropy 1.5 (ε = 2.2e−16 inside the log changes it by ~1e−15), uniformity 3/8
    expect(f.Entropy).toBeCloseTo(1.5, 12);
    expect(f.Uniformity).toBe(0.375);
    expect(f.Median).toBe(2);
  });
});

const CASES = ["brain1", "brain2", "breast1"] as const;

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics", "SimpleITK"))(
  "PyRadiomics peer: firstorder on brain1, brain2, breast1, label 1, binWidth 25 (needs the reference data and the venv)",
  () => {
    const script = `
import json, sys, logging
import radiomics, radiomics.firstorder
from radiomics import featureextractor
radiomics.setVerbosity(logging.ERROR)
out = {}
for case in sys.argv[2:]:
    ext = featureextractor.RadiomicsFeatureExtractor(binWidth=25, label=1)
    ext.disableAllFeatures()
    ext.enableFeatureClassByName("firstorder")
    ext.enableFeaturesByName(firstorder=[n for n in radiomics.firstorder.RadiomicsFirstOrder.getFeatureNames()])  # StandardDeviation too
    r = ext.execute(f"{sys.argv[1]}/{case}_image.nrrd", f"{sys.argv[1]}/{case}_label.nrrd")
    out[case] = {k[len("original_firstorder_"):]: float(v) for k, v in r.items() if k.startswith("original_firstorder_")}
print(json.dumps(out))`;
    let expected: Record<string, Record<string, number>> = {};
    beforeAll(async () => {
      expected = await runPythonJson<Record<string, Record<string, number>>>(script, [refPath("pyradiomics"), ...CASES]);
    });

    for (const c of CASES) {
      it(`${c}: all 18 features, and StandardDeviation (computed when named), within 1e-5 relative of PyRadiomics`, () => {
        const image = readImage(refPath("pyradiomics", `${c}_image.nrrd`));
        const mask = selectLabel(readImage(refPath("pyradiomics", `${c}_label.nrrd`)), 1);
        const { roi } = prepareRoi(image, mask, { conventions: "pyradiomics" });
        const levels = discretise(roi, { method: "fbs", binWidth: 25, conventions: "pyradiomics" });
        const ours = byName(firstorderFeatures(roi, levels));
        const theirs = expected[c]!;
        expect(Object.keys(theirs).sort()).toEqual(Object.keys(ours).sort());
        const off = Object.keys(theirs).filter((k) => !(Math.abs(ours[k]! - theirs[k]!) <= 1e-5 * Math.max(Math.abs(theirs[k]!), 1e-12)))
          .map((k) => `${k}: ${ours[k]} vs PyRadiomics ${theirs[k]}`);
        expect(off).toEqual([]);
      });
    }
  },
);
