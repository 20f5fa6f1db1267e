/**
 * The four intensity families (loc_, stat_, ih_, ivh_) on the IBSI CT phantom under configurations B–E
 * (IBSI 1 manual, Table 5.2; /work/shared/data/README.md), through the extraction pipeline's interpolation
 * and re-segmentation: every referenced value must be IBSI-compliant (3 significant digits within the
 * tolerance). Configuration A (no interpolation) is tested in each family's own test file.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readImage } from "../../src/io/read";
import type { Volume } from "../../src/io/volume";
import { prepareRoi, type PrepareOptions } from "../../src/preprocess/prepare";
import { discretise, type DiscretiseOptions } from "../../src/preprocess/discretise";
import { isCompliant, type IbsiDataset } from "../../src/conformance/reference";
import { localIntensityFeatures } from "../../src/features/localIntensity";
import { intensityStatisticsFeatures } from "../../src/features/intensityStatistics";
import { intensityHistogramFeatures } from "../../src/features/intensityHistogram";
import { intensityVolumeHistogramFeatures, type IvhOptions } from "../../src/features/intensityVolumeHistogram";
import { hasRefdata, refPath } from "../refdata";
import { expectCompliant } from "./ibsiPhantoms";

interface Configuration {
  dataset: IbsiDataset;
  /** Area under the IVH curve from the IBSI manual's benchmark table (§3.5.7); the CSV tables leave it empty. */
  ivhAuc: { value: number; tolerance: number } | null;
  prepare: Omit<PrepareOptions, "conventions">;
  discretisation: Omit<DiscretiseOptions, "conventions">;
  ivh: IvhOptions;
}

const CONFIGURATIONS: Record<string, Configuration> = {
  // 2D: 2 × 2 mm in-plane (bilinear), slices kept; [−500, 400] HU; FBN 32; IVH on the HU values.
  B: {
    dataset: "chest_config_b",
    ivhAuc: null, // no reliable benchmark value
    prepare: { resampledPixelSpacing: [2, 2, 0], interpolator: "linear", roundIntensities: true, resegmentRange: [-500, 400] },
    discretisation: { method: "fbn", binCount: 32 },
    ivh: { method: "none", lowerBound: -500, upperBound: 400 },
  },
  // 2 mm isotropic (trilinear); [−1000, 400] HU; FBS 25 HU; IVH FBS 2.5 HU.
  C: {
    dataset: "chest_config_c",
    ivhAuc: { value: 0.681, tolerance: 0.003 },
    prepare: { resampledPixelSpacing: [2, 2, 2], interpolator: "linear", roundIntensities: true, resegmentRange: [-1000, 400] },
    discretisation: { method: "fbs", binWidth: 25, lowerBound: -1000 },
    ivh: { method: "fbs", binWidth: 2.5, lowerBound: -1000, upperBound: 400 },
  },
  // 2 mm isotropic (trilinear); no range, 3σ outlier filter; FBN 32; IVH on the HU values over the ROI range.
  D: {
    dataset: "chest_config_d",
    ivhAuc: { value: 0.563, tolerance: 0.012 },
    prepare: { resampledPixelSpacing: [2, 2, 2], interpolator: "linear", roundIntensities: true, removeOutliers: 3 },
    discretisation: { method: "fbn", binCount: 32 },
    ivh: { method: "none" },
  },
  // 2 mm isotropic (tricubic spline); [−1000, 400] HU and 3σ; FBN 32; IVH FBN 1000 bins.
  E: {
    dataset: "chest_config_e",
    ivhAuc: { value: 0.663, tolerance: 0.006 },
    prepare: { resampledPixelSpacing: [2, 2, 2], interpolator: "bspline", roundIntensities: true, resegmentRange: [-1000, 400], removeOutliers: 3 },
    discretisation: { method: "fbn", binCount: 32 },
    ivh: { method: "fbn", binCount: 1000 },
  },
};

describe.skipIf(!hasRefdata())("intensity families on the IBSI CT phantom, configurations B–E (skipped without the reference data)", () => {
  let image: Volume, mask: Volume;
  beforeAll(() => {
    image = readImage(refPath("ibsi1", "ct-phantom", "image.nii.gz"));
    mask = readImage(refPath("ibsi1", "ct-phantom", "mask.nii.gz"));
  });

  for (const [name, c] of Object.entries(CONFIGURATIONS)) {
    it(`configuration ${name}: loc_ (2), stat_ (18), ih_ (23) and ivh_ (6, and the AUC where the manual has it) compliant`, () => {
      const { roi } = prepareRoi(image, mask, { conventions: "ibsi", ...c.prepare });
      const features = [
        ...localIntensityFeatures(roi),
        ...intensityStatisticsFeatures(roi),
        ...intensityHistogramFeatures(discretise(roi, { ...c.discretisation, conventions: "ibsi" })),
        ...intensityVolumeHistogramFeatures(roi, c.ivh),
      ];
      const compared = ["loc_", "stat_", "ih_", "ivh_"].map((prefix) => expectCompliant(features, c.dataset, prefix));
      expect(compared).toEqual([2, 18, 23, 6]);
      if (c.ivhAuc) {
        const auc = features.find((f) => f.name === "ivh_auc")!.value;
        expect(isCompliant(auc, { tag: "ivh_auc", ...c.ivhAuc }), `ivh_auc ${auc} vs ${c.ivhAuc.value} ± ${c.ivhAuc.tolerance}`).toBe(true);
      }
    });
  }
});
