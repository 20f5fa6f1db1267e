/**
 * Grey level size zone matrix (GLSZM) features, IBSI reference manual §3.8 (family `szm`).
 *
 * A zone is a maximal set of linked ROI voxels with the same grey level; voxels are linked when their
 * Chebyshev distance is at most the linkage distance (1: 26-connectivity in 3D, 8-connectivity within a
 * slice). The GLSZM counts zones by grey level i and size j (voxels):
 *
 * ```
 * levels (one slice)    zones (8-connected)                    S(i, j)   j=1 j=2 j=3
 *  1 1 3                level 1: {2 voxels}, {1}, {1}          i=1        2   1   0
 *  2 2 3                level 2: {3 voxels}                    i=2        0   0   1
 *  1 2 1                level 3: {2 voxels}                    i=3        0   1   0
 * ```
 *
 * With N_s = Σ S(i, j) zones, N_v ROI voxels, p(i, j) = S(i, j) / N_s, s_i. = Σ_j S(i, j) and
 * s_.j = Σ_i S(i, j), the 16 features are reductions of the sums in {@link ZoneStatistics}.
 * Aggregation: "2D" (one matrix per slice, features averaged over slices), "2.5D" (slice matrices summed),
 * "3D" (one matrix for the volume).
 *
 * Reference: Zwanenburg A, et al. The Image Biomarker Standardisation Initiative. Radiology 2020;295:328–338;
 * reference manual arXiv:1612.07003, §3.8. Thibault G, et al. Texture indexes and gray level size zone
 * matrix. PRIP 2009:140–145.
 */
import type { AggregationName, DiscretisedImage, FeatureValue } from "../types";
import {
  evaluateFeatures,
  type FeatureDefinition,
  roiBlock,
  zoneAggregations,
  zoneLabeller,
  zoneMatrices,
  zoneStatistics,
  type ZoneStatistics,
} from "./zones";

/** Options of {@link glszmFeatures}. */
export interface GlszmOptions {
  /** IBSI aggregations to compute; "2D, …" → 2D, "2.5D, …" → 2.5D, "3D, …" → 3D. Default: the 3D aggregation. */
  aggregations?: readonly AggregationName[];
  /** Linkage distance (Chebyshev) between voxels of a zone. Default 1. */
  distance?: number;
}

/**
 * The 16 IBSI GLSZM features. In the formulas S = S(i, j), N_s the number of zones, N_v the number of
 * voxels.
 */
export const GLSZM_FEATURES: readonly FeatureDefinition<ZoneStatistics>[] = [
  /** Small zone emphasis: (1/N_s) Σ S / j². */
  { tag: "szm_sze", ibsi: "5QRC", name: "Small zone emphasis", compute: (s) => s.invJ2 / s.total },
  /** Large zone emphasis: (1/N_s) Σ S j². */
  { tag: "szm_lze", ibsi: "48P8", name: "Large zone emphasis", compute: (s) => s.j2 / s.total },
  /** Low grey level zone emphasis: (1/N_s) Σ S / i². */
  { tag: "szm_lgze", ibsi: "XMSY", name: "Low grey level zone emphasis", compute: (s) => s.invI2 / s.total },
  /** High grey level zone emphasis: (1/N_s) Σ S i². */
  { tag: "szm_hgze", ibsi: "5GN9", name: "High grey level zone emphasis", compute: (s) => s.i2 / s.total },
  /** Small zone low grey level emphasis: (1/N_s) Σ S / (i² j²). */
  { tag: "szm_szlge", ibsi: "5RAI", name: "Small zone low grey level emphasis", compute: (s) => s.invI2invJ2 / s.total },
  /** Small zone high grey level emphasis: (1/N_s) Σ S i² / j². */
  { tag: "szm_szhge", ibsi: "HW1V", name: "Small zone high grey level emphasis", compute: (s) => s.i2invJ2 / s.total },
  /** Large zone low grey level emphasis: (1/N_s) Σ S j² / i². */
  { tag: "szm_lzlge", ibsi: "YH51", name: "Large zone low grey level emphasis", compute: (s) => s.invI2j2 / s.total },
  /** Large zone high grey level emphasis: (1/N_s) Σ S i² j². */
  { tag: "szm_lzhge", ibsi: "J17V", name: "Large zone high grey level emphasis", compute: (s) => s.i2j2 / s.total },
  /** Grey level non-uniformity: (1/N_s) Σ_i s_i.². */
  { tag: "szm_glnu", ibsi: "JNSA", name: "Grey level non-uniformity", compute: (s) => s.rowSquares / s.total },
  /** Normalised grey level non-uniformity: (1/N_s²) Σ_i s_i.². */
  { tag: "szm_glnu_norm", ibsi: "Y1RO", name: "Normalised grey level non-uniformity", compute: (s) => s.rowSquares / (s.total * s.total) },
  /** Zone size non-uniformity: (1/N_s) Σ_j s_.j². */
  { tag: "szm_zsnu", ibsi: "4JP3", name: "Zone size non-uniformity", compute: (s) => s.colSquares / s.total },
  /** Normalised zone size non-uniformity: (1/N_s²) Σ_j s_.j². */
  { tag: "szm_zsnu_norm", ibsi: "VB3A", name: "Normalised zone size non-uniformity", compute: (s) => s.colSquares / (s.total * s.total) },
  /** Zone percentage: N_s / N_v. */
  { tag: "szm_z_perc", ibsi: "P30P", name: "Zone percentage", compute: (s) => s.total / s.voxels },
  /** Grey level variance: Σ (i − μ)² p(i, j), μ = Σ i p(i, j). */
  { tag: "szm_gl_var", ibsi: "BYLV", name: "Grey level variance", compute: (s) => s.varI },
  /** Zone size variance: Σ (j − μ)² p(i, j), μ = Σ j p(i, j). */
  { tag: "szm_zs_var", ibsi: "3NSA", name: "Zone size variance", compute: (s) => s.varJ },
  /** Zone size entropy: −Σ p(i, j) log₂ p(i, j). */
  { tag: "szm_zs_entr", ibsi: "GU8N", name: "Zone size entropy", compute: (s) => s.entropy },
];

/**
 * IBSI GLSZM features (family `szm`) of a discretised ROI, for each requested aggregation.
 * Names are `<tag>_<2D|2_5D|3D>` (e.g. `szm_sze_2_5D`).
 *
 * @throws RadiogxError INVALID_ARGUMENT when `levels` does not match `size` or nLevels; EMPTY_MASK for an empty ROI.
 * @example glszmFeatures(img, { aggregations: ["3D, merged"] }) // [{ name: "szm_sze_3D", ibsi: "5QRC", … }, …]
 */
export function glszmFeatures(input: DiscretisedImage, options: GlszmOptions = {}): FeatureValue[] {
  const { img } = roiBlock(input, "GLSZM");
  const zonesOf = zoneLabeller(img, options.distance ?? 1);
  const out: FeatureValue[] = [];
  for (const mode of zoneAggregations(options.aggregations, "GLSZM")) {
    const zones = zonesOf(mode !== "3D");
    const matrices = zoneMatrices(img, mode, zones, zones.size);
    out.push(...evaluateFeatures(GLSZM_FEATURES, matrices.map((m) => zoneStatistics(m)), mode, "szm"));
  }
  return out;
}
