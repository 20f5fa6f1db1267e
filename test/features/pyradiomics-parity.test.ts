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
    it(name, () => {
      const image = refPath("pyradiomics", `${name}_image.nrrd`), mask = refPath("pyradiomics", `${name}_label.nrrd`);
      const ref = runPythonJson<Record<string, number>>(PYRADIOMICS, [image, mask]);
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
