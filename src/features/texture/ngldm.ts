/**
 * Neighbouring grey level dependence matrix (NGLDM) features, IBSI reference manual §3.11 (family `ngl`).
 *
 * A neighbour of an ROI voxel (within Chebyshev distance δ: the 3D cube, or the square within the slice for
 * 2D/2.5D; neighbours outside the ROI are left out) is *dependent* when its grey level differs by at most the
 * coarseness α. The dependence count j of a voxel is 1 + the number of its dependent neighbours (the voxel
 * itself counts), and the NGLDM counts voxels by grey level i and dependence count j:
 *
 * ```
 * levels (one slice, δ = 1, α = 0)    dependence counts    S(i, j)   j=1 j=2 j=3 j=4
 *  1 1 2                              3 3 3                i=1        0   0   3   0
 *  1 2 2                              3 3 3                i=2        0   0   3   0
 * ```
 *
 * With N_s = Σ S(i, j) (= N_v, every ROI voxel), p(i, j) = S(i, j) / N_s, s_i. = Σ_j S(i, j) and
 * s_.j = Σ_i S(i, j), the 17 features are reductions of the sums in {@link ZoneStatistics}.
 * Aggregation: "2D" (one matrix per slice, features averaged), "2.5D" (slice matrices summed), "3D".
 *
 * Reference: IBSI reference manual (arXiv:1612.07003) §3.11; Sun C, Wee WG. Neighboring gray level dependence
 * matrix for texture classification. Comput Vis Graph Image Process 1983;23:341–352.
 */
import { RadiogxError } from "../../errors";
import type { AggregationName, DiscretisedImage, FeatureValue } from "../types";
import {
  type CountMatrix,
  evaluateFeatures,
  type FeatureDefinition,
  neighbourOffsets,
  rangeTo,
  roiBlock,
  tallyPairs,
  tallyPairsBySlice,
  voxelsPerSlice,
  zoneAggregations,
  zoneStatistics,
  type ZoneStatistics,
} from "./zones";

/** Options of {@link ngldmFeatures}. */
export interface NgldmOptions {
  /** IBSI aggregations to compute; "2D, …" → 2D, "2.5D, …" → 2.5D, "3D, …" → 3D. Default: the 3D aggregation. */
  aggregations?: readonly AggregationName[];
  /** Neighbourhood size δ: neighbours within Chebyshev distance δ. Default 1. */
  distance?: number;
  /** Coarseness α: a neighbour is dependent when |level difference| ≤ α. Default 0. */
  alpha?: number;
}

/** One (grey level, dependence count, slice) triple per ROI voxel, in voxel order. */
export interface Dependences {
  level: Int32Array;
  count: Int32Array;
  slice: Int32Array;
}

/**
 * The dependence count of every ROI voxel: 1 + the number of neighbours (`offsets`) in the ROI whose grey
 * level differs by at most `alpha`.
 * @param alphaKey the setting `alpha` came from, for the error message.
 * @throws RadiogxError INVALID_SETTING when alpha is not a number ≥ 0.
 */
export function dependenceCounts(img: DiscretisedImage, offsets: Int32Array, alpha: number, alphaKey = "ngldmAlpha"): Dependences {
  if (typeof alpha !== "number" || !(alpha >= 0)) {
    throw new RadiogxError("INVALID_SETTING", `${alphaKey}: the coarseness α must be a number of at least 0, got ${alpha}`, { key: alphaKey });
  }
  const [nx, ny, nz] = img.size;
  const nxy = nx * ny;
  const lv = img.levels;
  const nOff = offsets.length / 3;
  let roi = 0;
  for (let v = 0; v < lv.length; v++) if (lv[v]! > 0) roi++;
  const level = new Int32Array(roi);
  const count = new Int32Array(roi);
  const slice = new Int32Array(roi);
  let e = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const g = lv[i + nx * j + nxy * k]!;
        if (g <= 0) continue;
        let dep = 1;
        for (let o = 0; o < nOff; o++) {
          const ii = i + offsets[3 * o]!, jj = j + offsets[3 * o + 1]!, kk = k + offsets[3 * o + 2]!;
          if (ii < 0 || ii >= nx || jj < 0 || jj >= ny || kk < 0 || kk >= nz) continue;
          const h = lv[ii + nx * jj + nxy * kk]!;
          if (h > 0 && Math.abs(h - g) <= alpha) dep++;
        }
        level[e] = g;
        count[e] = dep;
        slice[e] = k;
        e++;
      }
    }
  }
  return { level, count, slice };
}

/** The 17 IBSI NGLDM features. In the formulas S = S(i, j), N_s the number of counted voxels. */
export const NGLDM_FEATURES: readonly FeatureDefinition<ZoneStatistics>[] = [
  /** Low dependence emphasis: (1/N_s) Σ S / j². */
  { tag: "ngl_lde", ibsi: "SODN", name: "Low dependence emphasis", compute: (s) => s.invJ2 / s.total },
  /** High dependence emphasis: (1/N_s) Σ S j². */
  { tag: "ngl_hde", ibsi: "IMOQ", name: "High dependence emphasis", compute: (s) => s.j2 / s.total },
  /** Low grey level count emphasis: (1/N_s) Σ S / i². */
  { tag: "ngl_lgce", ibsi: "TL9H", name: "Low grey level count emphasis", compute: (s) => s.invI2 / s.total },
  /** High grey level count emphasis: (1/N_s) Σ S i². */
  { tag: "ngl_hgce", ibsi: "OAE7", name: "High grey level count emphasis", compute: (s) => s.i2 / s.total },
  /** Low dependence low grey level emphasis: (1/N_s) Σ S / (i² j²). */
  { tag: "ngl_ldlge", ibsi: "EQ3F", name: "Low dependence low grey level emphasis", compute: (s) => s.invI2invJ2 / s.total },
  /** Low dependence high grey level emphasis: (1/N_s) Σ S i² / j². */
  { tag: "ngl_ldhge", ibsi: "JA6D", name: "Low dependence high grey level emphasis", compute: (s) => s.i2invJ2 / s.total },
  /** High dependence low grey level emphasis: (1/N_s) Σ S j² / i². */
  { tag: "ngl_hdlge", ibsi: "NBZI", name: "High dependence low grey level emphasis", compute: (s) => s.invI2j2 / s.total },
  /** High dependence high grey level emphasis: (1/N_s) Σ S i² j². */
  { tag: "ngl_hdhge", ibsi: "9QMG", name: "High dependence high grey level emphasis", compute: (s) => s.i2j2 / s.total },
  /** Grey level non-uniformity: (1/N_s) Σ_i s_i.². */
  { tag: "ngl_glnu", ibsi: "FP8K", name: "Grey level non-uniformity", compute: (s) => s.rowSquares / s.total },
  /** Normalised grey level non-uniformity: (1/N_s²) Σ_i s_i.². */
  { tag: "ngl_glnu_norm", ibsi: "5SPA", name: "Normalised grey level non-uniformity", compute: (s) => s.rowSquares / (s.total * s.total) },
  /** Dependence count non-uniformity: (1/N_s) Σ_j s_.j². */
  { tag: "ngl_dcnu", ibsi: "Z87G", name: "Dependence count non-uniformity", compute: (s) => s.colSquares / s.total },
  /** Normalised dependence count non-uniformity: (1/N_s²) Σ_j s_.j². */
  { tag: "ngl_dcnu_norm", ibsi: "OKJI", name: "Normalised dependence count non-uniformity", compute: (s) => s.colSquares / (s.total * s.total) },
  /** Dependence count percentage: N_s / N_v (1 when every voxel is counted, as here). */
  { tag: "ngl_dc_perc", ibsi: "6XV8", name: "Dependence count percentage", compute: (s) => s.total / s.voxels },
  /** Grey level variance: Σ (i − μ)² p(i, j), μ = Σ i p(i, j). */
  { tag: "ngl_gl_var", ibsi: "1PFV", name: "Grey level variance", compute: (s) => s.varI },
  /** Dependence count variance: Σ (j − μ)² p(i, j), μ = Σ j p(i, j). */
  { tag: "ngl_dc_var", ibsi: "DNX2", name: "Dependence count variance", compute: (s) => s.varJ },
  /** Dependence count entropy: −Σ p(i, j) log₂ p(i, j). */
  { tag: "ngl_dc_entr", ibsi: "FCBV", name: "Dependence count entropy", compute: (s) => s.entropy },
  /** Dependence count energy: Σ p(i, j)². */
  { tag: "ngl_dc_energy", ibsi: "CAS9", name: "Dependence count energy", compute: (s) => s.energy },
];

/**
 * IBSI NGLDM features (family `ngl`) of a discretised ROI, for each requested aggregation.
 * Names are `<tag>_<2D|2_5D|3D>` (e.g. `ngl_lde_2D`).
 *
 * @throws RadiogxError INVALID_ARGUMENT when `levels` does not match `size` or nLevels; INVALID_SETTING for a
 *   bad distance or alpha; EMPTY_MASK for an empty ROI.
 */
export function ngldmFeatures(input: DiscretisedImage, options: NgldmOptions = {}): FeatureValue[] {
  const { img } = roiBlock(input, "NGLDM");
  const radii = rangeTo(options.distance ?? 1);
  const alpha = options.alpha ?? 0;
  const out: FeatureValue[] = [];
  let planar: Dependences | undefined;
  for (const mode of zoneAggregations(options.aggregations, "NGLDM")) {
    let matrices: CountMatrix[];
    if (mode === "3D") {
      const d = dependenceCounts(img, neighbourOffsets(radii), alpha);
      matrices = [tallyPairs(d.level, d.count, d.level.length)];
    } else {
      const d = (planar ??= dependenceCounts(img, neighbourOffsets(radii, 2), alpha));
      matrices = mode === "2.5D"
        ? [tallyPairs(d.level, d.count, d.level.length)]
        : tallyPairsBySlice(d.level, d.count, d.slice, voxelsPerSlice(img)).filter((m): m is CountMatrix => m !== null);
    }
    out.push(...evaluateFeatures(NGLDM_FEATURES, matrices.map((m) => zoneStatistics(m)), mode, "ngl"));
  }
  return out;
}
