/**
 * The ROI as the filters see it, and PyRadiomics' crop to the ROI's bounding box plus a margin
 * (`imageoperations.cropToTumorMask` with `padDistance`), used before filtering when `preCrop` is on so that the
 * filters only process the neighbourhood of the ROI.
 */
import { RadiogxError } from "../errors";
import { indexToWorld, type Vec3, type Volume, type VoxelArray } from "../io/volume";
import type { IndexBox } from "./spline";

/**
 * The mask value that marks ROI voxels: `label` for a label map; 1 for a binary ROI made by `selectLabel`
 * (a Uint8Array mask whose metadata records the label it was selected from).
 */
export function roiValue(mask: Volume, label: number): number {
  return mask.data instanceof Uint8Array && mask.metadata.label === label && label !== 1 ? 1 : label;
}

/**
 * Bounding box (inclusive voxel indices) of the voxels of `mask` equal to `label` (see {@link roiValue}).
 * @throws RadiogxError `EMPTY_MASK` when there is none.
 */
export function maskBoundingBox(mask: Volume, label = 1): IndexBox {
  const target = roiValue(mask, label);
  const [nx, ny, nz] = mask.size;
  const lo: Vec3 = [nx, ny, nz];
  const hi: Vec3 = [-1, -1, -1];
  const d = mask.data;
  for (let k = 0, p = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        if (d[p] !== target) continue;
        if (i < lo[0]) lo[0] = i;
        if (i > hi[0]) hi[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (j > hi[1]) hi[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (k > hi[2]) hi[2] = k;
      }
    }
  }
  if (hi[0] < 0) {
    const file = typeof mask.metadata.file === "string" ? mask.metadata.file : undefined;
    throw new RadiogxError("EMPTY_MASK", `the mask has no voxel with label ${label}`, { file, key: "label" });
  }
  return { lo, hi };
}

/** A sub-volume [lo, hi] (inclusive) of `vol` with the same voxel type, origin moved so world positions stay. */
export function cropVolume<T extends VoxelArray>(vol: Volume<T>, box: IndexBox): Volume<T> {
  const [nx, ny] = vol.size;
  const size: Vec3 = [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1];
  const Ctor = vol.data.constructor as new (n: number) => T;
  const out = new Ctor(size[0] * size[1] * size[2]);
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const s = box.lo[0] + nx * (box.lo[1] + j + ny * (box.lo[2] + k));
      const d = size[0] * (j + size[1] * k);
      out.set(vol.data.subarray(s, s + size[0]) as unknown as ArrayLike<number>, d);
    }
  }
  return {
    size,
    spacing: [...vol.spacing],
    origin: indexToWorld(vol, box.lo[0], box.lo[1], box.lo[2]),
    direction: [...vol.direction],
    data: out,
    metadata: { ...vol.metadata, cropIndex: [...box.lo] },
  };
}

/**
 * Crops image and mask to the bounding box of the ROI enlarged by `padDistance` voxels on every side and
 * clipped to the image, as PyRadiomics' `cropToTumorMask` (used by `preCrop` with `padDistance`, default 5).
 * @throws RadiogxError `EMPTY_MASK` when the mask has no voxel with the label.
 */
export function cropToMask<T extends VoxelArray, M extends VoxelArray>(
  image: Volume<T>,
  mask: Volume<M>,
  padDistance = 5,
  label = 1,
): { image: Volume<T>; mask: Volume<M>; box: IndexBox } {
  if (!(padDistance >= 0) || !Number.isInteger(padDistance)) {
    throw new RadiogxError("INVALID_SETTING", `padDistance must be a whole number of voxels ≥ 0, got ${padDistance}`, { key: "padDistance" });
  }
  const bb = maskBoundingBox(mask, label);
  const box: IndexBox = {
    lo: [0, 1, 2].map((a) => Math.max(0, bb.lo[a]! - padDistance)) as Vec3,
    hi: [0, 1, 2].map((a) => Math.min(image.size[a]! - 1, bb.hi[a]! + padDistance)) as Vec3,
  };
  return { image: cropVolume(image, box), mask: cropVolume(mask, box), box };
}
