/**
 * PyRadiomics' 2D shape features (radiomics/shape2D.py, `RadiomicsShape2D`, and cShape's
 * `calculate_coefficients2D`) of a ROI that lies in one slice, with `force2D` and `force2Ddimension` naming the
 * axis normal to that slice (PyRadiomics' numpy order: 0 = z, 1 = y, 2 = x).
 *
 * The contour is marching squares on the slice's mask padded with one pixel: cells are the squares between four
 * pixel centres, contour vertices sit halfway between a pixel inside and a 4-neighbour outside, and a cell with
 * two diagonal pixels inside is cut into two separate corners (the two pixels are not joined). With pixel
 * spacings s_u, s_v:
 *
 * - MeshSurface A: the area inside the contour, Σ over cells of (0, 1/8, 1/4 (diagonal pair), 1/2 (adjacent
 *   pair), 7/8, 1) · s_u s_v for 0, 1, 2, 3, 4 corners inside — a single pixel covers 1/2 of its own area;
 * - Perimeter P: the length of the contour (a corner cut is √((s_u/2)² + (s_v/2)²), a straight crossing s_u or s_v);
 * - PixelSurface N_p s_u s_v; PerimeterSurfaceRatio P/A; Sphericity 2√(πA)/P (SphericalDisproportion, its
 *   inverse, only when named, as PyRadiomics, where it is deprecated);
 * - MaximumDiameter: the largest distance between two contour vertices;
 * - Major/MinorAxisLength 4√λ and Elongation √(λ_minor/λ_major), from the covariance (normalised by N) of the
 *   pixel centres in mm, eigenvalues in (−1e-10, 0) taken as 0.
 *
 * Worked example, one pixel of 1 × 1 mm: its contour is the diamond through the midpoints of its edges, A = 0.5,
 * P = 4 · √0.5 = 2.83, MaximumDiameter 1.
 */
import { RadiogxError } from "../../errors";
import type { FeatureValue, PreparedRoi } from "../types";

export const PYRADIOMICS_SHAPE2D_FEATURES: readonly string[] = [
  "MeshSurface", "PixelSurface", "Perimeter", "PerimeterSurfaceRatio", "Sphericity", "MaximumDiameter",
  "MajorAxisLength", "MinorAxisLength", "Elongation",
];

/**
 * The 2D shape features of the morphological mask of `roi`, which must lie in one slice normal to
 * `force2Ddimension`.
 * @throws RadiogxError `INVALID_SETTING` when the ROI spans several slices along that axis.
 * @example pyradiomicsShape2D(roiOfOnePixel).find((f) => f.name === "MeshSurface")!.value // 0.5 for 1 × 1 mm
 */
export function pyradiomicsShape2D(roi: PreparedRoi, force2Ddimension = 0): FeatureValue[] {
  const normal = 2 - force2Ddimension;
  const [ua, va] = [0, 1, 2].filter((a) => a !== normal) as [number, number];
  const [nx, ny, nz] = roi.size;
  const m = roi.morphMask;
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  let np = 0;
  for (let k = 0, p = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, p++) {
    if (!m[p]) continue;
    np++;
    const c = [i, j, k];
    for (let a = 0; a < 3; a++) {
      if (c[a]! < lo[a]!) lo[a] = c[a]!;
      if (c[a]! > hi[a]!) hi[a] = c[a]!;
    }
  }
  if (np === 0) throw new RadiogxError("EMPTY_MASK", "shape2D: the ROI is empty");
  if (hi[normal]! > lo[normal]!) {
    throw new RadiogxError("INVALID_SETTING", `shape2D needs the ROI in one slice normal to force2Ddimension ${force2Ddimension}; it spans ${hi[normal]! - lo[normal]! + 1} slices`, {
      key: "shape2D", hint: "use shape for a 3D ROI, or give a single-slice mask (PyRadiomics refuses this too)",
    });
  }
  const su = roi.spacing[ua]!, sv = roi.spacing[va]!;
  // The slice's mask, cropped to the ROI and padded with one pixel of background.
  const w = hi[ua]! - lo[ua]! + 3, h = hi[va]! - lo[va]! + 3;
  const g = new Uint8Array(w * h);
  const stride = [1, nx, nx * ny];
  const base = lo[0]! * stride[0]! + lo[1]! * stride[1]! + lo[2]! * stride[2]!;
  let sumU = 0, sumV = 0;
  for (let v = 0; v < h - 2; v++) for (let u = 0; u < w - 2; u++) {
    if (m[base + u * stride[ua]! + v * stride[va]!]) {
      g[u + 1 + w * (v + 1)] = 1;
      sumU += u * su;
      sumV += v * sv;
    }
  }
  // Marching squares: area and perimeter per cell.
  const cornerCut = Math.hypot(su / 2, sv / 2);
  let cells8 = 0; // area in eighths of a cell
  let perimeter = 0;
  for (let v = 0; v < h - 1; v++) for (let u = 0; u < w - 1; u++) {
    const a = g[u + w * v]!, b = g[u + 1 + w * v]!, c = g[u + 1 + w * (v + 1)]!, d = g[u + w * (v + 1)]!;
    const n = a + b + c + d;
    if (n === 0) continue;
    if (n === 1 || n === 3) { cells8 += n === 1 ? 1 : 7; perimeter += cornerCut; }
    else if (n === 4) cells8 += 8;
    else if (a === c) { cells8 += 2; perimeter += 2 * cornerCut; } // diagonal pair: two separate corners
    else { cells8 += 4; perimeter += a === b ? su : sv; } // adjacent pair: the contour crosses the cell
  }
  const area = (cells8 / 8) * su * sv;
  // Contour vertices (in half-pixel units): midpoints between a pixel inside and a 4-neighbour outside.
  const verts: number[] = [];
  for (let v = 1; v < h - 1; v++) for (let u = 1; u < w - 1; u++) {
    if (!g[u + w * v]) continue;
    if (!g[u - 1 + w * v]) verts.push(2 * u - 1, 2 * v);
    if (!g[u + 1 + w * v]) verts.push(2 * u + 1, 2 * v);
    if (!g[u + w * (v - 1)]) verts.push(2 * u, 2 * v - 1);
    if (!g[u + w * (v + 1)]) verts.push(2 * u, 2 * v + 1);
  }
  const diameter = maxDistance(hullOf(verts), su / 2, sv / 2);
  // Principal axes of the pixel centres.
  const mu = sumU / np, mv = sumV / np;
  let cuu = 0, cvv = 0, cuv = 0;
  for (let v = 1; v < h - 1; v++) for (let u = 1; u < w - 1; u++) {
    if (!g[u + w * v]) continue;
    const du = (u - 1) * su - mu, dv = (v - 1) * sv - mv;
    cuu += du * du; cvv += dv * dv; cuv += du * dv;
  }
  cuu /= np; cvv /= np; cuv /= np;
  const tr = cuu + cvv, disc = Math.sqrt(Math.max(0, ((cuu - cvv) / 2) ** 2 + cuv * cuv));
  const round0 = (l: number) => (l < 0 && l > -1e-10 ? 0 : l);
  const lMajor = round0(tr / 2 + disc), lMinor = round0(tr / 2 - disc);
  const sphericity = (2 * Math.sqrt(Math.PI * area)) / perimeter;
  const values: Record<string, number> = {
    MeshSurface: area,
    PixelSurface: np * su * sv,
    Perimeter: perimeter,
    PerimeterSurfaceRatio: perimeter / area,
    Sphericity: sphericity,
    MaximumDiameter: diameter,
    MajorAxisLength: lMajor < 0 ? NaN : 4 * Math.sqrt(lMajor),
    MinorAxisLength: lMinor < 0 ? NaN : 4 * Math.sqrt(lMinor),
    Elongation: lMinor < 0 || lMajor < 0 ? NaN : Math.sqrt(lMinor / lMajor),
    SphericalDisproportion: 1 / sphericity,
  };
  return [...PYRADIOMICS_SHAPE2D_FEATURES, "SphericalDisproportion"].map((name) => {
    const f: FeatureValue = { name, family: "shape2D", ibsi: null, aggregation: null, value: values[name]! };
    if (name === "SphericalDisproportion") f.optIn = true;
    if (!Number.isFinite(f.value)) f.note = `${name} is not defined for this ROI (negative or zero principal-axis eigenvalue)`;
    return f;
  });
}

/** Convex hull (monotone chain) of integer points given as a flat [x0, y0, x1, y1, …] list. */
function hullOf(flat: number[]): number[] {
  const pts: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pts.push([flat[i]!, flat[i + 1]!]);
  pts.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (pts.length < 3) return pts.flat();
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [], upper: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)].flat();
}

/** Largest distance between two of the points (flat list, scaled by su, sv per unit). */
function maxDistance(flat: number[], su: number, sv: number): number {
  let best = 0;
  for (let i = 0; i < flat.length; i += 2) {
    for (let j = i + 2; j < flat.length; j += 2) {
      const du = (flat[i]! - flat[j]!) * su, dv = (flat[i + 1]! - flat[j + 1]!) * sv;
      const d = du * du + dv * dv;
      if (d > best) best = d;
    }
  }
  return Math.sqrt(best);
}
