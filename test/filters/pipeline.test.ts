/**
 * filteredImages: PyRadiomics' order and names of the images of an `imageType` section, per-image-type settings,
 * pre-cropping with padDistance and skipped images; and, end to end in the venv, the first-order statistics of
 * every filtered ROI against PyRadiomics' RadiomicsFeatureExtractor (preCrop on) on brain1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filteredImages, type SkippedImage } from "../../src/filters";
import { createVolume, indexToWorld, type Volume } from "../../src/io/volume";
import { readImage } from "../../src/io/read";
import { hasPythonModules, hasRefdata, refPath } from "../refdata";
import { runPeer, type PeerRun } from "./peer";

function phantom(): { image: Volume; mask: Volume } {
  const size: [number, number, number] = [20, 18, 12];
  const n = size[0] * size[1] * size[2];
  const img = new Int16Array(n), msk = new Uint8Array(n);
  for (let k = 0, p = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++)
      for (let i = 0; i < size[0]; i++, p++) {
        img[p] = ((i * 37 + j * 17 + k * 11) % 50) + 100;
        if (i >= 8 && i <= 11 && j >= 6 && j <= 9 && k >= 5 && k <= 7) msk[p] = 1;
      }
  const opts = { spacing: [0.8, 0.8, 2] as [number, number, number], origin: [-10, 5, 30] as [number, number, number] };
  return { image: createVolume(img, size, opts), mask: createVolume(msk, size, opts) };
}

describe("filteredImages", () => {
  it("follows the imageType order and PyRadiomics' names", () => {
    const { image, mask } = phantom();
    const names = filteredImages(image, mask, {
      Original: {}, LoG: { sigma: [1, 2.5] }, Wavelet: {}, Square: {}, SquareRoot: {}, Logarithm: {}, Exponential: {},
      Gradient: {}, LBP2D: {}, LBP3D: {},
    }).map((f) => f.imageType);
    expect(names).toEqual([
      "original", "log-sigma-1-0-mm-3D", "log-sigma-2-5-mm-3D",
      "wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL", "wavelet-HLH", "wavelet-HHL", "wavelet-HHH", "wavelet-LLL",
      "square", "squareroot", "logarithm", "exponential", "gradient", "lbp-2D", "lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k",
    ]);
    const reordered = filteredImages(image, mask, { Square: {}, Original: {} }).map((f) => f.imageType);
    expect(reordered).toEqual(["square", "original"]);
  });

  it("overlays each image type's own settings on the global ones (PyRadiomics customKwargs)", () => {
    const { image, mask } = phantom();
    const out = filteredImages(image, mask, { Original: {}, LoG: { sigma: [1], binWidth: 5 } }, { binWidth: 25, sigma: [3] });
    expect(out.map((f) => [f.imageType, f.settings.binWidth])).toEqual([["original", 25], ["log-sigma-1-0-mm-3D", 5]]);
  });

  it("pre-crops image and mask to the ROI box plus padDistance, keeping world positions", () => {
    const { image, mask } = phantom();
    const [orig] = filteredImages(image, mask, { Original: {} }, { preCrop: true, padDistance: 2 });
    // ROI box i 8–11, j 6–9, k 5–7 → padded by 2: i 6–13, j 4–11, k 3–9
    expect(orig!.volume.size).toEqual([8, 8, 7]);
    expect(orig!.mask.size).toEqual([8, 8, 7]);
    expect(orig!.volume.origin).toEqual(indexToWorld(image, 6, 4, 3));
    expect(orig!.offset).toEqual([6, 4, 3]);
    expect(orig!.volume.data[0]).toBe(image.data[6 + 20 * (4 + 18 * 3)]);
    // the default pad is 5 voxels, clipped at the image border: i 3–16, j 1–14, k 0–11
    const [def] = filteredImages(image, mask, { Original: {} }, { preCrop: true });
    expect(def!.volume.size).toEqual([14, 14, 12]);
  });

  it("reports images PyRadiomics would skip instead of computing them", () => {
    const { image, mask } = phantom();
    const skipped: SkippedImage[] = [];
    const out = filteredImages(image, mask, { LoG: { sigma: [1, 30] }, Square: {} }, {}, { onSkip: (s) => skipped.push(s) });
    expect(out.map((f) => f.imageType)).toEqual(["log-sigma-1-0-mm-3D", "square"]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ filter: "LoG", imageType: "log-sigma-30-0-mm-3D" });
    expect(skipped[0]!.reason).toMatch(/too large/);
    const none: SkippedImage[] = [];
    expect(filteredImages(image, mask, { LoG: {} }, {}, { onSkip: (s) => none.push(s) })).toEqual([]);
    expect(none[0]!.reason).toMatch(/no sigma/);
  });

  it("refuses a mask of another size", () => {
    const { image } = phantom();
    expect(() => filteredImages(image, createVolume(new Uint8Array(8), [2, 2, 2]), { Original: {} })).toThrow(/mask size 2×2×2/);
  });
});

const SCRIPT = `
from radiomics import featureextractor
params = json.loads(sys.argv[4])
for it in params["imageType"].values():
    if "sigma" in it: it["sigma"] = [float(x) for x in it["sigma"]]  # floats, as in a params file
ex = featureextractor.RadiomicsFeatureExtractor(**params["setting"])
ex.disableAllImageTypes()
ex.enableImageTypes(**params["imageType"])
ex.disableAllFeatures()
ex.enableFeaturesByName(firstorder=["Mean", "Variance", "Minimum", "Maximum"])
r = ex.execute(sys.argv[2], sys.argv[3])
print(json.dumps({k: float(v) for k, v in r.items() if not k.startswith("diagnostics_")}))
`;

const PEER = hasRefdata() && hasPythonModules("radiomics", "SimpleITK", "pywt", "skimage", "trimesh");

describe.skipIf(!PEER)("filteredImages vs PyRadiomics' extractor (preCrop), needs the venv with scikit-image and trimesh", () => {
  const params = {
    setting: { preCrop: true, padDistance: 5 },
    imageType: {
      Original: {}, LoG: { sigma: [1.0, 3.0] }, Wavelet: {}, Square: {}, SquareRoot: {}, Logarithm: {}, Exponential: {},
      Gradient: {}, LBP2D: {}, LBP3D: {},
    },
  };
  let run: PeerRun<Record<string, number>>;
  beforeAll(async () => {
    run = await runPeer(SCRIPT, [refPath("pyradiomics", "brain1_image.nrrd"), refPath("pyradiomics", "brain1_label.nrrd"), JSON.stringify(params)]);
  });
  afterAll(() => run.cleanup());

  it("brain1: every image type's ROI mean, variance, minimum and maximum within 1e-9 of the ROI's intensity scale", () => {
    const image = readImage(refPath("pyradiomics", "brain1_image.nrrd"));
    const mask = readImage(refPath("pyradiomics", "brain1_label.nrrd"));
    const images = filteredImages(image, mask, params.imageType, params.setting);
    const ref = run.meta;
    const refTypes = [...new Set(Object.keys(ref).map((k) => k.split("_")[0]!))];
    expect(images.map((f) => f.imageType)).toEqual(refTypes);
    const off: string[] = [];
    let worst = 0;
    for (const f of images) {
      let n = 0, sum = 0, min = Infinity, max = -Infinity;
      const vals: number[] = [];
      for (let p = 0; p < f.mask.data.length; p++) {
        if (f.mask.data[p] !== 1) continue;
        const v = f.volume.data[p]!;
        vals.push(v); n++; sum += v; min = Math.min(min, v); max = Math.max(max, v);
      }
      const mean = sum / n;
      const variance = vals.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
      const ours: Record<string, number> = { Mean: mean, Variance: variance, Minimum: min, Maximum: max };
      // scale of the image's ROI intensities, so that a mean near 0 (wavelet details) is judged fairly
      const scale = Math.max(Math.abs(ref[`${f.imageType}_firstorder_Minimum`]!), Math.abs(ref[`${f.imageType}_firstorder_Maximum`]!));
      for (const [feat, v] of Object.entries(ours)) {
        const r = ref[`${f.imageType}_firstorder_${feat}`]!;
        const err = Math.abs(v - r) / (feat === "Variance" ? scale * scale : scale);
        worst = Math.max(worst, err);
        // measured worst: 3e-15 of the scale (summation order)
        if (!(err <= 1e-9)) off.push(`${f.imageType} ${feat}: ${v} vs ${r}`);
      }
    }
    expect(off).toEqual([]);
    expect(worst).toBeLessThan(1e-9);
  });
});
