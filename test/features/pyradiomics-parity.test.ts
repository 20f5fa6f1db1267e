/**
 * PyRadiomics-identical mode, end to end: all 107 original features (shape 14, firstorder 18, glcm 24,
 * glrlm 16, glszm 16, gldm 14, ngtdm 5) of PyRadiomics' own test cases, extracted by `extractFromFiles`
 * with `conventions: pyradiomics` and PyRadiomics' default settings (bin width 25, label 1, no resampling),
 * against PyRadiomics 3.1 run here in the venv: every feature within 1e-5 relative.
 */
import { describe, expect, it } from "vitest";
import { extractFromFiles } from "../../src/extract";
import { validateParams } from "../../src/settings/params";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";

const PYRADIOMICS = `import sys, json, logging, radiomics
from radiomics import featureextractor
radiomics.logger.setLevel(logging.ERROR)
ex = featureextractor.RadiomicsFeatureExtractor()
r = ex.execute(sys.argv[1], sys.argv[2])
print(json.dumps({k: float(v) for k, v in r.items() if not k.startswith("diagnostics_")}))`;

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics"))("PyRadiomics parity: 107 original features", () => {
  for (const name of ["brain1", "brain2", "breast1"]) {
    it(name, async () => {
      const image = refPath("pyradiomics", `${name}_image.nrrd`), mask = refPath("pyradiomics", `${name}_label.nrrd`);
      const ref = await runPythonJson<Record<string, number>>(PYRADIOMICS, [image, mask]);
      expect(Object.keys(ref)).toHaveLength(107);
      const ours = extractFromFiles(image, mask, validateParams({ conventions: "pyradiomics" }));
      expect(ours.failed).toEqual([]);
      const got = new Map(ours.features.map((f) => [f.name, f.value]));
      expect([...got.keys()].sort()).toEqual(Object.keys(ref).sort());
      const off: string[] = [];
      for (const [k, v] of Object.entries(ref)) {
        const g = got.get(k)!;
        if (!(Math.abs(g - v) <= 1e-5 * Math.abs(v) + 1e-12)) off.push(`${k}: radiogx ${g}, PyRadiomics ${v}`);
      }
      expect(off).toEqual([]);
    });
  }
});

const PYRADIOMICS_FILTERED = `import sys, json, logging, radiomics
from radiomics import featureextractor
radiomics.logger.setLevel(logging.ERROR)
ex = featureextractor.RadiomicsFeatureExtractor()
ex.enableImageTypes(Original={}, LoG={"sigma": [1.0, 3.0, 5.0]}, Wavelet={})
r = ex.execute(sys.argv[1], sys.argv[2])
print(json.dumps({k: float(v) for k, v in r.items() if not k.startswith("diagnostics_")}))`;

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics"))("PyRadiomics parity: LoG and wavelet features (brain1)", () => {
  it("LoG σ = 1, 3, 5 mm and the 8 coif1 bands: all 1,130 features within 1e-4 relative", async () => {
    const image = refPath("pyradiomics", "brain1_image.nrrd"), mask = refPath("pyradiomics", "brain1_label.nrrd");
    const ref = await runPythonJson<Record<string, number>>(PYRADIOMICS_FILTERED, [image, mask]);
    expect(Object.keys(ref)).toHaveLength(107 + 3 * 93 + 8 * 93);
    // Default: filters run on the ROI plus a margin that covers their support.
    const ours = extractFromFiles(image, mask, validateParams({ conventions: "pyradiomics", imageType: { Original: {}, LoG: { sigma: [1.0, 3.0, 5.0] }, Wavelet: {} } }));
    expect(ours.failed).toEqual([]);
    const got = new Map(ours.features.map((f) => [f.name, f.value]));
    expect([...got.keys()].sort()).toEqual(Object.keys(ref).sort());
    const off = Object.entries(ref).filter(([k, v]) => !(Math.abs(got.get(k)! - v) <= 1e-4 * Math.abs(v) + 1e-12)).map(([k, v]) => `${k}: ${got.get(k)} vs ${v}`);
    expect(off).toEqual([]);
  });
});

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics"))("PyRadiomics parity: degenerate matrices", () => {
  it("LBP2D image of brain1 (one grey level at bin width 25): glcm Correlation 1, Imc1 0, Imc2 0 as PyRadiomics", async () => {
    const image = refPath("pyradiomics", "brain1_image.nrrd"), mask = refPath("pyradiomics", "brain1_label.nrrd");
    const ref = await runPythonJson<Record<string, number>>(`import sys, json, logging, radiomics
from radiomics import featureextractor
radiomics.logger.setLevel(logging.ERROR)
ex = featureextractor.RadiomicsFeatureExtractor()
ex.disableAllImageTypes(); ex.enableImageTypes(LBP2D={})
ex.disableAllFeatures(); ex.enableFeatureClassByName("glcm"); ex.enableFeatureClassByName("glrlm")
r = ex.execute(sys.argv[1], sys.argv[2])
print(json.dumps({k: float(v) for k, v in r.items() if not k.startswith("diagnostics_")}))`, [image, mask]);
    const ours = extractFromFiles(image, mask, validateParams({ conventions: "pyradiomics", imageType: { LBP2D: {} }, featureClass: { glcm: null, glrlm: null } }));
    const got = new Map(ours.features.map((f) => [f.name, f.value]));
    expect(ref["lbp-2D_glcm_Correlation"]).toBe(1);
    const off = Object.entries(ref).filter(([k, v]) => !(Math.abs(got.get(k)! - v) <= 1e-5 * Math.abs(v) + 1e-12)).map(([k, v]) => `${k}: ${got.get(k)} vs ${v}`);
    expect(off).toEqual([]);
  });
});
