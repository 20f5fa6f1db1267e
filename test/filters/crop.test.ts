/**
 * The extractor filters each image type on a crop (the ROI box plus the filter's support) instead of the whole
 * image, unless `preCrop` is set. The crop must not change a single feature: here every filtered feature of
 * the default path is compared with `preCrop: false` (the whole image filtered, the path compared with
 * PyRadiomics in test/features/pyradiomics-parity.test.ts) on ROIs in the middle and against the image's
 * borders, where the wavelet's periodic extension wraps round to the far side of the image.
 */
import { describe, expect, it } from "vitest";
import { extract } from "../../src/extract";
import { syntheticTumour } from "../../src/phantom/synthetic";
import { validateParams } from "../../src/settings/params";

const imageType = { Original: {}, LoG: { sigma: [1.0, 2.5] }, Wavelet: {}, Square: {}, Exponential: {}, Gradient: {}, LBP2D: {} };
const featureClass = { firstorder: null, glcm: null, glszm: null, ngtdm: null };

function compareWithWholeImage(centre: [number, number, number], size: [number, number, number], extraType: Record<string, unknown> = {}) {
  const c = syntheticTumour({ seed: 11, size, radius: 6, centre });
  const doc = { conventions: "pyradiomics", imageType: { ...imageType, ...extraType }, featureClass, setting: { binWidth: 25 } };
  const cropped = extract(c.image, c.mask, validateParams(doc));
  const whole = extract(c.image, c.mask, validateParams({ ...doc, setting: { ...doc.setting, preCrop: false } }));
  expect(cropped.failed).toEqual(whole.failed);
  const ref = new Map(whole.features.map((f) => [f.name, f.value]));
  expect(cropped.features.map((f) => f.name)).toEqual(whole.features.map((f) => f.name));
  // LoG images are float32 (as SimpleITK's): a difference far below float32's resolution still flips the
  // rounding of a voxel now and then, one unit in the last place (6e-8 relative); everything else is float64.
  // (A near-zero value such as a skewness of −0.004 then moves by ~1e-8 in absolute terms.)
  const rel = (name: string) => (name.startsWith("log-") ? 1e-6 : 1e-9);
  const abs = (name: string) => (name.startsWith("log-") ? 1e-7 : 1e-12);
  const off = cropped.features
    .filter((f) => !(Math.abs(f.value - ref.get(f.name)!) <= rel(f.name) * Math.abs(ref.get(f.name)!) + abs(f.name)))
    .map((f) => `${f.name}: crop ${f.value}, whole image ${ref.get(f.name)}`);
  expect(off).toEqual([]);
  return cropped;
}

describe("filtering on a crop gives the whole image's features", () => {
  it("a ROI in the middle of the image", () => {
    const r = compareWithWholeImage([40, 40, 20], [80, 80, 40]);
    expect(r.diagnostics.imageTypes).toContain("wavelet-HHH");
  });

  it("a ROI touching the image's low borders (x, y and z)", () => {
    compareWithWholeImage([6, 7, 3], [70, 64, 33]);
  });

  it("a ROI against the high borders, odd axis lengths, two wavelet levels", () => {
    compareWithWholeImage([63, 58, 29], [71, 65, 33], { Wavelet: { level: 2 } });
  });
});
