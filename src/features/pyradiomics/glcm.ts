/**
 * GLCM features with PyRadiomics' conventions (PyRadiomics 3, `radiomics/glcm.py`, `src/cmatrices.c`;
 * van Griethuysen et al., Cancer Research 2017), for results that match a PyRadiomics extraction.
 *
 * The matrix is IBSI's (see `texture/glcm.ts` for the definition and symbols); what differs is how
 * PyRadiomics builds and reduces it:
 * - **Angles.** Every offset at Chebyshev distance δ for each δ in `distances`, one of each `±` pair
 *   (13 for δ = 1 in 3D, 49 more for δ = 2), pooled into one set; with `force2D` only the offsets in the
 *   planes normal to `force2Ddimension` (4 for δ = 1). One matrix per angle over the whole ROI
 *   (slices are not separated: with `force2D` this is IBSI's "2.5D, direction-merged").
 * - **Rows.** Grey levels absent from the ROI are removed; `Ng` is the highest level present (it enters
 *   `Idn` and `Idmn`). Levels keep their values in the formulas.
 * - **Reduction.** Each feature is computed per angle and averaged over the angles that have pairs
 *   (NaN values skipped, `numpy.nanmean`). With `weightingNorm` the angles' matrices are instead weighted
 *   by `exp(−‖a · spacing‖²)` (the norm: "manhattan", "euclidean", "infinity"; "no_weighting": 1), summed
 *   and the features computed once.
 * - **Flat matrices.** Correlation is 1 when σ_x σ_y = 0; Imc1 is 0 when HX = HY = 0; Imc2 is 0 when
 *   HXY2 = HXY; MCC is 1 when the ROI has a single grey level.
 */
import { RadiogxError, nearest } from "../../errors";
import type { AggregationName, DiscretisedImage, FeatureValue } from "../types";
import {
  FeatureMean,
  checkDistances,
  chebyshevOffsets,
  prepareOffsets,
  scanDiscretised,
  type Offset,
} from "../texture/directions";
import { Cm, GlcmCoefficients, countCooccurrences } from "../texture/glcm";

/** PyRadiomics' distance weighting of texture matrices (`weightingNorm`). */
export type WeightingNorm = "manhattan" | "euclidean" | "infinity" | "no_weighting";
const WEIGHTING_NORMS: readonly WeightingNorm[] = ["manhattan", "euclidean", "infinity", "no_weighting"];

/** Options of the PyRadiomics GLCM and GLRLM, PyRadiomics' setting names and defaults. */
export interface PyradiomicsTextureOptions {
  /** Chebyshev distances of the GLCM angles, voxels (GLCM only). Default [1]. */
  distances?: readonly number[];
  /** Count each pair both ways (GLCM only). Default true. */
  symmetricalGLCM?: boolean;
  /** Weight and sum the angles' matrices instead of averaging the features. Default null (average). */
  weightingNorm?: WeightingNorm | null;
  /** Angles in the plane only (2D texture). Default false. */
  force2D?: boolean;
  /**
   * The axis normal to the planes with `force2D`, in PyRadiomics' (numpy) order: 0 = z (the slices, our
   * third axis k), 1 = y (j), 2 = x (i). Default 0.
   */
  force2Ddimension?: number;
}

/** A PyRadiomics feature: its name, the IBSI code of the same quantity (null if none) and a description. */
export interface PyradiomicsFeatureDef {
  name: string;
  ibsi: string | null;
  description: string;
}

/**
 * The 24 GLCM features PyRadiomics 3 enables by default (the deprecated Dissimilarity, Homogeneity1/2 and
 * SumVariance are left out: they equal DifferenceAverage, Id, Idm and ClusterTendency). Formulas as in
 * `texture/glcm.ts` under the IBSI name given; MCC is the square root of the second largest eigenvalue
 * of `Q(i, j) = Σ_k p(i, k) p(j, k) / (p_x(i) p_y(k))`.
 */
export const PYRADIOMICS_GLCM_FEATURES: readonly PyradiomicsFeatureDef[] = Object.freeze([
  { name: "Autocorrelation", ibsi: "QWB0", description: "Σ i j p(i, j): magnitude of fineness and coarseness" },
  { name: "JointAverage", ibsi: "60VM", description: "μ_x = Σ i p(i, j): mean grey level of the i distribution" },
  { name: "ClusterProminence", ibsi: "AE86", description: "Σ (i + j − μ_x − μ_y)⁴ p: skewness and asymmetry of the GLCM" },
  { name: "ClusterShade", ibsi: "7NFM", description: "Σ (i + j − μ_x − μ_y)³ p: skewness and uniformity of the GLCM" },
  { name: "ClusterTendency", ibsi: "DG8W", description: "Σ (i + j − μ_x − μ_y)² p: groupings of voxels with similar grey levels" },
  { name: "Contrast", ibsi: "ACUI", description: "Σ (i − j)² p: local intensity variation" },
  { name: "Correlation", ibsi: "NI2N", description: "Σ (i − μ_x)(j − μ_y) p / (σ_x σ_y); 1 for a flat matrix" },
  { name: "DifferenceAverage", ibsi: "TF7R", description: "Σ k p_{x−y}(k)" },
  { name: "DifferenceEntropy", ibsi: "NTRS", description: "−Σ p_{x−y} log₂ p_{x−y}" },
  { name: "DifferenceVariance", ibsi: "D3YU", description: "Σ (k − DA)² p_{x−y}(k)" },
  { name: "JointEnergy", ibsi: "8ZQL", description: "Σ p²: homogeneous patterns (IBSI angular second moment)" },
  { name: "JointEntropy", ibsi: "TU9B", description: "−Σ p log₂ p" },
  { name: "Imc1", ibsi: "R8DG", description: "(HXY − HXY1) / max(HX, HY); 0 when HX = HY = 0" },
  { name: "Imc2", ibsi: "JN9H", description: "√(1 − exp(−2 (HXY2 − HXY))); 0 when HXY2 = HXY" },
  { name: "Idm", ibsi: "WF0Z", description: "Σ p / (1 + (i − j)²): inverse difference moment" },
  { name: "MCC", ibsi: null, description: "√(second largest eigenvalue of Q): maximal correlation coefficient" },
  { name: "Idmn", ibsi: "1QCO", description: "Σ p / (1 + (i − j)² / Ng²), Ng the highest level present" },
  { name: "Id", ibsi: "IB1Z", description: "Σ p / (1 + |i − j|): inverse difference" },
  { name: "Idn", ibsi: "NDRX", description: "Σ p / (1 + |i − j| / Ng), Ng the highest level present" },
  { name: "InverseVariance", ibsi: "E8JP", description: "Σ_{i≠j} p / (i − j)²" },
  { name: "MaximumProbability", ibsi: "GYBY", description: "max p: the most frequent pair (IBSI joint maximum)" },
  { name: "SumAverage", ibsi: "ZGXS", description: "Σ k p_{x+y}(k) (= 2 JointAverage for a symmetric GLCM)" },
  { name: "SumEntropy", ibsi: "P6QZ", description: "−Σ p_{x+y} log₂ p_{x+y}" },
  { name: "SumSquares", ibsi: "UR99", description: "Σ (i − μ_x)² p (IBSI joint variance)" },
]);

/** Where each PyRadiomics feature comes from in the IBSI feature vector (−1: computed here). */
const FROM_IBSI: readonly number[] = [
  Cm.AutoCorr, Cm.JointAvg, Cm.ClustProm, Cm.ClustShade, Cm.ClustTend, Cm.Contrast, -1, Cm.DiffAvg, Cm.DiffEntr,
  Cm.DiffVar, Cm.Energy, Cm.JointEntr, -1, -1, Cm.InvDiffMom, -1, Cm.InvDiffMomNorm, Cm.InvDiff, Cm.InvDiffNorm,
  Cm.InvVar, Cm.JointMax, Cm.SumAvg, Cm.SumEntr, Cm.JointVar,
];
const F_CORRELATION = 6, F_IMC1 = 12, F_IMC2 = 13, F_MCC = 15;
const N_FEATURES = PYRADIOMICS_GLCM_FEATURES.length;
/** numpy.spacing(1), PyRadiomics' ε. */
const EPS = 2.220446049250313e-16;

/**
 * PyRadiomics' angle set for `distances`, optionally restricted to the planes normal to the PyRadiomics
 * dimension `force2Ddimension` (see {@link PyradiomicsTextureOptions}).
 */
export function pyradiomicsAngles(distances: readonly number[], force2D: boolean, force2Ddimension: number): Offset[] {
  const fixed = force2D ? fixedAxis(force2Ddimension) : null;
  const out: Offset[] = [];
  for (const d of distances) out.push(...chebyshevOffsets(d, fixed));
  return out;
}

function fixedAxis(force2Ddimension: number): 0 | 1 | 2 {
  if (force2Ddimension !== 0 && force2Ddimension !== 1 && force2Ddimension !== 2) {
    throw new RadiogxError("INVALID_SETTING", `force2Ddimension must be 0 (z), 1 (y) or 2 (x), got ${force2Ddimension}`, { key: "force2Ddimension" });
  }
  return (2 - force2Ddimension) as 0 | 1 | 2;
}

/** Checks `weightingNorm`. @throws RadiogxError INVALID_SETTING naming the nearest valid norm. */
export function checkWeightingNorm(norm: string | null | undefined): WeightingNorm | null {
  if (norm === null || norm === undefined) return null;
  if ((WEIGHTING_NORMS as readonly string[]).includes(norm)) return norm as WeightingNorm;
  const near = nearest(norm, WEIGHTING_NORMS);
  throw new RadiogxError("INVALID_SETTING", `unknown weightingNorm "${norm}"`, {
    key: "weightingNorm",
    hint: near !== undefined ? `did you mean "${near}"?` : `expected one of ${WEIGHTING_NORMS.join(", ")} or null`,
  });
}

/** `‖a · spacing‖` in the given norm, for each angle (1 for "no_weighting"). */
export function angleDistances(angles: readonly Offset[], spacing: readonly number[], norm: WeightingNorm): Float64Array {
  const out = new Float64Array(angles.length);
  for (let a = 0; a < angles.length; a++) {
    const o = angles[a]!;
    const x = Math.abs(o[0]) * spacing[0]!, y = Math.abs(o[1]) * spacing[1]!, z = Math.abs(o[2]) * spacing[2]!;
    out[a] = norm === "infinity" ? Math.max(x, y, z)
      : norm === "euclidean" ? Math.sqrt(x * x + y * y + z * z)
      : norm === "manhattan" ? x + y + z
      : 1;
  }
  return out;
}

/** The IBSI aggregation a PyRadiomics extraction reproduces, or null when it is not one of IBSI's. */
export function pyradiomicsAggregation(distances: readonly number[], weighting: WeightingNorm | null, force2D: boolean, force2Ddimension: number): AggregationName | null {
  if (weighting !== null || distances.length !== 1 || distances[0] !== 1) return null;
  if (!force2D) return "3D, averaged";
  return force2Ddimension === 0 ? "2.5D, direction-merged" : null;
}

/**
 * The GLCM features of PyRadiomics' `RadiomicsGLCM` (default-enabled set) for a discretised ROI.
 *
 * @example
 * pyradiomicsGlcmFeatures(discretised) // [{ name: "Autocorrelation", family: "glcm", … }, …]
 * @throws RadiogxError INVALID_ARGUMENT for a malformed image, EMPTY_MASK for an empty ROI,
 *   INVALID_SETTING for a bad distance, weighting norm or force2Ddimension.
 */
export function pyradiomicsGlcmFeatures(img: DiscretisedImage, options: PyradiomicsTextureOptions = {}): FeatureValue[] {
  const distances = checkDistances(options.distances ?? [1], "GLCM");
  const symmetric = options.symmetricalGLCM ?? true;
  const weighting = checkWeightingNorm(options.weightingNorm);
  const force2D = options.force2D ?? false;
  const force2Ddimension = options.force2Ddimension ?? 0;
  const angles = pyradiomicsAngles(distances, force2D, force2Ddimension);
  const { box, table } = scanDiscretised(img, "GLCM");
  const n = table.values.length, nn = n * n;
  const ng = table.values[n - 1]!;

  const counts = new Float64Array(angles.length * nn);
  countCooccurrences(img.levels, img.size, table, prepareOffsets(img.size, angles), box, box.min[2], box.max[2], symmetric, counts);

  const coef = new GlcmCoefficients(table);
  const mcc = new MccWorkspace(n);
  const ibsi = new Float64Array(25);
  const vec = new Float64Array(N_FEATURES);
  const mean = new FeatureMean(N_FEATURES);
  const addMatrix = (m: Float64Array, base: number): void => {
    if (coef.compute(m, base) === 0) return;
    coef.ibsiFeatures(ng, ibsi);
    for (let f = 0; f < N_FEATURES; f++) {
      const src = FROM_IBSI[f]!;
      if (src >= 0) vec[f] = ibsi[src]!;
    }
    const sigma = Math.sqrt(coef.varX * coef.varY);
    vec[F_CORRELATION] = sigma === 0 ? 1 : coef.cov / (sigma + EPS);
    const div = Math.max(coef.hx, coef.hy);
    vec[F_IMC1] = div === 0 ? 0 : (coef.hxy - coef.hx - coef.hy) / div;
    const mi = coef.hx + coef.hy - coef.hxy; // HXY2 − HXY
    vec[F_IMC2] = mi === 0 ? 0 : mi < 0 ? Number.NaN : Math.sqrt(1 - Math.exp(-2 * mi));
    vec[F_MCC] = n < 2 ? 1 : mcc.compute(m, base, coef);
    mean.add(vec);
  };
  if (weighting === null) {
    for (let a = 0; a < angles.length; a++) addMatrix(counts, a * nn);
  } else {
    const d = angleDistances(angles, img.spacing, weighting);
    const merged = new Float64Array(nn);
    for (let a = 0; a < angles.length; a++) {
      const w = weighting === "no_weighting" ? 1 : Math.exp(-d[a]! * d[a]!);
      const base = a * nn;
      for (let x = 0; x < nn; x++) merged[x]! += w * counts[base + x]!;
    }
    addMatrix(merged, 0);
  }

  const aggregation = pyradiomicsAggregation(distances, weighting, force2D, force2Ddimension);
  const out: FeatureValue[] = [];
  for (let f = 0; f < N_FEATURES; f++) {
    const def = PYRADIOMICS_GLCM_FEATURES[f]!;
    const why = f === F_IMC2 ? "HXY2 < HXY by rounding (PyRadiomics: NaN, skipped)" : "undefined";
    const r = mean.result(f, why, "no pair of neighbouring ROI voxels along any angle (ROI too small)");
    const fv: FeatureValue = { name: def.name, family: "glcm", ibsi: def.ibsi, aggregation, value: r.value };
    if (r.note !== undefined) fv.note = r.note;
    out.push(fv);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Maximal correlation coefficient

/**
 * MCC = √λ₂, λ₂ the second largest eigenvalue of `Q = D_x⁻¹ P D_y⁻¹ Pᵀ` (D_x, D_y the diagonal marginals).
 * Q is similar to the symmetric positive semi-definite `S = M Mᵀ` with `M = D_x^{−½} P D_y^{−½}`, whose
 * eigenvalues a symmetric solver finds reliably (largest 1, eigenvector √p_x).
 */
class MccWorkspace {
  private readonly m: Float64Array;
  private readonly s: Float64Array;
  private readonly d: Float64Array;
  private readonly e: Float64Array;
  private readonly rows: Int32Array;
  private readonly vals: Float64Array;

  constructor(private readonly n: number) {
    this.rows = new Int32Array(n);
    this.vals = new Float64Array(n);
    this.m = new Float64Array(n * n);
    this.s = new Float64Array(n * n);
    this.d = new Float64Array(n);
    this.e = new Float64Array(n);
  }

  compute(counts: Float64Array, base: number, coef: GlcmCoefficients): number {
    const n = this.n, m = this.m, s = this.s, px = coef.px, py = coef.py;
    const inv = 1 / coef.total;
    for (let r = 0; r < n; r++) {
      const a = px[r]! > 0 ? 1 / Math.sqrt(px[r]!) : 0;
      for (let c = 0; c < n; c++) {
        const b = py[c]! > 0 ? 1 / Math.sqrt(py[c]!) : 0;
        m[r * n + c] = counts[base + r * n + c]! * inv * a * b;
      }
    }
    // S = M Mᵀ as a sum of outer products of M's columns, over their non-zero entries only (a GLCM is
    // concentrated near its diagonal): Σ_c nnz(c)² instead of n³ products.
    s.fill(0);
    const rows = this.rows, vals = this.vals;
    for (let c = 0; c < n; c++) {
      let nnz = 0;
      for (let r = 0; r < n; r++) {
        const x = m[r * n + c]!;
        if (x !== 0) {
          rows[nnz] = r;
          vals[nnz++] = x;
        }
      }
      for (let a = 0; a < nnz; a++) {
        const ra = rows[a]! * n, va = vals[a]!;
        for (let b = 0; b <= a; b++) s[ra + rows[b]!]! += va * vals[b]!;
      }
    }
    // rows[] increase, so only the lower triangle (r ≥ q) was filled: mirror it
    for (let r = 0; r < n; r++) for (let q = 0; q < r; q++) s[q * n + r] = s[r * n + q]!;
    const ev = symmetricEigenvalues(s, n, this.d, this.e);
    let first = -Infinity, second = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = ev[i]!;
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) second = v;
    }
    // λ₂ ≥ 0 in exact arithmetic; numpy's sqrt of a tiny negative rounding residue is NaN (then skipped)
    return Math.sqrt(second);
  }
}

/**
 * Eigenvalues of the symmetric n × n matrix `a` (row-major, lower triangle read; overwritten): Householder reduction to
 * tridiagonal form, then the implicit QL algorithm with Wilkinson shifts (Golub & Van Loan, Matrix
 * Computations, §8.3). O(n³). Returns `d` holding the eigenvalues, unordered.
 * @throws RadiogxError FEATURE_FAILED if QL does not converge (it does in ≤ 30 iterations per eigenvalue
 *   for any symmetric matrix in practice).
 */
export function symmetricEigenvalues(a: Float64Array, n: number, d: Float64Array = new Float64Array(n), e: Float64Array = new Float64Array(n)): Float64Array {
  // Householder: for column k, reflect a[k+1.., k] onto its first element.
  const v = new Float64Array(n), p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += a[i * n + k]! * a[i * n + k]!;
    const x0 = a[(k + 1) * n + k]!;
    if (norm2 === 0) {
      e[k] = 0;
      continue;
    }
    const alpha = x0 > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    for (let i = k + 1; i < n; i++) v[i] = a[i * n + k]!;
    v[k + 1] = x0 - alpha;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += v[i]! * v[i]!;
    e[k] = alpha;
    if (vv === 0) continue;
    const beta = 2 / vv;
    // p = β A v ; K = β vᵀp / 2 ; q = p − K v ; A ← A − v qᵀ − q vᵀ, on the trailing block's lower
    // triangle only (A stays symmetric)
    for (let i = k + 1; i < n; i++) p[i] = 0;
    for (let i = k + 1; i < n; i++) {
      const row = i * n, vi = v[i]!;
      let sum = 0;
      for (let j = k + 1; j < i; j++) {
        const x = a[row + j]!;
        sum += x * v[j]!;
        p[j]! += x * vi;
      }
      p[i]! += sum + a[row + i]! * vi;
    }
    let vp = 0;
    for (let i = k + 1; i < n; i++) {
      p[i]! *= beta;
      vp += v[i]! * p[i]!;
    }
    const kk = (beta * vp) / 2;
    for (let i = k + 1; i < n; i++) p[i] = p[i]! - kk * v[i]!;
    for (let i = k + 1; i < n; i++) {
      const row = i * n, vi = v[i]!, pi = p[i]!;
      for (let j = k + 1; j <= i; j++) a[row + j] = a[row + j]! - vi * p[j]! - pi * v[j]!;
    }
  }
  for (let k = 0; k < n; k++) d[k] = a[k * n + k]!;
  if (n >= 2) e[n - 2] = a[(n - 1) * n + (n - 2)]!; // lower triangle
  e[n - 1] = 0;

  // Implicit QL on the tridiagonal (d, e), e[i] coupling d[i] and d[i+1].
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iter > 60) throw new RadiogxError("FEATURE_FAILED", "GLCM MCC: the eigenvalue iteration did not converge");
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, pp = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i]!, b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = d[i + 1]! - pp;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - pp;
        r = (d[i]! - g) * s + 2 * c * b;
        pp = s * r;
        d[i + 1] = g + pp;
        g = c * r - b;
      }
      if (deflated) continue;
      d[l] = d[l]! - pp;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d;
}
