/**
 * PyRadiomics' `correctMask`: a mask on another grid than the image (other size, spacing, origin or
 * direction) is resampled onto the image's grid by nearest neighbour, provided its ROI lies inside the
 * image's physical extent (`imageoperations._correctMask` and `_checkROI`).
 *
 * Nearest neighbour as ITK's ResampleImageFilter: an image voxel centre maps to the mask's continuous index c;
 * it is inside the mask when −0.5 ≤ c < size − 0.5 on every axis, and takes the label of voxel ⌊c + 0.5⌋;
 * outside it is 0.
 */
import { RadiogxError } from "../errors";
import { indexToWorld, selectLabel, worldToIndex, type Vec3, type Volume } from "../io/volume";
import { boundingBox } from "./prepare";

/**
 * The binary ROI (`label`) of `mask` on `image`'s grid.
 * @throws RadiogxError (from selectLabel) when the label is absent; `GEOMETRY_MISMATCH` when the ROI reaches
 *   outside the image (more than 1e-3 voxel beyond its outer voxel faces, as PyRadiomics allows).
 */
export function correctMask(image: Volume, mask: Volume, label: number): Volume<Uint8Array> {
  const file = typeof mask.metadata.file === "string" ? mask.metadata.file : undefined;
  const roi = selectLabel(mask, label);
  const bb = boundingBox(roi);
  // The ROI box's corners (voxel faces) in the image's continuous index space.
  const lo: Vec3 = [Infinity, Infinity, Infinity], hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const idx = [0, 1, 2].map((a) => ((c >> a) & 1 ? bb.hi[a]! + 0.5 : bb.lo[a]! - 0.5));
    const p = worldToIndex(image, indexToWorld(mask, idx[0]!, idx[1]!, idx[2]!));
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, p[a]!);
      hi[a] = Math.max(hi[a]!, p[a]!);
    }
  }
  const tol = 1e-3;
  if (lo.some((v) => v < -0.5 - tol) || hi.some((v, a) => v > image.size[a]! - 0.5 + tol)) {
    const fmt = (v: Vec3) => v.map((x) => +x.toFixed(2)).join(", ");
    throw new RadiogxError("GEOMETRY_MISMATCH", `correctMask: the ROI reaches outside the image (ROI box in image voxel coordinates (${fmt(lo)}) to (${fmt(hi)}), image size ${image.size.join("×")})`, {
      file, key: "correctMask", hint: "the mask does not belong to this image",
    });
  }
  const out = new Uint8Array(image.data.length);
  const [nx, ny] = image.size;
  const [mx, my, mz] = mask.size;
  // Only image voxels inside the ROI's box can be inside the ROI.
  const i0 = Math.max(0, Math.floor(lo[0]!)), i1 = Math.min(image.size[0] - 1, Math.ceil(hi[0]!));
  const j0 = Math.max(0, Math.floor(lo[1]!)), j1 = Math.min(image.size[1] - 1, Math.ceil(hi[1]!));
  const k0 = Math.max(0, Math.floor(lo[2]!)), k1 = Math.min(image.size[2] - 1, Math.ceil(hi[2]!));
  // Image index → mask continuous index is affine: c = A·(i, j, k) + b.
  const b = worldToIndex(mask, indexToWorld(image, 0, 0, 0));
  const ci = worldToIndex(mask, indexToWorld(image, 1, 0, 0)).map((v, a) => v - b[a]!);
  const cj = worldToIndex(mask, indexToWorld(image, 0, 1, 0)).map((v, a) => v - b[a]!);
  const ck = worldToIndex(mask, indexToWorld(image, 0, 0, 1)).map((v, a) => v - b[a]!);
  const rd = roi.data;
  let count = 0;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const x = b[0]! + ci[0]! * i + cj[0]! * j + ck[0]! * k;
        const y = b[1]! + ci[1]! * i + cj[1]! * j + ck[1]! * k;
        const z = b[2]! + ci[2]! * i + cj[2]! * j + ck[2]! * k;
        if (x < -0.5 || y < -0.5 || z < -0.5 || x >= mx - 0.5 || y >= my - 0.5 || z >= mz - 0.5) continue;
        const v = rd[Math.floor(x + 0.5) + mx * (Math.floor(y + 0.5) + my * Math.floor(z + 0.5))]!;
        if (v) {
          out[i + nx * (j + ny * k)] = 1;
          count++;
        }
      }
    }
  }
  if (count === 0) {
    throw new RadiogxError("EMPTY_MASK", `correctMask: no image voxel falls inside label ${label} of the mask after resampling it onto the image grid`, { file, key: "correctMask" });
  }
  return {
    size: [...image.size] as Vec3,
    spacing: [...image.spacing] as Vec3,
    origin: [...image.origin] as Vec3,
    direction: [...image.direction],
    data: out,
    metadata: { ...mask.metadata, correctedToImageGrid: true },
  };
}
