/**
 * Test helpers: the IBSI 1 digital phantom and CT phantom (configuration A) as discretised images, as
 * the IBSI reference manual prescribes for them.
 */
import { readImage } from "../../../src/io/read";
import type { DiscretisedImage } from "../../../src/features/types";
import { refPath } from "../../refdata";

/**
 * The digital phantom (IBSI 1 §5.1): no discretisation, the intensities (1..6) are the grey levels inside
 * the mask; Ng = 6.
 */
export function digitalPhantom(): DiscretisedImage {
  const image = readImage(refPath("ibsi1", "digital-phantom", "image.nii.gz"));
  const mask = readImage(refPath("ibsi1", "digital-phantom", "mask.nii.gz"));
  const levels = new Int32Array(image.data.length);
  for (let p = 0; p < levels.length; p++) levels[p] = mask.data[p]! > 0 ? Math.round(image.data[p]!) : 0;
  return { size: image.size, spacing: image.spacing, levels, nLevels: 6 };
}

/**
 * CT phantom, configuration A (IBSI 1 §5.2, Table 5.1): no interpolation; intensities read as float and
 * rounded; re-segmentation to [−500, 400] HU; fixed bin size 25 HU from −500:
 * level = ⌊(x + 500) / 25⌋ + 1. Ng = 37, the highest level the range allows (400 HU → 37).
 */
export function ctPhantomConfigA(): DiscretisedImage {
  const nLevels = 37;
  const image = readImage(refPath("ibsi1", "ct-phantom", "image.nii.gz"));
  const mask = readImage(refPath("ibsi1", "ct-phantom", "mask.nii.gz"));
  const levels = new Int32Array(image.data.length);
  for (let p = 0; p < levels.length; p++) {
    if (mask.data[p]! <= 0) continue;
    const x = Math.round(image.data[p]!);
    if (x < -500 || x > 400) continue;
    levels[p] = Math.floor((x + 500) / 25) + 1;
  }
  return { size: image.size, spacing: image.spacing, levels, nLevels };
}
