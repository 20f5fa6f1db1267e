/**
 * Pixels of one slice: window/level greyscale with a label overlay, written into an RGBA buffer.
 *
 * Greyscale (the DICOM linear VOI function, PS3.3 C.11.2.1.2, without its ½-pixel offsets):
 *   g = 255 · clamp((v − (L − W/2)) / W, 0, 1)   with L the level (window centre) and W the width.
 * Integer volumes whose range spans at most 2^16 values use a lookup table indexed by v − min, so a
 * 512 × 512 slice is one table read per pixel. Overlay: where the mask label m ≠ 0 and m has a colour
 * c, the pixel is (1 − α) g + α c (α the opacity).
 *
 * Slices are read with strides, so any plane of a first-axis-fastest volume is one loop with
 * constant increments: offset(u, v) = base + u · du + v · dv.
 */
import type { NumericArray } from "../common/array";
import type { PlaneMapping } from "./orientation";

export interface VolumeGrid {
  /** [nx, ny, nz]: voxels along the array axes; voxel (i, j, k) is data[i + nx (j + ny k)]. */
  readonly size: readonly [number, number, number];
}

/** Width, height and the strided addressing of a plane's slice. */
export interface SliceGeometry {
  readonly width: number;
  readonly height: number;
  /** Number of slices along the normal. */
  readonly depth: number;
  readonly base: (slice: number) => number;
  readonly du: number;
  readonly dv: number;
}

/** The addressing of plane `m` in a volume of `size`. */
export function sliceGeometry(size: readonly number[], m: PlaneMapping): SliceGeometry {
  const stride = [1, size[0]!, size[0]! * size[1]!];
  const width = size[m.xAxis]!;
  const height = size[m.yAxis]!;
  const x0 = m.xFlip ? (width - 1) * stride[m.xAxis]! : 0;
  const y0 = m.yFlip ? (height - 1) * stride[m.yAxis]! : 0;
  const sn = stride[m.normal]!;
  return {
    width,
    height,
    depth: size[m.normal]!,
    base: (slice) => slice * sn + x0 + y0,
    du: m.xFlip ? -stride[m.xAxis]! : stride[m.xAxis]!,
    dv: m.yFlip ? -stride[m.yAxis]! : stride[m.yAxis]!,
  };
}

/** Screen pixel (u, v) of plane `m` at `slice` → voxel index [i, j, k]. */
export function screenToIndex(size: readonly number[], m: PlaneMapping, slice: number, u: number, v: number): [number, number, number] {
  const idx: [number, number, number] = [0, 0, 0];
  idx[m.normal] = slice;
  idx[m.xAxis] = m.xFlip ? size[m.xAxis]! - 1 - u : u;
  idx[m.yAxis] = m.yFlip ? size[m.yAxis]! - 1 - v : v;
  return idx;
}

/** Voxel index → screen pixel (u, v) of plane `m` (the inverse of {@link screenToIndex} in-plane). */
export function indexToScreen(size: readonly number[], m: PlaneMapping, idx: readonly number[]): [number, number] {
  const i = idx[m.xAxis]!;
  const j = idx[m.yAxis]!;
  return [m.xFlip ? size[m.xAxis]! - 1 - i : i, m.yFlip ? size[m.yAxis]! - 1 - j : j];
}

/** Minimum and maximum of the finite values of `a` (one pass). */
export function finiteRange(a: NumericArray): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) {
    // All NaN or empty: look again skipping NaN is pointless, report an empty range.
    return [0, 0];
  }
  if (Number.isNaN(lo) || Number.isNaN(hi)) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = a[i]!;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return [lo, hi];
}

/**
 * Percentiles `ps` (0–100) of the volume from an evenly strided sample of at most `maxSample` voxels
 * (NaN skipped), each by linear interpolation between order statistics (NumPy's default).
 */
export function samplePercentiles(a: NumericArray, ps: readonly number[], maxSample = 1 << 20): number[] {
  const step = Math.max(1, Math.floor(a.length / maxSample));
  const sample = new Float64Array(Math.ceil(a.length / step));
  let m = 0;
  for (let i = 0; i < a.length; i += step) {
    const v = a[i]!;
    if (!Number.isNaN(v)) sample[m++] = v;
  }
  const sorted = sample.subarray(0, m).sort();
  return ps.map((p) => {
    if (m === 0) return NaN;
    const pos = (p / 100) * (m - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(m - 1, lo + 1);
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
  });
}

/** Whether integer `dtype` data over [lo, hi] can use a lookup table (≤ 2^16 entries). */
function lutFits(data: NumericArray, lo: number, hi: number): boolean {
  const integer = !(data instanceof Float32Array || data instanceof Float64Array);
  return integer && hi - lo + 1 <= 65536;
}

/** Overlay colours: label → packed RGB (0 = no colour), for labels 0 … 65535. */
export type LabelColorTable = Map<number, [number, number, number]>;

export interface RenderOptions {
  level: number;
  width: number;
  /** Volume minimum and maximum (from {@link finiteRange}), for the lookup table. */
  range: readonly [number, number];
  mask?: NumericArray | null;
  colors?: LabelColorTable;
  /** Overlay opacity α in [0, 1]; 0 hides it. */
  opacity?: number;
}

/** Reusable lookup tables, rebuilt only when the window changes. */
export class GreyLut {
  #key = "";
  #lut: Uint8Array = new Uint8Array(0);
  /** The table for `v − lo`, v in [lo, hi]. */
  get(level: number, width: number, lo: number, hi: number): Uint8Array {
    const key = `${level}|${width}|${lo}|${hi}`;
    if (key === this.#key) return this.#lut;
    const n = hi - lo + 1;
    if (this.#lut.length !== n) this.#lut = new Uint8Array(n);
    const w = Math.max(width, 1e-12);
    const bottom = level - w / 2;
    for (let t = 0; t < n; t++) {
      const g = ((lo + t - bottom) / w) * 255;
      this.#lut[t] = g <= 0 ? 0 : g >= 255 ? 255 : Math.round(g);
    }
    this.#key = key;
    return this.#lut;
  }
}

/**
 * Writes slice `slice` of `data` (addressed by `geo`) into `out` (RGBA, width × height, as
 * `ImageData.data`). Returns the number of overlay pixels drawn.
 */
export function renderSlice(data: NumericArray, geo: SliceGeometry, slice: number, out: Uint8ClampedArray, opts: RenderOptions, lut: GreyLut): number {
  const { width: w, height: hgt, du, dv } = geo;
  const base = geo.base(slice);
  const px = new Uint32Array(out.buffer, out.byteOffset, w * hgt);
  const [lo, hi] = opts.range;
  const useLut = lutFits(data, lo, hi);
  const table = useLut ? lut.get(opts.level, opts.width, lo, hi) : null;
  const bottom = opts.level - Math.max(opts.width, 1e-12) / 2;
  const scale = 255 / Math.max(opts.width, 1e-12);
  const mask = opts.mask ?? null;
  const alpha = mask ? Math.max(0, Math.min(1, opts.opacity ?? 0)) : 0;
  const colors = opts.colors;
  let overlay = 0;
  // Packed colours for small labels (the common case), so the hot loop does no map lookup.
  const small = new Int32Array(256).fill(-1);
  if (colors) for (const [label, c] of colors) if (label >= 0 && label < 256) small[label] = (c[0] << 16) | (c[1] << 8) | c[2];
  for (let v = 0; v < hgt; v++) {
    let off = base + v * dv;
    let p = v * w;
    for (let u = 0; u < w; u++, off += du, p++) {
      const val = data[off]!;
      let g: number;
      if (table !== null) g = table[val - lo]!;
      else {
        const x = (val - bottom) * scale;
        g = x <= 0 || Number.isNaN(x) ? 0 : x >= 255 ? 255 : x | 0;
      }
      if (alpha > 0) {
        const m = mask![off]!;
        if (m !== 0) {
          let rgb = m >= 0 && m < 256 ? small[m]! : -1;
          if (rgb < 0 && colors) {
            const c = colors.get(m);
            if (c) rgb = (c[0] << 16) | (c[1] << 8) | c[2];
          }
          if (rgb >= 0) {
            const r = (1 - alpha) * g + alpha * ((rgb >> 16) & 255);
            const gg = (1 - alpha) * g + alpha * ((rgb >> 8) & 255);
            const b = (1 - alpha) * g + alpha * (rgb & 255);
            px[p] = 0xff000000 | ((b & 255) << 16) | ((gg & 255) << 8) | (r & 255);
            overlay++;
            continue;
          }
        }
      }
      // Little-endian RGBA: bytes r, g, b, a → 0xAABBGGRR.
      px[p] = 0xff000000 | (g << 16) | (g << 8) | g;
    }
  }
  return overlay;
}

/** Window presets: [level, width] in the volume's units, or "auto" from percentiles. */
export const PRESETS = {
  "ct-lung": { label: "CT lung", level: -600, width: 1500 },
  "ct-soft-tissue": { label: "CT soft tissue", level: 40, width: 400 },
  "mr-auto": { label: "MR auto (1st–99th percentile)", level: NaN, width: NaN },
  "full-range": { label: "Full range", level: NaN, width: NaN },
} as const;
export type PresetName = keyof typeof PRESETS;
