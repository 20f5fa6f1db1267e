/**
 * Single-case feature extraction: image + mask + params → features, settings and diagnostics.
 *
 *   read ─► geometry check ─► label ─► prepareRoi (interpolate, round, re-segment) ─► per image type
 *   (Original and filters) ─► discretise once per image type ─► feature families ─► named features
 *
 * Names: IBSI conventions `<imageType>_<IBSI tag>` (`original_morph_volume`, `original_cm_contrast_3D_avg`);
 * PyRadiomics conventions `<imageType>_<class>_<Feature>` (`original_glcm_Contrast`,
 * `log-sigma-2-0-mm-3D_firstorder_Mean`, `wavelet-LLH_glszm_ZonePercentage`).
 */
import { createHash } from "node:crypto";
import { nearest, RadiogxError } from "./errors";
import { readImage } from "./io/read";
import { checkGeometry, selectLabel, type Vec3, type Volume } from "./io/volume";
import { boundingBox, prepareRoi, type PrepareDiagnostics } from "./preprocess/prepare";
import { castToSourceType, sampleBlock, ibsiGrid, cornerAlignedGrid, type InterpolatorName } from "./preprocess/resample";
import { discretise } from "./preprocess/discretise";
import { normaliseImage } from "./preprocess/normalise";
import { correctMask } from "./preprocess/correctMask";
import { FAMILIES, familyOf, type FamilyContext } from "./features/families";
import { iterateFilteredImages } from "./filters";
import { maxAbsIntensity } from "./filters/intensity";
import { cropVolume } from "./filters/roi";
import { waveletFilterBank } from "./filters/wavelet";
import type { AggregationName, DiscretisedImage, FeatureFamily, FeatureValue, PreparedRoi } from "./features/types";
import { DEFAULT_CLASSES, settingsFor, validateParams, type FeatureClassName, type ImageTypeName, type Params, type Settings } from "./settings/params";

/** One extracted feature. */
export interface ExtractedFeature {
  /** Full name, image type first (see module comment). */
  name: string;
  family: FeatureFamily;
  /** IBSI code where IBSI defines one. */
  ibsi: string | null;
  /** IBSI aggregation for texture features, else null. */
  aggregation: AggregationName | null;
  /** Image type: "original", "log-sigma-2-0-mm-3D", "wavelet-LLH", … */
  imageType: string;
  value: number;
}

/** A feature that could not be computed, with the reason. */
export interface FailedFeature {
  name: string;
  reason: string;
}

/** The settings actually used (defaults filled in): the provenance stored with every result. */
export interface ResolvedSettings {
  conventions: Params["conventions"];
  imageType: Params["imageType"];
  featureClass: Params["featureClass"];
  setting: Settings & { label: number };
  /** SHA-256 of the canonical JSON of the four fields above: equal settings give equal hashes. */
  hash: string;
}

export interface ExtractionResult {
  features: ExtractedFeature[];
  failed: FailedFeature[];
  settings: ResolvedSettings;
  diagnostics: {
    version: string;
    image: { file?: string; size: Vec3; spacing: Vec3; origin: Vec3; datatype?: unknown };
    mask: { file?: string; label: number };
    preprocessing: PrepareDiagnostics;
    imageTypes: string[];
    /** Settings that were accepted but had no effect, and similar notes (the CLI prints them). */
    warnings: string[];
    /** Milliseconds per stage. */
    timings: Record<string, number>;
  };
}

export interface ExtractOptions {
  /** Overrides `setting.label`. */
  label?: number;
}

const VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
})();

/** Canonical JSON (sorted keys) for hashing. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(",")}]`;
  if (x !== null && typeof x === "object") {
    return `{${Object.keys(x as object).sort().filter((k) => (x as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(x);
}

/** Fills in documented defaults for the given conventions. */
export function resolveSettings(params: Params, label?: number): ResolvedSettings {
  const s = params.setting;
  const py = params.conventions === "pyradiomics";
  const setting: Settings & { label: number } = {
    ...s,
    label: label ?? s.label ?? 1,
    discretize: s.discretize ?? true,
    distances: s.distances ?? [1],
    interpolator: s.interpolator ?? (py ? "bspline" : "linear"),
    maskThreshold: s.maskThreshold ?? 0.5,
    roundIntensities: s.roundIntensities ?? false,
    voxelArrayShift: s.voxelArrayShift ?? 0,
    symmetricalGLCM: s.symmetricalGLCM ?? true,
    gldm_a: s.gldm_a ?? 0,
    ngldmAlpha: s.ngldmAlpha ?? 0,
    minimumROIDimensions: s.minimumROIDimensions ?? 2,
    geometryTolerance: s.geometryTolerance ?? 1e-4,
    aggregation: s.aggregation ?? (s.force2D ? ["2D, averaged", "2D, slice-merged"] : ["3D, averaged", "3D, merged"]),
  };
  if (setting.binCount === undefined && setting.binWidth === undefined) setting.binWidth = 25;
  const core = { conventions: params.conventions, imageType: params.imageType, featureClass: params.featureClass, setting };
  return { ...core, hash: createHash("sha256").update(canonical(core)).digest("hex") };
}

/** Which PyRadiomics classes map to which IBSI families under IBSI conventions. */
const IBSI_ALIASES: Partial<Record<FeatureClassName, FeatureClassName[]>> = {
  shape: ["morph"], firstorder: ["stat", "ih"], glcm: ["cm"], glrlm: ["rlm"], glszm: ["szm"], ngtdm: ["ngt"], gldm: ["ngl"],
};
const PYRADIOMICS_CLASSES: FeatureClassName[] = ["shape", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm"];

/** The families to compute for the params' conventions. */
function familiesToCompute(params: Params, file?: string): Map<FeatureClassName, string[] | null> {
  const out = new Map<FeatureClassName, string[] | null>();
  for (const [cls, list] of Object.entries(params.featureClass) as [FeatureClassName, string[] | null][]) {
    if (params.conventions === "pyradiomics") {
      if (!PYRADIOMICS_CLASSES.includes(cls)) {
        throw new RadiogxError("INVALID_SETTING", `feature class "${cls}" is an IBSI family; under conventions "pyradiomics" use ${PYRADIOMICS_CLASSES.join(", ")}`, {
          file, key: cls, hint: 'or set conventions: "ibsi"',
        });
      }
      out.set(cls, list);
    } else {
      for (const c of IBSI_ALIASES[cls] ?? [cls]) out.set(c, list);
    }
  }
  if (out.size === 0) for (const c of DEFAULT_CLASSES[params.conventions]) out.set(c, null);
  return out;
}

/** Extracts features from files. Errors name the file; see {@link extract}. */
export function extractFromFiles(imagePath: string, maskPath: string, params: Params = validateParams({}), options: ExtractOptions = {}): ExtractionResult {
  const t0 = performance.now();
  const image = readImage(imagePath);
  const mask = readImage(maskPath);
  const result = extract(image, mask, params, options);
  result.diagnostics.timings.read = performance.now() - t0 - Object.values(result.diagnostics.timings).reduce((a, b) => a + b, 0);
  return result;
}

/**
 * Extracts features from an image and a mask volume under `params` (PyRadiomics-format params with
 * `conventions`). Throws a `RadiogxError` for bad input (geometry mismatch, empty mask, absent label, ROI
 * too small, bad settings); a single feature that cannot be computed is listed in `failed`, not thrown.
 */
export function extract(image: Volume, mask: Volume, params: Params = validateParams({}), options: ExtractOptions = {}): ExtractionResult {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + now - t;
    t = now;
  };
  const settings = resolveSettings(params, options.label);
  const s = settings.setting;
  const imageFile = typeof image.metadata.file === "string" ? image.metadata.file : undefined;
  const maskFile = typeof mask.metadata.file === "string" ? mask.metadata.file : undefined;
  const tol = s.geometryTolerance ?? 1e-4;
  const py = params.conventions === "pyradiomics";
  const warnings: string[] = [];
  let roiMask: Volume<Uint8Array>;
  try {
    checkGeometry(image, mask, { spacing: tol, origin: tol * 10, direction: tol });
    roiMask = selectLabel(mask, s.label);
  } catch (e) {
    // PyRadiomics' correctMask: a mask on another grid is resampled onto the image's (nearest neighbour).
    if (!(s.correctMask && e instanceof RadiogxError && e.code === "GEOMETRY_MISMATCH")) throw e;
    roiMask = correctMask(image, mask, s.label);
    warnings.push(`${e.detail}: correctMask resampled the mask onto the image grid (nearest neighbour)`);
  }
  // PyRadiomics' removeOutliers clips the normalised image (and does nothing without normalize); under IBSI
  // conventions it is the IBSI outlier filter on the ROI.
  if (s.normalize) {
    image = normaliseImage(image, { scale: s.normalizeScale ?? 1, outliers: py ? s.removeOutliers ?? null : null });
  } else if (py && s.removeOutliers != null) {
    warnings.push("removeOutliers has no effect without normalize under PyRadiomics conventions (as in PyRadiomics); for the IBSI outlier filter use conventions: ibsi");
  }
  const roiBox = checkRoiSize(roiMask, s, maskFile);
  const families = familiesToCompute(params, undefined);
  const imageTypes = (Object.keys(params.imageType) as ImageTypeName[]);
  if (imageTypes.length === 0) imageTypes.push("Original");
  const resampled = s.resampledPixelSpacing ?? null;
  const prep = prepareRoi(image, roiMask, {
    conventions: params.conventions,
    resampledPixelSpacing: resampled,
    interpolator: s.interpolator as InterpolatorName,
    maskThreshold: s.maskThreshold,
    roundIntensities: s.roundIntensities,
    resegmentRange: s.resegmentRange ?? null,
    resegmentMode: s.resegmentMode,
    resegmentShape: s.resegmentShape,
    removeOutliers: py ? null : s.removeOutliers ?? null,
    padDistance: s.padDistance,
    roiBox,
    imageFile,
    maskFile,
  });
  lap("preprocess");

  const features: ExtractedFeature[] = [];
  const failed: FailedFeature[] = [];
  const done: string[] = [];
  const isShape = (cls: FeatureClassName) => cls === "shape" || cls === "morph" || cls === "shape2D";
  const computeImage = (imageType: string, kind: ImageTypeName, roi: PreparedRoi, typeSettings: Settings, shapeOnly = false) => {
    if (!shapeOnly) done.push(imageType);
    const merged = { ...s, ...typeSettings } as Settings & { label: number };
    // Downstream (FBS lower bound, IVH range) the re-segmentation range is in intensities.
    const thresholds = prep.diagnostics.resegmentThresholds;
    if (thresholds && merged.resegmentMode && merged.resegmentMode !== "absolute") {
      merged.resegmentRange = [Number.isFinite(thresholds[0]) ? thresholds[0] : null, Number.isFinite(thresholds[1]) ? thresholds[1] : null];
    }
    let disc: DiscretisedImage | undefined;
    const ctx: FamilyContext = {
      roi,
      settings: merged,
      conventions: params.conventions,
      imageType,
      discretised: () => {
        if (!disc) {
          disc = discretise(roi, {
            method: merged.discretize === false ? "none" : merged.binCount !== undefined ? "fbn" : "fbs",
            binWidth: merged.binWidth,
            binCount: merged.binCount,
            lowerBound: merged.resegmentRange && merged.resegmentRange.length > 0 ? merged.resegmentRange[0] : null,
            conventions: params.conventions,
          });
          lap("discretise");
        }
        return disc;
      },
    };
    for (const [cls, only] of families) {
      // Shape depends on the mask only: PyRadiomics computes it once, named "original_shape_*", whichever
      // image types are enabled.
      if (isShape(cls) ? kind !== "Original" : shapeOnly) continue;
      const compute = FAMILIES[cls];
      if (!compute) {
        throw new RadiogxError("INVALID_SETTING", `feature class "${cls}" is not available in this version of radiogx`, { key: cls });
      }
      const values = compute(ctx);
      lap(cls);
      const wanted = only ? selectFeatures(values, only, cls) : values;
      for (const v of wanted) {
        const name = py ? `${imageType}_${familyOf(v)}_${v.name}` : `${imageType}_${v.name}`;
        if (!Number.isFinite(v.value)) {
          failed.push({ name, reason: v.note ?? "the value is not a finite number for this ROI" });
          continue;
        }
        features.push({ name, family: v.family, ibsi: v.ibsi, aggregation: v.aggregation, imageType, value: v.value });
      }
    }
  };

  if (imageTypes.includes("Original")) computeImage("original", "Original", prep.roi, settingsFor(params, "Original"));
  else if ([...families.keys()].some(isShape)) computeImage("original", "Original", prep.roi, s, true);
  const filterTypes = imageTypes.filter((x) => x !== "Original");
  if (filterTypes.length > 0) {
    // Filtered images one at a time (each is dropped once its features are computed).
    for (const f of filteredRois(image, roiMask, prep, params, filterTypes, s, imageFile, failed)) {
      lap("filters");
      computeImage(f.imageType, f.kind, f.roi, f.settings);
    }
  }
  return {
    features,
    failed,
    settings,
    diagnostics: {
      version: VERSION,
      image: { file: imageFile, size: [...image.size] as Vec3, spacing: [...image.spacing] as Vec3, origin: [...image.origin] as Vec3, datatype: image.metadata.datatype },
      mask: { file: maskFile, label: s.label },
      preprocessing: prep.diagnostics,
      imageTypes: done,
      warnings,
      timings,
    },
  };
}

/** Keeps the features a `featureClass` list names; an unknown name is an error naming it. */
function selectFeatures(values: FeatureValue[], only: string[], cls: string): FeatureValue[] {
  const byShort = new Map<string, FeatureValue[]>();
  for (const v of values) {
    // IBSI names carry an aggregation suffix; a list may name the tag with or without it.
    const keys = new Set([v.name, v.name.replace(/_(2D|2_5D|3D)(_(avg|comb))?(_d\d+)?$/, "")]);
    for (const k of keys) byShort.set(k, [...(byShort.get(k) ?? []), v]);
  }
  const out: FeatureValue[] = [];
  for (const want of only) {
    const hit = byShort.get(want);
    if (!hit) {
      const near = nearest(want, [...byShort.keys()]);
      throw new RadiogxError("UNKNOWN_SETTING", `unknown feature "${want}" in featureClass.${cls}`, {
        key: want, hint: near ? `did you mean "${near}"?` : `features of ${cls}: ${[...new Set(values.map((v) => v.name))].slice(0, 30).join(", ")}`,
      });
    }
    for (const v of hit) if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** PyRadiomics' minimumROIDimensions / minimumROISize checks. */
function checkRoiSize(roi: Volume, s: Settings, file?: string): ReturnType<typeof boundingBox> {
  const box = boundingBox(roi);
  const { lo, hi, count } = box;
  const dims = [0, 1, 2].filter((a) => hi[a]! > lo[a]!).length;
  const need = s.minimumROIDimensions ?? 2;
  if (dims < need) {
    throw new RadiogxError("ROI_TOO_SMALL", `the ROI spans ${dims} dimension(s) (${count} voxel${count === 1 ? "" : "s"}); at least ${need} are required`, {
      file, key: "minimumROIDimensions", hint: "check the mask and label, or lower minimumROIDimensions",
    });
  }
  if (s.minimumROISize && count < s.minimumROISize) {
    throw new RadiogxError("ROI_TOO_SMALL", `the ROI has ${count} voxels; minimumROISize is ${s.minimumROISize}`, { file, key: "minimumROISize" });
  }
  return box;
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
 * The crop of the working grid that stands in for the whole image when filtering for one image type: the
 * ROI's box plus {@link filterMargin}, enlarged to hold the prepared block. The wavelet transform is periodic,
 * so on an axis where that box reaches the image's border the crop takes the axis whole (the wrap-around then
 * reads the same voxels as for the whole image).
 */
function filterCropBox(type: ImageTypeName, t: Settings, size: Vec3, spacing: Vec3, roiBox: { lo: Vec3; hi: Vec3 }, block: { lo: Vec3; size: Vec3 }): { lo: Vec3; hi: Vec3 } {
  const m = filterMargin(type, t, spacing);
  const lo: Vec3 = [0, 0, 0], hi: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    lo[a] = Math.max(0, Math.min(roiBox.lo[a]! - m[a]!, block.lo[a]!));
    hi[a] = Math.min(size[a]! - 1, Math.max(roiBox.hi[a]! + m[a]!, block.lo[a]! + block.size[a]! - 1));
    if (type === "Wavelet" && (lo[a] === 0 || hi[a] === size[a]! - 1)) {
      lo[a] = 0;
      hi[a] = size[a]! - 1;
    }
  }
  return { lo, hi };
}

/**
 * Filtered images (LoG, wavelet, …) on the working grid (the resampled grid, or the image's own), each
 * cut to the prepared ROI block and paired with the original's masks (re-segmentation is decided on the
 * original intensities, as in IBSI and PyRadiomics). Unless `preCrop` is set, each image type is filtered on
 * its own crop ({@link filterCropBox}), which gives the values of whole-image filtering at a fraction of the
 * cost; `preCrop: true` crops to the ROI plus `padDistance` as PyRadiomics does, `preCrop: false` filters the
 * whole image.
 */
function* filteredRois(
  image: Volume, roiMask: Volume, prep: ReturnType<typeof prepareRoi>, params: Params, types: ImageTypeName[], s: Settings, imageFile: string | undefined,
  failed: FailedFeature[],
): Generator<{ imageType: string; kind: ImageTypeName; roi: PreparedRoi; settings: Settings }> {
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
    work = { size: grid.size, spacing: grid.spacing, origin: grid.origin, direction: grid.direction, data, metadata: { file: imageFile } };
    workMask = { ...work, data: md, metadata: {} };
  }
  const block = prep.diagnostics.block;
  const lo = block.lo;
  // On the image's own grid the ROI's box is the one prepareRoi already found; a resampled mask needs its own.
  const bb = prep.diagnostics.interpolated ? boundingBox(workMask) : prep.diagnostics.boundingBox;
  const skipped = (x: { imageType?: string; filter: string; reason: string }) => failed.push({ name: x.imageType ?? x.filter, reason: `image not computed: ${x.reason}` });
  const own = s.preCrop === undefined;
  // Our own crops stand in for filtering the whole image: the point-wise filters still scale by its max|x|.
  const pointwise = types.some((t) => t === "Square" || t === "SquareRoot" || t === "Logarithm" || t === "Exponential");
  const wholeImageMaxAbs = own && pointwise ? maxAbsIntensity(work) : undefined;
  // With the user's preCrop the crop must still hold the prepared block: pad at least by its margin.
  const blockMargin = Math.max(...[0, 1, 2].map((a) => Math.max(bb.lo[a]! - lo[a]!, lo[a]! + block.size[a]! - 1 - bb.hi[a]!)));
  for (const ty of types) {
    const typeSettings = params.imageType[ty] ?? {};
    let img = work, msk = workMask;
    let at: Vec3 = [0, 0, 0];
    let iterSettings: Settings;
    if (own) {
      const box = filterCropBox(ty, { ...s, ...typeSettings }, work.size, work.spacing as Vec3, bb, block);
      img = cropVolume(work, box);
      msk = cropVolume(workMask, box);
      at = box.lo;
      iterSettings = { ...s, preCrop: false, label: 1 };
    } else {
      iterSettings = { ...(s.preCrop ? { ...s, padDistance: Math.max(s.padDistance ?? 5, blockMargin) } : s), label: 1 };
    }
    for (const f of iterateFilteredImages(img, msk, { [ty]: typeSettings }, iterSettings, { onSkip: skipped, wholeImageMaxAbs })) {
      const roi = cropToBlock(f.volume, prep.roi, [lo[0] - at[0] - f.offset[0], lo[1] - at[1] - f.offset[1], lo[2] - at[2] - f.offset[2]]);
      yield { imageType: f.imageType, kind: f.filter, roi, settings: settingsFor(params, f.filter) };
    }
  }
}

/** A filtered volume cut to the prepared ROI's block, with the prepared masks. */
function cropToBlock(vol: Volume, roi: PreparedRoi, lo: Vec3): PreparedRoi {
  const [bx, by, bz] = roi.size;
  const [nx, ny, nz] = vol.size;
  if (lo.some((v) => v < 0) || lo[0] + bx > nx || lo[1] + by > ny || lo[2] + bz > nz) {
    throw new Error(`internal: filtered image (${vol.size.join("×")}) does not cover the ROI block at ${lo.join(",")} of ${roi.size.join("×")}`);
  }
  const out = new Float64Array(bx * by * bz);
  for (let k = 0; k < bz; k++) for (let j = 0; j < by; j++) {
    const src = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
    const dst = bx * (j + by * k);
    for (let i = 0; i < bx; i++) out[dst + i] = vol.data[src + i]!;
  }
  return { ...roi, intensities: out };
}

/** A flat `{ name: value }` record of a result's features (e.g. for a table row). */
export function featureRecord(result: ExtractionResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of result.features) out[f.name] = f.value;
  return out;
}
