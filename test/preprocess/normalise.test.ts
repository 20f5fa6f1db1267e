/**
 * PyRadiomics' whole-image normalisation (`normalize`, `normalizeScale`, `removeOutliers`) and `correctMask`,
 * on hand-computed volumes. Their agreement with PyRadiomics on real images is in
 * test/features/pyradiomics-settings.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createVolume } from "../../src/io/volume";
import { normaliseImage } from "../../src/preprocess/normalise";
import { correctMask } from "../../src/preprocess/correctMask";

describe("normaliseImage", () => {
  it("standardises by the mean and the sample SD (n − 1) of every voxel, then scales", () => {
    // 1, 2, 3, 4, 5: mean 3, sample SD √2.5.
    const vol = Object.freeze(createVolume(Int16Array.from([1, 2, 3, 4, 5, 3]).subarray(0, 5), [5, 1, 1]));
    const out = normaliseImage(vol, { scale: 10 });
    const sd = Math.sqrt(2.5);
    expect([...out.data].map((v) => +v.toFixed(12))).toEqual([-2, -1, 0, 1, 2].map((z) => +((z / sd) * 10).toFixed(12)));
    expect(out.data).toBeInstanceOf(Float64Array);
    expect([...vol.data]).toEqual([1, 2, 3, 4, 5]);
  });

  it("clips at ±outliers standard deviations before scaling", () => {
    const vol = createVolume(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 10]), [10, 1, 1]);
    // mean 1, sample SD √10: 10 → 9/√10 ≈ 2.85 > 2 is clipped to 2; 0 → −1/√10.
    const out = normaliseImage(vol, { scale: 100, outliers: 2 });
    expect(out.data[9]).toBeCloseTo(200, 12);
    expect(out.data[0]).toBeCloseTo((-1 / Math.sqrt(10)) * 100, 12);
  });

  it("refuses a constant image, naming the setting", () => {
    const vol = createVolume(new Float32Array(8).fill(7), [2, 2, 2], { metadata: { file: "flat.nii" } });
    expect(() => normaliseImage(vol)).toThrow(/flat\.nii: cannot normalise the image: every voxel is 7/);
  });
});

describe("correctMask", () => {
  // Image: 6×6×2 voxels of 1 mm at the origin. Mask: 2 mm voxels, origin shifted by (1, 1, 0) mm.
  const image = createVolume(new Int16Array(72), [6, 6, 2], { spacing: [1, 1, 1] });
  it("resamples the mask onto the image grid by nearest neighbour", () => {
    const m = new Uint8Array(2 * 2 * 1);
    m[0] = 1; // mask voxel (0,0,0): centre (1, 1, 0) mm, covering 0..2 mm on x and y
    const mask = createVolume(m, [2, 2, 1], { spacing: [2, 2, 1], origin: [1, 1, 0] });
    const out = correctMask(image, mask, 1);
    const on: string[] = [];
    for (let k = 0; k < 2; k++) for (let j = 0; j < 6; j++) for (let i = 0; i < 6; i++) if (out.data[i + 6 * (j + 6 * k)]) on.push(`${i},${j},${k}`);
    // Image voxel centres 0, 1, 2 mm map to mask index −0.5, 0, 0.5 → voxel 0 (−0.5 is inside, 0.5 rounds up to 1).
    expect(on).toEqual(["0,0,0", "1,0,0", "0,1,0", "1,1,0"]);
    expect(out.size).toEqual([6, 6, 2]);
  });

  it("refuses a ROI that reaches outside the image", () => {
    const m = new Uint8Array(4);
    m[3] = 1;
    const mask = createVolume(m, [2, 2, 1], { spacing: [4, 4, 1], origin: [1, 1, 0], metadata: { file: "gtv.nrrd" } });
    expect(() => correctMask(image, mask, 1)).toThrow(/gtv\.nrrd: correctMask: the ROI reaches outside the image/);
  });
});
