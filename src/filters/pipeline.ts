/**
 * The images features are computed on, from PyRadiomics' `imageType` section: the original image and each
 * enabled filter's outputs, in PyRadiomics' order and with its names (the prefix of every feature name,
 * e.g. `log-sigma-2-0-mm-3D_firstorder_Mean`).
 *
 * Pipeline (PyRadiomics `featureextractor.py`, `execute` and `loadImage`):
 * 1. With `preCrop`, image and mask are first cropped to the ROI's bounding box plus `padDistance` voxels
 *    (default 5) — the filters then only see that block, which is what PyRadiomics does and saves time.
 *    (When resampling is on, PyRadiomics' resampling already crops with `padDistance`; do that in preprocess.)
 * 2. Image types are processed in the order of the `imageType` mapping; each uses the global `setting` overlaid
 *    by its own section (PyRadiomics' `customKwargs`), and yields its images in PyRadiomics' order:
 *    Original → `original`; LoG → one `log-sigma-<σ>-mm-3D` per sigma; Wavelet → `wavelet-LLH` … `wavelet-HHH`,
 *    `wavelet-LLL`; Square → `square`; SquareRoot → `squareroot`; Logarithm → `logarithm`; Exponential →
 *    `exponential`; Gradient → `gradient`; LBP2D → `lbp-2D`; LBP3D → `lbp-3D-m1` … `lbp-3D-k`.
 * 3. An image PyRadiomics would not produce (a sigma too large for the image, LoG without sigmas, an all-zero
 *    image for the intensity transforms) is left out and reported through `onSkip` with the reason.
 *
 * Features are then computed on each image cropped to the ROI (no padding), which the extractor does.
 */
import { RadiogxError } from "../errors";
import type { Vec3, Volume } from "../io/volume";
import type { ImageTypeName, Settings } from "../settings/params";
import { gradientFilter } from "./gradient";
import { exponentialFilter, logarithmFilter, maxAbsIntensity, squareFilter, squareRootFilter } from "./intensity";
import { LBP2D_METHODS, lbp2DFilter, type Lbp2DMethod } from "./lbp2d";
import { lbp3DFilter } from "./lbp3d";
import { logFilter, logImageTypeName, logSigmaProblem } from "./log";
import { cropToMask } from "./roi";
import { waveletFilter } from "./wavelet";

/** One image to compute features on. */
export interface FilteredImage {
  /** PyRadiomics' image type name, the feature name prefix: "original", "log-sigma-2-0-mm-3D", "wavelet-LLH", … */
  imageType: string;
  /** The `imageType` entry it comes from ("Original", "LoG", "Wavelet", …). */
  filter: ImageTypeName;
  /** The (filtered) image. */
  volume: Volume;
  /** The mask on the same grid as `volume` (the input mask, or its pre-cropped block). */
  mask: Volume;
  /** Index, in the input image, of `volume`'s voxel (0, 0, 0): [0, 0, 0] unless pre-cropped. */
  offset: Vec3;
  /** Settings in force for this image: `setting` overlaid by the image type's own section. */
  settings: Settings;
}

/** An image type output that was not produced, and why. */
export interface SkippedImage {
  filter: ImageTypeName;
  /** The image type name it would have had, when known. */
  imageType?: string;
  reason: string;
}

/** Options of {@link filteredImages}. */
export interface FilteredImagesOptions {
  /** Called for every image left out (see the module comment). Default: skipped images are just absent. */
  onSkip?: (skipped: SkippedImage) => void;
  /**
   * max|intensity| of the whole image, for Square, SquareRoot, Logarithm and Exponential, when `image` is itself
   * a crop that stands in for whole-image filtering (the extractor's ROI-plus-margin crop). Default: `image`'s
   * own (after `preCrop`, as PyRadiomics does).
   */
  wholeImageMaxAbs?: number;
}

/**
 * The images PyRadiomics would compute features on, one at a time (a generator, so that a caller can drop
 * each image after use; all bands of one wavelet decomposition are computed together).
 */
export function* iterateFilteredImages(
  image: Volume,
  mask: Volume,
  imageType: Partial<Record<ImageTypeName, Settings>>,
  settings: Settings = {},
  options: FilteredImagesOptions = {},
): Generator<FilteredImage, void, undefined> {
  const skip = (s: SkippedImage) => options.onSkip?.(s);
  if (image.size.some((n, a) => n !== mask.size[a])) {
    throw new RadiogxError("GEOMETRY_MISMATCH", `mask size ${mask.size.join("×")} does not match image size ${image.size.join("×")}`, {
      file: typeof mask.metadata.file === "string" ? mask.metadata.file : undefined,
    });
  }
  const label = settings.label ?? 1;
  let img = image;
  let roi = mask;
  let offset: Vec3 = [0, 0, 0];
  if (settings.preCrop) {
    const cropped = cropToMask(image, mask, settings.padDistance ?? 5, label);
    img = cropped.image;
    roi = cropped.mask;
    offset = cropped.box.lo;
  }
  for (const [name, own] of Object.entries(imageType) as [ImageTypeName, Settings | undefined][]) {
    const s: Settings = { ...settings, ...(own ?? {}) };
    const out = (imageTypeName: string, volume: Volume): FilteredImage => ({
      imageType: imageTypeName, filter: name, volume, mask: roi, offset: [...offset], settings: s,
    });
    switch (name) {
      case "Original":
        yield out("original", img);
        break;
      case "LoG": {
        const sigmas = s.sigma ?? [];
        if (sigmas.length === 0) skip({ filter: name, reason: "no sigma given (setting 'sigma'), so no LoG image is computed" });
        for (const [i, sigma] of sigmas.entries()) {
          const typeName = logImageTypeName(sigma, { integerLiteral: s.sigmaIntegerLiterals?.[i] });
          const problem = logSigmaProblem(img, sigma);
          if (problem) skip({ filter: name, imageType: typeName, reason: problem });
          else yield out(typeName, logFilter(img, sigma));
        }
        break;
      }
      case "Wavelet": {
        const bands = waveletFilter(img, {
          wavelet: s.wavelet,
          level: s.level,
          startLevel: s.start_level,
          force2D: s.force2D,
          force2Ddimension: s.force2Ddimension,
        });
        for (const b of bands) yield out(b.imageType, b.volume);
        break;
      }
      case "Square":
      case "SquareRoot":
      case "Logarithm":
      case "Exponential": {
        const typeName = name.toLowerCase();
        const m = options.wholeImageMaxAbs ?? maxAbsIntensity(img);
        if (!(m > 0)) {
          skip({ filter: name, imageType: typeName, reason: "the image is all zeros, so it cannot be rescaled (PyRadiomics would give NaN everywhere)" });
          break;
        }
        const f = { Square: squareFilter, SquareRoot: squareRootFilter, Logarithm: logarithmFilter, Exponential: exponentialFilter }[name];
        yield out(typeName, f(img, m));
        break;
      }
      case "Gradient":
        yield out("gradient", gradientFilter(img, { useSpacing: s.gradientUseSpacing ?? true }));
        break;
      case "LBP2D": {
        const method = s.lbp2DMethod ?? "uniform";
        if (!(LBP2D_METHODS as readonly string[]).includes(method)) {
          throw new RadiogxError("INVALID_SETTING", `unknown lbp2DMethod "${method}"`, { key: "lbp2DMethod", hint: `use one of ${LBP2D_METHODS.join(", ")}` });
        }
        yield out("lbp-2D", lbp2DFilter(img, {
          radius: s.lbp2DRadius,
          samples: s.lbp2DSamples,
          method: method as Lbp2DMethod,
          force2Ddimension: s.force2Ddimension,
        }));
        break;
      }
      case "LBP3D": {
        const images = lbp3DFilter(img, roi, {
          levels: s.lbp3DLevels,
          icosphereRadius: s.lbp3DIcosphereRadius,
          icosphereSubdivision: s.lbp3DIcosphereSubdivision,
          label: s.label ?? 1,
        });
        for (const r of images) yield out(r.imageType, r.volume);
        break;
      }
      default: {
        const never: never = name;
        throw new RadiogxError("UNKNOWN_SETTING", `unknown image type "${String(never)}"`, { key: String(never) });
      }
    }
  }
}

/**
 * All images of {@link iterateFilteredImages} as a list.
 * @example
 * filteredImages(ct, roi, { Original: {}, LoG: { sigma: [1, 2] }, Wavelet: {} }, { binWidth: 25 })
 *   .map((f) => f.imageType)
 * // ["original", "log-sigma-1-0-mm-3D", "log-sigma-2-0-mm-3D", "wavelet-LLH", …, "wavelet-LLL"]
 */
export function filteredImages(
  image: Volume,
  mask: Volume,
  imageType: Partial<Record<ImageTypeName, Settings>>,
  settings: Settings = {},
  options: FilteredImagesOptions = {},
): FilteredImage[] {
  return [...iterateFilteredImages(image, mask, imageType, settings, options)];
}
