/**
 * Input checks and cropping for the morphology features. Every morphological feature is invariant to a
 * translation of the ROI, so the features are computed on the smallest block that holds both masks: one
 * pass over the caller's block, then everything else runs on the crop.
 */
import type { PreparedRoi } from "../types";
import type { Vec3 } from "../../io/volume";
import { RadiogxError } from "../../errors";

/** Checks that a prepared ROI's arrays match its size; throws `INVALID_ARGUMENT` naming the array. */
export function checkPreparedRoi(roi: PreparedRoi, what: string): void {
  const n = roi.size[0] * roi.size[1] * roi.size[2];
  const arrays: [string, ArrayLike<number>][] = [
    ["intensities", roi.intensities],
    ["morphMask", roi.morphMask],
    ["intensityMask", roi.intensityMask],
  ];
  for (const [name, a] of arrays) {
    if (a.length !== n) {
      throw new RadiogxError("INVALID_ARGUMENT", `${what}: roi.${name} has ${a.length} voxels but the block size ${roi.size.join("×")} needs ${n}`);
    }
  }
  if (!roi.spacing.every((s) => Number.isFinite(s) && s > 0)) {
    throw new RadiogxError("INVALID_ARGUMENT", `${what}: voxel spacing must be positive, got (${roi.spacing.join(", ")})`);
  }
}

/**
 * The ROI cropped to the bounding box of the voxels that are in the morphological mask (or, unless
 * `morphOnly`, in the intensity mask), as a new block (the input is not modified); masks become 0/1.
 * Throws `EMPTY_MASK` when the morphological mask is empty.
 */
export function cropToMasks(roi: PreparedRoi, morphOnly = false): PreparedRoi {
  const [nx, ny, nz] = roi.size;
  const mm = roi.morphMask, im = roi.intensityMask;
  let x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
  // Empty rows are skipped four voxels at a time when the rows are 32-bit aligned.
  const aligned = nx % 4 === 0 && mm.byteOffset % 4 === 0 && im.byteOffset % 4 === 0;
  const mw = aligned ? new Uint32Array(mm.buffer, mm.byteOffset, mm.length >> 2) : null;
  const iw = aligned ? new Uint32Array(im.buffer, im.byteOffset, im.length >> 2) : null;
  const words = nx >> 2;
  // Per row: the first and last voxel in a mask (two short scans from the ends; empty rows cost one scan).
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k);
      if (mw !== null && iw !== null) {
        const w0 = row >> 2;
        let w = w0;
        if (morphOnly) while (w < w0 + words && mw[w] === 0) w++;
        else while (w < w0 + words && (mw[w]! | iw[w]!) === 0) w++;
        if (w === w0 + words) continue;
      }
      let first = 0;
      if (morphOnly) while (first < nx && mm[row + first] === 0) first++;
      else while (first < nx && (mm[row + first]! | im[row + first]!) === 0) first++;
      if (first === nx) continue;
      let last = nx - 1;
      if (morphOnly) while (mm[row + last] === 0) last--;
      else while ((mm[row + last]! | im[row + last]!) === 0) last--;
      if (first < x0) x0 = first;
      if (last > x1) x1 = last;
      if (j < y0) y0 = j;
      if (j > y1) y1 = j;
      if (k < z0) z0 = k;
      if (k > z1) z1 = k;
    }
  }
  let nMorph = 0;
  if (x1 >= 0) {
    for (let k = z0; k <= z1 && nMorph === 0; k++) {
      for (let j = y0; j <= y1 && nMorph === 0; j++) {
        const row = nx * (j + ny * k);
        for (let i = x0; i <= x1; i++) if (mm[row + i] !== 0) { nMorph = 1; break; }
      }
    }
  }
  if (nMorph === 0) throw new RadiogxError("EMPTY_MASK", "the morphological mask is empty: no morphological feature can be computed");
  const size: Vec3 = [x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1];
  const n = size[0] * size[1] * size[2];
  const intensities = new Float64Array(n), morphMask = new Uint8Array(n), intensityMask = new Uint8Array(n);
  for (let k = 0, dst = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const src = x0 + nx * (y0 + j + ny * (z0 + k));
      for (let i = 0; i < size[0]; i++, dst++) {
        intensities[dst] = roi.intensities[src + i]!;
        morphMask[dst] = mm[src + i] !== 0 ? 1 : 0;
        intensityMask[dst] = morphOnly ? morphMask[dst]! : im[src + i] !== 0 ? 1 : 0;
      }
    }
  }
  const d = roi.direction, [sx, sy, sz] = roi.spacing;
  const origin: Vec3 = [
    roi.origin[0] + d[0]! * x0 * sx + d[1]! * y0 * sy + d[2]! * z0 * sz,
    roi.origin[1] + d[3]! * x0 * sx + d[4]! * y0 * sy + d[5]! * z0 * sz,
    roi.origin[2] + d[6]! * x0 * sx + d[7]! * y0 * sy + d[8]! * z0 * sz,
  ];
  return { size, spacing: roi.spacing, origin, direction: roi.direction, intensities, morphMask, intensityMask };
}
