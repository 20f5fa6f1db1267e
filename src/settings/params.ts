/**
 * Extraction settings in PyRadiomics' parameter-file format (`imageType`, `featureClass`, `setting`), so
 * existing PyRadiomics YAML/JSON files work unchanged, plus radiogx's top-level `conventions`.
 *
 * ```yaml
 * conventions: pyradiomics      # or ibsi (default)
 * imageType: { Original: {} }
 * featureClass: { shape: , firstorder: , glcm: [Contrast] }
 * setting: { binWidth: 25, label: 1 }
 * ```
 * Unknown keys anywhere are an error naming the key and the nearest valid one.
 */
import { readFileSync } from "node:fs";
import { isScalar, isSeq, parseDocument, type Document } from "yaml";
import { nearest, RadiogxError } from "../errors";
import { AGGREGATIONS, type AggregationName } from "../features/types";

export type Conventions = "ibsi" | "pyradiomics";
export type Interpolator = "nearest" | "linear" | "bspline";

/** The `setting` section. Every key is optional; defaults are documented per key. */
export interface Settings {
  /** Fixed bin size (IBSI FBS) in intensity units. Default 25 when neither binWidth nor binCount is set. */
  binWidth?: number;
  /** Fixed bin number (IBSI FBN). Takes precedence over binWidth. */
  binCount?: number;
  /** false: the (integer) intensities are the grey levels, no discretisation. Default true. */
  discretize?: boolean;
  /** The mask label that defines the ROI. Default 1. */
  label?: number;
  /** Resample to this voxel spacing (mm) before extraction; 0 keeps that axis' spacing. Default: no resampling. */
  resampledPixelSpacing?: [number, number, number] | null;
  /** Image interpolator for resampling. Default "linear" (IBSI) / "bspline" (PyRadiomics). */
  interpolator?: Interpolator;
  /** Partial-volume threshold for the resampled mask (IBSI). Default 0.5. */
  maskThreshold?: number;
  /** Round resampled intensities to the nearest integer (IBSI; on for CT). Default false. */
  roundIntensities?: boolean;
  /** Re-segmentation range [min, max] (either may be null for open-ended). Default none. */
  resegmentRange?: [number | null, number | null] | [number] | null;
  /** Remove voxels outside mean ± n·SD of the ROI (IBSI uses 3). Default none. */
  removeOutliers?: number | null;
  /** Distances for GLCM/NGTDM/NGLDM (and GLDM). Default [1]. */
  distances?: number[];
  /** IBSI aggregation methods to compute for texture families. Default ["3D, averaged", "3D, merged"]. */
  aggregation?: AggregationName[];
  /** Added to intensities for PyRadiomics' energy, total energy and RMS. Default 0 (IBSI) / 0 (PyRadiomics). */
  voxelArrayShift?: number;
  /** Smallest ROI extent, in dimensions with more than one voxel (PyRadiomics). Default 1. */
  minimumROIDimensions?: number;
  /** Smallest ROI size in voxels (PyRadiomics). Default none. */
  minimumROISize?: number | null;
  /** Geometry tolerance between image and mask, relative. Default 1e-4. */
  geometryTolerance?: number;
  /** PyRadiomics: symmetrical GLCM. Default true. */
  symmetricalGLCM?: boolean;
  /** PyRadiomics: weight GLCM/GLRLM directions by distance norm instead of averaging ("manhattan" | "euclidean" | "infinity" | "no_weighting"). Default none. */
  weightingNorm?: "manhattan" | "euclidean" | "infinity" | "no_weighting" | null;
  /** PyRadiomics GLDM coarseness parameter α. Default 0. */
  gldm_a?: number;
  /** NGLDM coarseness parameter α (IBSI). Default 0. */
  ngldmAlpha?: number;
  /** Compute texture in 2D slices only (PyRadiomics force2D). Default false. */
  force2D?: boolean;
  /** Axis of the 2D slices when force2D (0, 1 or 2). Default 0 (slices along z). */
  force2Ddimension?: number;
  /** Normalise the image (PyRadiomics normalize). Default false. */
  normalize?: boolean;
  normalizeScale?: number;
  /** Crop the image to the ROI before filtering (PyRadiomics). Accepted for compatibility. */
  preCrop?: boolean;
  padDistance?: number;
  correctMask?: boolean;
  additionalInfo?: boolean;
  /** Filter settings (issue: filters): LoG sigmas in mm, wavelet name and level, gradient and LBP options. */
  sigma?: number[];
  /**
   * Set by {@link readParams} (not a key of the file): which `sigma` entries were written as integers in the
   * YAML file (`sigma: [1, 2]`). PyRadiomics names a LoG image by Python's str() of the value, so 2 gives
   * `log-sigma-2-mm-3D` where 2.0 gives `log-sigma-2-0-mm-3D`.
   */
  sigmaIntegerLiterals?: boolean[];
  wavelet?: string;
  start_level?: number;
  level?: number;
  gradientUseSpacing?: boolean;
  lbp2DRadius?: number;
  lbp2DSamples?: number;
  lbp2DMethod?: string;
  lbp3DLevels?: number;
  lbp3DIcosphereRadius?: number;
  lbp3DIcosphereSubdivision?: number;
  /** PyRadiomics: the channel of a vector mask that holds the labels. Accepted for compatibility; masks are scalar. */
  label_channel?: number;
  resegmentMode?: "absolute" | "relative" | "sigma";
  resegmentShape?: boolean;
  /** IVH discretisation (IBSI): "none", a bin size, or a bin count. Default: same as the texture discretisation for FBS, none otherwise. */
  ivhBinWidth?: number | null;
  ivhBinCount?: number | null;
  ivhDiscretize?: boolean;
}

export const SETTING_KEYS: readonly (keyof Settings)[] = [
  "binWidth", "binCount", "discretize", "label", "resampledPixelSpacing", "interpolator", "maskThreshold",
  "roundIntensities", "resegmentRange", "removeOutliers", "distances", "aggregation", "voxelArrayShift",
  "minimumROIDimensions", "minimumROISize", "geometryTolerance", "symmetricalGLCM", "weightingNorm", "gldm_a",
  "ngldmAlpha", "force2D", "force2Ddimension", "normalize", "normalizeScale", "preCrop", "padDistance",
  "correctMask", "additionalInfo", "sigma", "wavelet", "start_level", "level", "gradientUseSpacing",
  "lbp2DRadius", "lbp2DSamples", "lbp2DMethod", "lbp3DLevels", "lbp3DIcosphereRadius",
  "lbp3DIcosphereSubdivision", "resegmentMode", "resegmentShape", "ivhBinWidth", "ivhBinCount", "ivhDiscretize",
  "label_channel",
];

/** PyRadiomics image types (filters). `Original` is the unfiltered image. */
export const IMAGE_TYPES = [
  "Original", "LoG", "Wavelet", "Square", "SquareRoot", "Logarithm", "Exponential", "Gradient", "LBP2D", "LBP3D",
] as const;
export type ImageTypeName = (typeof IMAGE_TYPES)[number];

/** Feature classes accepted in `featureClass`: PyRadiomics' classes and IBSI's families. */
export const FEATURE_CLASSES = [
  "shape", "shape2D", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm",
  "morph", "loc", "stat", "ih", "ivh", "cm", "rlm", "szm", "dzm", "ngt", "ngl",
] as const;
export type FeatureClassName = (typeof FEATURE_CLASSES)[number];

/** A parsed, validated params document. */
export interface Params {
  conventions: Conventions;
  imageType: Partial<Record<ImageTypeName, Settings>>;
  /** Classes to compute, each with a list of feature names or null for all. */
  featureClass: Partial<Record<FeatureClassName, string[] | null>>;
  setting: Settings;
}

/** The families computed when `featureClass` is absent. */
export const DEFAULT_CLASSES: Record<Conventions, FeatureClassName[]> = {
  ibsi: ["morph", "loc", "stat", "ih", "ivh", "cm", "rlm", "szm", "dzm", "ngt", "ngl"],
  pyradiomics: ["shape", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm"],
};

const TOP_KEYS = ["conventions", "imageType", "featureClass", "setting", "voxelSetting"] as const;

function fail(key: string, msg: string, file?: string, hint?: string): never {
  throw new RadiogxError("INVALID_SETTING", `setting "${key}": ${msg}`, { file, key, hint });
}

function checkNumber(key: string, v: unknown, file: string | undefined, opts: { min?: number; int?: boolean; positive?: boolean } = {}): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(key, `expected a number, got ${JSON.stringify(v)}`, file);
  if (opts.int && !Number.isInteger(v)) fail(key, `expected a whole number, got ${v}`, file);
  if (opts.positive && !(v > 0)) fail(key, `expected a number greater than 0, got ${v}`, file);
  if (opts.min !== undefined && v < opts.min) fail(key, `expected a number of at least ${opts.min}, got ${v}`, file);
  return v;
}

/** Validates one `setting` (or `imageType.X`) section; returns a typed copy. */
export function validateSettings(raw: unknown, file?: string, where = "setting"): Settings {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) fail(where, "expected a mapping of setting names to values", file);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key)) {
      const near = nearest(key, SETTING_KEYS as readonly string[]);
      throw new RadiogxError("UNKNOWN_SETTING", `unknown setting "${key}" in ${where}`, {
        file,
        key,
        hint: near ? `did you mean "${near}"?` : `valid settings: ${SETTING_KEYS.join(", ")}`,
      });
    }
    if (v === null && !["resampledPixelSpacing", "resegmentRange", "removeOutliers", "weightingNorm", "minimumROISize", "ivhBinWidth", "ivhBinCount"].includes(key)) {
      continue; // PyRadiomics files write `key:` for "use the default"
    }
    switch (key) {
      case "binWidth": case "normalizeScale": case "padDistance": case "lbp2DRadius": case "lbp3DIcosphereRadius":
        out[key] = checkNumber(key, v, file, { positive: true }); break;
      case "binCount": case "lbp2DSamples": case "lbp3DLevels": case "level":
        out[key] = checkNumber(key, v, file, { int: true, positive: true }); break;
      case "label":
        out[key] = checkNumber(key, v, file, { int: true }); break;
      case "minimumROIDimensions":
        out[key] = checkNumber(key, v, file, { int: true, min: 1 });
        if ((v as number) > 3) fail(key, `expected 1, 2 or 3, got ${v}`, file);
        break;
      case "minimumROISize": case "start_level": case "lbp3DIcosphereSubdivision": case "label_channel":
        out[key] = v === null ? null : checkNumber(key, v, file, { int: true, min: 0 }); break;
      case "force2Ddimension":
        out[key] = checkNumber(key, v, file, { int: true, min: 0 });
        if ((v as number) > 2) fail(key, `expected 0, 1 or 2, got ${v}`, file);
        break;
      case "voxelArrayShift": case "gldm_a": case "ngldmAlpha":
        out[key] = checkNumber(key, v, file, { min: 0 }); break;
      case "geometryTolerance":
        out[key] = checkNumber(key, v, file, { positive: true }); break;
      case "maskThreshold":
        out[key] = checkNumber(key, v, file);
        if ((v as number) <= 0 || (v as number) > 1) fail(key, `expected a fraction in (0, 1], got ${v}`, file);
        break;
      case "removeOutliers":
        out[key] = v === null ? null : checkNumber(key, v, file, { positive: true }); break;
      case "ivhBinWidth": case "ivhBinCount":
        out[key] = v === null ? null : checkNumber(key, v, file, { positive: true }); break;
      case "discretize": case "roundIntensities": case "symmetricalGLCM": case "force2D": case "normalize": case "preCrop":
      case "correctMask": case "additionalInfo": case "gradientUseSpacing": case "resegmentShape": case "ivhDiscretize":
        if (typeof v !== "boolean") fail(key, `expected true or false, got ${JSON.stringify(v)}`, file);
        out[key] = v; break;
      case "resampledPixelSpacing": {
        if (v === null) { out[key] = null; break; }
        if (!Array.isArray(v) || v.length !== 3 || v.some((x) => typeof x !== "number" || !(x >= 0))) {
          fail(key, `expected three spacings in mm, [x, y, z] (0 keeps an axis), got ${JSON.stringify(v)}`, file);
        }
        out[key] = [...v]; break;
      }
      case "interpolator": {
        const map: Record<string, string> = {
          nearest: "nearest", sitkNearestNeighbor: "nearest", linear: "linear", sitkLinear: "linear", trilinear: "linear",
          bspline: "bspline", sitkBSpline: "bspline", tricubic: "bspline", cubic: "bspline",
        };
        const m = typeof v === "string" ? map[v] : typeof v === "number" ? ({ 1: "nearest", 2: "linear", 3: "bspline" } as Record<number, string>)[v] : undefined;
        if (!m) fail(key, `expected "nearest", "linear" or "bspline" (or sitkNearestNeighbor, sitkLinear, sitkBSpline), got ${JSON.stringify(v)}`, file);
        out[key] = m; break;
      }
      case "resegmentRange": {
        if (v === null) { out[key] = null; break; }
        if (!Array.isArray(v) || v.length < 1 || v.length > 2 || v.some((x) => x !== null && (typeof x !== "number" || !Number.isFinite(x)))) {
          fail(key, `expected [min] or [min, max], got ${JSON.stringify(v)}`, file);
        }
        if (v.length === 2 && v[0] !== null && v[1] !== null && v[0] > v[1]) fail(key, `min ${v[0]} is above max ${v[1]}`, file);
        out[key] = [...v]; break;
      }
      case "distances": {
        if (!Array.isArray(v) || v.length === 0 || v.some((x) => !Number.isInteger(x) || x < 1)) {
          fail(key, `expected a list of whole numbers ≥ 1, got ${JSON.stringify(v)}`, file);
        }
        out[key] = [...v]; break;
      }
      case "sigma": {
        if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "number" || !(x > 0))) {
          fail(key, `expected a list of sigmas in mm (> 0), got ${JSON.stringify(v)}`, file);
        }
        out[key] = [...v]; break;
      }
      case "aggregation": {
        const list = typeof v === "string" ? [v] : v;
        if (!Array.isArray(list) || list.length === 0) fail(key, `expected a list of aggregation names (${AGGREGATIONS.join("; ")})`, file);
        for (const a of list) {
          if (!(AGGREGATIONS as readonly unknown[]).includes(a)) {
            const near = typeof a === "string" ? nearest(a, AGGREGATIONS) : undefined;
            fail(key, `unknown aggregation ${JSON.stringify(a)}`, file, near ? `did you mean "${near}"?` : `valid: ${AGGREGATIONS.join("; ")}`);
          }
        }
        out[key] = [...list]; break;
      }
      case "weightingNorm": {
        if (v !== null && !["manhattan", "euclidean", "infinity", "no_weighting"].includes(v as string)) {
          fail(key, `expected manhattan, euclidean, infinity or no_weighting, got ${JSON.stringify(v)}`, file);
        }
        out[key] = v; break;
      }
      case "resegmentMode": {
        if (!["absolute", "relative", "sigma"].includes(v as string)) fail(key, `expected absolute, relative or sigma, got ${JSON.stringify(v)}`, file);
        out[key] = v; break;
      }
      case "wavelet": case "lbp2DMethod":
        if (typeof v !== "string") fail(key, `expected a name, got ${JSON.stringify(v)}`, file);
        out[key] = v; break;
      default:
        out[key] = v;
    }
  }
  return out as Settings;
}

/** Validates a whole params document (already parsed from YAML/JSON). */
export function validateParams(raw: unknown, file?: string): Params {
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new RadiogxError("INVALID_PARAMS_FILE", "expected a mapping with imageType, featureClass and setting", { file });
  }
  const doc = raw as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!(TOP_KEYS as readonly string[]).includes(key)) {
      const near = nearest(key, TOP_KEYS);
      throw new RadiogxError("UNKNOWN_SETTING", `unknown top-level key "${key}"`, {
        file, key, hint: near ? `did you mean "${near}"?` : `valid keys: ${TOP_KEYS.join(", ")}`,
      });
    }
  }
  if (doc.voxelSetting !== undefined && doc.voxelSetting !== null) {
    throw new RadiogxError("INVALID_SETTING", "voxel-based extraction (voxelSetting) is not supported: radiogx computes segment-based features", {
      file, key: "voxelSetting", hint: "remove the voxelSetting section",
    });
  }
  const conventions = (doc.conventions ?? "ibsi") as Conventions;
  if (conventions !== "ibsi" && conventions !== "pyradiomics") {
    throw new RadiogxError("INVALID_SETTING", `conventions must be "ibsi" or "pyradiomics", got ${JSON.stringify(doc.conventions)}`, { file, key: "conventions" });
  }
  const imageType: Params["imageType"] = {};
  const rawTypes = doc.imageType ?? { Original: {} };
  if (typeof rawTypes !== "object" || rawTypes === null || Array.isArray(rawTypes)) {
    throw new RadiogxError("INVALID_SETTING", "imageType must be a mapping such as {Original: {}, LoG: {sigma: [1, 2]}}", { file, key: "imageType" });
  }
  for (const [name, s] of Object.entries(rawTypes)) {
    if (!(IMAGE_TYPES as readonly string[]).includes(name)) {
      const near = nearest(name, IMAGE_TYPES);
      throw new RadiogxError("UNKNOWN_SETTING", `unknown image type "${name}" in imageType`, {
        file, key: name, hint: near ? `did you mean "${near}"?` : `valid: ${IMAGE_TYPES.join(", ")}`,
      });
    }
    imageType[name as ImageTypeName] = validateSettings(s, file, `imageType.${name}`);
  }
  const featureClass: Params["featureClass"] = {};
  if (doc.featureClass !== undefined && doc.featureClass !== null) {
    if (typeof doc.featureClass !== "object" || Array.isArray(doc.featureClass)) {
      throw new RadiogxError("INVALID_SETTING", "featureClass must be a mapping such as {glcm: [Contrast], shape: }", { file, key: "featureClass" });
    }
    for (const [name, list] of Object.entries(doc.featureClass as Record<string, unknown>)) {
      if (!(FEATURE_CLASSES as readonly string[]).includes(name)) {
        const near = nearest(name, FEATURE_CLASSES);
        throw new RadiogxError("UNKNOWN_SETTING", `unknown feature class "${name}" in featureClass`, {
          file, key: name, hint: near ? `did you mean "${near}"?` : `valid: ${FEATURE_CLASSES.join(", ")}`,
        });
      }
      if (list !== null && list !== undefined && (!Array.isArray(list) || list.some((x) => typeof x !== "string"))) {
        throw new RadiogxError("INVALID_SETTING", `featureClass.${name} must be a list of feature names or empty (all)`, { file, key: name });
      }
      featureClass[name as FeatureClassName] = list ? [...(list as string[])] : null;
    }
  } else {
    for (const c of DEFAULT_CLASSES[conventions]) featureClass[c] = null;
  }
  const setting = validateSettings(doc.setting, file);
  return { conventions, imageType, featureClass, setting };
}

/** Reads and validates a params file (YAML or JSON). */
export function readParams(path: string): Params {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new RadiogxError("FILE_NOT_FOUND", "params file not found", { file: path });
  }
  let raw: unknown;
  let doc: Document | undefined;
  try {
    if (path.endsWith(".json")) raw = JSON.parse(text);
    else {
      doc = parseDocument(text);
      if (doc.errors.length > 0) throw doc.errors[0];
      raw = doc.toJS();
    }
  } catch (e) {
    throw new RadiogxError("INVALID_PARAMS_FILE", `cannot parse params file (${(e as Error).message.split("\n")[0]})`, { file: path });
  }
  const params = validateParams(raw, path);
  if (doc) markIntegerSigmas(doc, params);
  return params;
}

/** Records which LoG sigmas the YAML source wrote as integers (see `Settings.sigmaIntegerLiterals`). */
function markIntegerSigmas(doc: Document, params: Params): void {
  const mark = (path: string[], target: Settings | undefined) => {
    const node = doc.getIn(path, true);
    if (!target?.sigma || !isSeq(node)) return;
    const flags = node.items.map((it) => isScalar(it) && typeof it.source === "string" && /^[-+]?[0-9]+$/.test(it.source));
    // (All-false flags only where they must override the flags of `setting` for LoG's own sigma list.)
    if (flags.some(Boolean) || params.setting.sigmaIntegerLiterals) target.sigmaIntegerLiterals = flags;
  };
  mark(["setting", "sigma"], params.setting);
  mark(["imageType", "LoG", "sigma"], params.imageType.LoG);
}

/** Settings for one image type: the global `setting` overlaid by `imageType.X`. */
export function settingsFor(params: Params, imageType: ImageTypeName): Settings {
  return { ...params.setting, ...(params.imageType[imageType] ?? {}) };
}
