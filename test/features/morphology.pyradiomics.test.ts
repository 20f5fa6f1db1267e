/**
 * PyRadiomics' 14 shape features against PyRadiomics itself (v3, run in the project's venv): the test cases
 * brain1, brain2 and breast1 (label 1) through `RadiomicsFeatureExtractor` with only the shape class, and
 * random masks (every marching-cubes configuration, including the ambiguous ones) through the same
 * cropping PyRadiomics' extractor does. Agreement required: 1e-5 relative (observed: ~1e-13).
 * Skipped when the venv with PyRadiomics or the reference data folder is missing (CI makes both).
 */
import { describe, expect, it } from "vitest";
import { pyradiomicsShape, PYRADIOMICS_SHAPE_FEATURES } from "../../src/features/morphology/pyradiomicsShape";
import { readImage } from "../../src/io/read";
import type { PreparedRoi } from "../../src/features/types";
import type { Vec3 } from "../../src/io/volume";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";

const CASES = ["brain1", "brain2", "breast1"] as const;
const REL = 1e-5;

function expectClose(name: string, ours: number, theirs: number): void {
  const rel = Math.abs(ours - theirs) / Math.max(Math.abs(theirs), 1e-300);
  expect(rel, `${name}: ours ${ours}, PyRadiomics ${theirs}`).toBeLessThanOrEqual(REL);
}

function roiFromFiles(image: string, label: string): PreparedRoi {
  const img = readImage(image);
  const lab = readImage(label);
  const m = Uint8Array.from(lab.data, (v) => (v === 1 ? 1 : 0));
  return { size: img.size, spacing: img.spacing, origin: img.origin, direction: img.direction, intensities: Float64Array.from(img.data), morphMask: m, intensityMask: m };
}

const EXTRACT = `
import json, sys, logging
import radiomics
radiomics.setVerbosity(logging.ERROR)
import radiomics.shape
from radiomics import featureextractor
ext = featureextractor.RadiomicsFeatureExtractor()
ext.disableAllFeatures()
ext.enableFeatureClassByName('shape')
# The deprecated ones too, which PyRadiomics computes only when named.
ext.enableFeaturesByName(shape=['Compactness1', 'Compactness2', 'SphericalDisproportion'] + [n for n, d in radiomics.shape.RadiomicsShape.getFeatureNames().items() if not d])
out = {}
for name, image, label in json.loads(sys.argv[1]):
    r = ext.execute(image, label, label=1)
    out[name] = {k[len('original_shape_'):]: float(v) for k, v in r.items() if k.startswith('original_shape_')}
print(json.dumps(out))
`;

const RANDOM = `
import json, sys, logging
import numpy as np, SimpleITK as sitk
import radiomics
radiomics.setVerbosity(logging.ERROR)
from radiomics import shape, imageoperations
out = []
for case in json.loads(sys.argv[1]):
    nx, ny, nz = case['size']
    arr = np.array(case['mask'], dtype=np.uint8).reshape(nz, ny, nx)
    mask = sitk.GetImageFromArray(arr); mask.SetSpacing(case['spacing'])
    image = sitk.GetImageFromArray(arr.astype(np.float32)); image.SetSpacing(case['spacing'])
    bb, _ = imageoperations.checkMask(image, mask, label=1)
    image, mask = imageoperations.cropToTumorMask(image, mask, bb)
    s = shape.RadiomicsShape(image, mask, label=1)
    s.enableAllFeatures()
    for n in ('Compactness1', 'Compactness2', 'SphericalDisproportion'): s.enableFeatureByName(n)
    out.append({k: float(v) for k, v in s.execute().items()})
print(json.dumps(out))
`;

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics", "SimpleITK"))("PyRadiomics shape features vs PyRadiomics (skipped without the venv or the reference data)", () => {
  it("brain1, brain2, breast1: all 14 features, and the 3 deprecated ones PyRadiomics computes when named, within 1e-5 relative", async () => {
    const files = CASES.map((c) => [c, refPath("pyradiomics", `${c}_image.nrrd`), refPath("pyradiomics", `${c}_label.nrrd`)]);
    const theirs = await runPythonJson<Record<string, Record<string, number>>>(EXTRACT, [JSON.stringify(files)]);
    for (const c of CASES) {
      const ours = pyradiomicsShape(roiFromFiles(refPath("pyradiomics", `${c}_image.nrrd`), refPath("pyradiomics", `${c}_label.nrrd`)));
      expect(ours.filter((f) => !f.optIn).map((f) => f.name)).toEqual(PYRADIOMICS_SHAPE_FEATURES.map((d) => d.name));
      expect(ours.filter((f) => f.optIn).map((f) => f.name)).toEqual(["Compactness1", "Compactness2", "SphericalDisproportion"]);
      for (const f of ours) {
        expect(theirs[c]![f.name], `${c} ${f.name} missing from PyRadiomics' output`).toBeDefined();
        expectClose(`${c} ${f.name}`, f.value, theirs[c]![f.name]!);
        expect(f.family).toBe("shape");
      }
    }
  });

  it("random masks with anisotropic spacing (ambiguous marching-cubes configurations included)", async () => {
    let seed = 11;
    const rnd = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    const cases = Array.from({ length: 8 }, () => {
      const size: Vec3 = [4 + Math.floor(rnd() * 8), 4 + Math.floor(rnd() * 8), 3 + Math.floor(rnd() * 6)];
      const p = 0.3 + 0.5 * rnd();
      const mask = Array.from({ length: size[0] * size[1] * size[2] }, () => (rnd() < p ? 1 : 0));
      const spacing: Vec3 = [0.5 + rnd(), 0.5 + rnd(), 1 + 3 * rnd()];
      return { size, spacing, mask };
    });
    const theirs = await runPythonJson<Record<string, number>[]>(RANDOM, [JSON.stringify(cases)]);
    cases.forEach((c, t) => {
      const m = Uint8Array.from(c.mask);
      const roi: PreparedRoi = { size: c.size, spacing: c.spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], intensities: new Float64Array(m.length), morphMask: m, intensityMask: m };
      for (const f of pyradiomicsShape(roi)) expectClose(`case ${t} ${f.name}`, f.value, theirs[t]![f.name]!);
    });
  });
});
