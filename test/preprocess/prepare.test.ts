/**
 * IBSI CT phantom, configurations B–E: the image-processing diagnostics of IBSI 1 (reference tables
 * `ibsi_1_chest_config_{b..e}.csv`, tags `*_interp_img`, `*_interp_roi`, `*_reseg_roi`) — grid size after
 * interpolation, intensity range of the interpolated image, and voxel counts and intensities of the
 * morphological and intensity masks after interpolation and re-segmentation — each within IBSI's tolerance.
 */
import { describe, expect, it } from "vitest";
import { readImage } from "../../src/io/read";
import { selectLabel } from "../../src/io/volume";
import { boundingBox, prepareRoi } from "../../src/preprocess/prepare";
import { castToSourceType, cornerAlignedGrid, ibsiGrid, sampleBlock, type InterpolatorName } from "../../src/preprocess/resample";
import { loadIbsiReference, type IbsiDataset } from "../../src/conformance/reference";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";

const configs: { name: string; dataset: IbsiDataset; spacing: number[]; interp: InterpolatorName; range: (number | null)[] | null; outliers: number | null }[] = [
  { name: "B", dataset: "chest_config_b", spacing: [2, 2, 0], interp: "linear", range: [-500, 400], outliers: null },
  { name: "C", dataset: "chest_config_c", spacing: [2, 2, 2], interp: "linear", range: [-1000, 400], outliers: null },
  { name: "D", dataset: "chest_config_d", spacing: [2, 2, 2], interp: "linear", range: null, outliers: 3 },
  { name: "E", dataset: "chest_config_e", spacing: [2, 2, 2], interp: "bspline", range: [-1000, 400], outliers: 3 },
];

describe.skipIf(!hasRefdata())("IBSI CT phantom preprocessing (configurations B–E)", () => {
  const image = hasRefdata() ? readImage(refPath("ibsi1", "ct-phantom", "image.nii.gz")) : null;
  const mask = hasRefdata() ? selectLabel(readImage(refPath("ibsi1", "ct-phantom", "mask.nii.gz")), 1) : null;

  for (const c of configs) {
    it(`configuration ${c.name}`, () => {
      const ref = loadIbsiReference(c.dataset);
      const expectNear = (tag: string, value: number) => {
        const r = ref.get(tag);
        expect(r, tag).toBeDefined();
        // Diagnostic values are compared directly within their tolerance (counts are exact integers).
        expect(Math.abs(value - r!.value!), `${tag}: ${value} vs ${r!.value} ± ${r!.tolerance}`).toBeLessThanOrEqual(r!.tolerance + 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(r!.value!) || 1)) - 2));
      };
      const grid = ibsiGrid(image!, c.spacing);
      expectNear("img_dim_x_interp_img", grid.size[0]);
      expectNear("img_dim_y_interp_img", grid.size[1]);
      expectNear("img_dim_z_interp_img", grid.size[2]);
      expectNear("vox_dim_z_interp_img", grid.spacing[2]);
      const full = sampleBlock(image!, grid, { lo: [0, 0, 0], size: grid.size }, c.interp);
      let s = 0, mn = Infinity, mx = -Infinity;
      for (const v0 of full) { const v = Math.round(v0); s += v; if (v < mn) mn = v; if (v > mx) mx = v; }
      expectNear("mean_int_interp_img", s / full.length);
      expectNear("min_int_interp_img", mn);
      expectNear("max_int_interp_img", mx);

      const { roi } = prepareRoi(image!, mask!, {
        conventions: "ibsi", resampledPixelSpacing: c.spacing, interpolator: c.interp, roundIntensities: true,
        resegmentRange: c.range, removeOutliers: c.outliers,
      });
      const stats = (m: Uint8Array) => {
        let n = 0, sum = 0, lo = Infinity, hi = -Infinity;
        for (let i = 0; i < m.length; i++) if (m[i]) { n++; const v = roi.intensities[i]!; sum += v; lo = Math.min(lo, v); hi = Math.max(hi, v); }
        return { n, mean: sum / n, lo, hi };
      };
      const morph = stats(roi.morphMask), int = stats(roi.intensityMask);
      expectNear("morph_mask_vox_count_interp_roi", morph.n);
      expectNear("int_mask_mean_int_interp_roi", morph.mean);
      expectNear("int_mask_min_int_interp_roi", morph.lo);
      expectNear("int_mask_max_int_interp_roi", morph.hi);
      expectNear("int_mask_vox_count_reseg_roi", int.n);
      expectNear("int_mask_mean_int_reseg_roi", int.mean);
      expectNear("int_mask_min_int_reseg_roi", int.lo);
      expectNear("int_mask_max_int_reseg_roi", int.hi);
    });
  }
});

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics", "SimpleITK"))("PyRadiomics resampling (imageoperations.resampleImage)", () => {
  for (const interp of ["bspline", "linear", "nearest"] as const) {
    it(`brain1 to 2 mm, ${interp}: same grid, same voxels, same mask`, async () => {
      const sitkName = { bspline: "sitkBSpline", linear: "sitkLinear", nearest: "sitkNearestNeighbor" }[interp];
      const ref = await runPythonJson<{ size: number[]; origin: number[]; image: number[]; mask: number[] }>(
        `import SimpleITK as sitk, json, sys
from radiomics import imageoperations
im = sitk.ReadImage(sys.argv[1]); ma = sitk.ReadImage(sys.argv[2])
ri, rm = imageoperations.resampleImage(im, ma, resampledPixelSpacing=[2, 2, 2], interpolator=getattr(sitk, sys.argv[3]), label=1, padDistance=5)
print(json.dumps(dict(size=ri.GetSize(), origin=ri.GetOrigin(), image=sitk.GetArrayFromImage(ri).ravel().tolist(), mask=sitk.GetArrayFromImage(rm).ravel().tolist())))`,
        [refPath("pyradiomics", "brain1_image.nrrd"), refPath("pyradiomics", "brain1_label.nrrd"), sitkName],
      );
      const image = readImage(refPath("pyradiomics", "brain1_image.nrrd"));
      const mask = selectLabel(readImage(refPath("pyradiomics", "brain1_label.nrrd")), 1);
      const bb = boundingBox(mask);
      const grid = cornerAlignedGrid(image, [2, 2, 2], bb.lo, bb.hi, 5);
      expect(grid.size).toEqual(ref.size);
      grid.origin.forEach((x, i) => expect(x).toBeCloseTo(ref.origin[i]!, 6));
      const data = sampleBlock(image, grid, { lo: [0, 0, 0], size: grid.size }, interp);
      castToSourceType(data, image);
      const m = sampleBlock(mask, grid, { lo: [0, 0, 0], size: grid.size }, "nearest");
      // SimpleITK arrays are z, y, x with x fastest: the same linear order as ours.
      let worst = 0, maskDiff = 0;
      for (let i = 0; i < data.length; i++) {
        worst = Math.max(worst, Math.abs(data[i]! - ref.image[i]!));
        if ((m[i]! >= 0.5 ? 1 : 0) !== ref.mask[i]) maskDiff++;
      }
      expect(worst).toBe(0); // integer output after ITK's cast: exact
      expect(maskDiff).toBe(0);
    });
  }
});
