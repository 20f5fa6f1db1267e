/**
 * Intensity discretisation (IBSI reference manual §2.7; PyRadiomics `imageoperations.getBinEdges` /
 * `binImage`): maps the intensities of the ROI intensity mask to grey levels 1..Ng, the input of the intensity
 * histogram and of every texture family.
 *
 * | method | IBSI conventions | PyRadiomics conventions |
 * |---|---|---|
 * | `fbs` (bin width w) | `floor((x − x_min)/w) + 1`, `x_min` = re-segmentation lower bound if given, else ROI minimum | edges at multiples of w from `min − (min mod w)`; level = `numpy.digitize(x, edges)` |
 * | `fbn` (bin count N) | `floor(N (x − min)/(max − min)) + 1`, the maximum maps to N | `numpy.histogram(x, N)` edges, last edge + 1; level = `numpy.digitize(x, edges)` |
 * | `none` | the intensities are the grey levels (integers ≥ 1) | same |
 *
 * Example (IBSI FBS, w = 25, lower bound −500): x = −500 → 1, −476 → 1, −475 → 2, 400 → 37.
 * Example (PyRadiomics FBS, w = 25, ROI 54..166): edges 50, 75, …, 200; x = 54 → 1, 75 → 2, 166 → 5.
 */
import { RadiogxError } from "../errors";
import type { DiscretisedImage, PreparedRoi } from "../features/types";

export type DiscretisationMethod = "fbs" | "fbn" | "none";

/** Options of {@link discretise}. */
export interface DiscretiseOptions {
  /** "fbs": fixed bin size (`binWidth`); "fbn": fixed bin number (`binCount`); "none": intensities are the grey levels. */
  method: DiscretisationMethod;
  /** Bin width in intensity units; required (> 0) for "fbs". */
  binWidth?: number;
  /** Number of bins; required (whole number ≥ 1) for "fbn". */
  binCount?: number;
  /**
   * IBSI FBS only: the lowest intensity of the first bin, i.e. the re-segmentation lower bound. Default
   * (undefined or null): the ROI minimum. PyRadiomics conventions ignore it (PyRadiomics bins from a multiple
   * of the bin width below the ROI minimum).
   */
  lowerBound?: number | null;
  /** Whose formulas to use: "ibsi" (the IBSI manual) or "pyradiomics" (PyRadiomics 3, bit for bit). */
  conventions: "ibsi" | "pyradiomics";
}

/** Largest number of grey levels allowed; more means a bin width far too small for the intensity range. */
const MAX_LEVELS = 1 << 24;

/**
 * Discretises the intensities of `roi.intensityMask` (see the module comment for the formulas).
 * Returns a block-sized level array: 0 outside the intensity mask, 1..Ng inside, with Ng the highest grey level
 * (IBSI FBN: the bin count).
 *
 * @throws RadiogxError `INVALID_SETTING` for a missing or non-positive bin width/count, an unknown method, or
 *   non-integer (or < 1) intensities with method "none"; `EMPTY_MASK` for an empty intensity mask;
 *   `INVALID_ARGUMENT` for non-finite intensities or ROI intensities below `lowerBound`.
 * @example
 * discretise(roi, { method: "fbs", binWidth: 25, lowerBound: -500, conventions: "ibsi" }).nLevels // 37 for ROI max 400
 */
export function discretise(roi: PreparedRoi, opts: DiscretiseOptions): DiscretisedImage {
  const { intensities, intensityMask } = roi;
  const n = intensityMask.length;
  if (intensities.length !== n) {
    throw new RadiogxError("INVALID_ARGUMENT", `intensities (${intensities.length}) and intensity mask (${n}) differ in length`);
  }
  const method = opts.method;
  if (method !== "fbs" && method !== "fbn" && method !== "none") {
    throw new RadiogxError("INVALID_SETTING", `unknown discretisation method ${JSON.stringify(method)}; expected "fbs", "fbn" or "none"`, { key: "discretize" });
  }
  if (opts.conventions !== "ibsi" && opts.conventions !== "pyradiomics") {
    throw new RadiogxError("INVALID_SETTING", `conventions must be "ibsi" or "pyradiomics", got ${JSON.stringify(opts.conventions)}`, { key: "conventions" });
  }

  // Pass 1: range of the intensity mask.
  let min = Infinity, max = -Infinity, count = 0;
  for (let p = 0; p < n; p++) {
    if (intensityMask[p] === 0) continue;
    const x = intensities[p]!;
    if (!Number.isFinite(x)) {
      throw new RadiogxError("INVALID_ARGUMENT", `intensity mask voxel ${p} has a non-finite intensity (${x})`);
    }
    if (x < min) min = x;
    if (x > max) max = x;
    count++;
  }
  if (count === 0) throw new RadiogxError("EMPTY_MASK", "cannot discretise: the intensity mask is empty");

  // Pass 2: grey levels.
  const levels = new Int32Array(n);
  let nLevels: number;
  if (method === "none") {
    nLevels = identityLevels(intensities, intensityMask, levels);
  } else if (method === "fbs") {
    const w = opts.binWidth;
    if (typeof w !== "number" || !Number.isFinite(w) || !(w > 0)) {
      throw new RadiogxError("INVALID_SETTING", `fixed bin size discretisation needs binWidth > 0, got ${JSON.stringify(w)}`, { key: "binWidth" });
    }
    checkLevelCount((max - min) / w, "binWidth", `bin width ${w} over the intensity range ${min}..${max}`);
    nLevels = opts.conventions === "ibsi"
      ? ibsiFixedBinSize(intensities, intensityMask, levels, w, lowestBin(opts.lowerBound, min))
      : pyradiomicsFixedBinSize(intensities, intensityMask, levels, w, min, max);
  } else {
    const nb = opts.binCount;
    if (typeof nb !== "number" || !Number.isInteger(nb) || nb < 1) {
      throw new RadiogxError("INVALID_SETTING", `fixed bin number discretisation needs a whole binCount ≥ 1, got ${JSON.stringify(nb)}`, { key: "binCount" });
    }
    checkLevelCount(nb, "binCount", `binCount ${nb}`);
    nLevels = opts.conventions === "ibsi"
      ? ibsiFixedBinNumber(intensities, intensityMask, levels, nb, min, max)
      : pyradiomicsFixedBinNumber(intensities, intensityMask, levels, nb, min, max);
  }
  return { size: [...roi.size], spacing: [...roi.spacing], levels, nLevels };
}

function checkLevelCount(levels: number, key: string, what: string): void {
  if (levels > MAX_LEVELS) {
    throw new RadiogxError("INVALID_SETTING", `${what} gives more than ${MAX_LEVELS} grey levels`, { key, hint: "use a larger binWidth or a smaller binCount" });
  }
}

function lowestBin(lowerBound: number | null | undefined, min: number): number {
  if (lowerBound === undefined || lowerBound === null) return min;
  if (!Number.isFinite(lowerBound)) {
    throw new RadiogxError("INVALID_SETTING", `lowerBound must be a finite number or null, got ${lowerBound}`, { key: "resegmentRange" });
  }
  if (min < lowerBound) {
    throw new RadiogxError("INVALID_ARGUMENT", `the ROI has intensity ${min} below the re-segmentation lower bound ${lowerBound}`, {
      key: "resegmentRange", hint: "re-segment the intensity mask to the range before discretising",
    });
  }
  return lowerBound;
}

/** "none": the intensities themselves; they must be whole numbers ≥ 1. Returns the highest level. */
function identityLevels(x: Float64Array, mask: Uint8Array, levels: Int32Array): number {
  let top = 0;
  for (let p = 0; p < x.length; p++) {
    if (mask[p] === 0) continue;
    const v = x[p]!;
    if (!Number.isInteger(v) || v < 1 || v > MAX_LEVELS) {
      throw new RadiogxError("INVALID_SETTING", `discretisation "none" uses the intensities as grey levels, which must be whole numbers from 1 to ${MAX_LEVELS}; the intensity mask has ${v}`, {
        key: "discretize", hint: "set binWidth or binCount to discretise, or round and shift the intensities",
      });
    }
    levels[p] = v;
    if (v > top) top = v;
  }
  return top;
}

/** IBSI FBS (manual §2.7.2): X_d = ⌊(X − X_min)/w⌋ + 1. Returns Ng, the highest level. */
function ibsiFixedBinSize(x: Float64Array, mask: Uint8Array, levels: Int32Array, w: number, low: number): number {
  let top = 0;
  for (let p = 0; p < x.length; p++) {
    if (mask[p] === 0) continue;
    const l = Math.floor((x[p]! - low) / w) + 1;
    levels[p] = l;
    if (l > top) top = l;
  }
  return top;
}

/**
 * IBSI FBN (manual §2.7.1): X_d = ⌊N (X − X_min)/(X_max − X_min)⌋ + 1 for X < X_max, N for X = X_max. A flat ROI
 * (X_max = X_min) is level 1 throughout. Ng = N.
 */
function ibsiFixedBinNumber(x: Float64Array, mask: Uint8Array, levels: Int32Array, nb: number, min: number, max: number): number {
  const range = max - min;
  for (let p = 0; p < x.length; p++) {
    if (mask[p] === 0) continue;
    let l: number;
    if (range === 0) l = 1;
    else {
      l = Math.floor((nb * (x[p]! - min)) / range) + 1;
      if (l > nb) l = nb; // the maximum, and values a rounding error below it
    }
    levels[p] = l;
  }
  return nb;
}

/**
 * PyRadiomics FBS: edges `numpy.arange(low, max + 2w, w)` with `low = min − (min mod w)` (Python's floored
 * modulo), and the level of x is `numpy.digitize(x, edges)`, the number of edges ≤ x. numpy's arange fills
 * edge k as `low + k·δ` with `δ = (low + w) − low`, which is reproduced here so bin boundaries match exactly.
 * Ng = the highest level present (PyRadiomics' `Ng`).
 */
function pyradiomicsFixedBinSize(x: Float64Array, mask: Uint8Array, levels: Int32Array, w: number, min: number, max: number): number {
  const low = min - pythonMod(min, w);
  const delta = low + w - low;
  const nEdges = Math.ceil((max + 2 * w - low) / w);
  const edge = (k: number): number => (k === 0 ? low : k === 1 ? low + w : low + k * delta);
  return digitizeUniform(x, mask, levels, edge, nEdges, low, delta);
}

/**
 * PyRadiomics FBN: edges of `numpy.histogram(x, N)`, i.e. `numpy.linspace(min, max, N + 1)` (edge k =
 * k·(max − min)/N + min, the last edge exactly max; min ∓ 0.5 / max ± 0.5 for a flat ROI), with the last edge
 * raised by 1 so that `numpy.digitize` puts the maximum in bin N. Ng = the highest level present.
 */
function pyradiomicsFixedBinNumber(x: Float64Array, mask: Uint8Array, levels: Int32Array, nb: number, min: number, max: number): number {
  let first = min, last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / nb;
  const edge = (k: number): number => (k === nb ? last + 1 : k * step + first);
  return digitizeUniform(x, mask, levels, edge, nb + 1, first, step);
}

/**
 * `numpy.digitize(x, edges)` for increasing, (nearly) uniform edges: the number of edges ≤ x. The uniform
 * spacing gives a guess that exact comparisons with `edge(k)` then correct. Returns the highest level.
 */
function digitizeUniform(
  x: Float64Array, mask: Uint8Array, levels: Int32Array,
  edge: (k: number) => number, nEdges: number, first: number, step: number,
): number {
  let top = 0;
  for (let p = 0; p < x.length; p++) {
    if (mask[p] === 0) continue;
    const v = x[p]!;
    let c = Math.floor((v - first) / step) + 1;
    if (c < 0) c = 0;
    if (c > nEdges) c = nEdges;
    while (c < nEdges && edge(c) <= v) c++;
    while (c > 0 && edge(c - 1) > v) c--;
    levels[p] = c;
    if (c > top) top = c;
  }
  return top;
}

/** Python's `a % b` (the result has the sign of b), as numpy's `remainder`. */
function pythonMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}
