/**
 * PyRadiomics parameter files beyond the defaults, end to end: each case runs PyRadiomics 3 (the venv) with a
 * params document and `extractFromFiles` with the same document plus `conventions: pyradiomics`, on
 * PyRadiomics' brain1 test case, and asks for the same feature names and every value within 1e-5 relative.
 * These are the settings an outside user's parameter file carries (PyRadiomics' exampleMR_3mm.yaml uses
 * normalize, normalizeScale, resampling with sitkBSpline and voxelArrayShift), each of which once was
 * accepted and then ignored or applied differently.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractFromFiles } from "../../src/extract";
import { readImage } from "../../src/io/read";
import { writeNifti } from "../../src/io/write";
import { readParams, validateParams } from "../../src/settings/params";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";

const PYRADIOMICS = `import sys, json, logging, radiomics
from radiomics import featureextractor
radiomics.logger.setLevel(logging.ERROR)
ex = featureextractor.RadiomicsFeatureExtractor(sys.argv[3])
r = ex.execute(sys.argv[1], sys.argv[2])
print(json.dumps({k: float(v) for k, v in r.items() if not k.startswith("diagnostics_")}))`;

const dir = mkdtempSync(join(tmpdir(), "radiogx-pyradiomics-settings-"));
let files = 0;

/**
 * One PyRadiomics parameter file (YAML, written as a user writes it), read by PyRadiomics and by `readParams`
 * (with `conventions: pyradiomics` put in front): the same feature names, every value within 1e-5 relative.
 */
async function compare(yaml: string, mask = refPath("pyradiomics", "brain1_label.nrrd")) {
  const image = refPath("pyradiomics", "brain1_image.nrrd");
  const theirs = join(dir, `params${++files}.yaml`), mine = join(dir, `params${files}_radiogx.yaml`);
  writeFileSync(theirs, yaml);
  writeFileSync(mine, `conventions: pyradiomics\n${yaml}`);
  const ref = await runPythonJson<Record<string, number>>(PYRADIOMICS, [image, mask, theirs]);
  const ours = extractFromFiles(image, mask, readParams(mine));
  const got = new Map(ours.features.map((f) => [f.name, f.value]));
  expect([...got.keys()].sort()).toEqual(Object.keys(ref).sort());
  const off = Object.entries(ref)
    .filter(([k, v]) => !(Math.abs(got.get(k)! - v) <= 1e-5 * Math.abs(v) + 1e-12))
    .map(([k, v]) => `${k}: radiogx ${got.get(k)}, PyRadiomics ${v}`);
  expect(off).toEqual([]);
  return { ref, ours };
}

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics"))("PyRadiomics parameter files: settings beyond the defaults (brain1, 1e-5)", () => {
  it("normalize with normalizeScale, resampled to 2 mm with sitkBSpline, binWidth 5, voxelArrayShift 300 (exampleMR_3mm)", async () => {
    const { ours } = await compare(`imageType:
  Original: {}
  LoG:
    sigma: [2.0, 3]
setting:
  normalize: true
  normalizeScale: 100
  interpolator: 'sitkBSpline'
  resampledPixelSpacing: [2, 2, 2]
  binWidth: 5
  voxelArrayShift: 300
  label: 1
`);
    // PyRadiomics names LoG images by Python's str() of the sigma as written: 2.0 → "2-0", 3 → "3".
    expect(ours.diagnostics.imageTypes).toEqual(["original", "log-sigma-2-0-mm-3D", "log-sigma-3-mm-3D"]);
    expect(ours.diagnostics.warnings).toEqual([]);
  });

  it("removeOutliers clips the normalised image at ±n SD (PyRadiomics' meaning), not the IBSI ROI filter", async () => {
    await compare("setting:\n  normalize: true\n  normalizeScale: 100\n  removeOutliers: 1.5\n  binWidth: 5\n");
  });

  it("removeOutliers without normalize does nothing, as in PyRadiomics, and says so", async () => {
    const { ours } = await compare("featureClass:\n  firstorder:\n  glcm:\nsetting:\n  removeOutliers: 1\n  binWidth: 25\n");
    expect(ours.diagnostics.warnings.join("\n")).toMatch(/removeOutliers has no effect without normalize/);
  });

  it("resegmentMode sigma: the range in standard deviations from the ROI mean", async () => {
    await compare("setting:\n  resegmentRange: [-1.5, 2]\n  resegmentMode: sigma\n  binWidth: 20\n");
  });

  it("resegmentMode relative with resegmentShape: the range as a fraction of the ROI maximum, shape on the re-segmented mask", async () => {
    // brain1's ROI spans 468–1266: half the maximum (633) leaves out part of the ROI.
    const { ours } = await compare("setting:\n  resegmentRange: [0.5]\n  resegmentMode: relative\n  resegmentShape: true\n  binWidth: 20\n");
    const plain = extractFromFiles(refPath("pyradiomics", "brain1_image.nrrd"), refPath("pyradiomics", "brain1_label.nrrd"), validateParams({ conventions: "pyradiomics", featureClass: { shape: null } }));
    const vol = (r: typeof ours) => r.features.find((f) => f.name === "original_shape_VoxelVolume")!.value;
    expect(vol(ours)).toBeLessThan(vol(plain));
  });

  it("Square, SquareRoot, Logarithm, Exponential and Gradient images with the default preCrop: scaled by the whole image's max |x|", async () => {
    await compare("imageType:\n  Square: {}\n  SquareRoot: {}\n  Logarithm: {}\n  Exponential: {}\n  Gradient: {}\nfeatureClass:\n  firstorder:\n  glcm:\n  ngtdm:\nsetting:\n  binWidth: 25\n");
  });

  it("shape features come with any image type, named original_shape_*, as PyRadiomics computes them once on the mask", async () => {
    const { ours } = await compare("imageType:\n  LoG: {sigma: [3.0]}\nfeatureClass:\n  shape:\n  firstorder:\nsetting:\n  binWidth: 25\n");
    expect(ours.features.filter((f) => f.name.startsWith("original_shape_"))).toHaveLength(14);
    expect(ours.features.some((f) => f.name.startsWith("original_firstorder_"))).toBe(false);
  });

  it("correctMask: a mask saved on a cropped grid is resampled onto the image's grid", async () => {
    const full = readImage(refPath("pyradiomics", "brain1_label.nrrd"));
    const [nx, ny] = full.size;
    const lo = [60, 50, 3], size: [number, number, number] = [140, 160, 19];
    const data = new Uint8Array(size[0] * size[1] * size[2]);
    for (let k = 0; k < size[2]; k++) for (let j = 0; j < size[1]; j++) for (let i = 0; i < size[0]; i++) {
      data[i + size[0] * (j + size[1] * k)] = full.data[lo[0]! + i + nx * (lo[1]! + j + ny * (lo[2]! + k))]!;
    }
    const origin = [0, 1, 2].map((a) => full.origin[a]! + [0, 1, 2].reduce((s, b) => s + full.direction[3 * a + b]! * lo[b]! * full.spacing[b]!, 0)) as [number, number, number];
    const cropped = join(mkdtempSync(join(tmpdir(), "radiogx-correctmask-")), "cropped_label.nii.gz");
    writeNifti({ size, spacing: full.spacing, origin, direction: full.direction, data, metadata: {} }, cropped);
    const { ours } = await compare("featureClass:\n  shape:\n  firstorder:\n  glszm:\nsetting:\n  correctMask: true\n  binWidth: 25\n", cropped);
    expect(ours.diagnostics.warnings.join("\n")).toMatch(/correctMask resampled the mask/);
    expect(() => extractFromFiles(refPath("pyradiomics", "brain1_image.nrrd"), cropped, validateParams({ conventions: "pyradiomics" }))).toThrow(/does not match image size/);
  });

  it("preCrop with padDistance, no resampling: LoG on PyRadiomics' exact crop (the filtered values near the ROI depend on where it ends)", async () => {
    await compare("imageType:\n  LoG: {sigma: [3.0, 5.0]}\n  Wavelet: {}\nfeatureClass:\n  firstorder:\n  glcm:\nsetting:\n  preCrop: true\n  padDistance: 5\n  binWidth: 10\n");
  });

  it("PyRadiomics' MR_2D_extraction settings on a one-slice mask: shape2D, force2D, resampling in-plane only with preCrop, normalize, LoG and wavelet", async () => {
    const full = readImage(refPath("pyradiomics", "brain1_label.nrrd"));
    const [nx, ny, nz] = full.size;
    // The slice with the most ROI voxels.
    const counts = new Array<number>(nz).fill(0);
    for (let p = 0; p < full.data.length; p++) if (full.data[p] === 1) counts[Math.floor(p / (nx * ny))]!++;
    const z = counts.indexOf(Math.max(...counts));
    const data = new Uint8Array(full.data.length);
    for (let p = z * nx * ny; p < (z + 1) * nx * ny; p++) data[p] = full.data[p] === 1 ? 1 : 0;
    const slice = join(dir, "one_slice_label.nii.gz");
    writeNifti({ ...full, data, metadata: {} }, slice);
    const { ours } = await compare(`imageType:
  Original: {}
  LoG:
    sigma: [2.0, 5.0]
  Wavelet: {}
featureClass:
  shape2D:
  firstorder:
  glcm: ['Autocorrelation', 'JointAverage', 'Contrast', 'Imc1', 'SumSquares']
  glrlm:
  glszm:
  gldm:
setting:
  normalize: true
  normalizeScale: 100
  interpolator: 'sitkBSpline'
  resampledPixelSpacing: [2, 2, 0]
  padDistance: 10
  preCrop: true
  force2D: true
  force2Ddimension: 0
  binWidth: 5
  voxelArrayShift: 300
  label: 1
`, slice);
    expect(ours.features.filter((f) => f.family === "shape2D").map((f) => f.name)).toHaveLength(9);
    // A 3D ROI has no 2D shape: PyRadiomics refuses it, and so does radiogx, saying why.
    expect(() => extractFromFiles(refPath("pyradiomics", "brain1_image.nrrd"), refPath("pyradiomics", "brain1_label.nrrd"),
      validateParams({ conventions: "pyradiomics", featureClass: { shape2D: null }, setting: { force2D: true } }))).toThrow(/shape2D needs the ROI in one slice/);
  });

  it("deprecated feature names PyRadiomics computes when named (shape, firstorder StandardDeviation); those it ignores are reported as not computed", async () => {
    const { ours } = await compare(`featureClass:
  shape: ['SurfaceArea', 'Sphericity', 'SphericalDisproportion', 'Compactness1', 'Compactness2', 'Maximum3DDiameter']
  firstorder: ['Mean', 'StandardDeviation']
  glcm: ['SumAverage', 'Contrast', 'Dissimilarity']
setting:
  binWidth: 25
`);
    expect(ours.failed.map((f) => f.name)).toEqual(["original_glcm_Dissimilarity"]);
    expect(ours.failed[0]!.reason).toMatch(/deprecated in PyRadiomics.*DifferenceAverage/);
  });
});
