/**
 * Unit checks of the geometry behind the morphological features, each against an independent computation:
 * closed forms (octahedron of a single voxel, sphere and spheroid areas), brute force (DFT, convex hull and
 * minimum-area rectangle by exhaustive search, Moran's I and Geary's C by the O(N²) double sum), and
 * defining properties (every point inside its hull and its enclosing ellipsoid).
 */
import { describe, expect, it } from "vitest";
import { FftPlan, fft3d, fftSize } from "../../src/features/morphology/fft";
import { spatialAutocorrelation, spatialAutocorrelationDirect } from "../../src/features/morphology/spatialAutocorrelation";
import { marchingCubes } from "../../src/features/morphology/mesh";
import { TRIANGLES, EDGE_MIDPOINTS2 } from "../../src/features/morphology/marchingCubesTable";
import { convexHull2, convexHull3, hullCandidates } from "../../src/features/morphology/convexHull";
import { meshHull } from "../../src/features/morphology/geometry";
import { minimumAreaRectangle, orientedMinimumBox, axisAlignedBox } from "../../src/features/morphology/boundingBox";
import { ellipsoidSurfaceArea, ellipsoidVolume, minimumVolumeEnclosingEllipsoid } from "../../src/features/morphology/ellipsoid";
import { symmetricEigen } from "../../src/features/morphology/smallLinalg";
import type { Vec3 } from "../../src/io/volume";

/** Deterministic uniform [0, 1) generator (LCG), so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomMask(size: Vec3, p: number, rnd: () => number): Uint8Array {
  const m = new Uint8Array(size[0] * size[1] * size[2]);
  for (let i = 0; i < m.length; i++) m[i] = rnd() < p ? 1 : 0;
  return m;
}

describe("FFT", () => {
  it("matches the direct DFT for lengths with factors 2, 3, 5 (1e-12 relative to the input norm)", () => {
    const rnd = lcg(1);
    for (const n of [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 25, 27, 30, 32, 45, 60, 64, 125]) {
      const re = Float64Array.from({ length: n }, () => rnd() - 0.5);
      const im = Float64Array.from({ length: n }, () => rnd() - 0.5);
      const r2 = re.slice(), i2 = im.slice();
      new FftPlan(n).transform(r2, i2);
      for (let k = 0; k < n; k++) {
        let sr = 0, si = 0;
        for (let t = 0; t < n; t++) {
          const a = (-2 * Math.PI * ((k * t) % n)) / n;
          sr += re[t]! * Math.cos(a) - im[t]! * Math.sin(a);
          si += re[t]! * Math.sin(a) + im[t]! * Math.cos(a);
        }
        expect(Math.hypot(sr - r2[k]!, si - i2[k]!)).toBeLessThan(1e-12 * n);
      }
    }
  });

  it("3D transform equals the separable direct DFT on a small block, with and without a support", () => {
    const size: Vec3 = [6, 5, 4];
    const rnd = lcg(2);
    const n = size[0] * size[1] * size[2];
    const re = new Float64Array(n), im = new Float64Array(n);
    // Non-zero only in the 3×2×4 corner (the declared support).
    for (let k = 0; k < 4; k++) for (let j = 0; j < 2; j++) for (let i = 0; i < 3; i++) {
      re[i + 6 * (j + 5 * k)] = rnd() - 0.5;
      im[i + 6 * (j + 5 * k)] = rnd() - 0.5;
    }
    const a = [re.slice(), im.slice()] as const, b = [re.slice(), im.slice()] as const;
    fft3d(a[0], a[1], size);
    fft3d(b[0], b[1], size, [3, 2, 4]);
    for (let kz = 0; kz < 4; kz++) for (let ky = 0; ky < 5; ky++) for (let kx = 0; kx < 6; kx++) {
      let sr = 0, si = 0;
      for (let z = 0; z < 4; z++) for (let y = 0; y < 5; y++) for (let x = 0; x < 6; x++) {
        const ang = -2 * Math.PI * ((kx * x) / 6 + (ky * y) / 5 + (kz * z) / 4);
        const v = x + 6 * (y + 5 * z);
        sr += re[v]! * Math.cos(ang) - im[v]! * Math.sin(ang);
        si += re[v]! * Math.sin(ang) + im[v]! * Math.cos(ang);
      }
      const q = kx + 6 * (ky + 5 * kz);
      expect(Math.hypot(sr - a[0][q]!, si - a[1][q]!)).toBeLessThan(1e-12);
      expect(Math.hypot(sr - b[0][q]!, si - b[1][q]!)).toBeLessThan(1e-12);
    }
  });

  it("pads to the next 2·3·5-smooth length", () => {
    expect([1, 7, 11, 13, 199, 197, 51, 1000, 1001].map(fftSize)).toEqual([1, 8, 12, 15, 200, 200, 54, 1000, 1024]);
    expect(() => new FftPlan(7)).toThrow(/prime factors 2, 3, 5/);
  });
});

describe("Moran's I and Geary's C", () => {
  it("FFT sums equal the direct O(N²) double sum on random ROIs (1e-9 relative)", () => {
    const rnd = lcg(3);
    for (let t = 0; t < 12; t++) {
      const size: Vec3 = [2 + Math.floor(rnd() * 9), 2 + Math.floor(rnd() * 9), 1 + Math.floor(rnd() * 6)];
      const mask = randomMask(size, 0.2 + 0.7 * rnd(), rnd);
      const smooth = rnd() < 0.5;
      const intensities = Float64Array.from(mask, (_, i) => (smooth ? i * 0.37 + 20 * rnd() : Math.round(100 * rnd())));
      const spacing: Vec3 = [0.5 + rnd(), 0.5 + rnd(), 0.5 + 3 * rnd()];
      const roi = { size, spacing, intensities, mask };
      const direct = spatialAutocorrelationDirect(roi);
      const fast = spatialAutocorrelation(roi);
      if (direct.note !== undefined) {
        expect(fast.note).toBe(direct.note);
        continue;
      }
      expect(Math.abs(fast.moranI - direct.moranI)).toBeLessThanOrEqual(1e-9 * Math.abs(direct.moranI));
      expect(Math.abs(fast.gearyC - direct.gearyC)).toBeLessThanOrEqual(1e-9 * Math.abs(direct.gearyC));
    }
  });

  it("reports why it cannot be computed: one voxel, or no variance", () => {
    const size: Vec3 = [3, 3, 1];
    const one = new Uint8Array(9); one[4] = 1;
    const r1 = spatialAutocorrelation({ size, spacing: [1, 1, 1], intensities: new Float64Array(9), mask: one });
    expect(r1.moranI).toBeNaN();
    expect(r1.note).toMatch(/at least two voxels/);
    const all = new Uint8Array(9).fill(1);
    const r2 = spatialAutocorrelation({ size, spacing: [1, 1, 1], intensities: new Float64Array(9).fill(5), mask: all });
    expect(r2.gearyC).toBeNaN();
    expect(r2.note).toMatch(/zero variance/);
    const r3 = spatialAutocorrelation({ size, spacing: [1, 1, 1], intensities: Float64Array.from({ length: 9 }, (_, i) => i), mask: all }, { maxGridPoints: 10 });
    expect(r3.moranI).toBeNaN();
    expect(r3.note).toMatch(/FFT grid of 25 points, above the limit of 10 \(setting maxGridPoints\)/);
  });
});

describe("marching-cubes mesh", () => {
  it("a single voxel gives the octahedron on its face centres: V = s³/6, A = √3·s²", () => {
    const m = marchingCubes(new Uint8Array([1]), [1, 1, 1], [2, 2, 2]);
    expect(m.volume).toBeCloseTo(8 / 6, 12);
    expect(m.area).toBeCloseTo(Math.sqrt(3) * 4, 12);
    expect(m.nVertices).toBe(6);
    expect(m.nTriangles).toBe(8);
  });

  it("every triangle of the table separates inside from outside corners and configurations come in complements", () => {
    for (let c = 0; c < 256; c++) {
      const tri = TRIANGLES[c]!;
      const complement = TRIANGLES[c ^ 0xff]!;
      expect(tri.length).toBe(complement.length);
      if (c === 0 || c === 255) expect(tri.length).toBe(0);
      else expect(tri.length).toBeGreaterThan(0);
      for (const e of tri) expect(EDGE_MIDPOINTS2[e]).toBeDefined();
    }
  });

  it("volume and area do not depend on where the mask sits in its block", () => {
    const rnd = lcg(4);
    const small = randomMask([5, 4, 3], 0.6, rnd);
    const big = new Uint8Array(11 * 9 * 7);
    for (let k = 0; k < 3; k++) for (let j = 0; j < 4; j++) for (let i = 0; i < 5; i++) big[i + 3 + 11 * (j + 2 + 9 * (k + 4))] = small[i + 5 * (j + 4 * k)]!;
    const a = marchingCubes(small, [5, 4, 3], [0.7, 0.9, 2.5]);
    const b = marchingCubes(big, [11, 9, 7], [0.7, 0.9, 2.5]);
    expect(b.volume).toBeCloseTo(a.volume, 10);
    expect(b.area).toBeCloseTo(a.area, 10);
    expect(b.voxelCount).toBe(a.voxelCount);
  });
});

describe("convex hull", () => {
  it("3D hull of random lattice points: every point on or below every face; a closed surface; same hull from the candidates", () => {
    const rnd = lcg(5);
    const volume6 = (pts: Int32Array, F: Int32Array): number => {
      let v = 0;
      for (let f = 0; f < F.length; f += 3) {
        const [a, b, c] = [F[f]!, F[f + 1]!, F[f + 2]!];
        v += pts[3 * a]! * (pts[3 * b + 1]! * pts[3 * c + 2]! - pts[3 * b + 2]! * pts[3 * c + 1]!)
          + pts[3 * a + 1]! * (pts[3 * b + 2]! * pts[3 * c]! - pts[3 * b]! * pts[3 * c + 2]!)
          + pts[3 * a + 2]! * (pts[3 * b]! * pts[3 * c + 1]! - pts[3 * b + 1]! * pts[3 * c]!);
      }
      return v;
    };
    let tested = 0;
    for (let t = 0; t < 20; t++) {
      const n = 8 + Math.floor(rnd() * 200);
      const pts = new Int32Array(3 * n);
      for (let i = 0; i < 3 * n; i++) pts[i] = Math.floor(rnd() * (t % 2 === 0 ? 6 : 60)); // many coplanar / duplicate points
      const ids = Int32Array.from({ length: n }, (_, i) => i);
      const hull = convexHull3(pts, ids);
      if (hull === null) continue; // coplanar draw
      tested++;
      const F = hull.faces;
      for (let f = 0; f < F.length; f += 3) {
        const a = F[f]!, b = F[f + 1]!, c = F[f + 2]!;
        const u = [0, 1, 2].map((d) => pts[3 * b + d]! - pts[3 * a + d]!);
        const w = [0, 1, 2].map((d) => pts[3 * c + d]! - pts[3 * a + d]!);
        const nrm = [u[1]! * w[2]! - u[2]! * w[1]!, u[2]! * w[0]! - u[0]! * w[2]!, u[0]! * w[1]! - u[1]! * w[0]!];
        expect(nrm.some((x) => x !== 0)).toBe(true); // no degenerate triangle
        for (let p = 0; p < n; p++) {
          const h = [0, 1, 2].reduce((s, d) => s + nrm[d]! * (pts[3 * p + d]! - pts[3 * a + d]!), 0);
          expect(h).toBeLessThanOrEqual(0);
        }
      }
      // Closed surface: Euler characteristic V − E + F = 2 with E = 3F/2.
      const nf = F.length / 3;
      expect(new Set(F).size - (3 * nf) / 2 + nf).toBe(2);
      // The axis-line filter keeps the hull: same (exact, integer) volume from the candidates alone.
      const fromCandidates = convexHull3(pts, hullCandidates(pts))!;
      expect(volume6(pts, fromCandidates.faces)).toBe(volume6(pts, F));
      expect(volume6(pts, F)).toBeGreaterThan(0);
    }
    expect(tested).toBeGreaterThan(15);
  });

  it("mesh hull: diameter over hull vertices equals the brute-force maximum over all mesh vertices", () => {
    const rnd = lcg(6);
    const size: Vec3 = [7, 6, 5];
    const mask = randomMask(size, 0.5, rnd);
    const mesh = marchingCubes(mask, size, [0.8, 1.1, 2]);
    const h = meshHull(mesh);
    let best = 0;
    const v = mesh.vertices2, [hx, hy, hz] = mesh.halfSpacing;
    for (let p = 0; p < mesh.nVertices; p++) {
      for (let q = p + 1; q < mesh.nVertices; q++) {
        const d = Math.hypot((v[3 * p]! - v[3 * q]!) * hx, (v[3 * p + 1]! - v[3 * q + 1]!) * hy, (v[3 * p + 2]! - v[3 * q + 2]!) * hz);
        if (d > best) best = d;
      }
    }
    expect(h.diameter).toBeCloseTo(best, 12);
    expect(h.volume).toBeGreaterThanOrEqual(mesh.volume);
  });

  it("2D monotone chain on collinear and duplicate points", () => {
    expect(Array.from(convexHull2(new Float64Array([0, 0, 1, 1, 2, 2, 1, 1])))).toHaveLength(2);
    expect(Array.from(convexHull2(new Float64Array([0, 0, 2, 0, 2, 2, 0, 2, 1, 1, 1, 0])))).toEqual([0, 1, 2, 3]);
  });
});

describe("bounding boxes", () => {
  it("rotating calipers find the same minimum-area rectangle as trying every hull edge direction", () => {
    const rnd = lcg(7);
    for (let t = 0; t < 30; t++) {
      const n = 3 + Math.floor(rnd() * 40);
      const xy = Float64Array.from({ length: 2 * n }, () => 10 * rnd());
      const fast = minimumAreaRectangle(xy);
      let brute = Infinity;
      const hull = convexHull2(xy);
      for (let e = 0; e < hull.length; e++) {
        const p = hull[e]!, q = hull[(e + 1) % hull.length]!;
        const ang = Math.atan2(xy[2 * q + 1]! - xy[2 * p + 1]!, xy[2 * q]! - xy[2 * p]!);
        const c = Math.cos(ang), s = Math.sin(ang);
        let a0 = Infinity, a1 = -Infinity, b0 = Infinity, b1 = -Infinity;
        for (let i = 0; i < n; i++) {
          const u = c * xy[2 * i]! + s * xy[2 * i + 1]!, w = -s * xy[2 * i]! + c * xy[2 * i + 1]!;
          a0 = Math.min(a0, u); a1 = Math.max(a1, u); b0 = Math.min(b0, w); b1 = Math.max(b1, w);
        }
        brute = Math.min(brute, (a1 - a0) * (b1 - b0));
      }
      expect(fast.area).toBeCloseTo(brute, 9);
    }
  });

  it("the oriented minimum box of a rotated brick is the brick; of a random mesh it beats 2000 random orientations", () => {
    // A 4 × 2 × 1 brick rotated about an oblique axis.
    const ax = [1, 2, 2].map((x) => x / 3), th = 0.7, c = Math.cos(th), s = Math.sin(th);
    const R = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? c : 0) + (1 - c) * ax[i]! * ax[j]! + s * [[0, -ax[2]!, ax[1]!], [ax[2]!, 0, -ax[0]!], [-ax[1]!, ax[0]!, 0]][i]![j]!));
    const corners: number[] = [];
    for (const x of [0, 4]) for (const y of [0, 2]) for (const z of [0, 1]) for (let i = 0; i < 3; i++) corners.push(R[i]![0]! * x + R[i]![1]! * y + R[i]![2]! * z);
    const pts = new Float64Array(corners);
    // Brick faces as triangles (indices x*4 + y*2 + z).
    const quads = [[0, 2, 6, 4], [1, 5, 7, 3], [0, 4, 5, 1], [2, 3, 7, 6], [0, 1, 3, 2], [4, 6, 7, 5]];
    const faces = new Int32Array(quads.flatMap(([a, b, q, d]) => [a!, b!, q!, a!, q!, d!]));
    const normals = new Float64Array([0, 1, 2].flatMap((j) => [R[0]![j]!, R[1]![j]!, R[2]![j]!]));
    const box = orientedMinimumBox(pts, faces, normals);
    expect(box.volume).toBeCloseTo(8, 9);
    expect(box.area).toBeCloseTo(2 * (8 + 2 + 4), 9);
    expect(axisAlignedBox(pts).volume).toBeGreaterThan(8);

    const rnd = lcg(8);
    const mesh = marchingCubes(randomMask([6, 5, 4], 0.55, rnd), [6, 5, 4], [1, 1.3, 2]);
    const h = meshHull(mesh);
    const ombb = orientedMinimumBox(h.points, h.faces, h.faceNormals);
    expect(ombb.volume).toBeGreaterThanOrEqual(h.volume * (1 - 1e-12));
    expect(ombb.volume).toBeLessThanOrEqual(axisAlignedBox(h.points).volume * (1 + 1e-12));
    for (let t = 0; t < 2000; t++) {
      // Random rotation from a random unit quaternion.
      const q = [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5, rnd() - 0.5];
      const l = Math.hypot(...q);
      const [w, x, y, z] = q.map((v) => v / l) as [number, number, number, number];
      const axes = [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), 2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x), 2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)];
      let vol = 1;
      for (let a = 0; a < 3; a++) {
        let lo = Infinity, hi = -Infinity;
        for (let p = 0; p < h.points.length; p += 3) {
          const d = axes[3 * a]! * h.points[p]! + axes[3 * a + 1]! * h.points[p + 1]! + axes[3 * a + 2]! * h.points[p + 2]!;
          lo = Math.min(lo, d); hi = Math.max(hi, d);
        }
        vol *= hi - lo;
      }
      expect(ombb.volume).toBeLessThanOrEqual(vol * (1 + 1e-9));
    }
  });
});

describe("ellipsoids", () => {
  it("surface area series: 4πr² for a sphere; equals the IBSI series summed with explicit Legendre polynomials", () => {
    expect(ellipsoidSurfaceArea([3, 3, 3])).toBeCloseTo(4 * Math.PI * 9, 10);
    // The IBSI formula evaluated term by term: P_ν(x) by Bonnet's recurrence at x, then (αβ)^ν.
    const [a, b, c] = [5.7, 4.65, 4.27];
    const al = Math.sqrt(1 - (b * b) / (a * a)), be = Math.sqrt(1 - (c * c) / (a * a));
    const x = (al * al + be * be) / (2 * al * be);
    let p0 = 1, p1 = x, sum = 1 + (al * be * x) / (1 - 4);
    for (let nu = 1; nu < 20; nu++) {
      const p2 = ((2 * nu + 1) * x * p1 - nu * p0) / (nu + 1);
      p0 = p1; p1 = p2;
      sum += ((al * be) ** (nu + 1) * p2) / (1 - 4 * (nu + 1) ** 2);
    }
    expect(ellipsoidSurfaceArea([c, a, b])).toBeCloseTo(4 * Math.PI * a * b * sum, 9);
    // Oblate spheroid (α = 0): finite, and between the areas of the inscribed and circumscribed spheres.
    const oblate = ellipsoidSurfaceArea([5, 5, 4]);
    expect(oblate).toBeGreaterThan(4 * Math.PI * 16);
    expect(oblate).toBeLessThan(4 * Math.PI * 25);
  });

  it("MVEE of a box's corners is the ellipsoid through them (semi-axes √3·half-widths); it encloses random points", () => {
    const corners: number[] = [];
    for (const x of [-2, 2]) for (const y of [-1, 1]) for (const z of [-0.5, 0.5]) corners.push(x + 10, y - 3, z + 1);
    const e = minimumVolumeEnclosingEllipsoid(new Float64Array(corners))!;
    const s3 = Math.sqrt(3);
    expect(e.semiAxes[0]).toBeCloseTo(2 * s3, 5);
    expect(e.semiAxes[1]).toBeCloseTo(1 * s3, 5);
    expect(e.semiAxes[2]).toBeCloseTo(0.5 * s3, 5);
    expect(e.centre[0]).toBeCloseTo(10, 6);

    const rnd = lcg(9);
    const mesh = marchingCubes(randomMask([6, 6, 5], 0.5, rnd), [6, 6, 5], [1, 0.8, 1.7]);
    const h = meshHull(mesh);
    const m = minimumVolumeEnclosingEllipsoid(h.points)!;
    expect(ellipsoidVolume(m.semiAxes)).toBeGreaterThanOrEqual(h.volume);
    // The ellipsoid circumscribing the oriented minimum box (semi-axes √3/2 · extents) is enclosing too,
    // so the minimum-volume one cannot be larger.
    const box = orientedMinimumBox(h.points, h.faces, h.faceNormals);
    expect(ellipsoidVolume(m.semiAxes)).toBeLessThanOrEqual(ellipsoidVolume(box.extents.map((x) => (Math.sqrt(3) / 2) * x)) * (1 + 1e-9));
  });
});

describe("symmetric eigen-decomposition", () => {
  it("reconstructs A = Σ λ v vᵀ with orthonormal vectors", () => {
    const A = [4, 1, -2, 1, 3, 0.5, -2, 0.5, 5];
    const { values, vectors } = symmetricEigen(A, 3);
    expect(values[0]).toBeGreaterThanOrEqual(values[1]!);
    expect(values[1]).toBeGreaterThanOrEqual(values[2]!);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0, dot = 0;
      for (let k = 0; k < 3; k++) {
        s += values[k]! * vectors[3 * k + i]! * vectors[3 * k + j]!;
        dot += vectors[3 * i + k]! * vectors[3 * j + k]!;
      }
      expect(s).toBeCloseTo(A[3 * i + j]!, 12);
      expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
    }
  });
});
