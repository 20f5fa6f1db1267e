/**
 * Convex hulls of points with integer coordinates (the doubled lattice of the ROI mesh, see `mesh.ts`).
 *
 * - {@link convexHull3}: 3D Quickhull (Barber, Dobkin & Huhdanpaa 1996). All orientation tests are exact:
 *   with coordinates below 2^16 the normal of a face is an integer vector below 2^34 and the test
 *   n · p − n · v0 is an integer below 2^53, so no test is ever decided by rounding. A point on the plane of a
 *   face is not "outside", so coplanar faces simply stay as separate triangles.
 * - {@link hullCandidates}: a point that lies strictly between two other points of the set on a line parallel
 *   to an axis is not a vertex of their hull; discarding those leaves the hull unchanged and typically keeps
 *   a few percent of the mesh vertices.
 * - {@link convexHull2}: Andrew's monotone chain (floating point), for projections.
 */

/** A 3D convex hull: vertex indices into the input and outward-oriented triangles. */
export interface ConvexHull3 {
  /** Indices (into the input points) of the hull's vertices, each once. */
  vertices: Int32Array;
  /** Triangles, three input indices each, counter-clockwise seen from outside. */
  faces: Int32Array;
}

/**
 * Indices of the points (x, y, z interleaved, integer-valued and non-negative) that are extreme along every
 * axis line they lie on: for each of the three axes, the point has the smallest or largest coordinate among
 * the points sharing its other two coordinates. Every vertex of the convex hull is among them.
 */
export function hullCandidates(points: Int32Array): Int32Array {
  const n = points.length / 3;
  if (n === 0) return new Int32Array(0);
  const ext = [0, 0, 0];
  for (let p = 0; p < n; p++) {
    for (let d = 0; d < 3; d++) if (points[3 * p + d]! > ext[d]!) ext[d] = points[3 * p + d]!;
  }
  const keep = new Uint8Array(n).fill(1);
  for (let axis = 0; axis < 3; axis++) {
    const a = (axis + 1) % 3, b = (axis + 2) % 3;
    const w = ext[a]! + 1, cells = w * (ext[b]! + 1);
    const lo = new Int32Array(cells).fill(0x7fffffff);
    const hi = new Int32Array(cells).fill(-1);
    for (let p = 0; p < n; p++) {
      const cell = points[3 * p + a]! + w * points[3 * p + b]!;
      const v = points[3 * p + axis]!;
      if (v < lo[cell]!) lo[cell] = v;
      if (v > hi[cell]!) hi[cell] = v;
    }
    for (let p = 0; p < n; p++) {
      if (keep[p] === 0) continue;
      const cell = points[3 * p + a]! + w * points[3 * p + b]!;
      const v = points[3 * p + axis]!;
      if (v !== lo[cell] && v !== hi[cell]) keep[p] = 0;
    }
  }
  let m = 0;
  for (let p = 0; p < n; p++) m += keep[p]!;
  const out = new Int32Array(m);
  for (let p = 0, w = 0; p < n; p++) if (keep[p]) out[w++] = p;
  return out;
}

/**
 * 3D convex hull of the points `ids` (indices into `points`, x, y, z interleaved, integer coordinates of
 * magnitude below 2^16). Returns null when the points are coplanar (no 3D hull).
 */
export function convexHull3(points: Int32Array | Float64Array, ids: Int32Array): ConvexHull3 | null {
  const n = ids.length;
  if (n < 4) return null;
  const X = new Float64Array(n), Y = new Float64Array(n), Z = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const p = ids[q]!;
    X[q] = points[3 * p]!;
    Y[q] = points[3 * p + 1]!;
    Z[q] = points[3 * p + 2]!;
  }
  const simplex = initialSimplex(X, Y, Z);
  if (simplex === null) return null;

  const faces = new FaceStore(Math.max(64, 4 * n));
  // Outside sets: a singly linked list of points per face.
  const nextPoint = new Int32Array(n).fill(-1);
  const [s0, s1, s2, s3] = simplex;
  const tetra: [number, number, number][] = [[s0, s1, s2], [s0, s3, s1], [s1, s3, s2], [s2, s3, s0]];
  // Orient so that the fourth vertex is below every face.
  if (orient3(X, Y, Z, s0, s1, s2, s3) > 0) {
    for (const t of tetra) { const tmp = t[1]; t[1] = t[2]; t[2] = tmp; }
  }
  const f0 = tetra.map((t) => faces.add(X, Y, Z, t[0], t[1], t[2]));
  // Neighbours by matching reversed edges.
  for (let a = 0; a < 4; a++) {
    for (let e = 0; e < 3; e++) {
      const u = faces.v[3 * f0[a]! + e]!, w = faces.v[3 * f0[a]! + ((e + 1) % 3)]!;
      for (let b = 0; b < 4; b++) {
        if (b === a) continue;
        for (let g = 0; g < 3; g++) {
          if (faces.v[3 * f0[b]! + g] === w && faces.v[3 * f0[b]! + ((g + 1) % 3)] === u) faces.nb[3 * f0[a]! + e] = f0[b]!;
        }
      }
    }
  }
  for (let q = 0; q < n; q++) {
    if (q === s0 || q === s1 || q === s2 || q === s3) continue;
    for (const f of f0) {
      if (faces.height(f, X[q]!, Y[q]!, Z[q]!) > 0) {
        nextPoint[q] = faces.head[f]!;
        faces.head[f] = q;
        break;
      }
    }
  }

  const queue: number[] = [...f0];
  const startFace = new Int32Array(n).fill(-1);
  const endFace = new Int32Array(n).fill(-1);
  const visible: number[] = [];
  const horizon: number[] = []; // pairs (face, edge)
  const stack: number[] = [];
  let stamp = 0;
  while (queue.length > 0) {
    const f = queue.pop()!;
    if (!faces.alive[f] || faces.head[f] === -1) continue;
    // Eye point: the farthest outside point of f.
    let eye = -1, best = 0;
    for (let q = faces.head[f]!; q !== -1; q = nextPoint[q]!) {
      const h = faces.height(f, X[q]!, Y[q]!, Z[q]!);
      if (h > best) { best = h; eye = q; }
    }
    const ex = X[eye]!, ey = Y[eye]!, ez = Z[eye]!;
    // Visible faces (strictly below the eye) by depth-first search; the horizon is where it stops.
    stamp++;
    visible.length = 0;
    horizon.length = 0;
    stack.length = 0;
    stack.push(f);
    faces.mark[f] = stamp;
    while (stack.length > 0) {
      const g = stack.pop()!;
      visible.push(g);
      for (let e = 0; e < 3; e++) {
        const h = faces.nb[3 * g + e]!;
        if (faces.mark[h] === stamp) continue;
        if (faces.height(h, ex, ey, ez) > 0) {
          faces.mark[h] = stamp;
          stack.push(h);
        } else {
          horizon.push(g, e);
        }
      }
    }
    // Horizon faces can be reached twice from different visible faces; a face is visible or not, so the
    // recorded horizon edges are distinct (each belongs to exactly one visible face).
    const created: number[] = [];
    for (let t = 0; t < horizon.length; t += 2) {
      const g = horizon[t]!, e = horizon[t + 1]!;
      const a = faces.v[3 * g + e]!, b = faces.v[3 * g + ((e + 1) % 3)]!;
      const outer = faces.nb[3 * g + e]!;
      const nf = faces.add(X, Y, Z, a, b, eye);
      faces.nb[3 * nf] = outer;
      // The outer face's edge b → a now borders the new face.
      for (let k = 0; k < 3; k++) {
        if (faces.v[3 * outer + k] === b && faces.v[3 * outer + ((k + 1) % 3)] === a) faces.nb[3 * outer + k] = nf;
      }
      startFace[a] = nf;
      endFace[b] = nf;
      created.push(nf);
    }
    for (const nf of created) {
      const a = faces.v[3 * nf]!, b = faces.v[3 * nf + 1]!;
      faces.nb[3 * nf + 1] = startFace[b]!; // edge b → eye borders the face starting at b (its edge eye → b)
      faces.nb[3 * nf + 2] = endFace[a]!; // edge eye → a borders the face ending at a (its edge a → eye)
    }
    for (const nf of created) {
      startFace[faces.v[3 * nf]!] = -1;
      endFace[faces.v[3 * nf + 1]!] = -1;
    }
    // Re-assign the outside points of the visible faces to the new faces (a point outside the new hull is
    // outside one of the new faces, because every old face lies below the plane of the visible face it was
    // outside of).
    for (const g of visible) {
      faces.alive[g] = 0;
      let q = faces.head[g]!;
      while (q !== -1) {
        const next = nextPoint[q]!;
        if (q !== eye) {
          const qx = X[q]!, qy = Y[q]!, qz = Z[q]!;
          for (const nf of created) {
            if (faces.height(nf, qx, qy, qz) > 0) {
              nextPoint[q] = faces.head[nf]!;
              faces.head[nf] = q;
              break;
            }
          }
        }
        q = next;
      }
      faces.head[g] = -1;
    }
    for (const nf of created) if (faces.head[nf] !== -1) queue.push(nf);
  }

  let nFaces = 0;
  for (let f = 0; f < faces.count; f++) nFaces += faces.alive[f]!;
  const out = new Int32Array(3 * nFaces);
  const used = new Uint8Array(n);
  for (let f = 0, w = 0; f < faces.count; f++) {
    if (!faces.alive[f]) continue;
    for (let k = 0; k < 3; k++) {
      const q = faces.v[3 * f + k]!;
      out[w++] = ids[q]!;
      used[q] = 1;
    }
  }
  let nv = 0;
  for (let q = 0; q < n; q++) nv += used[q]!;
  const verts = new Int32Array(nv);
  for (let q = 0, w = 0; q < n; q++) if (used[q]) verts[w++] = ids[q]!;
  return { vertices: verts, faces: out };
}

/** Growable face arrays: vertices, neighbours (across edge v_k → v_k+1), plane, outside-set head. */
class FaceStore {
  count = 0;
  v: Int32Array;
  nb: Int32Array;
  normal: Float64Array;
  offset: Float64Array;
  alive: Uint8Array;
  head: Int32Array;
  mark: Int32Array;

  constructor(capacity: number) {
    this.v = new Int32Array(3 * capacity);
    this.nb = new Int32Array(3 * capacity);
    this.normal = new Float64Array(3 * capacity);
    this.offset = new Float64Array(capacity);
    this.alive = new Uint8Array(capacity);
    this.head = new Int32Array(capacity);
    this.mark = new Int32Array(capacity);
  }

  add(X: Float64Array, Y: Float64Array, Z: Float64Array, a: number, b: number, c: number): number {
    if (this.count === this.offset.length) this.grow();
    const f = this.count++;
    this.v[3 * f] = a;
    this.v[3 * f + 1] = b;
    this.v[3 * f + 2] = c;
    const ux = X[b]! - X[a]!, uy = Y[b]! - Y[a]!, uz = Z[b]! - Z[a]!;
    const wx = X[c]! - X[a]!, wy = Y[c]! - Y[a]!, wz = Z[c]! - Z[a]!;
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    this.normal[3 * f] = nx;
    this.normal[3 * f + 1] = ny;
    this.normal[3 * f + 2] = nz;
    this.offset[f] = nx * X[a]! + ny * Y[a]! + nz * Z[a]!;
    this.alive[f] = 1;
    this.head[f] = -1;
    this.mark[f] = 0;
    return f;
  }

  /** n · p − n · v0: positive when p is strictly outside (above) the face; exact for lattice points. */
  height(f: number, x: number, y: number, z: number): number {
    return this.normal[3 * f]! * x + this.normal[3 * f + 1]! * y + this.normal[3 * f + 2]! * z - this.offset[f]!;
  }

  private grow(): void {
    const cap = 2 * this.offset.length;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, k: number): T => {
      const b = new (a.constructor as new (n: number) => T)(k * cap);
      b.set(a);
      return b;
    };
    this.v = g(this.v, 3);
    this.nb = g(this.nb, 3);
    this.normal = g(this.normal, 3);
    this.offset = g(this.offset, 1);
    this.alive = g(this.alive, 1);
    this.head = g(this.head, 1);
    this.mark = g(this.mark, 1);
  }
}

/** Orientation of d relative to the plane (a, b, c): ((b − a) × (c − a)) · (d − a). */
function orient3(X: Float64Array, Y: Float64Array, Z: Float64Array, a: number, b: number, c: number, d: number): number {
  const ux = X[b]! - X[a]!, uy = Y[b]! - Y[a]!, uz = Z[b]! - Z[a]!;
  const wx = X[c]! - X[a]!, wy = Y[c]! - Y[a]!, wz = Z[c]! - Z[a]!;
  const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
  return nx * (X[d]! - X[a]!) + ny * (Y[d]! - Y[a]!) + nz * (Z[d]! - Z[a]!);
}

/** Four affinely independent points, far apart; null when all points are coplanar. */
function initialSimplex(X: Float64Array, Y: Float64Array, Z: Float64Array): [number, number, number, number] | null {
  const n = X.length;
  // Two distinct points: the extremes along the axis of largest spread.
  let a = 0, b = 0, spread = 0;
  for (const C of [X, Y, Z]) {
    let lo = 0, hi = 0;
    for (let q = 1; q < n; q++) {
      if (C[q]! < C[lo]!) lo = q;
      if (C[q]! > C[hi]!) hi = q;
    }
    if (C[hi]! - C[lo]! > spread) { spread = C[hi]! - C[lo]!; a = lo; b = hi; }
  }
  if (spread === 0) return null;
  // Third: farthest from the line ab (largest cross-product norm; non-zero is decided exactly).
  let c = -1, bestC = 0;
  const ux = X[b]! - X[a]!, uy = Y[b]! - Y[a]!, uz = Z[b]! - Z[a]!;
  for (let q = 0; q < n; q++) {
    const wx = X[q]! - X[a]!, wy = Y[q]! - Y[a]!, wz = Z[q]! - Z[a]!;
    const cx = uy * wz - uz * wy, cy = uz * wx - ux * wz, cz = ux * wy - uy * wx;
    if (cx === 0 && cy === 0 && cz === 0) continue;
    const m = cx * cx + cy * cy + cz * cz;
    if (m > bestC) { bestC = m; c = q; }
  }
  if (c < 0) return null;
  // Fourth: farthest from the plane abc.
  let d = -1, bestD = 0;
  for (let q = 0; q < n; q++) {
    const o = Math.abs(orient3(X, Y, Z, a, b, c, q));
    if (o > bestD) { bestD = o; d = q; }
  }
  if (d < 0) return null;
  return [a, b, c, d];
}

/**
 * 2D convex hull (Andrew's monotone chain) of points (x, y interleaved). Returns the hull's vertex indices in
 * counter-clockwise order, without collinear points.
 */
export function convexHull2(xy: Float64Array, n = xy.length / 2): Int32Array {
  if (n === 0) return new Int32Array(0);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((p, q) => xy[2 * p]! - xy[2 * q]! || xy[2 * p + 1]! - xy[2 * q + 1]!);
  const hull = new Int32Array(2 * n + 1);
  let k = 0;
  const cross = (o: number, a: number, b: number): number =>
    (xy[2 * a]! - xy[2 * o]!) * (xy[2 * b + 1]! - xy[2 * o + 1]!) - (xy[2 * a + 1]! - xy[2 * o + 1]!) * (xy[2 * b]! - xy[2 * o]!);
  for (let t = 0; t < n; t++) {
    const p = order[t]!;
    while (k >= 2 && cross(hull[k - 2]!, hull[k - 1]!, p) <= 0) k--;
    hull[k++] = p;
  }
  for (let t = n - 2, lower = k + 1; t >= 0; t--) {
    const p = order[t]!;
    while (k >= lower && cross(hull[k - 2]!, hull[k - 1]!, p) <= 0) k--;
    hull[k++] = p;
  }
  return hull.slice(0, Math.max(1, k - 1));
}
