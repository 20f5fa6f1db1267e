/**
 * `extractAsync` shares the filter tasks out between threads; its result must be the sequential `extract`'s,
 * feature for feature and in the same order, and a user mistake met in a worker must reach the caller as the
 * same RadiogxError.
 */
import { describe, expect, it } from "vitest";
import { extract, extractAsync } from "../src/extract";
import { isRadiogxError } from "../src/errors";
import { syntheticTumour } from "../src/phantom/synthetic";
import { validateParams } from "../src/settings/params";

// A ROI of ~9,000 voxels: large enough for extractAsync to use its threads.
const c = syntheticTumour({ seed: 5, size: [72, 72, 36], radius: 14 });

describe("extractAsync", () => {
  it("gives extract's features, failures and image types, in the same order, on two threads", async () => {
    const params = validateParams({
      conventions: "pyradiomics",
      imageType: { Original: {}, LoG: { sigma: [1.0, 2.0, 3.0] }, Wavelet: {}, Square: {}, Gradient: {}, LBP2D: {} },
      featureClass: { firstorder: null, glcm: null, glszm: null },
      setting: { binWidth: 25 },
    });
    const seq = extract(c.image, c.mask, params);
    const par = await extractAsync(c.image, c.mask, params, { threads: 2 });
    expect(par.features).toEqual(seq.features);
    expect(par.failed).toEqual(seq.failed);
    expect(par.diagnostics.imageTypes).toEqual(seq.diagnostics.imageTypes);
    expect(par.settings.hash).toBe(seq.settings.hash);
    expect(par.features.length).toBe((1 + 3 + 8 + 3) * (18 + 24 + 16));
    expect(par.diagnostics.threads).toBe(2);
    expect(seq.diagnostics.threads).toBe(1);
  });

  it("IBSI conventions, with resampling: the same features as extract", async () => {
    const params = validateParams({
      imageType: { Original: {}, LoG: { sigma: [1.5, 3.0] }, Wavelet: {} },
      featureClass: { stat: null, cm: null },
      setting: { binWidth: 25, resampledPixelSpacing: [1, 1, 1] },
    });
    const seq = extract(c.image, c.mask, params);
    const par = await extractAsync(c.image, c.mask, params, { threads: 2 });
    expect(par.diagnostics.threads).toBe(2);
    expect(par.features).toEqual(seq.features);
  });

  it("a bad setting met while filtering, on whichever thread, is the same RadiogxError", async () => {
    const params = validateParams({
      conventions: "pyradiomics",
      imageType: { LoG: { sigma: [1.0, 2.0, 3.0] }, LBP2D: { lbp2DMethod: "rotation" }, Gradient: {} },
      featureClass: { firstorder: null },
    });
    let seqError: unknown, parError: unknown;
    try { extract(c.image, c.mask, params); } catch (e) { seqError = e; }
    try { await extractAsync(c.image, c.mask, params, { threads: 2 }); } catch (e) { parError = e; }
    expect(isRadiogxError(seqError)).toBe(true);
    expect(isRadiogxError(parError)).toBe(true);
    expect((parError as Error).message).toBe((seqError as Error).message);
    expect((parError as Error).message).toMatch(/lbp2DMethod/);
  });
});
