/**
 * The ROI surface mesh: marching cubes on a binary mask (IBSI reference manual §3.1, "ROI mesh"; Lorensen &
 * Cline 1987), with the configuration table PyRadiomics uses (see `marchingCubesTable.ts`).
 *
 * The mask is padded with one voxel of zeros on every side, so the mesh is closed. Because the mask is
 * binary, every mesh vertex lies halfway between a voxel inside and its axis neighbour outside. We therefore
 * keep vertices on the *doubled lattice*: a voxel centre (i, j, k) of the padded block sits at (2i, 2j, 2k)
 * and a vertex at integer coordinates with exactly one odd component. Physical (grid-frame) coordinates are
 * `(lattice / 2) · spacing`; world coordinates differ from these by the image's rotation and translation only,
 * to which every mesh quantity here (volume, area, distances) is invariant.
 *
 * Volume and area are sums over cubes of per-configuration constants:
 * - area A = Σ_cubes A(c), with A(c) = Σ_triangles ½‖(S(b−a)) × (S(c−a))‖ and S = diag(spacing)/2;
 * - volume by the divergence theorem, V = ⅙ Σ_triangles det(a, b, c). For a triangle of the cube with
 *   lattice corner 2o, det(2o + a, 2o + b, 2o + c) = det(a, b, c) + 2o · (a×b + b×c + c×a), so
 *   V = ⅙ · (s_x s_y s_z / 8) · Σ_c [n_c D(c) + 2 O_c · N(c)], where n_c is the number of cubes in
 *   configuration c and O_c the sum of their corners. Every term is an integer: the volume is exact up to
 *   the final multiplication by the voxel size.
 *
 * Classic marching cubes with this table can leave small holes where two cubes resolve an ambiguous face
 * differently, and then the divergence sum depends on the origin. Like PyRadiomics (whose extractor crops
 * the mask to its bounding box and pads it by one voxel), we take the origin at the corner of the padded
 * bounding box, so the volume is reproducible, independent of where the ROI sits, and equal to
 * PyRadiomics' MeshVolume.
 */
import type { Vec3 } from "../../io/volume";
import { RadiogxError } from "../../errors";
import { EDGE_MIDPOINTS2, TRIANGLES } from "./marchingCubesTable";

/** A marching-cubes mesh of a binary mask. */
export interface VoxelMesh {
  /** Mesh volume V (mm³). */
  volume: number;
  /** Mesh surface area A (mm²). */
  area: number;
  /** Number of triangles. */
  nTriangles: number;
  /** Number of vertices (one per mask edge with a sign change). */
  nVertices: number;
  /** Vertex coordinates on the doubled lattice, x, y, z interleaved. */
  vertices2: Int32Array;
  /**
   * Block voxel index of doubled-lattice coordinate 0: block index = `latticeOrigin + lattice / 2`. It is
   * the lower corner of the ROI bounding box minus the one-voxel padding.
   */
  latticeOrigin: Vec3;
  /** Size of one doubled-lattice step in mm along each axis (spacing / 2). */
  halfSpacing: Vec3;
  /** Number of mask voxels. */
  voxelCount: number;
}

/** Per-configuration integer constants of the oriented triangles (doubled cube-local coordinates). */
interface ConfigConstants {
  /** D(c) = Σ det(a, b, c). */
  det: Int32Array;
  /** N(c) = Σ (a×b + b×c + c×a), x, y, z per configuration. */
  normalSum: Int32Array;
  /** Per triangle, the integer cross product (b − a) × (c − a), x, y, z; triangles of c at `triStart[c]`. */
  cross: Int32Array;
  triStart: Int32Array;
}

const CONSTANTS: ConfigConstants = buildConstants();

function buildConstants(): ConfigConstants {
  const det = new Int32Array(256);
  const normalSum = new Int32Array(256 * 3);
  const triStart = new Int32Array(257);
  let nTri = 0;
  for (let c = 0; c < 256; c++) {
    triStart[c] = nTri;
    nTri += TRIANGLES[c]!.length / 3;
  }
  triStart[256] = nTri;
  const cross = new Int32Array(nTri * 3);
  for (let c = 0; c < 256; c++) {
    const tri = TRIANGLES[c]!;
    for (let t = 0; t < tri.length; t += 3) {
      const a = EDGE_MIDPOINTS2[tri[t]!]!, b = EDGE_MIDPOINTS2[tri[t + 1]!]!, q = EDGE_MIDPOINTS2[tri[t + 2]!]!;
      const axb = crossInt(a, b), bxc = crossInt(b, q), cxa = crossInt(q, a);
      det[c] = det[c]! + axb[0] * q[0] + axb[1] * q[1] + axb[2] * q[2];
      for (let d = 0; d < 3; d++) normalSum[3 * c + d] = normalSum[3 * c + d]! + axb[d]! + bxc[d]! + cxa[d]!;
      const u: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
      const v: Vec3 = [q[0] - a[0], q[1] - a[1], q[2] - a[2]];
      const n = crossInt(u, v);
      const ti = triStart[c]! + t / 3;
      cross[3 * ti] = n[0];
      cross[3 * ti + 1] = n[1];
      cross[3 * ti + 2] = n[2];
    }
  }
  return { det, normalSum, cross, triStart };
}

function crossInt(a: readonly number[], b: readonly number[]): Vec3 {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

/** Inclusive bounding box of the non-zero voxels of a mask, or null when the mask is empty. */
export function maskBoundingBox(mask: ArrayLike<number>, size: Vec3): { lo: Vec3; hi: Vec3; count: number } | null {
  const [nx, ny, nz] = size;
  let x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1, count = 0;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (mask[idx] === 0) continue;
        count++;
        if (i < x0) x0 = i;
        if (i > x1) x1 = i;
        if (j < y0) y0 = j;
        if (j > y1) y1 = j;
        if (k < z0) z0 = k;
        if (k > z1) z1 = k;
      }
    }
  }
  return count === 0 ? null : { lo: [x0, y0, z0], hi: [x1, y1, z1], count };
}

/**
 * Largest padded bounding-box extent (voxels) the exact integer geometry supports: hull orientation tests
 * on the doubled lattice stay below 2^53 up to this size.
 */
export const MAX_LATTICE_EXTENT = 20000;

/**
 * Marching-cubes mesh of the non-zero voxels of `mask` (a block of `size` voxels, first axis fastest).
 * Throws `EMPTY_MASK` when the mask has no voxel.
 */
export function marchingCubes(mask: Uint8Array, size: Vec3, spacing: Vec3): VoxelMesh {
  const bb = maskBoundingBox(mask, size);
  if (bb === null) throw new RadiogxError("EMPTY_MASK", "the morphological mask is empty: no mesh can be built");
  const [nx, ny] = size;
  // Padded copy of the bounding box: one voxel of zeros on every side.
  const px = bb.hi[0] - bb.lo[0] + 3, py = bb.hi[1] - bb.lo[1] + 3, pz = bb.hi[2] - bb.lo[2] + 3;
  if (Math.max(px, py, pz) > MAX_LATTICE_EXTENT) {
    throw new RadiogxError("INVALID_ARGUMENT", `the ROI spans ${Math.max(px, py, pz)} voxels along one axis; morphology supports up to ${MAX_LATTICE_EXTENT}`);
  }
  const pad = new Uint8Array(px * py * pz);
  for (let k = bb.lo[2]; k <= bb.hi[2]; k++) {
    for (let j = bb.lo[1]; j <= bb.hi[1]; j++) {
      const src = nx * (j + ny * k);
      const dst = px * (j - bb.lo[1] + 1 + py * (k - bb.lo[2] + 1)) + 1 - bb.lo[0];
      for (let i = bb.lo[0]; i <= bb.hi[0]; i++) pad[dst + i] = mask[src + i] !== 0 ? 1 : 0;
    }
  }

  // Cube configurations: count per configuration and the sum of cube corners per configuration.
  const count = new Float64Array(256);
  const cornerSum = new Float64Array(256 * 3);
  const sxy = px * py;
  for (let k = 0; k < pz - 1; k++) {
    for (let j = 0; j < py - 1; j++) {
      const r00 = px * j + sxy * k, r10 = r00 + px, r01 = r00 + sxy, r11 = r10 + sxy;
      // Bits of the left face of the first cube (corners 0, 3, 4, 7).
      let left = pad[r00]! | (pad[r10]! << 3) | (pad[r01]! << 4) | (pad[r11]! << 7);
      for (let i = 0; i < px - 1; i++) {
        const right = pad[r00 + i + 1]! | (pad[r10 + i + 1]! << 1) | (pad[r01 + i + 1]! << 2) | (pad[r11 + i + 1]! << 3);
        // Corners 1, 2, 5, 6 come from the right face.
        const c = left | ((right & 1) << 1) | ((right & 2) << 1) | ((right & 4) << 3) | ((right & 8) << 3);
        if (c !== 0 && c !== 255) {
          count[c] = count[c]! + 1;
          cornerSum[3 * c] = cornerSum[3 * c]! + i;
          cornerSum[3 * c + 1] = cornerSum[3 * c + 1]! + j;
          cornerSum[3 * c + 2] = cornerSum[3 * c + 2]! + k;
        }
        left = (right & 1) | ((right & 2) << 2) | ((right & 4) << 2) | ((right & 8) << 4);
      }
    }
  }

  const hx = spacing[0] / 2, hy = spacing[1] / 2, hz = spacing[2] / 2;
  const { det, normalSum, cross, triStart } = CONSTANTS;
  let vol6 = 0, area = 0, nTriangles = 0;
  for (let c = 1; c < 255; c++) {
    const n = count[c]!;
    if (n === 0) continue;
    vol6 += n * det[c]! + 2 * (cornerSum[3 * c]! * normalSum[3 * c]! + cornerSum[3 * c + 1]! * normalSum[3 * c + 1]! + cornerSum[3 * c + 2]! * normalSum[3 * c + 2]!);
    let a = 0;
    for (let t = triStart[c]!; t < triStart[c + 1]!; t++) {
      const cx = cross[3 * t]! * hy * hz, cy = cross[3 * t + 1]! * hx * hz, cz = cross[3 * t + 2]! * hx * hy;
      a += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
    }
    area += n * a;
    nTriangles += n * (triStart[c + 1]! - triStart[c]!);
  }
  const volume = (vol6 / 6) * hx * hy * hz;

  const vertices2 = meshVertices(pad, px, py, pz);
  return {
    volume,
    area,
    nTriangles,
    nVertices: vertices2.length / 3,
    vertices2,
    latticeOrigin: [bb.lo[0] - 1, bb.lo[1] - 1, bb.lo[2] - 1],
    halfSpacing: [hx, hy, hz],
    voxelCount: bb.count,
  };
}

/** One vertex per pair of axis-neighbour voxels of which exactly one is in the mask (doubled lattice). */
function meshVertices(pad: Uint8Array, px: number, py: number, pz: number): Int32Array {
  const sxy = px * py;
  let n = 0;
  for (let pass = 0; pass < 2; pass++) {
    const out = pass === 0 ? null : new Int32Array(3 * n);
    let w = 0;
    for (let k = 0; k < pz; k++) {
      for (let j = 0; j < py; j++) {
        const row = px * j + sxy * k;
        for (let i = 0; i < px; i++) {
          const v = pad[row + i]!;
          if (i + 1 < px && pad[row + i + 1] !== v) {
            if (out) { out[w++] = 2 * i + 1; out[w++] = 2 * j; out[w++] = 2 * k; } else n++;
          }
          if (j + 1 < py && pad[row + i + px] !== v) {
            if (out) { out[w++] = 2 * i; out[w++] = 2 * j + 1; out[w++] = 2 * k; } else n++;
          }
          if (k + 1 < pz && pad[row + i + sxy] !== v) {
            if (out) { out[w++] = 2 * i; out[w++] = 2 * j; out[w++] = 2 * k + 1; } else n++;
          }
        }
      }
    }
    if (out) return out;
  }
  return new Int32Array(0);
}
