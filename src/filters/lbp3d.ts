/**
 * Three-dimensional local binary patterns with spherical harmonics, PyRadiomics image type `LBP3D`
 * (Banerjee et al., "3D LBP-based rotationally invariant region description", ACCV 2012 Workshops, LNCS 7728).
 *
 * For every ROI voxel u, the image is sampled at the Nv vertices v of an icosphere of radius r around u
 * (cubic-spline interpolation, see `spline.ts`), and:
 *
 * - the kurtosis image `lbp-3D-k` is the (Fisher, biased) kurtosis of the Nv samples,
 *   m4/m2² − 3, NaN when m2 ≤ (ε·mean)² (SciPy's `kurtosis`);
 * - the samples are binarised, f_v = [sample_v ≥ I(u)], projected on spherical harmonics
 *   c_nm = Σ_v f_v Y_nm(v) and recomposed per degree, g_n(v) = Σ_{m=−n..n} c_nm Y_nm(v); the image
 *   `lbp-3D-m<n+1>` holds Re √(Σ_v g_n(v)²) for n = 0 … levels − 1.
 *
 * This follows PyRadiomics' `getLBP3DImage` literally, including three of its conventions that differ from
 * the paper: (1) the icosphere vertex (x, y, z) is added to the voxel index in numpy order (z, y, x), in voxel
 * units (spacing is ignored); (2) `sph_harm(m, n, θ, φ)` is called with θ = arccos(z/r) (the polar angle) in
 * the azimuth argument and φ = atan2(y, x) in the polar one, i.e. Y_nm(v) = K_nm P_n^m(cos φ) e^{i m θ};
 * (3) c_nm uses Y, not its conjugate, and the squares in Σ g² are complex squares (the result is real up to
 * rounding). Because of (2) the degree-n images are not the rotation-invariant norms of the paper (e.g.
 * P_1^1(cos φ) = −|sin φ| does not cancel over the sphere), but they are what PyRadiomics reports. Voxels outside the ROI are 0 here; PyRadiomics leaves them uninitialised (they are never used
 * for features). The icosphere is trimesh's: the icosahedron with vertices (±1, ±t, 0)/‖·‖ and cyclic
 * permutations (t the golden ratio), subdivided `subdivisions` times, each time with edge midpoints projected
 * back on the sphere.
 *
 * References: PyRadiomics `radiomics/imageoperations.py` (getLBP3DImage); SciPy `special.sph_harm` (before
 * SciPy 1.17; `sph_harm_y` now), `stats.kurtosis`, `ndimage.map_coordinates`; trimesh `creation.icosphere`.
 */
import { RadiogxError } from "../errors";
import type { Volume } from "../io/volume";
import { derivedVolume } from "./naming";
import { CubicSplineVolume, toIntegerOutput } from "./spline";
import { roiValue } from "./roi";

/** Options of {@link lbp3DFilter}; names and defaults are PyRadiomics' settings. */
export interface Lbp3DOptions {
  /** Number of spherical-harmonic degrees n = 0 … levels − 1, one image each. Default 2 (`lbp3DLevels`). */
  levels?: number;
  /** Radius of the icosphere, in voxels. Default 1 (`lbp3DIcosphereRadius`). */
  icosphereRadius?: number;
  /** Subdivisions of the icosahedron (0 → 12 vertices, 1 → 42, 2 → 162). Default 1 (`lbp3DIcosphereSubdivision`). */
  icosphereSubdivision?: number;
  /** ROI label in the mask. Default 1 (`label`). */
  label?: number;
}

/** One LBP3D output image. */
export interface Lbp3DImage {
  /** "lbp-3D-m1", "lbp-3D-m2", …, "lbp-3D-k". */
  imageType: string;
  volume: Volume<Float64Array>;
}

/**
 * Vertices of trimesh's icosphere (`trimesh.creation.icosphere(subdivisions, radius)`), as [x, y, z] rows,
 * with trimesh's arithmetic (midpoints (a + b)/2, then v + v/‖v‖·(r − ‖v‖)).
 */
export function icosphereVertices(subdivisions: number, radius: number): number[][] {
  const t = (1 + Math.sqrt(5)) / 2;
  const norm = Math.sqrt(1 + t * t);
  let verts: number[][] = [
    [-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t],
    [0, -1, -t], [0, 1, -t], [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1],
  ].map((v) => v.map((c) => c / norm));
  // the 20 faces: triples of mutually adjacent vertices (edge length 2/‖(1, t, 0)‖)
  const edge2 = 4 / (norm * norm);
  const adj = (a: number, b: number) => {
    const va = verts[a]!, vb = verts[b]!;
    const d = (va[0]! - vb[0]!) ** 2 + (va[1]! - vb[1]!) ** 2 + (va[2]! - vb[2]!) ** 2;
    return Math.abs(d - edge2) < 1e-9;
  };
  let faces: [number, number, number][] = [];
  for (let a = 0; a < 12; a++) for (let b = a + 1; b < 12; b++) for (let c = b + 1; c < 12; c++) {
    if (adj(a, b) && adj(b, c) && adj(a, c)) faces.push([a, b, c]);
  }
  const project = () => {
    verts = verts.map((v) => {
      const s = Math.sqrt(v[0]! * v[0]! + v[1]! * v[1]! + v[2]! * v[2]!);
      const f = radius - s;
      return [v[0]! + (v[0]! / s) * f, v[1]! + (v[1]! / s) * f, v[2]! + (v[2]! / s) * f];
    });
  };
  for (let s = 0; s < subdivisions; s++) {
    const mid = new Map<string, number>();
    const midpoint = (a: number, b: number): number => {
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      let m = mid.get(key);
      if (m === undefined) {
        const va = verts[a]!, vb = verts[b]!;
        m = verts.length;
        verts.push([(va[0]! + vb[0]!) / 2, (va[1]! + vb[1]!) / 2, (va[2]! + vb[2]!) / 2]);
        mid.set(key, m);
      }
      return m;
    };
    const next: [number, number, number][] = [];
    for (const [a, b, c] of faces) {
      const ab = midpoint(a, b), bc = midpoint(b, c), ca = midpoint(c, a);
      next.push([a, ab, ca], [ab, b, bc], [ca, bc, c], [ab, bc, ca]);
    }
    faces = next;
    project();
  }
  if (subdivisions <= 0) project();
  return verts;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** Associated Legendre function P_n^m(x), m ≥ 0, with the Condon–Shortley phase (SciPy's `lpmv`). */
export function associatedLegendre(n: number, m: number, x: number): number {
  let pmm = 1;
  if (m > 0) {
    const s = Math.sqrt((1 - x) * (1 + x));
    let fact = 1;
    for (let i = 1; i <= m; i++) {
      pmm *= -fact * s;
      fact += 2;
    }
  }
  if (n === m) return pmm;
  let pm1 = x * (2 * m + 1) * pmm;
  if (n === m + 1) return pm1;
  let pn = 0;
  for (let l = m + 2; l <= n; l++) {
    pn = ((2 * l - 1) * x * pm1 - (l + m - 1) * pmm) / (l - m);
    pmm = pm1;
    pm1 = pn;
  }
  return pn;
}

/**
 * SciPy's (pre-1.17) `sph_harm(m, n, azimuth, polar)`:
 * Y = √((2n+1)/(4π) · (n−m)!/(n+m)!) · P_n^m(cos polar) · e^{i m azimuth}, with Y_{n,−m} = (−1)^m conj(Y_nm).
 * Returns [re, im].
 */
export function sphericalHarmonic(m: number, n: number, azimuth: number, polar: number): [number, number] {
  const am = Math.abs(m);
  let v = Math.sqrt(((2 * n + 1) / (4 * Math.PI)) * (factorial(n - am) / factorial(n + am))) * associatedLegendre(n, am, Math.cos(polar));
  if (m < 0 && am % 2 === 1) v = -v;
  return [v * Math.cos(m * azimuth), v * Math.sin(m * azimuth)];
}

/**
 * The LBP3D images of the ROI of `mask` (voxels equal to `label`, see `roi.ts`): `lbp-3D-m1` … `lbp-3D-m<levels>`
 * and `lbp-3D-k`, in PyRadiomics' order.
 * @throws RadiogxError `INVALID_SETTING` for levels < 1, a radius ≤ 0 or a negative subdivision;
 *   `GEOMETRY_MISMATCH` when the mask has another size; `EMPTY_MASK` when the label has no voxel.
 */
export function lbp3DFilter(vol: Volume, mask: Volume, options: Lbp3DOptions = {}): Lbp3DImage[] {
  const levels = options.levels ?? 2;
  const radius = options.icosphereRadius ?? 1;
  const subdivision = options.icosphereSubdivision ?? 1;
  const label = options.label ?? 1;
  if (!Number.isInteger(levels) || levels < 1) {
    throw new RadiogxError("INVALID_SETTING", `lbp3DLevels must be a whole number ≥ 1, got ${levels}`, { key: "lbp3DLevels" });
  }
  if (!(radius > 0)) throw new RadiogxError("INVALID_SETTING", `lbp3DIcosphereRadius must be > 0, got ${radius}`, { key: "lbp3DIcosphereRadius" });
  if (!Number.isInteger(subdivision) || subdivision < 0 || subdivision > 6) {
    throw new RadiogxError("INVALID_SETTING", `lbp3DIcosphereSubdivision must be a whole number from 0 to 6, got ${subdivision}`, {
      key: "lbp3DIcosphereSubdivision",
    });
  }
  if (vol.size.some((n, a) => n !== mask.size[a])) {
    throw new RadiogxError("GEOMETRY_MISMATCH", `LBP3D: mask size ${mask.size.join("×")} does not match image size ${vol.size.join("×")}`, {
      file: typeof mask.metadata.file === "string" ? mask.metadata.file : undefined,
    });
  }
  const [nx, ny, nz] = vol.size;
  const target = roiValue(mask, label);
  const md = mask.data;
  // ROI voxels, in numpy.where order (z slowest, x fastest) = our linear order
  let count = 0;
  const lo: [number, number, number] = [nx, ny, nz];
  const hi: [number, number, number] = [-1, -1, -1];
  for (let p = 0; p < md.length; p++) {
    if (md[p] !== target) continue;
    count++;
    const i = p % nx, j = Math.floor(p / nx) % ny, k = Math.floor(p / (nx * ny));
    if (i < lo[0]) lo[0] = i; if (i > hi[0]) hi[0] = i;
    if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j;
    if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k;
  }
  if (count === 0) throw new RadiogxError("EMPTY_MASK", `LBP3D: the mask has no voxel with label ${label}`, { key: "label" });

  const verts = icosphereVertices(subdivision, radius);
  const nv = verts.length;
  // spherical harmonics, PyRadiomics' argument order: azimuth ← arccos(z / r), polar ← atan2(y, x)
  const degrees: number[] = [];
  const orders: number[] = [];
  for (let n = 0; n < levels; n++) for (let m = -n; m <= n; m++) { degrees.push(n); orders.push(m); }
  const ny_ = degrees.length;
  const yRe = new Float64Array(nv * ny_);
  const yIm = new Float64Array(nv * ny_);
  for (let v = 0; v < nv; v++) {
    const [x, y, z] = verts[v]!;
    const theta = Math.acos(z! / radius);
    const phi = Math.atan2(y!, x!);
    for (let q = 0; q < ny_; q++) {
      const [re, im] = sphericalHarmonic(orders[q]!, degrees[q]!, theta, phi);
      yRe[v * ny_ + q] = re;
      yIm[v * ny_ + q] = im;
    }
  }

  // spline coefficients over the ROI box plus the sphere and a 30-voxel margin (see CubicSplineVolume)
  const reach = Math.ceil(radius) + 2 + 30;
  const spline = new CubicSplineVolume(vol, {
    lo: [lo[0] - reach, lo[1] - reach, lo[2] - reach],
    hi: [hi[0] + reach, hi[1] + reach, hi[2] + reach],
  });
  const intRange = integerRange(vol);
  const isF32 = vol.data instanceof Float32Array;

  const outM = Array.from({ length: levels }, () => new Float64Array(md.length));
  const outK = new Float64Array(md.length);
  const samples = new Float64Array(nv);
  const cRe = new Float64Array(ny_);
  const cIm = new Float64Array(ny_);
  let nanKurtosis = 0;
  for (let p = 0; p < md.length; p++) {
    if (md[p] !== target) continue;
    const i = p % nx, j = Math.floor(p / nx) % ny, k = Math.floor(p / (nx * ny));
    const centre = vol.data[p]!;
    let sum = 0;
    for (let v = 0; v < nv; v++) {
      const off = verts[v]!;
      // the vertex (x, y, z) is added to the numpy index (k, j, i)
      let s = spline.valueAt(i + off[2]!, j + off[1]!, k + off[0]!);
      if (intRange) s = toIntegerOutput(s, intRange[0], intRange[1]);
      else if (isF32) s = Math.fround(s);
      samples[v] = s;
      sum += s;
    }
    // kurtosis (SciPy, Fisher, biased)
    const mean = sum / nv;
    let m2 = 0, m4 = 0;
    for (let v = 0; v < nv; v++) {
      const d = samples[v]! - mean;
      const d2 = d * d;
      m2 += d2;
      m4 += d2 * d2;
    }
    m2 /= nv;
    m4 /= nv;
    const eps = Number.EPSILON * mean;
    if (m2 <= eps * eps) {
      outK[p] = NaN;
      nanKurtosis++;
    } else {
      outK[p] = m4 / (m2 * m2) - 3;
    }
    // binarise and project on the harmonics (no conjugate, as PyRadiomics)
    cRe.fill(0);
    cIm.fill(0);
    for (let v = 0; v < nv; v++) {
      if (!(samples[v]! >= centre)) continue;
      for (let q = 0; q < ny_; q++) {
        cRe[q] = cRe[q]! + yRe[v * ny_ + q]!;
        cIm[q] = cIm[q]! + yIm[v * ny_ + q]!;
      }
    }
    for (let n = 0; n < levels; n++) {
      const q0 = n * n, q1 = q0 + 2 * n + 1; // harmonics of degree n
      let sRe = 0, sIm = 0;
      for (let v = 0; v < nv; v++) {
        let gRe = 0, gIm = 0;
        for (let q = q0; q < q1; q++) {
          const a = cRe[q]!, b = cIm[q]!, c = yRe[v * ny_ + q]!, d = yIm[v * ny_ + q]!;
          gRe += a * c - b * d;
          gIm += a * d + b * c;
        }
        sRe += gRe * gRe - gIm * gIm;
        sIm += 2 * gRe * gIm;
      }
      outM[n]![p] = complexSqrtReal(sRe, sIm);
    }
  }
  const meta = { filter: "LBP3D", levels, icosphereRadius: radius, icosphereSubdivision: subdivision };
  const result: Lbp3DImage[] = outM.map((data, n) => {
    const imageType = `lbp-3D-m${n + 1}`;
    return { imageType, volume: derivedVolume(vol, data, imageType, meta) };
  });
  const kMeta: Record<string, unknown> = { ...meta };
  if (nanKurtosis > 0) {
    kMeta.note = `kurtosis is NaN at ${nanKurtosis} ROI voxel(s) whose sphere samples are all equal (as in PyRadiomics/SciPy)`;
  }
  result.push({ imageType: "lbp-3D-k", volume: derivedVolume(vol, outK, "lbp-3D-k", kMeta) });
  return result;
}

/** Real part of numpy's principal complex square root (FreeBSD csqrt formulas). */
function complexSqrtReal(a: number, b: number): number {
  if (a === 0 && b === 0) return 0;
  const h = Math.hypot(a, b);
  if (a >= 0) return Math.sqrt((a + h) * 0.5);
  const t = Math.sqrt((-a + h) * 0.5);
  return Math.abs(b) / (2 * t);
}

function integerRange(vol: Volume): [number, number] | null {
  const d = vol.data;
  if (d instanceof Int8Array) return [-128, 127];
  if (d instanceof Uint8Array) return [0, 255];
  if (d instanceof Int16Array) return [-32768, 32767];
  if (d instanceof Uint16Array) return [0, 65535];
  if (d instanceof Int32Array) return [-2147483648, 2147483647];
  if (d instanceof Uint32Array) return [0, 4294967295];
  return null;
}
