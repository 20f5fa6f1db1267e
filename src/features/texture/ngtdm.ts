/**
 * Neighbourhood grey tone difference matrix (NGTDM) features, IBSI reference manual §3.10 (family `ngt`).
 *
 * For every ROI voxel with grey level i, Ā is the mean grey level of its neighbours within Chebyshev
 * distance δ (the 3D cube, or the square within the slice for 2D/2.5D) that lie in the ROI; neighbours
 * outside the ROI are left out. A voxel without any neighbour in the ROI has no Ā and is left out
 * altogether. The NGTDM holds, per grey level i, n_i (the number of voxels with level i and a neighbourhood)
 * and s_i = Σ |i − Ā| over them:
 *
 * ```
 * levels (one slice, δ = 1)    i  n_i  p_i    s_i
 *  1 1 2                       1   3   0.5    |1 − 4/3| + |1 − 8/5| + |1 − 4/3| = 1.2667
 *  1 2 2                       2   3   0.5    |2 − 5/3| + |2 − 7/5| + |2 − 5/3| = 1.2667
 * ```
 *
 * With N_v,c = Σ n_i, p_i = n_i / N_v,c and N_g,p the number of grey levels with p_i > 0 (sums over i, j run
 * over those levels):
 * - coarseness = 1 / Σ p_i s_i
 * - contrast = [1 / (N_g,p (N_g,p − 1)) Σ_i Σ_j p_i p_j (i − j)²] · [1 / N_v,c Σ_i s_i]
 * - busyness = Σ p_i s_i / Σ_i Σ_j |i p_i − j p_j|
 * - complexity = 1 / N_v,c Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (p_i + p_j)
 * - strength = Σ_i Σ_j (p_i + p_j)(i − j)² / Σ_i s_i
 *
 * Aggregation: "2D" (one NGTDM per slice, features averaged), "2.5D" (slice NGTDMs summed), "3D".
 *
 * Reference: IBSI reference manual (arXiv:1612.07003) §3.10; Amadasun M, King R. Textural features
 * corresponding to textural properties. IEEE Trans Syst Man Cybern 1989;19:1264–1274.
 */
import type { AggregationName, DiscretisedImage, FeatureValue } from "../types";
import {
  chebyshevOffsets,
  checkDiscretised,
  evaluateFeatures,
  type FeatureDefinition,
  rangeTo,
  zoneAggregations,
} from "./zones";

/** Options of {@link ngtdmFeatures}. */
export interface NgtdmOptions {
  /** IBSI aggregations to compute; "2D, …" → 2D, "2.5D, …" → 2.5D, "3D, …" → 3D. Default ["3D, merged"]. */
  aggregations?: readonly AggregationName[];
  /** Neighbourhood size δ: neighbours within Chebyshev distance δ. Default 1. */
  distance?: number;
}

/** An NGTDM reduced to the grey levels present (p_i > 0), in increasing order. */
export interface NgtdmTable {
  /** Grey level i of each present level. */
  level: Float64Array;
  /** p_i = n_i / N_v,c. */
  p: Float64Array;
  /** s_i. */
  s: Float64Array;
  /** N_v,c: the number of voxels with a neighbourhood. */
  voxels: number;
}

/**
 * Adds one block of slices to running n_i, s_i sums: every ROI voxel of slices k0..k1−1 whose
 * neighbourhood (`offsets`) holds at least one ROI voxel adds 1 to n_i and |i − Ā| to s_i, where Ā is the
 * mean level of those neighbours. With `keepIsolated`, voxels without neighbours are counted in n_i with
 * s contribution 0 (PyRadiomics' convention) instead of being left out (IBSI's).
 */
export function accumulateNgtdm(
  img: DiscretisedImage,
  offsets: Int32Array,
  k0: number,
  k1: number,
  n: Float64Array,
  s: Float64Array,
  keepIsolated = false,
): void {
  const [nx, ny, nz] = img.size;
  const nxy = nx * ny;
  const lv = img.levels;
  const nOff = offsets.length / 3;
  for (let k = k0; k < k1; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = i + nx * j + nxy * k;
        const g = lv[v]!;
        if (g <= 0) continue;
        let sum = 0;
        let count = 0;
        for (let o = 0; o < nOff; o++) {
          const ii = i + offsets[3 * o]!, jj = j + offsets[3 * o + 1]!, kk = k + offsets[3 * o + 2]!;
          if (ii < 0 || ii >= nx || jj < 0 || jj >= ny || kk < 0 || kk >= nz) continue;
          const h = lv[ii + nx * jj + nxy * kk]!;
          if (h > 0) {
            sum += h;
            count++;
          }
        }
        if (count > 0) {
          n[g]!++;
          s[g]! += Math.abs(g - sum / count);
        } else if (keepIsolated) {
          n[g]!++;
        }
      }
    }
  }
}

/** Reduces running n_i, s_i sums (indexed by grey level) to an {@link NgtdmTable}. */
export function ngtdmTable(n: Float64Array, s: Float64Array): NgtdmTable {
  let present = 0;
  let voxels = 0;
  for (let g = 1; g < n.length; g++) {
    if (n[g]! > 0) {
      present++;
      voxels += n[g]!;
    }
  }
  const level = new Float64Array(present);
  const p = new Float64Array(present);
  const si = new Float64Array(present);
  let c = 0;
  for (let g = 1; g < n.length; g++) {
    if (n[g]! > 0) {
      level[c] = g;
      p[c] = n[g]! / voxels;
      si[c] = s[g]!;
      c++;
    }
  }
  return { level, p, s: si, voxels };
}

/** Σ p_i s_i. */
function sumPS(t: NgtdmTable): number {
  let a = 0;
  for (let c = 0; c < t.p.length; c++) a += t.p[c]! * t.s[c]!;
  return a;
}

/** Σ s_i. */
function sumS(t: NgtdmTable): number {
  let a = 0;
  for (let c = 0; c < t.s.length; c++) a += t.s[c]!;
  return a;
}

/** Σ_i Σ_j p_i p_j (i − j)² = 2 (Σ p i² − (Σ p i)²), as Σ p = 1. */
function pairSquaredDifference(t: NgtdmTable): number {
  let m1 = 0, m2 = 0;
  for (let c = 0; c < t.p.length; c++) {
    m1 += t.p[c]! * t.level[c]!;
    m2 += t.p[c]! * t.level[c]! * t.level[c]!;
  }
  return 2 * (m2 - m1 * m1);
}

/** Σ_i Σ_j |i p_i − j p_j| over present levels. */
function busynessDenominator(t: NgtdmTable): number {
  let a = 0;
  const m = t.p.length;
  for (let x = 0; x < m; x++) {
    const ax = t.level[x]! * t.p[x]!;
    for (let y = 0; y < m; y++) a += Math.abs(ax - t.level[y]! * t.p[y]!);
  }
  return a;
}

/** Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (p_i + p_j) over present levels. */
function complexitySum(t: NgtdmTable): number {
  let a = 0;
  const m = t.p.length;
  for (let x = 0; x < m; x++) {
    const px = t.p[x]!, psx = px * t.s[x]!, ix = t.level[x]!;
    for (let y = 0; y < m; y++) {
      const py = t.p[y]!;
      a += (Math.abs(ix - t.level[y]!) * (psx + py * t.s[y]!)) / (px + py);
    }
  }
  return a;
}

/** Σ_i Σ_j (p_i + p_j)(i − j)² = 2 Σ_i p_i Σ_j (i − j)² over present levels, in O(N_g,p). */
function strengthNumerator(t: NgtdmTable): number {
  const m = t.p.length;
  let s1 = 0, s2 = 0;
  for (let c = 0; c < m; c++) {
    s1 += t.level[c]!;
    s2 += t.level[c]! * t.level[c]!;
  }
  let a = 0;
  for (let c = 0; c < m; c++) {
    const i = t.level[c]!;
    a += t.p[c]! * (m * i * i - 2 * i * s1 + s2);
  }
  return 2 * a;
}

const HOMOGENEOUS = "the neighbourhoods hold a single grey level (Σ s_i = 0)";
const ONE_LEVEL = "only one grey level is present";

/** The 5 IBSI NGTDM features, with IBSI's value left undefined (NaN, noted) where a denominator is 0. */
export const NGTDM_FEATURES: readonly FeatureDefinition<NgtdmTable>[] = [
  /** Coarseness: 1 / Σ p_i s_i. */
  {
    tag: "ngt_coarseness", ibsi: "QCDE", title: "Coarseness",
    compute: (t) => { const d = sumPS(t); return d > 0 ? 1 / d : { value: NaN, note: HOMOGENEOUS }; },
  },
  /** Contrast: [Σ_i Σ_j p_i p_j (i − j)² / (N_g,p (N_g,p − 1))] · Σ s_i / N_v,c. */
  {
    tag: "ngt_contrast", ibsi: "65HE", title: "Contrast",
    compute: (t) => {
      const g = t.p.length;
      if (g < 2) return { value: NaN, note: ONE_LEVEL };
      return (pairSquaredDifference(t) / (g * (g - 1))) * (sumS(t) / t.voxels);
    },
  },
  /** Busyness: Σ p_i s_i / Σ_i Σ_j |i p_i − j p_j|. */
  {
    tag: "ngt_busyness", ibsi: "NQ30", title: "Busyness",
    compute: (t) => { const d = busynessDenominator(t); return d > 0 ? sumPS(t) / d : { value: NaN, note: ONE_LEVEL }; },
  },
  /** Complexity: Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (p_i + p_j) / N_v,c. */
  { tag: "ngt_complexity", ibsi: "HDEZ", title: "Complexity", compute: (t) => complexitySum(t) / t.voxels },
  /** Strength: Σ_i Σ_j (p_i + p_j)(i − j)² / Σ s_i. */
  {
    tag: "ngt_strength", ibsi: "1X9X", title: "Strength",
    compute: (t) => { const d = sumS(t); return d > 0 ? strengthNumerator(t) / d : { value: NaN, note: HOMOGENEOUS }; },
  },
];

/**
 * IBSI NGTDM features (family `ngt`) of a discretised ROI, for each requested aggregation.
 * Names are `<tag>_<2D|2_5D|3D>` (e.g. `ngt_coarseness_3D`).
 *
 * @throws RadiogxError INVALID_ARGUMENT when `levels` does not match `size` or nLevels; EMPTY_MASK for an empty ROI.
 */
export function ngtdmFeatures(img: DiscretisedImage, options: NgtdmOptions = {}): FeatureValue[] {
  checkDiscretised(img, "NGTDM");
  const radii = rangeTo(options.distance ?? 1);
  const nz = img.size[2];
  const out: FeatureValue[] = [];
  for (const mode of zoneAggregations(options.aggregations)) {
    const tables: NgtdmTable[] = [];
    if (mode === "3D") {
      const n = new Float64Array(img.nLevels + 1), s = new Float64Array(img.nLevels + 1);
      accumulateNgtdm(img, chebyshevOffsets(radii), 0, nz, n, s);
      tables.push(ngtdmTable(n, s));
    } else {
      const offsets = chebyshevOffsets(radii, 2);
      const n = new Float64Array(img.nLevels + 1), s = new Float64Array(img.nLevels + 1);
      for (let k = 0; k < nz; k++) {
        if (mode === "2D") {
          n.fill(0);
          s.fill(0);
        }
        accumulateNgtdm(img, offsets, k, k + 1, n, s);
        if (mode === "2D") {
          const t = ngtdmTable(n, s);
          if (t.voxels > 0) tables.push(t);
        }
      }
      if (mode === "2.5D") tables.push(ngtdmTable(n, s));
    }
    out.push(...evaluateFeatures(NGTDM_FEATURES, tables, mode, "ngt"));
  }
  return out;
}
