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
  evaluateFeatures,
  type FeatureDefinition,
  neighbourOffsets,
  rangeTo,
  roiBlock,
  voxelsPerSlice,
  zoneAggregations,
} from "./zones";

/** Options of {@link ngtdmFeatures}. */
export interface NgtdmOptions {
  /** IBSI aggregations to compute; "2D, …" → 2D, "2.5D, …" → 2.5D, "3D, …" → 3D. Default: the 3D aggregation. */
  aggregations?: readonly AggregationName[];
  /** Neighbourhood size δ: neighbours within Chebyshev distance δ. Default 1. */
  distance?: number;
}

/**
 * An NGTDM reduced to the sums its features need, over the grey levels present (p_i > 0):
 * `levels` N_g,p, `voxels` N_v,c, `sumPS` Σ p_i s_i, `sumS` Σ s_i, `pairSquares` Σ_i Σ_j p_i p_j (i − j)²,
 * `busynessDenominator` Σ_i Σ_j |i p_i − j p_j|, `complexity` Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (p_i + p_j),
 * `strength` Σ_i Σ_j (p_i + p_j)(i − j)².
 */
export interface NgtdmSummary {
  levels: number;
  voxels: number;
  sumPS: number;
  sumS: number;
  pairSquares: number;
  busynessDenominator: number;
  complexity: number;
  strength: number;
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

/**
 * Reduces running n_i, s_i sums (indexed by grey level) to an {@link NgtdmSummary}: O(N_g) for the sums
 * that separate, O(N_g,p²) for busyness and complexity.
 */
export function ngtdmSummary(n: Float64Array, s: Float64Array): NgtdmSummary {
  let m = 0;
  let voxels = 0;
  for (let g = 1; g < n.length; g++) {
    if (n[g]! > 0) {
      m++;
      voxels += n[g]!;
    }
  }
  const level = new Float64Array(m);
  const p = new Float64Array(m);
  const si = new Float64Array(m);
  let c = 0;
  for (let g = 1; g < n.length; g++) {
    if (n[g]! > 0) {
      level[c] = g;
      p[c] = n[g]! / voxels;
      si[c] = s[g]!;
      c++;
    }
  }
  let sumPS = 0, sumS = 0, meanP = 0, meanL = 0;
  for (let x = 0; x < m; x++) {
    sumPS += p[x]! * si[x]!;
    sumS += si[x]!;
    meanP += p[x]! * level[x]!;
    meanL += level[x]! / m;
  }
  // Σ_i Σ_j p_i p_j (i − j)² = 2 Σ_i p_i (i − μ_p)² (as Σ p = 1); centred sums avoid cancellation.
  // Σ_i Σ_j (p_i + p_j)(i − j)² = 2 Σ_i p_i Σ_j (i − j)² = 2 Σ_i p_i [m (i − μ)² + Σ_j (j − μ)²], μ the mean level.
  let varP = 0, spread = 0;
  for (let x = 0; x < m; x++) {
    varP += p[x]! * (level[x]! - meanP) ** 2;
    spread += (level[x]! - meanL) ** 2;
  }
  let strength = 0;
  for (let x = 0; x < m; x++) strength += p[x]! * (m * (level[x]! - meanL) ** 2 + spread);
  let busy = 0, complexity = 0;
  for (let x = 0; x < m; x++) {
    const px = p[x]!, ix = level[x]!, ipx = ix * px, psx = px * si[x]!;
    for (let y = 0; y < m; y++) {
      const py = p[y]!, iy = level[y]!;
      busy += Math.abs(ipx - iy * py);
      complexity += (Math.abs(ix - iy) * (psx + py * si[y]!)) / (px + py);
    }
  }
  return { levels: m, voxels, sumPS, sumS, pairSquares: 2 * varP, busynessDenominator: busy, complexity, strength: 2 * strength };
}

const HOMOGENEOUS = "the neighbourhoods hold a single grey level (Σ s_i = 0)";
const ONE_LEVEL = "only one grey level is present";
const FLAT_BUSYNESS = "Σ_i Σ_j |i p_i − j p_j| = 0 (e.g. a single grey level)";
const NO_NEIGHBOURS = "no ROI voxel has a neighbour in the ROI";

/** Guards a feature against an NGTDM without voxels (every ROI voxel isolated). */
function defined(f: (t: NgtdmSummary) => number | { value: number; note: string }) {
  return (t: NgtdmSummary) => (t.voxels > 0 ? f(t) : { value: NaN, note: NO_NEIGHBOURS });
}

/** The 5 IBSI NGTDM features, left undefined (NaN, noted) where a denominator is 0. */
export const NGTDM_FEATURES: readonly FeatureDefinition<NgtdmSummary>[] = [
  /** Coarseness: 1 / Σ p_i s_i. */
  {
    tag: "ngt_coarseness", ibsi: "QCDE", name: "Coarseness",
    compute: defined((t) => (t.sumPS > 0 ? 1 / t.sumPS : { value: NaN, note: HOMOGENEOUS })),
  },
  /** Contrast: [Σ_i Σ_j p_i p_j (i − j)² / (N_g,p (N_g,p − 1))] · Σ s_i / N_v,c. */
  {
    tag: "ngt_contrast", ibsi: "65HE", name: "Contrast",
    compute: defined((t) => (t.levels > 1 ? (t.pairSquares / (t.levels * (t.levels - 1))) * (t.sumS / t.voxels) : { value: NaN, note: ONE_LEVEL })),
  },
  /** Busyness: Σ p_i s_i / Σ_i Σ_j |i p_i − j p_j|. */
  {
    tag: "ngt_busyness", ibsi: "NQ30", name: "Busyness",
    compute: defined((t) => (t.busynessDenominator > 0 ? t.sumPS / t.busynessDenominator : { value: NaN, note: FLAT_BUSYNESS })),
  },
  /** Complexity: Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (p_i + p_j) / N_v,c. */
  { tag: "ngt_complexity", ibsi: "HDEZ", name: "Complexity", compute: defined((t) => t.complexity / t.voxels) },
  /** Strength: Σ_i Σ_j (p_i + p_j)(i − j)² / Σ s_i. */
  {
    tag: "ngt_strength", ibsi: "1X9X", name: "Strength",
    compute: defined((t) => (t.sumS > 0 ? t.strength / t.sumS : { value: NaN, note: HOMOGENEOUS })),
  },
];

/**
 * IBSI NGTDM features (family `ngt`) of a discretised ROI, for each requested aggregation.
 * Names are `<tag>_<2D|2_5D|3D>` (e.g. `ngt_coarseness_3D`).
 *
 * @throws RadiogxError INVALID_ARGUMENT when `levels` does not match `size` or nLevels; EMPTY_MASK for an empty ROI.
 */
export function ngtdmFeatures(input: DiscretisedImage, options: NgtdmOptions = {}): FeatureValue[] {
  const { img } = roiBlock(input, "NGTDM");
  const radii = rangeTo(options.distance ?? 1);
  const nz = img.size[2];
  const out: FeatureValue[] = [];
  for (const mode of zoneAggregations(options.aggregations, "NGTDM")) {
    const tables: NgtdmSummary[] = [];
    if (mode === "3D") {
      const n = new Float64Array(img.nLevels + 1), s = new Float64Array(img.nLevels + 1);
      accumulateNgtdm(img, neighbourOffsets(radii), 0, nz, n, s);
      tables.push(ngtdmSummary(n, s));
    } else {
      const offsets = neighbourOffsets(radii, 2);
      const roiPerSlice = voxelsPerSlice(img);
      const n = new Float64Array(img.nLevels + 1), s = new Float64Array(img.nLevels + 1);
      for (let k = 0; k < nz; k++) {
        if (roiPerSlice[k] === 0) continue;
        if (mode === "2D") {
          n.fill(0);
          s.fill(0);
        }
        accumulateNgtdm(img, offsets, k, k + 1, n, s);
        if (mode === "2D") {
          const t = ngtdmSummary(n, s);
          tables.push(t); // a slice whose voxels all lack neighbours gives NaN features, noted
        }
      }
      if (mode === "2.5D") tables.push(ngtdmSummary(n, s));
    }
    out.push(...evaluateFeatures(NGTDM_FEATURES, tables, mode, "ngt"));
  }
  return out;
}
