/**
 * Separable filtering over typed arrays: visit every line of a volume along one axis, a tile of neighbouring
 * lines at a time, so that strided axes (y, z) are read and written in contiguous runs (cache friendly) and
 * the per-line kernels run as plain loops over a small Float64Array.
 *
 * Layout of a tile: sample `l` of line `t` sits at `buf[l * T + t]` (T = number of lines in the tile), so a
 * kernel that walks `l` and, inside, loops over `t` touches memory sequentially.
 */
import type { Vec3, VoxelArray } from "../io/volume";

/** Lines per tile along y and z (columns of the tile buffer): 64 doubles = 512 bytes per row. Lines along x
 * are contiguous already and are processed one at a time (a tile of one line). */
export const TILE_LINES = 64;

/**
 * A kernel over one tile: reads `inp` (len × T, layout above) and writes each of `outs` (same layout).
 * It may also use `scratch`, a buffer of the same size.
 */
export type TileKernel = (inp: Float64Array, outs: Float64Array[], scratch: Float64Array, len: number, T: number) => void;

/** How the lines along an axis are laid out in a volume's data (first axis fastest). */
interface LineLayout {
  /** Number of samples in each line (the size along the axis). */
  len: number;
  /** Distance in the data between consecutive samples of a line. */
  stride: number;
  /** Groups of lines whose starts are `groupBase(g) + m * lineStep`, m < linesPerGroup. */
  groups: number;
  groupStep: number;
  linesPerGroup: number;
  lineStep: number;
}

function layout(size: Vec3, axis: 0 | 1 | 2): LineLayout {
  const [nx, ny, nz] = size;
  if (axis === 0) return { len: nx, stride: 1, groups: 1, groupStep: 0, linesPerGroup: ny * nz, lineStep: nx };
  if (axis === 1) return { len: ny, stride: nx, groups: nz, groupStep: nx * ny, linesPerGroup: nx, lineStep: 1 };
  return { len: nz, stride: nx * ny, groups: 1, groupStep: 0, linesPerGroup: nx * ny, lineStep: 1 };
}

/**
 * Applies `kernel` to every line of `src` along `axis` and stores its outputs in `dsts` (one volume per kernel
 * output, each of the same size as `src`). Storing into a Float32Array rounds to single precision, as ITK does
 * when its pipeline images are `float`.
 */
export function mapLines(
  src: ArrayLike<number>,
  dsts: VoxelArray[],
  size: Vec3,
  axis: 0 | 1 | 2,
  kernel: TileKernel,
): void {
  const { len, stride, groups, groupStep, linesPerGroup, lineStep } = layout(size, axis);
  const bufLen = len * TILE_LINES;
  const inp = new Float64Array(bufLen);
  const scratch = new Float64Array(bufLen);
  const outs = dsts.map(() => new Float64Array(bufLen));
  if (axis === 0) {
    for (let line = 0; line < linesPerGroup; line++) {
      const base = line * lineStep;
      for (let l = 0; l < len; l++) inp[l] = src[base + l]!;
      kernel(inp, outs, scratch, len, 1);
      for (let o = 0; o < dsts.length; o++) {
        const dst = dsts[o]!;
        const out = outs[o]!;
        for (let l = 0; l < len; l++) dst[base + l] = out[l]!;
      }
    }
    return;
  }
  for (let g = 0; g < groups; g++) {
    const gBase = g * groupStep;
    for (let m0 = 0; m0 < linesPerGroup; m0 += TILE_LINES) {
      const T = Math.min(TILE_LINES, linesPerGroup - m0);
      const base = gBase + m0 * lineStep;
      // gather
      for (let l = 0; l < len; l++) {
        const row = l * T;
        let p = base + l * stride;
        for (let t = 0; t < T; t++, p += lineStep) inp[row + t] = src[p]!;
      }
      kernel(inp, outs, scratch, len, T);
      // scatter
      for (let o = 0; o < dsts.length; o++) {
        const dst = dsts[o]!;
        const out = outs[o]!;
        for (let l = 0; l < len; l++) {
          const row = l * T;
          let p = base + l * stride;
          for (let t = 0; t < T; t++, p += lineStep) dst[p] = out[row + t]!;
        }
      }
    }
  }
}
