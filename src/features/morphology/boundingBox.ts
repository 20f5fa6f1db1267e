/**
 * Bounding boxes of the ROI mesh (IBSI reference manual §3.1.17–3.1.20).
 *
 * The oriented minimum bounding box (OMBB) is the box of least volume, in any orientation, that encloses the
 * convex hull. O'Rourke (1985) showed that it has at least two adjacent faces that are each flush with an
 * edge of the hull; in practice it almost always has a face flush with a face of the hull. We therefore
 * search:
 * 1. every distinct face normal n of the hull: project the hull vertices onto the plane ⟂ n and find the
 *    minimum-area enclosing rectangle of the projection by rotating calipers (Toussaint 1983) — exact for
 *    the boxes flush with a hull face;
 * 2. then refine the best few boxes by a local pattern search over small rotations of all three axes, which
 *    reaches the optima that are flush with two hull edges instead (their orientation lies next to a
 *    face-flush one).
 */
import { convexHull2 } from "./convexHull";
import { symmetricEigen } from "./smallLinalg";

/** A box: its three unit axes (rows), the extent along each, and its volume and surface area. */
export interface OrientedBox {
  axes: Float64Array;
  extents: [number, number, number];
  volume: number;
  area: number;
}

/** Extent of the points (x, y, z interleaved) along the three orthonormal axes (rows of `axes`). */
export function boxAlong(points: Float64Array, axes: ArrayLike<number>): OrientedBox {
  const n = points.length / 3;
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const x = points[3 * i]!, y = points[3 * i + 1]!, z = points[3 * i + 2]!;
    for (let k = 0; k < 3; k++) {
      const s = axes[3 * k]! * x + axes[3 * k + 1]! * y + axes[3 * k + 2]! * z;
      if (s < lo[k]!) lo[k] = s;
      if (s > hi[k]!) hi[k] = s;
    }
  }
  const e: [number, number, number] = [hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!];
  return { axes: Float64Array.from(axes), extents: e, volume: e[0] * e[1] * e[2], area: 2 * (e[0] * e[1] + e[1] * e[2] + e[2] * e[0]) };
}

/** The axis-aligned bounding box of the points. */
export function axisAlignedBox(points: Float64Array): OrientedBox {
  return boxAlong(points, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
}

/**
 * Oriented minimum bounding box of a convex polyhedron: its vertices (x, y, z interleaved), its triangles
 * (three vertex indices each) and the candidate box-face normals (unit vectors, x, y, z interleaved; the
 * distinct face normals of the polyhedron). See the module comment for the method.
 *
 * For each candidate normal n only the silhouette of the polyhedron is projected: the vertices of edges
 * between a face facing n (n·N_f > 0) and one that does not, and of faces seen edge-on (|n·N_f| ≤ 1e-6).
 * Every vertex of the projected hull is among them (at such a vertex the face normals around it cannot all
 * lie strictly on one side of the plane ⟂ n), so the 2D hull is exact at a fraction of the cost.
 */
export function orientedMinimumBox(vertices: Float64Array, faces: Int32Array, candidateNormals: Float64Array): OrientedBox {
  const n = vertices.length / 3, nf = faces.length / 3;
  // Unit face normals and the edge → (face, face) adjacency.
  const N = new Float64Array(3 * nf);
  for (let f = 0; f < nf; f++) {
    const a = faces[3 * f]!, b = faces[3 * f + 1]!, c = faces[3 * f + 2]!;
    const ux = vertices[3 * b]! - vertices[3 * a]!, uy = vertices[3 * b + 1]! - vertices[3 * a + 1]!, uz = vertices[3 * b + 2]! - vertices[3 * a + 2]!;
    const wx = vertices[3 * c]! - vertices[3 * a]!, wy = vertices[3 * c + 1]! - vertices[3 * a + 1]!, wz = vertices[3 * c + 2]! - vertices[3 * a + 2]!;
    const x = uy * wz - uz * wy, y = uz * wx - ux * wz, z = ux * wy - uy * wx;
    const l = Math.hypot(x, y, z) || 1;
    N[3 * f] = x / l; N[3 * f + 1] = y / l; N[3 * f + 2] = z / l;
  }
  const edgeFaces = new Map<number, number>();
  const edges: number[] = []; // a, b, f, g
  for (let f = 0; f < nf; f++) {
    for (let e = 0; e < 3; e++) {
      const a = faces[3 * f + e]!, b = faces[3 * f + ((e + 1) % 3)]!;
      const key = a < b ? a * n + b : b * n + a;
      const other = edgeFaces.get(key);
      if (other === undefined) edgeFaces.set(key, f);
      else edges.push(a, b, other, f);
    }
  }
  const dots = new Float64Array(nf);
  const mark = new Int32Array(n);
  const selected = new Int32Array(n);
  const uv = new Float64Array(2 * n);
  const candidates: OrientedBox[] = [];
  const nNormals = candidateNormals.length / 3;
  for (let c = 0; c < nNormals; c++) {
    const nx = candidateNormals[3 * c]!, ny = candidateNormals[3 * c + 1]!, nz = candidateNormals[3 * c + 2]!;
    // An orthonormal basis (u, w) of the plane ⟂ n.
    let ux: number, uy: number, uz: number;
    if (Math.abs(nx) < 0.9) { ux = 0; uy = nz; uz = -ny; } else { ux = -nz; uy = 0; uz = nx; }
    const ul = Math.hypot(ux, uy, uz);
    ux /= ul; uy /= ul; uz /= ul;
    const wx = ny * uz - nz * uy, wy = nz * ux - nx * uz, wz = nx * uy - ny * ux;
    // Silhouette vertices.
    const stamp = c + 1;
    let m = 0;
    const take = (v: number): void => {
      if (mark[v] !== stamp) { mark[v] = stamp; selected[m++] = v; }
    };
    for (let f = 0; f < nf; f++) {
      const dt = nx * N[3 * f]! + ny * N[3 * f + 1]! + nz * N[3 * f + 2]!;
      dots[f] = dt;
      if (Math.abs(dt) <= 1e-6) { take(faces[3 * f]!); take(faces[3 * f + 1]!); take(faces[3 * f + 2]!); }
    }
    for (let e = 0; e < edges.length; e += 4) {
      if ((dots[edges[e + 2]!]! > 1e-6) !== (dots[edges[e + 3]!]! > 1e-6)) { take(edges[e]!); take(edges[e + 1]!); }
    }
    for (let t = 0; t < m; t++) {
      const v = selected[t]!;
      const x = vertices[3 * v]!, y = vertices[3 * v + 1]!, z = vertices[3 * v + 2]!;
      uv[2 * t] = ux * x + uy * y + uz * z;
      uv[2 * t + 1] = wx * x + wy * y + wz * z;
    }
    let hLo = Infinity, hHi = -Infinity;
    for (let v = 0; v < n; v++) {
      const h = nx * vertices[3 * v]! + ny * vertices[3 * v + 1]! + nz * vertices[3 * v + 2]!;
      if (h < hLo) hLo = h;
      if (h > hHi) hHi = h;
    }
    const rect = minimumAreaRectangle(uv, m);
    const co = Math.cos(rect.angle), si = Math.sin(rect.angle);
    // Rectangle axes in 3D: e1 = cos·u + sin·w, e2 = −sin·u + cos·w.
    const axes = [co * ux + si * wx, co * uy + si * wy, co * uz + si * wz, -si * ux + co * wx, -si * uy + co * wy, -si * uz + co * wz, nx, ny, nz];
    const e: [number, number, number] = [rect.width, rect.height, hHi - hLo];
    candidates.push({ axes: Float64Array.from(axes), extents: e, volume: e[0] * e[1] * e[2], area: 2 * (e[0] * e[1] + e[1] * e[2] + e[2] * e[0]) });
  }
  // Principal axes as an extra start (useful when the hull has few faces).
  candidates.push(boxAlong(vertices, principalAxes(vertices)));
  candidates.sort((a, b) => a.volume - b.volume);
  let best = candidates[0]!;
  for (const start of candidates.slice(0, 4)) {
    const refined = refineBox(vertices, start);
    if (refined.volume < best.volume) best = refined;
  }
  return best;
}

/** Principal axes (rows) of a point cloud. */
function principalAxes(points: Float64Array): Float64Array {
  const n = points.length / 3;
  let mx = 0, my = 0, mz = 0;
  for (let i = 0; i < n; i++) { mx += points[3 * i]!; my += points[3 * i + 1]!; mz += points[3 * i + 2]!; }
  mx /= n; my /= n; mz /= n;
  let xx = 0, xy = 0, xz = 0, yy = 0, yz = 0, zz = 0;
  for (let i = 0; i < n; i++) {
    const x = points[3 * i]! - mx, y = points[3 * i + 1]! - my, z = points[3 * i + 2]! - mz;
    xx += x * x; xy += x * y; xz += x * z; yy += y * y; yz += y * z; zz += z * z;
  }
  return symmetricEigen([xx, xy, xz, xy, yy, yz, xz, yz, zz], 3).vectors;
}

/**
 * Local pattern search over rotations: try rotating the box by ±δ about each of its axes, keep any
 * improvement, halve δ when none helps; from 2° down to 1e-7 rad.
 */
function refineBox(points: Float64Array, start: OrientedBox): OrientedBox {
  let best = start;
  let delta = (2 * Math.PI) / 180;
  while (delta > 1e-7) {
    let improved = false;
    for (let axis = 0; axis < 3; axis++) {
      for (const sign of [1, -1]) {
        const trial = boxAlong(points, rotateAxes(best.axes, axis, sign * delta));
        if (trial.volume < best.volume * (1 - 1e-14)) {
          best = trial;
          improved = true;
        }
      }
    }
    if (!improved) delta /= 2;
  }
  return best;
}

/** Rotates the other two axes of an orthonormal frame about axis `k` by `angle`. */
function rotateAxes(axes: Float64Array, k: number, angle: number): Float64Array {
  const out = Float64Array.from(axes);
  const a = (k + 1) % 3, b = (k + 2) % 3;
  const c = Math.cos(angle), s = Math.sin(angle);
  for (let d = 0; d < 3; d++) {
    out[3 * a + d] = c * axes[3 * a + d]! + s * axes[3 * b + d]!;
    out[3 * b + d] = -s * axes[3 * a + d]! + c * axes[3 * b + d]!;
  }
  return out;
}

/** Minimum-area rectangle enclosing 2D points (x, y interleaved), by rotating calipers on their hull. */
export function minimumAreaRectangle(xy: Float64Array, n = xy.length / 2): { area: number; width: number; height: number; angle: number } {
  const hull = convexHull2(xy, n);
  const m = hull.length;
  if (m < 3) {
    // Collinear: a degenerate rectangle along the segment.
    let best = { area: 0, width: 0, height: 0, angle: 0 };
    if (m === 2) {
      const p = hull[0]!, q = hull[1]!;
      const dx = xy[2 * q]! - xy[2 * p]!, dy = xy[2 * q + 1]! - xy[2 * p + 1]!;
      best = { area: 0, width: Math.hypot(dx, dy), height: 0, angle: Math.atan2(dy, dx) };
    }
    return best;
  }
  const hx = new Float64Array(m), hy = new Float64Array(m);
  for (let t = 0; t < m; t++) { hx[t] = xy[2 * hull[t]!]!; hy[t] = xy[2 * hull[t]! + 1]!; }
  // For edge t (t → t+1) with unit direction e and inward normal ν (hull is counter-clockwise):
  // caliper indices of the extreme points along e (max), along −e (min) and along ν (farthest).
  const dot = (t: number, ex: number, ey: number): number => hx[t]! * ex + hy[t]! * ey;
  let iMax = 0, iMin = 0, iFar = 0;
  let bestArea = Infinity, bestW = 0, bestH = 0, bestAngle = 0;
  for (let t = 0; t < m; t++) {
    const t1 = (t + 1) % m;
    let ex = hx[t1]! - hx[t]!, ey = hy[t1]! - hy[t]!;
    const len = Math.hypot(ex, ey);
    ex /= len; ey /= len;
    const nx = -ey, ny = ex; // inward normal of a counter-clockwise polygon
    if (t === 0) {
      iMax = iMin = iFar = 0;
      for (let q = 1; q < m; q++) {
        if (dot(q, ex, ey) > dot(iMax, ex, ey)) iMax = q;
        if (dot(q, ex, ey) < dot(iMin, ex, ey)) iMin = q;
        if (dot(q, nx, ny) > dot(iFar, nx, ny)) iFar = q;
      }
    } else {
      while (dot((iMax + 1) % m, ex, ey) >= dot(iMax, ex, ey) && (iMax + 1) % m !== t) iMax = (iMax + 1) % m;
      while (dot((iFar + 1) % m, nx, ny) >= dot(iFar, nx, ny) && (iFar + 1) % m !== t) iFar = (iFar + 1) % m;
      while (dot((iMin + 1) % m, ex, ey) <= dot(iMin, ex, ey) && (iMin + 1) % m !== t1) iMin = (iMin + 1) % m;
    }
    const w = dot(iMax, ex, ey) - dot(iMin, ex, ey);
    const h = dot(iFar, nx, ny) - dot(t, nx, ny);
    if (w * h < bestArea) {
      bestArea = w * h;
      bestW = w;
      bestH = h;
      bestAngle = Math.atan2(ey, ex);
    }
  }
  return { area: bestArea, width: bestW, height: bestH, angle: bestAngle };
}
