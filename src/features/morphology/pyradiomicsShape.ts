/**
 * PyRadiomics' 3D shape features (radiomics/shape.py, `RadiomicsShape`, and its C extension cshape.c),
 * reproduced with PyRadiomics' conventions so that values agree with PyRadiomics to floating-point
 * precision:
 *
 * - the mesh is marching cubes on the mask cropped to its bounding box and padded with one voxel, with
 *   PyRadiomics' half table and complement rule (`marchingCubesTable.ts`); the volume is the divergence sum
 *   taken about the padded box's corner, as in PyRadiomics;
 * - coordinates are index × spacing (the image direction is not used: it does not change these values);
 * - Maximum3DDiameter and the three 2D diameters are over mesh vertices; the 2D ones over pairs of vertices
 *   with equal coordinate along one array axis — `Slice` the third axis (z, numpy axis 0), `Column` the
 *   second (y) and `Row` the first (x). We take them from convex hulls (per plane for the 2D ones), which
 *   gives the same maxima without the quadratic pair loop;
 * - principal axes from the covariance of the voxel centres normalised by N (not N − 1, unlike IBSI), with
 *   eigenvalues in (−1e-10, 0) rounded to 0.
 */
import type { FeatureValue, PreparedRoi } from "../types";
import { marchingCubes, type VoxelMesh } from "./mesh";
import { meshHull, voxelMoments } from "./geometry";
import { checkPreparedRoi, cropToMasks } from "./roi";

/** PyRadiomics' shape feature names, in PyRadiomics' order, with the IBSI code where IBSI defines one. */
export const PYRADIOMICS_SHAPE_FEATURES: readonly { name: string; ibsi: string | null }[] = [
  { name: "MeshVolume", ibsi: "RNU0" },
  { name: "VoxelVolume", ibsi: "YEKZ" },
  { name: "SurfaceArea", ibsi: "C0JK" },
  { name: "SurfaceVolumeRatio", ibsi: "2PR5" },
  { name: "Sphericity", ibsi: "QCFX" },
  { name: "Maximum3DDiameter", ibsi: "L0JK" },
  { name: "Maximum2DDiameterSlice", ibsi: null },
  { name: "Maximum2DDiameterColumn", ibsi: null },
  { name: "Maximum2DDiameterRow", ibsi: null },
  { name: "MajorAxisLength", ibsi: "TDIC" },
  { name: "MinorAxisLength", ibsi: "P9VJ" },
  { name: "LeastAxisLength", ibsi: "7J51" },
  { name: "Elongation", ibsi: "Q3CK" },
  { name: "Flatness", ibsi: "N17B" },
];

/**
 * PyRadiomics' deprecated shape features, computed only when a `featureClass` list names them (as PyRadiomics
 * does): Compactness1 V/(√π A^{3/2}), Compactness2 36πV²/A³, SphericalDisproportion A/(36πV²)^{1/3}.
 */
export const PYRADIOMICS_SHAPE_OPT_IN: readonly { name: string; ibsi: string | null }[] = [
  { name: "Compactness1", ibsi: "SKGS" },
  { name: "Compactness2", ibsi: "BQWJ" },
  { name: "SphericalDisproportion", ibsi: "KRCK" },
];

/**
 * PyRadiomics' 14 shape features (family "shape") of the morphological mask of a prepared ROI:
 * MeshVolume V, VoxelVolume N_v·voxel volume, SurfaceArea A, SurfaceVolumeRatio A/V, Sphericity
 * (36πV²)^{1/3}/A, Maximum3DDiameter and Maximum2DDiameter{Slice,Column,Row} (largest vertex distances),
 * Major/Minor/LeastAxisLength 4√λ, Elongation √(λ_minor/λ_major), Flatness √(λ_least/λ_major).
 * Throws `EMPTY_MASK` when the mask is empty.
 */
export function pyradiomicsShape(input: PreparedRoi): FeatureValue[] {
  checkPreparedRoi(input, "PyRadiomics shape features");
  const roi = cropToMasks(input, true);
  const { size, spacing } = roi;
  const mesh = marchingCubes(roi.morphMask, size, spacing);
  const hull = meshHull(mesh);
  const moments = voxelMoments(roi.morphMask, size, spacing, "population");
  const [lMajor, lMinor, lLeast] = Array.from(moments.eigenvalues, (l) => (l < 0 && l > -1e-10 ? 0 : l)) as [number, number, number];
  const V = mesh.volume, A = mesh.area;
  const [dSlice, dColumn, dRow] = [planeDiameter(mesh, 2), planeDiameter(mesh, 1), planeDiameter(mesh, 0)];
  const axis = (l: number): number => (l < 0 ? NaN : 4 * Math.sqrt(l));
  const ratio = (l: number): number => (l < 0 || lMajor < 0 ? NaN : Math.sqrt(l / lMajor));
  const values: Record<string, number> = {
    MeshVolume: V,
    VoxelVolume: mesh.voxelCount * spacing[0] * spacing[1] * spacing[2],
    SurfaceArea: A,
    SurfaceVolumeRatio: A / V,
    Sphericity: Math.cbrt(36 * Math.PI * V * V) / A,
    Maximum3DDiameter: hull.diameter,
    Maximum2DDiameterSlice: dSlice,
    Maximum2DDiameterColumn: dColumn,
    Maximum2DDiameterRow: dRow,
    MajorAxisLength: axis(lMajor),
    MinorAxisLength: axis(lMinor),
    LeastAxisLength: axis(lLeast),
    Elongation: ratio(lMinor),
    Flatness: ratio(lLeast),
    Compactness1: V / (A ** 1.5 * Math.sqrt(Math.PI)),
    Compactness2: (36 * Math.PI * V * V) / A ** 3,
    SphericalDisproportion: A / Math.cbrt(36 * Math.PI * V * V),
  };
  return [...PYRADIOMICS_SHAPE_FEATURES, ...PYRADIOMICS_SHAPE_OPT_IN].map(({ name, ibsi }, i) => {
    const value = values[name]!;
    const out: FeatureValue = { name, family: "shape", ibsi, aggregation: null, value };
    if (i >= PYRADIOMICS_SHAPE_FEATURES.length) out.optIn = true;
    if (!Number.isFinite(value)) out.note = `${name} is not defined for this ROI (negative or zero principal-axis eigenvalue)`;
    return out;
  });
}

/**
 * Largest distance (mm) between two mesh vertices that share the same coordinate along `axis` (0 = x,
 * 1 = y, 2 = z). Vertices are grouped by plane with one sort; in each plane the maximum is taken over the
 * vertices of the plane's 2D convex hull (exact integer monotone chain on the doubled lattice).
 */
export function planeDiameter(mesh: VoxelMesh, axis: 0 | 1 | 2): number {
  const v = mesh.vertices2, n = mesh.nVertices;
  if (n === 0) return 0;
  const a = (axis + 1) % 3, b = (axis + 2) % 3;
  let wa = 0, wb = 0;
  for (let p = 0; p < n; p++) {
    if (v[3 * p + a]! > wa) wa = v[3 * p + a]!;
    if (v[3 * p + b]! > wb) wb = v[3 * p + b]!;
  }
  wa++; wb++;
  // Sort keys (plane, u, v): exact integers below 2^53 for lattices up to ~2^17 per axis.
  const keys = new Float64Array(n);
  for (let p = 0; p < n; p++) keys[p] = (v[3 * p + axis]! * wa + v[3 * p + a]!) * wb + v[3 * p + b]!;
  keys.sort();
  const ha = mesh.halfSpacing[a]!, hb = mesh.halfSpacing[b]!;
  const U = new Int32Array(n), W = new Int32Array(n);
  const hull = new Int32Array(2 * n + 2);
  let best = 0;
  let start = 0;
  while (start < n) {
    const plane = Math.floor(keys[start]! / (wa * wb));
    let end = start;
    while (end < n && Math.floor(keys[end]! / (wa * wb)) === plane) {
      const rest = keys[end]! - plane * wa * wb;
      U[end - start] = Math.floor(rest / wb);
      W[end - start] = rest - U[end - start]! * wb;
      end++;
    }
    const m = end - start;
    // Monotone chain on points already sorted by (u, w).
    const cross = (o: number, p: number, q: number): number => (U[p]! - U[o]!) * (W[q]! - W[o]!) - (W[p]! - W[o]!) * (U[q]! - U[o]!);
    let k = 0;
    for (let t = 0; t < m; t++) {
      while (k >= 2 && cross(hull[k - 2]!, hull[k - 1]!, t) <= 0) k--;
      hull[k++] = t;
    }
    for (let t = m - 2, lower = k + 1; t >= 0; t--) {
      while (k >= lower && cross(hull[k - 2]!, hull[k - 1]!, t) <= 0) k--;
      hull[k++] = t;
    }
    const h = Math.max(1, k - 1);
    for (let s = 0; s < h; s++) {
      const us = U[hull[s]!]! * ha, ws = W[hull[s]!]! * hb;
      for (let t = s + 1; t < h; t++) {
        const du = U[hull[t]!]! * ha - us, dw = W[hull[t]!]! * hb - ws;
        const d2 = du * du + dw * dw;
        if (d2 > best) best = d2;
      }
    }
    start = end;
  }
  return Math.sqrt(best);
}
