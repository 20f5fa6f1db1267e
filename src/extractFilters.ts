/**
 * The filtered images of an extraction (PyRadiomics' image types other than Original), as units of work
 * ("filter tasks": one per LoG sigma, one per other image type) that the extractor runs one after another,
 * or shares out between threads (`extractAsync`).
 *
 *   working grid (the image, or its resampled grid) ─► per task: crop = ROI box + that filter's support
 *   ─► filter ─► each output image cut to the prepared ROI block ─► features (by the extractor)
 *
 * Unless `preCrop` is set, a crop stands in for the whole image: it gives the whole image's features (see
 * {@link filterMargin}); `preCrop: true` crops to the ROI plus `padDistance` as PyRadiomics does, `preCrop:
 * false` filters the whole image.
 */
import { castToSourceType, cornerAlignedGrid, ibsiGrid, sampleBlock, type InterpolatorName } from "./preprocess/resample";
import { boundingBox, type prepareRoi } from "./preprocess/prepare";
import { iterateFilteredImages } from "./filters";
import { maxAbsIntensity } from "./filters/intensity";
import { cropVolume } from "./filters/roi";
import { waveletFilterBank } from "./filters/wavelet";
import type { Vec3, Volume } from "./io/volume";
import type { PreparedRoi } from "./features/types";
import { settingsFor, type ImageTypeName, type Params, type Settings } from "./settings/params";

type Box = { lo: Vec3; hi: Vec3 };

/** What the filter tasks read: the working grid (or a crop of it that holds every task's crop). */
export interface FilterSource {
  /** The working grid's intensities, or a crop of it starting at `at`. */
  volume: Volume;
  /** The ROI (1 inside) on the same voxels as `volume`. */
  mask: Volume;
  /** Index, on the working grid, of `volume`'s voxel (0, 0, 0). */
  at: Vec3;
  /** Size of the whole working grid (the crops and the wavelet's border rule refer to it). */
  gridSize: Vec3;
  /** The ROI's bounding box on the working grid. */
  roiBox: Box;
  /** The prepared ROI block on the working grid (every filtered image is cut to it). */
  block: { lo: Vec3; size: Vec3 };
  /** max|x| of the whole working grid, for the point-wise filters (only with our own crops). */
  wholeImageMaxAbs?: number;
  /** `preCrop` as set by the user (undefined: our own crops). */
  preCrop?: boolean;
  padDistance?: number;
}

/** One unit of filtering work: an image type with its own settings (for LoG, a single sigma). */
export interface FilterTask {
  type: ImageTypeName;
  settings: Settings;
  /** Relative cost, to hand out the largest first: the number of images it yields. */
  cost: number;
}

/** The filter tasks of `types`, in the order their features are reported. */
export function filterTasks(types: readonly ImageTypeName[], params: Params): FilterTask[] {
  const out: FilterTask[] = [];
  for (const type of types) {
    const own = params.imageType[type] ?? {};
    const merged = settingsFor(params, type);
    if (type === "LoG" && (merged.sigma?.length ?? 0) > 1) {
      merged.sigma!.forEach((sigma, i) => {
        const lit = merged.sigmaIntegerLiterals?.[i];
        out.push({ type, settings: { ...own, sigma: [sigma], ...(lit !== undefined ? { sigmaIntegerLiterals: [lit] } : {}) }, cost: 1 });
      });
    } else {
      const levels = (merged.start_level ?? 0) + (merged.level ?? 1);
      out.push({ type, settings: own, cost: type === "Wavelet" ? 7 * (merged.level ?? 1) + 1 + levels : type === "LBP3D" ? 3 : 1 });
    }
  }
  return out;
}

/**
 * The working grid the filters run on: the image itself, or (with resampling) the whole resampled grid as the
 * preprocessing defines it, with the ROI on it.
 */
export function filterSource(image: Volume, roiMask: Volume, prep: ReturnType<typeof prepareRoi>, params: Params, s: Settings, types: readonly ImageTypeName[]): FilterSource {
  let work: Volume = image;
  let workMask: Volume = roiMask;
  if (prep.diagnostics.interpolated) {
    const sp = s.resampledPixelSpacing!;
    const bb = prep.diagnostics.boundingBox;
    const grid = params.conventions === "pyradiomics" ? cornerAlignedGrid(image, sp, bb.lo, bb.hi, s.padDistance ?? 5) : ibsiGrid(image, sp);
    const block = { lo: [0, 0, 0] as Vec3, size: grid.size };
    const data = sampleBlock(image, grid, block, (s.interpolator ?? "linear") as InterpolatorName);
    if (params.conventions === "pyradiomics") castToSourceType(data, image);
    if (s.roundIntensities) for (let i = 0; i < data.length; i++) data[i] = Math.round(data[i]!);
    const m = sampleBlock(roiMask, grid, block, params.conventions === "pyradiomics" ? "nearest" : "linear");
    const md = new Uint8Array(m.length);
    for (let i = 0; i < m.length; i++) md[i] = m[i]! >= (s.maskThreshold ?? 0.5) ? 1 : 0;
    const file = typeof image.metadata.file === "string" ? image.metadata.file : undefined;
    work = { size: grid.size, spacing: grid.spacing, origin: grid.origin, direction: grid.direction, data, metadata: { file } };
    workMask = { ...work, data: md, metadata: {} };
  }
  // On the image's own grid the ROI's box is the one prepareRoi already found; a resampled mask needs its own.
  const bb = prep.diagnostics.interpolated ? boundingBox(workMask) : prep.diagnostics.boundingBox;
  const pointwise = types.some((t) => t === "Square" || t === "SquareRoot" || t === "Logarithm" || t === "Exponential");
  return {
    volume: work,
    mask: workMask,
    at: [0, 0, 0],
    gridSize: [...work.size] as Vec3,
    roiBox: { lo: [...bb.lo] as Vec3, hi: [...bb.hi] as Vec3 },
    block: prep.diagnostics.block,
    // Our own crops stand in for filtering the whole image: the point-wise filters still scale by its max|x|.
    wholeImageMaxAbs: s.preCrop === undefined && pointwise ? maxAbsIntensity(work) : undefined,
    // PyRadiomics does not crop a resampled image again: its resampled grid is already the ROI plus padDistance.
    preCrop: s.preCrop && prep.diagnostics.interpolated && params.conventions === "pyradiomics" ? false : s.preCrop,
    padDistance: s.padDistance,
  };
}

/**
 * Voxels of margin, per axis, that make filtering a crop (ROI box plus margin) give the whole image's values
 * inside the ROI box, for one image type:
 * - LoG: 8σ (the recursive Gaussian's response is below 1e-14 of its peak there) plus 4 voxels;
 * - Wavelet: the one-level filter length at each of the `start_level + level` levels PyRadiomics computes
 *   (each level convolves the previous approximation with the same, not upsampled, filters) plus 2;
 *   periodic extension also needs the crop to span an axis whole wherever it reaches the image's border
 *   (see {@link filterCropBox});
 * - LBP2D / LBP3D: the sampling radius plus 2; Gradient and the point-wise filters: 2.
 */
export function filterMargin(type: ImageTypeName, t: Settings, spacing: readonly number[]): Vec3 {
  const m: Vec3 = [2, 2, 2];
  for (let a = 0; a < 3; a++) {
    if (type === "LoG") for (const sigma of t.sigma ?? []) m[a] = Math.max(m[a]!, Math.ceil((8 * sigma) / spacing[a]!) + 4);
    if (type === "Wavelet") {
      const F = waveletFilterBank(t.wavelet ?? "coif1").decLo.length;
      m[a] = Math.max(m[a]!, F * ((t.start_level ?? 0) + (t.level ?? 1)) + 2);
    }
    if (type === "LBP2D") m[a] = Math.max(m[a]!, Math.ceil(t.lbp2DRadius ?? 1) + 2);
    if (type === "LBP3D") m[a] = Math.max(m[a]!, Math.ceil(t.lbp3DIcosphereRadius ?? 1) + 2);
  }
  return m;
}

/**
 * The crop of the working grid that stands in for the whole image when filtering for one task: the ROI's box
 * plus {@link filterMargin}, enlarged to hold the prepared block. The wavelet transform is periodic, so on an
 * axis where that box reaches the image's border the crop takes the axis whole (the wrap-around then reads
 * the same voxels as for the whole image).
 */
export function filterCropBox(src: FilterSource, task: FilterTask, s: Settings): Box {
  const m = filterMargin(task.type, { ...s, ...task.settings }, src.volume.spacing);
  const lo: Vec3 = [0, 0, 0], hi: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const n = src.gridSize[a]!;
    lo[a] = Math.max(0, Math.min(src.roiBox.lo[a]! - m[a]!, src.block.lo[a]!));
    hi[a] = Math.min(n - 1, Math.max(src.roiBox.hi[a]! + m[a]!, src.block.lo[a]! + src.block.size[a]! - 1));
    if (task.type === "Wavelet" && (lo[a] === 0 || hi[a] === n - 1)) {
      lo[a] = 0;
      hi[a] = n - 1;
    }
  }
  return { lo, hi };
}

/** The crop of `src` that holds the crops of all `tasks` (what a worker thread is sent). */
export function cropSourceFor(src: FilterSource, tasks: readonly FilterTask[], s: Settings): FilterSource {
  const lo: Vec3 = [...src.gridSize] as Vec3, hi: Vec3 = [0, 0, 0];
  for (const t of tasks) {
    const b = filterCropBox(src, t, s);
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, b.lo[a]!);
      hi[a] = Math.max(hi[a]!, b.hi[a]!);
    }
  }
  const local = { lo: lo.map((v, a) => v - src.at[a]!) as Vec3, hi: hi.map((v, a) => v - src.at[a]!) as Vec3 };
  return { ...src, volume: cropVolume(src.volume, local), mask: cropVolume(src.mask, local), at: lo };
}

/** One filtered image of a task, cut to the prepared block, ready for the feature families. */
export interface FilteredRoi {
  imageType: string;
  kind: ImageTypeName;
  roi: PreparedRoi;
  settings: Settings;
}

/**
 * The images of one task, one at a time (each can be dropped once its features are computed). An image type
 * output that cannot be computed goes to `skipped` with the reason.
 */
export function* runFilterTask(src: FilterSource, task: FilterTask, s: Settings, params: Params, roi: PreparedRoi, skipped: (x: { imageType?: string; filter: string; reason: string }) => void): Generator<FilteredRoi> {
  const lo = src.block.lo;
  let img = src.volume, msk = src.mask;
  let at: Vec3 = [...src.at] as Vec3;
  let iterSettings: Settings;
  if (src.preCrop === undefined) {
    const box = filterCropBox(src, task, s);
    const local = { lo: box.lo.map((v, a) => v - src.at[a]!) as Vec3, hi: box.hi.map((v, a) => v - src.at[a]!) as Vec3 };
    img = cropVolume(src.volume, local);
    msk = cropVolume(src.mask, local);
    at = box.lo;
    iterSettings = { ...s, preCrop: false, label: 1 };
  } else {
    // The user's preCrop is PyRadiomics' (exactly padDistance voxels: a filter's values near the ROI depend on
    // where the crop ends); the prepared block may reach beyond it, see cropToBlock.
    iterSettings = { ...s, preCrop: src.preCrop, label: 1 };
  }
  for (const f of iterateFilteredImages(img, msk, { [task.type]: task.settings }, iterSettings, { onSkip: skipped, wholeImageMaxAbs: src.wholeImageMaxAbs })) {
    yield {
      imageType: f.imageType,
      kind: f.filter,
      roi: cropToBlock(f.volume, roi, [lo[0] - at[0] - f.offset[0], lo[1] - at[1] - f.offset[1], lo[2] - at[2] - f.offset[2]]),
      settings: settingsFor(params, f.filter),
    };
  }
}

/**
 * A filtered volume cut to the prepared ROI's block (whose voxel 0 is voxel `lo` of the volume), with the
 * prepared masks. The ROI itself always lies inside the volume; with the user's `preCrop` the block's margin
 * (kept for IBSI's local intensity) may reach beyond it, and those voxels repeat the nearest voxel of the
 * volume (PyRadiomics' families read ROI voxels only).
 */
function cropToBlock(vol: Volume, roi: PreparedRoi, lo: Vec3): PreparedRoi {
  const [bx, by, bz] = roi.size;
  const [nx, ny, nz] = vol.size;
  const inside = !lo.some((v) => v < 0) && lo[0] + bx <= nx && lo[1] + by <= ny && lo[2] + bz <= nz;
  const out = new Float64Array(bx * by * bz);
  const clamp = (v: number, n: number) => (v < 0 ? 0 : v >= n ? n - 1 : v);
  for (let k = 0; k < bz; k++) for (let j = 0; j < by; j++) {
    const dst = bx * (j + by * k);
    if (inside) {
      const src = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
      for (let i = 0; i < bx; i++) out[dst + i] = vol.data[src + i]!;
    } else {
      const row = nx * (clamp(lo[1] + j, ny) + ny * clamp(lo[2] + k, nz));
      for (let i = 0; i < bx; i++) out[dst + i] = vol.data[row + clamp(lo[0] + i, nx)]!;
    }
  }
  return { ...roi, intensities: out };
}
