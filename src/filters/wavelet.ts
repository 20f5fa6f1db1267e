/**
 * Undecimated (stationary) wavelet decomposition, PyRadiomics image type `Wavelet`.
 *
 * PyRadiomics' `getWaveletImage` → `_swt3` calls `pywt.swtn(data, wavelet, level=1, start_level=0, axes)` once
 * per level on the previous level's approximation, so at every level the same (not upsampled) filters are used.
 * Along one axis of length N, with analysis filters `decLo`, `decHi` of length F, the one-level transform is the
 * periodic convolution (PyWavelets `downsampling_convolution_periodization` with step 1):
 *
 *   L[o] = Σ_{j<F} decLo[j] · x[(o + ⌊F/2⌋ − j) mod N],   H[o] = Σ_{j<F} decHi[j] · x[(o + ⌊F/2⌋ − j) mod N]
 *
 * applied separably along x, then y, then z (PyRadiomics passes the numpy axes (2, 1, 0)); a band's name has one
 * letter per axis in that order, L for the low-pass and H for the high-pass output: `LLH` = low along x and y,
 * high along z. Before the transform an axis of odd length is padded by one voxel with numpy's 'wrap' mode (a
 * copy of its first voxel) and after it the bands are cropped back, as `_swt3` does (once, to an even length —
 * not to a multiple of 2^level, since every swtn call is a single level). No normalisation is applied
 * (pywt's `norm=False`), so the approximation gains √2 per axis and level. The transform is computed in double
 * precision; PyWavelets keeps a float32 image in single precision, so for float32 input its bands differ
 * from these by about 1e-6 of the band's range (its rounding, measured on breast1 cast to float32).
 *
 * PyRadiomics yields, for each level i (1-based from `start_level`), the seven detail bands in the order LLH,
 * LHL, LHH, HLL, HLH, HHL, HHH, named `wavelet-XYZ` at the first level and `wavelet<i>-XYZ` after, then the last
 * approximation `wavelet-LLL` (or `wavelet<n>-LLL`). With `force2D` the axis `force2Ddimension` (a numpy axis:
 * 0 = z, 1 = y, 2 = x) is not transformed and names have two letters.
 *
 * References: PyRadiomics `radiomics/imageoperations.py` (getWaveletImage, _swt3); PyWavelets `pywt/_swt.py`
 * (swtn) and `_extensions/c/convolution.template.c`; G. P. Nason, B. W. Silverman, "The stationary wavelet
 * transform and some statistical applications", Lecture Notes in Statistics 103 (1995).
 */
import { nearest, RadiogxError } from "../errors";
import type { Vec3, Volume } from "../io/volume";
import { derivedVolume } from "./naming";
import { BIORTHOGONAL_ANALYSIS_FILTERS, ORTHOGONAL_SCALING_FILTERS } from "./waveletCoefficients";

/** The two analysis filters of a discrete wavelet. */
export interface WaveletFilterBank {
  name: string;
  decLo: Float64Array;
  decHi: Float64Array;
}

/** Names accepted for the `wavelet` setting (PyRadiomics validates against `pywt.wavelist()`). */
export const WAVELET_NAMES: readonly string[] = [
  ...Object.keys(ORTHOGONAL_SCALING_FILTERS),
  ...Object.keys(BIORTHOGONAL_ANALYSIS_FILTERS),
];

/**
 * The analysis filters of a wavelet by its PyWavelets name ("coif1", "db4", "sym8", "haar", "bior2.2", …).
 * @throws RadiogxError `INVALID_SETTING` for an unknown name, suggesting the nearest one.
 */
export function waveletFilterBank(name: string): WaveletFilterBank {
  const h = ORTHOGONAL_SCALING_FILTERS[name];
  if (h) {
    const F = h.length;
    const decLo = new Float64Array(F);
    const decHi = new Float64Array(F);
    for (let k = 0; k < F; k++) {
      decLo[k] = h[F - 1 - k]!;
      decHi[k] = (k % 2 === 0 ? -1 : 1) * h[k]!;
    }
    return { name, decLo, decHi };
  }
  const b = BIORTHOGONAL_ANALYSIS_FILTERS[name];
  if (b) return { name, decLo: Float64Array.from(b.decLo), decHi: Float64Array.from(b.decHi) };
  const near = nearest(name, WAVELET_NAMES);
  throw new RadiogxError("INVALID_SETTING", `unknown wavelet "${name}"`, {
    key: "wavelet",
    hint: near ? `did you mean "${near}"?` : "use a PyWavelets name such as coif1, db2, sym4, haar or bior1.3",
  });
}

/** Options of {@link waveletFilter}; the names and defaults are PyRadiomics' settings. */
export interface WaveletOptions {
  /** PyWavelets name of the wavelet. Default "coif1". */
  wavelet?: string;
  /** Number of levels whose bands are returned. Default 1. */
  level?: number;
  /** Levels computed (and discarded) before the first returned one, 0-based. Default 0. */
  startLevel?: number;
  /** Leave one axis untransformed (PyRadiomics `force2D`). Default false. */
  force2D?: boolean;
  /** The untransformed axis when force2D, as a numpy axis: 0 = z (default), 1 = y, 2 = x. */
  force2Ddimension?: number;
}

/** One sub-band of the decomposition. */
export interface WaveletBand {
  /** PyRadiomics image type name, e.g. "wavelet-LLH", "wavelet2-HHH", "wavelet-LLL". */
  imageType: string;
  /** The band letters, one per transformed axis in x, y, z order, e.g. "LLH". */
  band: string;
  /** Level of the band, 1-based from `startLevel` (the number PyRadiomics puts after "wavelet" when > 1). */
  level: number;
  volume: Volume<Float64Array>;
}

/** Row chunk for the strided axes: 512 doubles per row stay in L1 while the F taps are accumulated. */
const CHUNK = 512;

/**
 * Both periodic convolutions of `src` along `axis` (see the module comment), written to `lo` and `hi`.
 * Each output sums its F products in tap order starting from 0, as PyWavelets does. Along y and z whole rows
 * of x-contiguous voxels are combined at once (no gather), in chunks that stay in cache.
 */
function convolveAxis(
  src: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  size: Vec3,
  axis: 0 | 1 | 2,
  bank: WaveletFilterBank,
): void {
  const fl = bank.decLo;
  const fh = bank.decHi;
  const F = fl.length;
  const half = Math.floor(F / 2);
  const [nx, ny, nz] = size;
  const len = size[axis];
  // taps[o * F + j] = (o + ⌊F/2⌋ − j) mod len: the input sample tap j of output o reads
  const taps = new Int32Array(len * F);
  for (let o = 0; o < len; o++) for (let j = 0; j < F; j++) taps[o * F + j] = (((o + half - j) % len) + len) % len;
  if (axis === 0) {
    for (let line = 0; line < ny * nz; line++) {
      const base = line * nx;
      for (let o = 0; o < nx; o++) {
        let sl = 0;
        let sh = 0;
        const to = o * F;
        for (let j = 0; j < F; j++) {
          const v = src[base + taps[to + j]!]!;
          sl += fl[j]! * v;
          sh += fh[j]! * v;
        }
        lo[base + o] = sl;
        hi[base + o] = sh;
      }
    }
    return;
  }
  // axis 1: blocks k with rows of nx voxels, stride nx; axis 2: one block with rows of nx·ny voxels
  const rowLen = axis === 1 ? nx : nx * ny;
  const blocks = axis === 1 ? nz : 1;
  const blockStep = nx * ny;
  for (let b = 0; b < blocks; b++) {
    const bBase = b * blockStep;
    for (let o = 0; o < len; o++) {
      const out = bBase + o * rowLen;
      for (let c0 = 0; c0 < rowLen; c0 += CHUNK) {
        const c1 = Math.min(rowLen, c0 + CHUNK);
        for (let t = c0; t < c1; t++) { lo[out + t] = 0; hi[out + t] = 0; }
        for (let j = 0; j < F; j++) {
          const inp = bBase + taps[o * F + j]! * rowLen;
          const wl = fl[j]!;
          const wh = fh[j]!;
          for (let t = c0; t < c1; t++) {
            const v = src[inp + t]!;
            lo[out + t] = lo[out + t]! + wl * v;
            hi[out + t] = hi[out + t]! + wh * v;
          }
        }
      }
    }
  }
}

/** Pads odd axes by one voxel with numpy's 'wrap' mode (the appended voxel repeats index 0). */
function padToEven(data: ArrayLike<number>, size: Vec3): { data: Float64Array; size: Vec3 } {
  const [nx, ny, nz] = size;
  const px = nx + (nx % 2), py = ny + (ny % 2), pz = nz + (nz % 2);
  const out = new Float64Array(px * py * pz);
  for (let k = 0; k < pz; k++) {
    const sk = k < nz ? k : 0;
    for (let j = 0; j < py; j++) {
      const sj = j < ny ? j : 0;
      const src = nx * (sj + ny * sk);
      const dst = px * (j + py * k);
      for (let i = 0; i < nx; i++) out[dst + i] = data[src + i]!;
      if (px > nx) out[dst + nx] = data[src]!;
    }
  }
  return { data: out, size: [px, py, pz] };
}

/** Crops a padded volume back to `size` (drops the appended last voxel of padded axes). */
function cropTo(data: Float64Array, padded: Vec3, size: Vec3): Float64Array {
  const [px, py] = padded;
  const [nx, ny, nz] = size;
  if (padded[0] === nx && padded[1] === ny && padded[2] === nz) return data;
  const out = new Float64Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const src = px * (j + py * k);
      const dst = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) out[dst + i] = data[src + i]!;
    }
  }
  return out;
}

/**
 * One level of the n-dimensional stationary transform of `data` (padded grid) along `axes` (in order).
 * Returns the bands in pywt.swtn's order: the all-low band first, then by binary count with the first axis
 * varying slowest (LLL, LLH, LHL, LHH, HLL, …).
 */
function swtnLevel(
  data: Float64Array,
  size: Vec3,
  axes: (0 | 1 | 2)[],
  bank: WaveletFilterBank,
): { band: string; data: Float64Array }[] {
  let bands: { band: string; data: Float64Array }[] = [{ band: "", data }];
  for (const axis of axes) {
    const next: { band: string; data: Float64Array }[] = [];
    for (const b of bands) {
      const lo = new Float64Array(data.length);
      const hi = new Float64Array(data.length);
      convolveAxis(b.data, lo, hi, size, axis, bank);
      next.push({ band: b.band + "L", data: lo }, { band: b.band + "H", data: hi });
    }
    bands = next;
  }
  return bands;
}

/**
 * The undecimated wavelet sub-bands of `vol`, in PyRadiomics' order and with its names (see the module
 * comment): 7 detail bands per level, then the final approximation — 8 volumes for the default one level.
 *
 * @throws RadiogxError `INVALID_SETTING` for an unknown wavelet, a level below 1 or a negative start level.
 * @example waveletFilter(ct).map((b) => b.imageType) // ["wavelet-LLH", "wavelet-LHL", …, "wavelet-HHH", "wavelet-LLL"]
 */
export function waveletFilter(vol: Volume, options: WaveletOptions = {}): WaveletBand[] {
  const name = options.wavelet ?? "coif1";
  const level = options.level ?? 1;
  const startLevel = options.startLevel ?? 0;
  if (!Number.isInteger(level) || level < 1) {
    throw new RadiogxError("INVALID_SETTING", `wavelet level must be a whole number ≥ 1, got ${level}`, { key: "level" });
  }
  if (!Number.isInteger(startLevel) || startLevel < 0) {
    throw new RadiogxError("INVALID_SETTING", `wavelet start_level must be a whole number ≥ 0, got ${startLevel}`, { key: "start_level" });
  }
  const bank = waveletFilterBank(name);
  // PyRadiomics: axes = numpy (2, 1, 0) = our (0, 1, 2), minus force2Ddimension (a numpy axis) when force2D
  let axes: (0 | 1 | 2)[] = [0, 1, 2];
  if (options.force2D) {
    const np = options.force2Ddimension ?? 0;
    if (![0, 1, 2].includes(np)) {
      throw new RadiogxError("INVALID_SETTING", `force2Ddimension must be 0, 1 or 2, got ${np}`, { key: "force2Ddimension" });
    }
    axes = axes.filter((a) => a !== 2 - np);
  }
  const padded = padToEven(vol.data, vol.size);
  let data = padded.data;
  const allLow = "L".repeat(axes.length);
  for (let i = 0; i < startLevel; i++) {
    data = swtnLevel(data, padded.size, axes, bank)[0]!.data;
  }
  const out: WaveletBand[] = [];
  const meta = { filter: "Wavelet", wavelet: name };
  for (let i = 1; i <= level; i++) {
    const bands = swtnLevel(data, padded.size, axes, bank);
    data = bands[0]!.data;
    for (const b of bands.slice(1)) {
      const imageType = i === 1 ? `wavelet-${b.band}` : `wavelet${i}-${b.band}`;
      const cropped = cropTo(b.data, padded.size, vol.size);
      out.push({ imageType, band: b.band, level: i, volume: derivedVolume(vol, cropped, imageType, { ...meta, band: b.band, level: i }) });
    }
  }
  const imageType = level === 1 ? `wavelet-${allLow}` : `wavelet${level}-${allLow}`;
  const approx = cropTo(data, padded.size, vol.size);
  out.push({ imageType, band: allLow, level, volume: derivedVolume(vol, approx, imageType, { ...meta, band: allLow, level }) });
  return out;
}
