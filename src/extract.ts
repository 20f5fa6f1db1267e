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
import { availableParallelism } from "node:os";
import { nearest, RadiogxError } from "./errors";
import { readImage } from "./io/read";
import { checkGeometry, selectLabel, type Vec3, type Volume } from "./io/volume";
import { boundingBox, prepareRoi, type PrepareDiagnostics } from "./preprocess/prepare";
import type { InterpolatorName } from "./preprocess/resample";
import { discretise } from "./preprocess/discretise";
import { normaliseImage } from "./preprocess/normalise";
import { correctMask } from "./preprocess/correctMask";
import { FAMILIES, familyOf, type FamilyContext } from "./features/families";
import { filterSource, filterTasks, runFilterTask, type FilterTask } from "./extractFilters";
import { runFilterTasksParallel } from "./extractParallel";
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
    /** Threads that computed the filtered images (1 unless {@link extractAsync} shared them out). */
    threads: number;
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
const PYRADIOMICS_CLASSES: FeatureClassName[] = ["shape", "shape2D", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm"];

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
 * {@link extractFromFiles} with the filtered images shared out between threads ({@link extractAsync}): the
 * same result, sooner when there are several filters and CPUs to run them.
 */
export async function extractFromFilesAsync(imagePath: string, maskPath: string, params: Params = validateParams({}), options: ExtractAsyncOptions = {}): Promise<ExtractionResult> {
  const t0 = performance.now();
  const image = readImage(imagePath);
  const mask = readImage(maskPath);
  const tRead = performance.now() - t0;
  const result = await extractAsync(image, mask, params, options);
  result.diagnostics.timings.read = tRead;
  return result;
}

/** Stopwatch of an extraction: `lap(stage)` adds the time since the last lap to that stage. */
export type Lap = (stage: string) => void;

function stopwatch(timings: Record<string, number>): Lap {
  let t = performance.now();
  return (name) => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + now - t;
    t = now;
  };
}

/** What every image type's features need, fixed once per extraction (sent as is to worker threads). */
export interface FeatureJob {
  params: Params;
  /** The resolved `setting` section. */
  s: Settings & { label: number };
  families: Map<FeatureClassName, string[] | null>;
  /** The re-segmentation range in intensities, when `resegmentMode` made it relative. */
  resegmentThresholds: [number, number] | null;
}

/** Features of one image (the original or a filtered one) on the prepared ROI. */
export interface ImageFeatures {
  imageType: string;
  features: ExtractedFeature[];
  failed: FailedFeature[];
}

const isShape = (cls: FeatureClassName) => cls === "shape" || cls === "morph" || cls === "shape2D";

/**
 * The feature families of `job` on one image. Shape depends on the mask only: PyRadiomics computes it once,
 * named "original_shape_*", whichever image types are enabled; `shapeOnly` computes just that.
 */
export function imageFeatures(job: FeatureJob, imageType: string, kind: ImageTypeName, roi: PreparedRoi, typeSettings: Settings, lap: Lap, shapeOnly = false): ImageFeatures {
  const { params } = job;
  const py = params.conventions === "pyradiomics";
  const merged = { ...job.s, ...typeSettings } as Settings & { label: number };
  // Downstream (FBS lower bound, IVH range) the re-segmentation range is in intensities.
  const thresholds = job.resegmentThresholds;
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
  const features: ExtractedFeature[] = [];
  const failed: FailedFeature[] = [];
  for (const [cls, only] of job.families) {
    if (isShape(cls) ? kind !== "Original" : shapeOnly) continue;
    const compute = FAMILIES[cls];
    if (!compute) {
      throw new RadiogxError("INVALID_SETTING", `feature class "${cls}" is not available in this version of radiogx`, { key: cls });
    }
    const values = compute(ctx);
    lap(cls);
    const wanted = only ? selectFeatures(values, only, cls, (name, reason) => failed.push({ name: py ? `${imageType}_${cls}_${name}` : `${imageType}_${name}`, reason })) : values.filter((v) => !v.optIn);
    for (const v of wanted) {
      const name = py ? `${imageType}_${familyOf(v)}_${v.name}` : `${imageType}_${v.name}`;
      if (!Number.isFinite(v.value)) {
        failed.push({ name, reason: v.note ?? "the value is not a finite number for this ROI" });
        continue;
      }
      features.push({ name, family: v.family, ibsi: v.ibsi, aggregation: v.aggregation, imageType, value: v.value });
    }
  }
  return { imageType, features, failed };
}

/** An extraction up to its filtered images: checked input, prepared ROI, and the original image's features. */
interface Prepared {
  settings: ResolvedSettings;
  job: FeatureJob;
  image: Volume;
  roiMask: Volume<Uint8Array>;
  prep: ReturnType<typeof prepareRoi>;
  filterTypes: ImageTypeName[];
  /** The original image's features (or only its shape features when Original is not an image type). */
  original: ImageFeatures | null;
  originalIsImageType: boolean;
  warnings: string[];
  timings: Record<string, number>;
  lap: Lap;
  imageFile?: string;
  maskFile?: string;
}

function prepareExtraction(image: Volume, mask: Volume, params: Params, options: ExtractOptions): Prepared {
  const timings: Record<string, number> = {};
  const lap = stopwatch(timings);
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
  const prep = prepareRoi(image, roiMask, {
    conventions: params.conventions,
    resampledPixelSpacing: s.resampledPixelSpacing ?? null,
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
  const job: FeatureJob = { params, s, families, resegmentThresholds: prep.diagnostics.resegmentThresholds };
  let original: ImageFeatures | null = null;
  if (imageTypes.includes("Original")) original = imageFeatures(job, "original", "Original", prep.roi, settingsFor(params, "Original"), lap);
  else if ([...families.keys()].some(isShape)) original = imageFeatures(job, "original", "Original", prep.roi, s, lap, true);
  return {
    settings, job, image, roiMask, prep, original, warnings, timings, lap, imageFile, maskFile,
    originalIsImageType: imageTypes.includes("Original"),
    filterTypes: imageTypes.filter((x) => x !== "Original"),
  };
}

/** The filtered images' features, one task after another on this thread. */
function filteredFeaturesSequential(p: Prepared, tasks: FilterTask[], failed: FailedFeature[]): ImageFeatures[] {
  if (tasks.length === 0) return [];
  const src = filterSource(p.image, p.roiMask, p.prep, p.job.params, p.job.s, p.filterTypes);
  const out: ImageFeatures[] = [];
  for (const task of tasks) {
    // Filtered images one at a time (each is dropped once its features are computed).
    for (const f of runFilterTask(src, task, p.job.s, p.job.params, p.prep.roi, skippedTo(failed))) {
      p.lap("filters");
      out.push(imageFeatures(p.job, f.imageType, f.kind, f.roi, f.settings, p.lap));
    }
  }
  return out;
}

/** Where a filter task reports an image it could not compute. */
export function skippedTo(failed: FailedFeature[]): (x: { imageType?: string; filter: string; reason: string }) => void {
  return (x) => failed.push({ name: x.imageType ?? x.filter, reason: `image not computed: ${x.reason}` });
}

function finish(p: Prepared, filtered: ImageFeatures[], filterFailed: FailedFeature[], threads = 1): ExtractionResult {
  const images = p.original ? [p.original, ...filtered] : filtered;
  const features = images.flatMap((r) => r.features);
  const failed = [...images.flatMap((r) => r.failed), ...filterFailed];
  // (Shape features alone, without Original among the image types, do not make "original" an image type.)
  const imageTypes = images.filter((r) => r !== p.original || p.originalIsImageType).map((r) => r.imageType);
  return {
    features,
    failed,
    settings: p.settings,
    diagnostics: {
      version: VERSION,
      image: { file: p.imageFile, size: [...p.image.size] as Vec3, spacing: [...p.image.spacing] as Vec3, origin: [...p.image.origin] as Vec3, datatype: p.image.metadata.datatype },
      mask: { file: p.maskFile, label: p.job.s.label },
      preprocessing: p.prep.diagnostics,
      imageTypes,
      warnings: p.warnings,
      threads,
      timings: p.timings,
    },
  };
}

/**
 * Extracts features from an image and a mask volume under `params` (PyRadiomics-format params with
 * `conventions`). Throws a `RadiogxError` for bad input (geometry mismatch, empty mask, absent label, ROI
 * too small, bad settings); a single feature that cannot be computed is listed in `failed`, not thrown.
 * Runs on the calling thread; {@link extractAsync} shares the filtered images out between threads.
 */
export function extract(image: Volume, mask: Volume, params: Params = validateParams({}), options: ExtractOptions = {}): ExtractionResult {
  const p = prepareExtraction(image, mask, params, options);
  const failed: FailedFeature[] = [];
  const filtered = filteredFeaturesSequential(p, filterTasks(p.filterTypes, params), failed);
  return finish(p, filtered, failed);
}

export interface ExtractAsyncOptions extends ExtractOptions {
  /**
   * Threads for the filtered images (this one included); 1 runs everything here. Default: the CPUs available
   * (`os.availableParallelism()`) where that pays (a ROI large enough for the work to outweigh starting a
   * worker, ~0.1 s). Either way threads need several filter tasks and radiogx's own crops (no `preCrop`).
   */
  threads?: number;
}

/**
 * {@link extract}, with the filter tasks (one per LoG sigma, one per other image type) shared out between
 * this thread and worker threads. The result is the same, features in the same order; `timings` add up the
 * stages over all threads.
 */
export async function extractAsync(image: Volume, mask: Volume, params: Params = validateParams({}), options: ExtractAsyncOptions = {}): Promise<ExtractionResult> {
  const p = prepareExtraction(image, mask, params, options);
  const tasks = filterTasks(p.filterTypes, params);
  const threads = Math.min(options.threads ?? availableParallelism(), tasks.length);
  const failed: FailedFeature[] = [];
  const parallel = threads >= 2 && p.job.s.preCrop === undefined && (options.threads !== undefined || parallelPays(p, tasks));
  if (!parallel) return finish(p, filteredFeaturesSequential(p, tasks, failed), failed);
  const src = filterSource(p.image, p.roiMask, p.prep, params, p.job.s, p.filterTypes);
  const filtered = await runFilterTasksParallel({ src, tasks, job: p.job, roi: p.prep.roi, threads, lap: p.lap, timings: p.timings, failed });
  return finish(p, filtered, failed, threads);
}

/** Worker threads pay off on a ROI of some size (a worker costs ~0.1 s to start). */
function parallelPays(p: Prepared, tasks: FilterTask[]): boolean {
  const work = tasks.reduce((a, t) => a + t.cost, 0) * p.prep.diagnostics.intensityMaskVoxels;
  return work >= 100_000;
}

/**
 * Names PyRadiomics accepts in a `featureClass` list but computes nothing for (deprecated duplicates); the
 * extractor reports each as not computed, saying what to use instead.
 */
const PYRADIOMICS_DEPRECATED_EMPTY: Partial<Record<string, Record<string, string>>> = {
  glcm: {
    Dissimilarity: "it equals DifferenceAverage",
    Homogeneity1: "it equals Id",
    Homogeneity2: "it equals Idm",
    SumVariance: "it equals ClusterTendency",
  },
  gldm: {
    GrayLevelNonUniformityNormalized: "it equals firstorder Uniformity",
    DependencePercentage: "it is always 1",
  },
};

/** Keeps the features a `featureClass` list names; an unknown name is an error naming it. */
function selectFeatures(values: FeatureValue[], only: string[], cls: string, notComputed: (name: string, reason: string) => void): FeatureValue[] {
  const byShort = new Map<string, FeatureValue[]>();
  for (const v of values) {
    // IBSI names carry an aggregation suffix; a list may name the tag with or without it.
    const keys = new Set([v.name, v.name.replace(/_(2D|2_5D|3D)(_(avg|comb))?(_d\d+)?$/, "")]);
    for (const k of keys) byShort.set(k, [...(byShort.get(k) ?? []), v]);
  }
  const out: FeatureValue[] = [];
  for (const want of only) {
    const hit = byShort.get(want);
    const deprecated = PYRADIOMICS_DEPRECATED_EMPTY[cls]?.[want];
    if (!hit && deprecated) {
      notComputed(want, `deprecated in PyRadiomics, which computes nothing for it (${deprecated})`);
      continue;
    }
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

/** A flat `{ name: value }` record of a result's features (e.g. for a table row). */
export function featureRecord(result: ExtractionResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of result.features) out[f.name] = f.value;
  return out;
}
