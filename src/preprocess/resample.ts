/**
 * Resampling onto a new voxel spacing (IBSI reference manual §2.4, "interpolation").
 *
 * Two grid conventions:
 * - IBSI ("align grid centres"): the new grid has `n_b = ceil(n_a s_a / s_b)` voxels per axis and is centred on
 *   the old one: `x_b0 = x_a0 + (s_a (n_a − 1) − s_b (n_b − 1)) / 2`.
 * - PyRadiomics (imageoperations.resampleImage): a grid whose first voxel's corner is the image's first voxel
 *   corner, `x_b0 = x_a0 + (s_b − s_a)/2`, cropped to the mask's bounding box plus `padDistance` new voxels.
 *
 * Interpolators: nearest neighbour, (tri)linear, and cubic B-spline (prefiltered, mirror boundary — the
 * "tricubic spline" of IBSI configuration E and sitkBSpline of PyRadiomics). Only a block of the new grid is
 * evaluated (around the ROI), so a 512×512 slice is never interpolated where nothing uses it.
 * Axes whose spacing does not change are not interpolated at all (exact copies), which keeps 2D (in-plane)
 * resampling exact along the slice axis.
 */
import { RadiogxError } from "../errors";
import type { Vec3, Volume } from "../io/volume";
import { indexToWorld } from "../io/volume";

export type InterpolatorName = "nearest" | "linear" | "bspline";

/** A regular grid sharing the source volume's direction. */
export interface Grid {
  size: Vec3;
  spacing: Vec3;
  /** World position of voxel (0, 0, 0). */
  origin: Vec3;
  direction: number[];
  /** Continuous index, in the source volume, of this grid's voxel (0, 0, 0). */
  sourceIndexOfOrigin: Vec3;
  /** Source voxels per grid voxel along each axis (s_b / s_a). */
  step: Vec3;
}

/** Target spacing with 0 (or undefined) meaning "keep this axis". */
function targetSpacing(vol: Volume, spacing: readonly number[]): Vec3 {
  return [0, 1, 2].map((a) => (spacing[a]! > 0 ? spacing[a]! : vol.spacing[a]!)) as Vec3;
}

/** The IBSI centre-aligned grid for `spacing` (mm; 0 keeps an axis). */
export function ibsiGrid(vol: Volume, spacing: readonly number[]): Grid {
  const sb = targetSpacing(vol, spacing);
  const size = [0, 1, 2].map((a) => {
    const same = Math.abs(sb[a]! - vol.spacing[a]!) <= 1e-9 * vol.spacing[a]!;
    return same ? vol.size[a]! : Math.ceil((vol.size[a]! * vol.spacing[a]!) / sb[a]! - 1e-9);
  }) as Vec3;
  const start = [0, 1, 2].map((a) => (vol.spacing[a]! * (vol.size[a]! - 1) - sb[a]! * (size[a]! - 1)) / 2 / vol.spacing[a]!) as Vec3;
  return makeGrid(vol, sb, size, start);
}

/**
 * PyRadiomics' grid (imageoperations.resampleImage): a global grid whose first voxel's corner is the source's
 * first voxel corner (source index of new voxel n: `(n + 0.5) s_b/s_a − 0.5`), cropped to the ROI's bounding
 * box [lo, hi] plus `pad` new voxels and to the image. Axes where the ROI spans one slice keep their spacing.
 */
export function cornerAlignedGrid(vol: Volume, spacing: readonly number[], lo: Vec3, hi: Vec3, pad = 5): Grid {
  const sb = targetSpacing(vol, spacing).map((s, a) => (hi[a] === lo[a] ? vol.spacing[a]! : s)) as Vec3;
  const size: number[] = [], start: number[] = [];
  for (let a = 0; a < 3; a++) {
    const ratio = vol.spacing[a]! / sb[a]!;
    const newLo = Math.max(0, Math.floor((lo[a]! - 0.5) * ratio - pad));
    const newHi = Math.min(Math.ceil(vol.size[a]! * ratio) - 1, Math.ceil((hi[a]! + 0.5) * ratio + pad));
    size.push(newHi - newLo + 1);
    start.push((0.5 * (sb[a]! - vol.spacing[a]!)) / vol.spacing[a]! + newLo / ratio);
  }
  return makeGrid(vol, sb, size as Vec3, start as Vec3);
}

function makeGrid(vol: Volume, sb: Vec3, size: Vec3, start: Vec3): Grid {
  return {
    size,
    spacing: sb,
    origin: indexToWorld(vol, start[0], start[1], start[2]),
    direction: [...vol.direction],
    sourceIndexOfOrigin: start,
    step: [sb[0] / vol.spacing[0], sb[1] / vol.spacing[1], sb[2] / vol.spacing[2]],
  };
}

/** An index block [lo, lo + size) of a grid. */
export interface Block {
  lo: Vec3;
  size: Vec3;
}

/** Per-axis sampling plan: for each output index along the axis, the source position. */
function positions(grid: Grid, block: Block, axis: number): Float64Array {
  const n = block.size[axis]!;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = grid.sourceIndexOfOrigin[axis]! + (block.lo[axis]! + i) * grid.step[axis]!;
  return out;
}

/**
 * Samples `vol` at the voxels of `block` of `grid`. Samples outside the source grid take the nearest edge
 * value (linear, nearest) or the mirrored coefficients (B-spline). Returns a Float64Array of block size.
 */
export function sampleBlock(vol: Volume, grid: Grid, block: Block, interpolator: InterpolatorName): Float64Array {
  const [nx, ny, nz] = block.size;
  const px = positions(grid, block, 0), py = positions(grid, block, 1), pz = positions(grid, block, 2);
  const out = new Float64Array(nx * ny * nz);
  // Separable interpolation, one axis at a time; an axis whose positions are all integers is a gather.
  // Work on the source sub-box that the block touches (plus the kernel's support).
  const support = interpolator === "bspline" ? 2 : 1;
  const margin = interpolator === "bspline" ? 24 : 0; // IIR prefilter decays as 0.268^k: 24 voxels ≈ 1e-14
  const lo: number[] = [], hi: number[] = [];
  for (const [a, p] of [px, py, pz].entries()) {
    let mn = Infinity, mx = -Infinity;
    for (const v of p) { if (v < mn) mn = v; if (v > mx) mx = v; }
    lo[a] = Math.max(0, Math.floor(mn) - support - margin);
    hi[a] = Math.min(vol.size[a]! - 1, Math.ceil(mx) + support + margin);
    if (lo[a]! > hi[a]!) { lo[a] = Math.max(0, Math.min(vol.size[a]! - 1, Math.floor(mn))); hi[a] = lo[a]!; }
  }
  // Copy the source sub-box into Float64.
  const sx = hi[0]! - lo[0]! + 1, sy = hi[1]! - lo[1]! + 1, sz = hi[2]! - lo[2]! + 1;
  let cur: Float64Array = new Float64Array(sx * sy * sz);
  const [vx, vy] = vol.size;
  for (let k = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++) {
      const src = lo[0]! + vx * (lo[1]! + j + vy * (lo[2]! + k));
      const dst = sx * (j + sy * k);
      for (let i = 0; i < sx; i++) cur[dst + i] = vol.data[src + i]!;
    }
  }
  if (interpolator === "bspline") {
    const full = [0, 1, 2].map((a) => ({ atStart: lo[a] === 0, atEnd: hi[a] === vol.size[a]! - 1 }));
    prefilterBSpline(cur, [sx, sy, sz], full);
  }
  // Resample axis by axis: x, then y, then z.
  let dims = [sx, sy, sz];
  const plans = [px, py, pz];
  for (let a = 0; a < 3; a++) {
    const p = plans[a]!;
    const rel = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) rel[i] = p[i]! - lo[a]!;
    const next = resampleAxis(cur, dims, a, rel, interpolator, vol.size[a]! - lo[a]! - 1, -lo[a]!);
    dims = [...dims];
    dims[a] = p.length;
    cur = next;
  }
  out.set(cur);
  return out;
}

/**
 * Resamples a 3D array along one axis at positions `pos` (in the array's own index units). `lastValid` and
 * `firstValid` are the indices, in the same units, of the true source edges (for clamping/mirroring).
 */
function resampleAxis(src: Float64Array, dims: number[], axis: number, pos: Float64Array, interp: InterpolatorName, lastValid: number, firstValid: number): Float64Array {
  const n = dims[axis]!;
  const m = pos.length;
  const strides = [1, dims[0]!, dims[0]! * dims[1]!];
  const stride = strides[axis]!;
  const outDims = [...dims];
  outDims[axis] = m;
  const outStrides = [1, outDims[0]!, outDims[0]! * outDims[1]!];
  const out = new Float64Array(outDims[0]! * outDims[1]! * outDims[2]!);
  // Per-output index taps and weights.
  const taps = interp === "bspline" ? 4 : interp === "linear" ? 2 : 1;
  const idx = new Int32Array(m * taps);
  const w = new Float64Array(m * taps);
  const clamp = (i: number) => (i < 0 ? 0 : i > n - 1 ? n - 1 : i);
  const mirror = (i: number) => {
    // Mirror about the true source edges (firstValid, lastValid), then clamp into the array.
    const a = firstValid, b = lastValid;
    if (b <= a) return clamp(a);
    const period = 2 * (b - a);
    let t = (i - a) % period;
    if (t < 0) t += period;
    if (t > b - a) t = period - t;
    return clamp(a + t);
  };
  for (let o = 0; o < m; o++) {
    const p = pos[o]!;
    if (interp === "nearest") {
      idx[o] = clamp(Math.floor(p + 0.5));
      w[o] = 1;
    } else if (interp === "linear") {
      const pc = Math.min(Math.max(p, firstValid), lastValid);
      const i0 = Math.floor(pc);
      const f = pc - i0;
      idx[2 * o] = clamp(i0);
      idx[2 * o + 1] = clamp(i0 + 1);
      w[2 * o] = 1 - f;
      w[2 * o + 1] = f;
    } else {
      const i1 = Math.floor(p);
      const t = p - i1;
      // Cubic B-spline weights for taps i1-1, i1, i1+1, i1+2.
      const t2 = t * t, t3 = t2 * t;
      const ws = [(1 - t) ** 3 / 6, (3 * t3 - 6 * t2 + 4) / 6, (-3 * t3 + 3 * t2 + 3 * t + 1) / 6, t3 / 6];
      for (let q = 0; q < 4; q++) {
        idx[4 * o + q] = mirror(i1 - 1 + q);
        w[4 * o + q] = ws[q]!;
      }
    }
  }
  // Exact copies when every position is an integer (the axis is not resampled).
  const [d0, d1, d2] = outDims as [number, number, number];
  const other = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const na = outDims[other[0]!]!, nb = outDims[other[1]!]!;
  const sa = strides[other[0]!]!, sb = strides[other[1]!]!;
  const oa = outStrides[other[0]!]!, ob = outStrides[other[1]!]!;
  const oStride = outStrides[axis]!;
  void d0; void d1; void d2;
  for (let b = 0; b < nb; b++) {
    for (let a = 0; a < na; a++) {
      const sBase = a * sa + b * sb;
      const oBase = a * oa + b * ob;
      for (let o = 0; o < m; o++) {
        let v = 0;
        for (let q = 0; q < taps; q++) v += w[o * taps + q]! * src[sBase + idx[o * taps + q]! * stride]!;
        out[oBase + o * oStride] = v;
      }
    }
  }
  return out;
}

/**
 * In-place cubic B-spline prefilter (Unser 1993; the causal/anti-causal recursion with pole √3 − 2 and gain 6)
 * along each axis, with mirror-symmetric boundaries at true image edges. Where the array is a crop of a
 * larger image, the crop margin makes the truncation error negligible.
 */
function prefilterBSpline(c: Float64Array, dims: number[], full: { atStart: boolean; atEnd: boolean }[]): void {
  const z = Math.sqrt(3) - 2;
  const lambda = (1 - z) * (1 - 1 / z);
  const strides = [1, dims[0]!, dims[0]! * dims[1]!];
  for (let axis = 0; axis < 3; axis++) {
    const n = dims[axis]!;
    if (n < 2) continue;
    const stride = strides[axis]!;
    const other = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
    const na = dims[other[0]!]!, nb = dims[other[1]!]!;
    const sa = strides[other[0]!]!, sb = strides[other[1]!]!;
    const horizon = Math.min(n, Math.ceil(Math.log(1e-15) / Math.log(Math.abs(z))));
    const line = new Float64Array(n);
    void full;
    for (let b = 0; b < nb; b++) {
      for (let a = 0; a < na; a++) {
        const base = a * sa + b * sb;
        for (let i = 0; i < n; i++) line[i] = c[base + i * stride]! * lambda;
        // Causal initialisation (mirror boundary).
        let sum = line[0]!, zn = z;
        for (let k = 1; k < horizon; k++) { sum += zn * line[k]!; zn *= z; }
        line[0] = sum;
        for (let i = 1; i < n; i++) line[i] = line[i]! + z * line[i - 1]!;
        // Anti-causal initialisation.
        line[n - 1] = (z / (z * z - 1)) * (line[n - 1]! + z * line[n - 2]!);
        for (let i = n - 2; i >= 0; i--) line[i] = z * (line[i + 1]! - line[i]!);
        for (let i = 0; i < n; i++) c[base + i * stride] = line[i]!;
      }
    }
  }
}

/** Checks a requested spacing. */
export function checkSpacing(spacing: readonly number[]): void {
  if (spacing.length !== 3 || spacing.some((s) => !(s >= 0) || !Number.isFinite(s))) {
    throw new RadiogxError("INVALID_SETTING", `resampledPixelSpacing must be three spacings ≥ 0 in mm, got ${JSON.stringify(spacing)}`, { key: "resampledPixelSpacing" });
  }
}

/** Value range of the integer typed arrays. */
const INTEGER_RANGE = new Map<unknown, [number, number]>([
  [Int8Array, [-128, 127]], [Uint8Array, [0, 255]], [Int16Array, [-32768, 32767]], [Uint16Array, [0, 65535]],
  [Int32Array, [-2147483648, 2147483647]], [Uint32Array, [0, 4294967295]],
]);

/**
 * Casts interpolated values to the source's integer voxel type in place, as ITK's ResampleImageFilter does
 * when the output pixel type is the input's (PyRadiomics): clamp to the type's range, then truncate toward
 * zero. Float sources are left alone.
 */
export function castToSourceType(values: Float64Array, source: Volume): void {
  const range = INTEGER_RANGE.get(source.data.constructor);
  if (!range) return;
  const [lo, hi] = range;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    values[i] = v < lo ? lo : v > hi ? hi : Math.trunc(v);
  }
}
