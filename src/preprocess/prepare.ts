/**
 * IBSI image processing up to the ROI (reference manual §2.1–2.6), producing the {@link PreparedRoi} that
 * every feature family reads:
 *
 *   image, mask ──► [interpolate image + mask] ──► [round intensities] ──► morphological mask
 *                                                           └──► [re-segment range] ─► [outlier filter] ──► intensity mask
 *
 * Only a block around the ROI is processed (its bounding box plus a margin that covers the local-intensity
 * sphere), so a large image costs what its ROI costs.
 */
import { RadiogxError } from "../errors";
import type { Vec3, Volume } from "../io/volume";
import { forEachNonzeroUint8, indexToWorld } from "../io/volume";
import type { PreparedRoi } from "../features/types";
import { castToSourceType, cornerAlignedGrid, ibsiGrid, sampleBlock, type Block, type Grid, type InterpolatorName } from "./resample";

export interface PrepareOptions {
  /** "ibsi": centre-aligned grid, mask interpolated like the image then thresholded; "pyradiomics": corner-aligned grid around the mask, mask by nearest neighbour. */
  conventions: "ibsi" | "pyradiomics";
  /** New spacing in mm (0 keeps an axis); null/undefined: no interpolation. */
  resampledPixelSpacing?: readonly number[] | null;
  /** Image interpolator. Default "linear" (IBSI), "bspline" (PyRadiomics). */
  interpolator?: InterpolatorName;
  /** Partial-volume threshold of the interpolated mask (IBSI). Default 0.5. */
  maskThreshold?: number;
  /** Round intensities to the nearest integer after interpolation (IBSI, CT). Default false. */
  roundIntensities?: boolean;
  /** Re-segmentation range [min, max]; null bounds are open. */
  resegmentRange?: readonly (number | null)[] | null;
  /**
   * How `resegmentRange` is read (PyRadiomics `resegmentMode`): "absolute" intensities (default); "relative" to
   * the ROI's maximum (0.5 = half of it); "sigma", standard deviations from the ROI's mean ([−3, 3]).
   */
  resegmentMode?: "absolute" | "relative" | "sigma";
  /** Use the re-segmented mask for morphology too (PyRadiomics `resegmentShape`, e.g. PET). Default false. */
  resegmentShape?: boolean;
  /** Outlier filter: exclude voxels outside mean ± n·SD of the ROI (IBSI uses n = 3). */
  removeOutliers?: number | null;
  /** Image voxels to keep around the ROI, in mm (local intensity needs 6.2 mm). Default 6.3. */
  marginMm?: number;
  /** PyRadiomics' padDistance around the mask when resampling (voxels). Default 5. */
  padDistance?: number;
  /** The ROI's bounding box when the caller already has it (saves a pass over the mask). */
  roiBox?: { lo: Vec3; hi: Vec3; count: number };
  /** File names for messages. */
  imageFile?: string;
  maskFile?: string;
}

/** What preprocessing did, for the result's diagnostics. */
export interface PrepareDiagnostics {
  originalSpacing: Vec3;
  originalSize: Vec3;
  spacing: Vec3;
  gridSize: Vec3;
  block: { lo: Vec3; size: Vec3 };
  roiVoxels: number;
  morphologicalMaskVoxels: number;
  intensityMaskVoxels: number;
  boundingBox: { lo: Vec3; hi: Vec3 };
  interpolated: boolean;
  /** The re-segmentation range in intensities (after `resegmentMode`); null without re-segmentation. */
  resegmentThresholds: [number, number] | null;
}

/** Index bounding box of the non-zero voxels of a mask. */
export function boundingBox(mask: Volume): { lo: Vec3; hi: Vec3; count: number } {
  const d = mask.data;
  const box = { x0: Infinity, y0: Infinity, z0: Infinity, x1: -Infinity, y1: -Infinity, z1: -Infinity, count: 0 };
  const [nx, ny] = mask.size;
  if (d instanceof Uint8Array) forEachNonzeroUint8(d, (p) => addVoxel(box, p, nx, ny));
  else boxAny(d, nx, ny, box);
  return { lo: [box.x0, box.y0, box.z0], hi: [box.x1, box.y1, box.z1], count: box.count };
}

interface Box { x0: number; y0: number; z0: number; x1: number; y1: number; z1: number; count: number }

/** Adds voxel p (linear index) to the box: the index is decomposed only for ROI voxels. */
function addVoxel(box: Box, p: number, nx: number, ny: number): void {
  const i = p % nx, q = (p - i) / nx, j = q % ny, k = (q - j) / ny;
  box.count++;
  if (i < box.x0) box.x0 = i; if (i > box.x1) box.x1 = i;
  if (j < box.y0) box.y0 = j; if (j > box.y1) box.y1 = j;
  if (k < box.z0) box.z0 = k; if (k > box.z1) box.z1 = k;
}

function boxAny(d: ArrayLike<number>, nx: number, ny: number, box: Box): void {
  for (let p = 0, n = d.length; p < n; p++) if (d[p] !== 0) addVoxel(box, p, nx, ny);
}

/** Prepares the ROI of `image` under binary `roiMask` (1 inside) as IBSI or PyRadiomics prescribe. */
export function prepareRoi(image: Volume, roiMask: Volume, opts: PrepareOptions): { roi: PreparedRoi; diagnostics: PrepareDiagnostics } {
  const bb = opts.roiBox ?? boundingBox(roiMask);
  if (bb.count === 0) throw new RadiogxError("EMPTY_MASK", "the ROI is empty", { file: opts.maskFile });
  const marginMm = opts.marginMm ?? 6.3;
  const resample = opts.resampledPixelSpacing && opts.resampledPixelSpacing.some((s, a) => s > 0 && Math.abs(s - image.spacing[a]!) > 1e-9 * image.spacing[a]!);
  let grid: Grid;
  if (resample) {
    if (opts.conventions === "pyradiomics") {
      grid = cornerAlignedGrid(image, opts.resampledPixelSpacing!, bb.lo, bb.hi, opts.padDistance ?? 5);
    } else {
      grid = ibsiGrid(image, opts.resampledPixelSpacing!);
    }
  } else {
    grid = { size: [...image.size] as Vec3, spacing: [...image.spacing] as Vec3, origin: [...image.origin] as Vec3, direction: [...image.direction], sourceIndexOfOrigin: [0, 0, 0], step: [1, 1, 1] };
  }
  // The block of the grid that covers the ROI plus the margin.
  const lo: Vec3 = [0, 0, 0], size: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const m = Math.ceil(marginMm / grid.spacing[a]!) + 1;
    const g0 = Math.floor((bb.lo[a]! - 0.5 - grid.sourceIndexOfOrigin[a]!) / grid.step[a]!) - m;
    const g1 = Math.ceil((bb.hi[a]! + 0.5 - grid.sourceIndexOfOrigin[a]!) / grid.step[a]!) + m;
    lo[a] = Math.max(0, g0);
    size[a] = Math.min(grid.size[a]! - 1, g1) - lo[a]! + 1;
  }
  const block: Block = { lo, size };
  const n = size[0] * size[1] * size[2];
  let intensities: Float64Array;
  const morphMask = new Uint8Array(n);
  if (resample) {
    const interp = opts.interpolator ?? (opts.conventions === "pyradiomics" ? "bspline" : "linear");
    intensities = sampleBlock(image, grid, block, interp);
    if (opts.conventions === "pyradiomics") castToSourceType(intensities, image);
    const maskInterp: InterpolatorName = opts.conventions === "pyradiomics" ? "nearest" : interp === "nearest" ? "nearest" : "linear";
    const m = sampleBlock(roiMask, grid, block, maskInterp);
    const thr = opts.maskThreshold ?? 0.5;
    for (let i = 0; i < n; i++) morphMask[i] = m[i]! >= thr - 1e-12 ? 1 : 0;
  } else {
    intensities = new Float64Array(n);
    const [nx, ny] = image.size;
    for (let k = 0; k < size[2]; k++) {
      for (let j = 0; j < size[1]; j++) {
        const src = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
        const dst = size[0] * (j + size[1] * k);
        for (let i = 0; i < size[0]; i++) {
          intensities[dst + i] = image.data[src + i]!;
          morphMask[dst + i] = roiMask.data[src + i] !== 0 ? 1 : 0;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(intensities[i]!)) {
      throw new RadiogxError("NOT_AN_IMAGE", "the image has NaN or infinite voxels near the ROI", { file: opts.imageFile });
    }
  }
  if (opts.roundIntensities) for (let i = 0; i < n; i++) intensities[i] = Math.round(intensities[i]!);
  let morphCount = 0;
  for (let i = 0; i < n; i++) morphCount += morphMask[i]!;
  if (morphCount === 0) {
    throw new RadiogxError("EMPTY_MASK", "the ROI vanishes after resampling (no voxel reaches the partial-volume threshold)", {
      file: opts.maskFile, hint: "use a finer resampledPixelSpacing or a lower maskThreshold",
    });
  }
  const { mask: intensityMask, thresholds } = resegment(intensities, morphMask, opts);
  let intCount = 0;
  for (let i = 0; i < n; i++) intCount += intensityMask[i]!;
  if (opts.resegmentShape && intCount > 0) {
    morphMask.set(intensityMask);
    morphCount = intCount;
  }
  if (intCount === 0) {
    throw new RadiogxError("EMPTY_MASK", `no ROI voxel is left after re-segmentation (resegmentRange ${JSON.stringify(opts.resegmentRange ?? null)}, removeOutliers ${opts.removeOutliers ?? "none"})`, {
      file: opts.maskFile, key: "resegmentRange", hint: "check the range against the image's intensities",
    });
  }
  const origin = indexToWorld({ spacing: grid.spacing, origin: grid.origin, direction: grid.direction }, lo[0], lo[1], lo[2]);
  return {
    roi: { size, spacing: [...grid.spacing] as Vec3, origin, direction: [...grid.direction], intensities, morphMask, intensityMask },
    diagnostics: {
      originalSpacing: [...image.spacing] as Vec3,
      originalSize: [...image.size] as Vec3,
      spacing: [...grid.spacing] as Vec3,
      gridSize: [...grid.size] as Vec3,
      block: { lo, size },
      roiVoxels: bb.count,
      morphologicalMaskVoxels: morphCount,
      intensityMaskVoxels: intCount,
      boundingBox: { lo: bb.lo, hi: bb.hi },
      interpolated: !!resample,
      resegmentThresholds: thresholds,
    },
  };
}

/**
 * Re-segmentation (IBSI §2.5): the intensity mask keeps the morphological-mask voxels inside the range, then
 * drops those outside mean ± n·SD, where mean and SD are taken over the voxels the range kept.
 */
function resegment(x: Float64Array, morph: Uint8Array, opts: PrepareOptions): { mask: Uint8Array; thresholds: [number, number] | null } {
  const out = Uint8Array.from(morph);
  const range = opts.resegmentRange;
  let thresholds: [number, number] | null = null;
  if (range && range.length > 0) {
    thresholds = resegmentThresholds(x, morph, range, opts.resegmentMode ?? "absolute");
    const [lo, hi] = thresholds;
    for (let i = 0; i < out.length; i++) if (out[i] && (x[i]! < lo || x[i]! > hi)) out[i] = 0;
  }
  const nsd = opts.removeOutliers;
  if (nsd !== null && nsd !== undefined) {
    let s = 0, s2 = 0, c = 0;
    for (let i = 0; i < out.length; i++) if (out[i]) { s += x[i]!; c++; }
    const mean = s / c;
    for (let i = 0; i < out.length; i++) if (out[i]) s2 += (x[i]! - mean) ** 2;
    const sd = Math.sqrt(s2 / c);
    const lo = mean - nsd * sd, hi = mean + nsd * sd;
    for (let i = 0; i < out.length; i++) if (out[i] && (x[i]! < lo || x[i]! > hi)) out[i] = 0;
  }
  return { mask: out, thresholds };
}

/**
 * The re-segmentation range in intensities. "absolute": the range itself; "relative": fractions of the ROI's
 * maximum; "sigma": mean + t·SD of the ROI (population SD), as PyRadiomics' `resegmentMask`. A single value is
 * a lower bound; a missing (null) bound is open.
 */
function resegmentThresholds(x: Float64Array, morph: Uint8Array, range: readonly (number | null)[], mode: "absolute" | "relative" | "sigma"): [number, number] {
  let lo = range[0] ?? -Infinity;
  let hi = range.length > 1 && range[1] !== null && range[1] !== undefined ? range[1] : Infinity;
  if (mode === "absolute") return [lo, hi];
  let c = 0, sum = 0, max = -Infinity;
  for (let i = 0; i < x.length; i++) if (morph[i]) { c++; sum += x[i]!; if (x[i]! > max) max = x[i]!; }
  if (mode === "relative") {
    if (Number.isFinite(lo)) lo *= max;
    if (Number.isFinite(hi)) hi *= max;
  } else {
    const mean = sum / c;
    let ss = 0;
    for (let i = 0; i < x.length; i++) if (morph[i]) ss += (x[i]! - mean) ** 2;
    const sd = Math.sqrt(ss / c);
    if (Number.isFinite(lo)) lo = mean + lo * sd;
    if (Number.isFinite(hi)) hi = mean + hi * sd;
  }
  return lo <= hi ? [lo, hi] : [hi, lo];
}
