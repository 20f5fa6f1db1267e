/**
 * The params contract: PyRadiomics parameter files load unchanged; unknown keys are errors naming the key
 * and the nearest valid one; values are checked with messages that say what was expected.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RadiogxError } from "../../src/errors";
import { resolveSettings } from "../../src/extract";
import { readParams, validateParams } from "../../src/settings/params";

const dir = mkdtempSync(join(tmpdir(), "radiogx-params-"));

function error(f: () => unknown): RadiogxError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RadiogxError);
    return e as RadiogxError;
  }
  throw new Error("expected an error");
}

describe("PyRadiomics parameter files", () => {
  it("loads PyRadiomics' documented example (Params.yaml) unchanged", () => {
    // From PyRadiomics' documentation, "Parameter File" (examples/exampleSettings/Params.yaml).
    const p = join(dir, "Params.yaml");
    writeFileSync(p, `# This is an example of a parameters file
imageType:
  Original: {}
  LoG:
    sigma: [1.0, 2.0, 3.0, 4.0, 5.0]
  Wavelet: {}

featureClass:
  shape:
  firstorder: []
  glcm:
    - Autocorrelation
    - JointAverage
  glrlm:
  glszm:
  gldm:
  ngtdm:

setting:
  normalize: true
  normalizeScale: 100
  interpolator: 'sitkBSpline'
  resampledPixelSpacing: [2, 2, 2]
  binWidth: 25
  voxelArrayShift: 300
  label: 1
  geometryTolerance: 0.0001
  force2D: false
  padDistance: 10
`);
    const params = readParams(p);
    expect(params.conventions).toBe("ibsi");
    expect(params.imageType.LoG).toEqual({ sigma: [1, 2, 3, 4, 5] });
    expect(params.featureClass.glcm).toEqual(["Autocorrelation", "JointAverage"]);
    expect(params.featureClass.shape).toBeNull();
    expect(params.setting.interpolator).toBe("bspline");
    expect(params.setting.resampledPixelSpacing).toEqual([2, 2, 2]);
  });

  it("reads JSON too, and conventions at the top level", () => {
    const p = join(dir, "p.json");
    writeFileSync(p, JSON.stringify({ conventions: "pyradiomics", setting: { binCount: 32 } }));
    const params = readParams(p);
    expect(params.conventions).toBe("pyradiomics");
    expect(params.featureClass).toHaveProperty("glcm", null);
  });
});

describe("validation", () => {
  it("unknown setting: names it and the nearest valid key", () => {
    const e = error(() => validateParams({ setting: { binwidth: 25 } }));
    expect(e.code).toBe("UNKNOWN_SETTING");
    expect(e.message).toBe('unknown setting "binwidth" in setting (did you mean "binWidth"?)');
  });
  it("unknown top-level key, image type, feature class", () => {
    expect(error(() => validateParams({ settings: {} })).message).toBe('unknown top-level key "settings" (did you mean "setting"?)');
    expect(error(() => validateParams({ imageType: { Wavelets: {} } })).message).toBe('unknown image type "Wavelets" in imageType (did you mean "Wavelet"?)');
    expect(error(() => validateParams({ featureClass: { glmc: null } })).message).toBe('unknown feature class "glmc" in featureClass (did you mean "glcm"?)');
  });
  it("bad values say what was expected", () => {
    expect(error(() => validateParams({ setting: { binWidth: -1 } })).message).toBe('setting "binWidth": expected a number greater than 0, got -1');
    expect(error(() => validateParams({ setting: { resegmentRange: [400, -500] } })).message).toBe('setting "resegmentRange": min 400 is above max -500');
    expect(error(() => validateParams({ setting: { aggregation: ["3D, averged"] } })).message).toMatch(/unknown aggregation "3D, averged" \(did you mean "3D, averaged"\?\)/);
    expect(error(() => validateParams({ setting: { interpolator: "cubicish" } })).code).toBe("INVALID_SETTING");
    expect(error(() => validateParams({ conventions: "itk" })).key).toBe("conventions");
    expect(error(() => validateParams({ voxelSetting: { kernelRadius: 2 } })).message).toMatch(/voxel-based extraction/);
  });
  it("an unreadable or unparsable file names the file", () => {
    expect(error(() => readParams(join(dir, "none.yaml"))).message).toMatch(/none\.yaml: params file not found/);
    const p = join(dir, "bad.yaml");
    writeFileSync(p, "setting: [binWidth: 25\n");
    expect(error(() => readParams(p)).message).toMatch(/bad\.yaml: cannot parse params file/);
  });
  it("resolves defaults and hashes equal settings equally", () => {
    const a = resolveSettings(validateParams({ setting: { binWidth: 25 } }));
    const b = resolveSettings(validateParams({ setting: { binWidth: 25, label: 1 } }));
    const c = resolveSettings(validateParams({ setting: { binWidth: 10 } }));
    expect(a.setting.label).toBe(1);
    expect(a.setting.aggregation).toEqual(["3D, averaged", "3D, merged"]);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
    expect(resolveSettings(validateParams({ conventions: "pyradiomics" })).setting.interpolator).toBe("bspline");
  });
});
