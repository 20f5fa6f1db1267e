/**
 * Geometry of an ROI shared by the IBSI and PyRadiomics shape features: voxel moments (counts, centres of
 * mass, the covariance of voxel centres), and the convex hull of the mesh with its diameter.
 *
 * Positions are in the grid frame, in mm: voxel (i, j, k) of the block is at (i·s_x, j·s_y, k·s_z). World
 * coordinates are origin + D·(grid frame) with D orthonormal, so every distance, volume, area and eigenvalue
 * below equals its world-frame value.
 */
import type { Vec3 } from "../../io/volume";
import type { VoxelMesh } from "./mesh";
import { convexHull3, hullCandidates, type ConvexHull3 } from "./convexHull";
import { symmetricEigen } from "./smallLinalg";

/** Count, centroid and covariance of the voxel centres of a mask. */
export interface VoxelMoments {
  count: number;
  centroid: Vec3;
  /** Row-major 3×3 covariance of the voxel centre positions (mm²). */
  covariance: Float64Array;
  /** Eigenvalues of the covariance, largest first (λ_major, λ_minor, λ_least). */
  eigenvalues: Float64Array;
}

/**
 * Moments of the voxel centres of the non-zero voxels of `mask`. The covariance is normalised by N − 1
 * (`"sample"`, IBSI: its reference values are those of the sample covariance) or by N (`"population"`,
 * PyRadiomics).
 */
export function voxelMoments(mask: Uint8Array, size: Vec3, spacing: Vec3, normalisation: "sample" | "population"): VoxelMoments {
  const [nx, ny, nz] = size;
  // Two passes (mean, then centred sums) for accuracy on large coordinates.
  let n = 0, si = 0, sj = 0, sk = 0;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (mask[idx] === 0) continue;
        n++; si += i; sj += j; sk += k;
      }
    }
  }
  const mi = si / n, mj = sj / n, mk = sk / n;
  let xx = 0, xy = 0, xz = 0, yy = 0, yz = 0, zz = 0;
  for (let k = 0, idx = 0; k < nz; k++) {
    const dz = (k - mk) * spacing[2];
    for (let j = 0; j < ny; j++) {
      const dy = (j - mj) * spacing[1];
      for (let i = 0; i < nx; i++, idx++) {
        if (mask[idx] === 0) continue;
        const dx = (i - mi) * spacing[0];
        xx += dx * dx; xy += dx * dy; xz += dx * dz; yy += dy * dy; yz += dy * dz; zz += dz * dz;
      }
    }
  }
  const divisor = normalisation === "sample" ? n - 1 : n;
  const covariance = Float64Array.from([xx, xy, xz, xy, yy, yz, xz, yz, zz], (v) => (divisor > 0 ? v / divisor : 0));
  return {
    count: n,
    centroid: [mi * spacing[0], mj * spacing[1], mk * spacing[2]],
    covariance,
    eigenvalues: n > 0 ? symmetricEigen(covariance, 3).values : new Float64Array([NaN, NaN, NaN]),
  };
}

/**
 * Intensity-weighted centre of mass Σ X_k r_k / Σ X_k over the voxels of `mask` (grid frame, mm); null when
 * the intensities sum to zero.
 */
export function intensityCentroid(mask: Uint8Array, intensities: ArrayLike<number>, size: Vec3, spacing: Vec3): Vec3 | null {
  const [nx, ny, nz] = size;
  let w = 0, si = 0, sj = 0, sk = 0;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (mask[idx] === 0) continue;
        const x = intensities[idx]!;
        w += x; si += x * i; sj += x * j; sk += x * k;
      }
    }
  }
  if (w === 0 || !Number.isFinite(w)) return null;
  return [(si / w) * spacing[0], (sj / w) * spacing[1], (sk / w) * spacing[2]];
}

/** The convex hull of a mesh and what is measured on it (grid frame, mm). */
export interface MeshHull {
  hull: ConvexHull3;
  /** Hull vertex positions (mm), x, y, z interleaved. */
  points: Float64Array;
  /** Hull triangles as indices into `points` (three per face, counter-clockwise seen from outside). */
  faces: Int32Array;
  volume: number;
  area: number;
  /** Largest distance between two hull vertices = the maximum 3D diameter of the mesh. */
  diameter: number;
  /** Distinct unit face normals (mm frame), x, y, z interleaved, one per parallel family. */
  faceNormals: Float64Array;
}

/**
 * Convex hull of the mesh vertices (exact Quickhull on the doubled lattice, after discarding vertices that are
 * not extreme along the axis lines), with its volume, area, the diameter over hull vertex pairs and its
 * distinct face normals.
 */
export function meshHull(mesh: VoxelMesh): MeshHull {
  const ids = hullCandidates(mesh.vertices2);
  const hull = convexHull3(mesh.vertices2, ids);
  if (hull === null) throw new Error("mesh vertices are coplanar, which a marching-cubes mesh never is");
  const [hx, hy, hz] = mesh.halfSpacing;
  const v2 = mesh.vertices2;
  const nv = hull.vertices.length;
  const points = new Float64Array(3 * nv);
  const local = new Map<number, number>();
  let cx = 0, cy = 0, cz = 0;
  for (let t = 0; t < nv; t++) {
    const p = hull.vertices[t]!;
    local.set(p, t);
    points[3 * t] = v2[3 * p]! * hx;
    points[3 * t + 1] = v2[3 * p + 1]! * hy;
    points[3 * t + 2] = v2[3 * p + 2]! * hz;
    cx += points[3 * t]!; cy += points[3 * t + 1]!; cz += points[3 * t + 2]!;
  }
  cx /= nv; cy /= nv; cz /= nv;

  // Volume (divergence theorem about the vertex centroid) and area.
  let vol6 = 0, area2 = 0;
  const normalKeys = new Map<string, [number, number, number]>();
  const F = hull.faces;
  for (let f = 0; f < F.length; f += 3) {
    const a = F[f]!, b = F[f + 1]!, c = F[f + 2]!;
    const ax = v2[3 * a]! * hx - cx, ay = v2[3 * a + 1]! * hy - cy, az = v2[3 * a + 2]! * hz - cz;
    const bx = v2[3 * b]! * hx - cx, by = v2[3 * b + 1]! * hy - cy, bz = v2[3 * b + 2]! * hz - cz;
    const qx = v2[3 * c]! * hx - cx, qy = v2[3 * c + 1]! * hy - cy, qz = v2[3 * c + 2]! * hz - cz;
    vol6 += ax * (by * qz - bz * qy) + ay * (bz * qx - bx * qz) + az * (bx * qy - by * qx);
    const ux = bx - ax, uy = by - ay, uz = bz - az, wx = qx - ax, wy = qy - ay, wz = qz - az;
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    area2 += Math.sqrt(nx * nx + ny * ny + nz * nz);
    // Distinct face planes up to sign, keyed by the exact lattice normal divided by its gcd.
    const key = latticeNormalKey(v2, a, b, c);
    if (!normalKeys.has(key)) {
      const l = Math.hypot(nx, ny, nz);
      normalKeys.set(key, [nx / l, ny / l, nz / l]);
    }
  }
  const faceNormals = new Float64Array(3 * normalKeys.size);
  let w = 0;
  for (const nrm of normalKeys.values()) { faceNormals[w++] = nrm[0]; faceNormals[w++] = nrm[1]; faceNormals[w++] = nrm[2]; }

  // Diameter: all pairs of hull vertices.
  let d2 = 0;
  for (let s = 0; s < nv; s++) {
    const x = points[3 * s]!, y = points[3 * s + 1]!, z = points[3 * s + 2]!;
    for (let t = s + 1; t < nv; t++) {
      const dx = points[3 * t]! - x, dy = points[3 * t + 1]! - y, dz = points[3 * t + 2]! - z;
      const q = dx * dx + dy * dy + dz * dz;
      if (q > d2) d2 = q;
    }
  }
  const faces = Int32Array.from(hull.faces, (p) => local.get(p)!);
  return { hull, points, faces, volume: vol6 / 6, area: area2 / 2, diameter: Math.sqrt(d2), faceNormals };
}

function latticeNormalKey(v2: Int32Array, a: number, b: number, c: number): string {
  const ux = v2[3 * b]! - v2[3 * a]!, uy = v2[3 * b + 1]! - v2[3 * a + 1]!, uz = v2[3 * b + 2]! - v2[3 * a + 2]!;
  const wx = v2[3 * c]! - v2[3 * a]!, wy = v2[3 * c + 1]! - v2[3 * a + 1]!, wz = v2[3 * c + 2]! - v2[3 * a + 2]!;
  let nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
  const g = gcd(gcd(Math.abs(nx), Math.abs(ny)), Math.abs(nz)) || 1;
  nx /= g; ny /= g; nz /= g;
  if (nx < 0 || (nx === 0 && (ny < 0 || (ny === 0 && nz < 0)))) { nx = -nx; ny = -ny; nz = -nz; }
  return `${nx},${ny},${nz}`;
}

function gcd(a: number, b: number): number {
  while (b !== 0) { const t = a % b; a = b; b = t; }
  return a;
}
