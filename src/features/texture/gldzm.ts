/**
 * Grey level distance zone matrix (GLDZM) features, IBSI reference manual §3.9 (family `dzm`).
 *
 * Zones are those of the GLSZM (maximal linked sets of equal grey level; linkage distance 1 means
 * 26-connectivity in 3D, 8-connectivity within a slice). The distance of a voxel to the ROI edge is the
 * smallest number of face-connected steps (4-connectivity within the slice for 2D/2.5D, 6-connectivity in 3D)
 * needed to leave the *morphological* mask, so voxels on the border have distance 1 (voxels beyond the image
 * edge count as outside). A zone's distance is the smallest distance of its voxels. The GLDZM counts zones by
 * grey level i and distance j:
 *
 * ```
 * levels (one slice)     voxel distances    zones               D(i, j)   j=1 j=2
 *  1 1 1 1               1 1 1 1            {1 × 10}: d = 1     i=1        1   0
 *  1 2 2 1               1 2 2 1            {2 × 2}:  d = 2     i=2        0   1
 *  1 1 1 1               1 1 1 1
 * ```
 *
 * With N_s zones, N_v voxels, p(i, j) = D(i, j) / N_s, d_i. = Σ_j D(i, j), d_.j = Σ_i D(i, j), the 16
 * features are reductions of the sums in {@link ZoneStatistics}.
 *
 * Reference: IBSI reference manual (arXiv:1612.07003) §3.9; Thibault G, et al. Advanced statistical matrices
 * for texture characterization: application to cell classification. IEEE Trans Biomed Eng 2014;61:630–637.
 */
import type { AggregationName, DiscretisedImage, FeatureValue } from "../types";
import {
  borderDistance,
  evaluateFeatures,
  type FeatureDefinition,
  roiBlock,
  zoneAggregations,
  zoneLabeller,
  zoneMatrices,
  type Zones,
  zoneStatistics,
  type ZoneStatistics,
} from "./zones";

/** Options of {@link gldzmFeatures}. */
export interface GldzmOptions {
  /** IBSI aggregations to compute; "2D, …" → 2D, "2.5D, …" → 2.5D, "3D, …" → 3D. Default: the 3D aggregation. */
  aggregations?: readonly AggregationName[];
  /** Linkage distance (Chebyshev) between voxels of a zone. Default 1. */
  distance?: number;
  /**
   * The morphological mask (1 inside the ROI before re-segmentation), on the grid of `levels`; distances to
   * the ROI edge are measured in it. It must contain every voxel of the intensity mask. Default: `levels > 0`.
   */
  morphMask?: Uint8Array;
}

/** The 16 IBSI GLDZM features. In the formulas D = D(i, j), N_s the number of zones, N_v the number of voxels. */
export const GLDZM_FEATURES: readonly FeatureDefinition<ZoneStatistics>[] = [
  /** Small distance emphasis: (1/N_s) Σ D / j². */
  { tag: "dzm_sde", ibsi: "0GBI", name: "Small distance emphasis", compute: (s) => s.invJ2 / s.total },
  /** Large distance emphasis: (1/N_s) Σ D j². */
  { tag: "dzm_lde", ibsi: "MB4I", name: "Large distance emphasis", compute: (s) => s.j2 / s.total },
  /** Low grey level zone emphasis: (1/N_s) Σ D / i². */
  { tag: "dzm_lgze", ibsi: "S1RA", name: "Low grey level zone emphasis", compute: (s) => s.invI2 / s.total },
  /** High grey level zone emphasis: (1/N_s) Σ D i². */
  { tag: "dzm_hgze", ibsi: "K26C", name: "High grey level zone emphasis", compute: (s) => s.i2 / s.total },
  /** Small distance low grey level emphasis: (1/N_s) Σ D / (i² j²). */
  { tag: "dzm_sdlge", ibsi: "RUVG", name: "Small distance low grey level emphasis", compute: (s) => s.invI2invJ2 / s.total },
  /** Small distance high grey level emphasis: (1/N_s) Σ D i² / j². */
  { tag: "dzm_sdhge", ibsi: "DKNJ", name: "Small distance high grey level emphasis", compute: (s) => s.i2invJ2 / s.total },
  /** Large distance low grey level emphasis: (1/N_s) Σ D j² / i². */
  { tag: "dzm_ldlge", ibsi: "A7WM", name: "Large distance low grey level emphasis", compute: (s) => s.invI2j2 / s.total },
  /** Large distance high grey level emphasis: (1/N_s) Σ D i² j². */
  { tag: "dzm_ldhge", ibsi: "KLTH", name: "Large distance high grey level emphasis", compute: (s) => s.i2j2 / s.total },
  /** Grey level non-uniformity: (1/N_s) Σ_i d_i.². */
  { tag: "dzm_glnu", ibsi: "VFT7", name: "Grey level non-uniformity", compute: (s) => s.rowSquares / s.total },
  /** Normalised grey level non-uniformity: (1/N_s²) Σ_i d_i.². */
  { tag: "dzm_glnu_norm", ibsi: "7HP3", name: "Normalised grey level non-uniformity", compute: (s) => s.rowSquares / (s.total * s.total) },
  /** Zone distance non-uniformity: (1/N_s) Σ_j d_.j². */
  { tag: "dzm_zdnu", ibsi: "V294", name: "Zone distance non-uniformity", compute: (s) => s.colSquares / s.total },
  /** Normalised zone distance non-uniformity: (1/N_s²) Σ_j d_.j². */
  { tag: "dzm_zdnu_norm", ibsi: "IATH", name: "Normalised zone distance non-uniformity", compute: (s) => s.colSquares / (s.total * s.total) },
  /** Zone percentage: N_s / N_v. */
  { tag: "dzm_z_perc", ibsi: "VIWW", name: "Zone percentage", compute: (s) => s.total / s.voxels },
  /** Grey level variance: Σ (i − μ)² p(i, j), μ = Σ i p(i, j). */
  { tag: "dzm_gl_var", ibsi: "QK93", name: "Grey level variance", compute: (s) => s.varI },
  /** Zone distance variance: Σ (j − μ)² p(i, j), μ = Σ j p(i, j). */
  { tag: "dzm_zd_var", ibsi: "7WT1", name: "Zone distance variance", compute: (s) => s.varJ },
  /** Zone distance entropy: −Σ p(i, j) log₂ p(i, j). */
  { tag: "dzm_zd_entr", ibsi: "GBDU", name: "Zone distance entropy", compute: (s) => s.entropy },
];

/**
 * IBSI GLDZM features (family `dzm`) of a discretised ROI, for each requested aggregation.
 * Names are `<tag>_<2D|2_5D|3D>` (e.g. `dzm_sde_3D`).
 *
 * @throws RadiogxError INVALID_ARGUMENT when `levels` or `morphMask` do not match `size`, or when an ROI voxel
 *   lies outside the morphological mask; EMPTY_MASK for an empty ROI.
 */
export function gldzmFeatures(input: DiscretisedImage, options: GldzmOptions = {}): FeatureValue[] {
  const block = roiBlock(input, "GLDZM", options.morphMask ?? roiMask(input));
  const img = block.img;
  const morph = block.morph!;
  const zonesOf = zoneLabeller(img, options.distance ?? 1);
  const distances = new Map<boolean, Int32Array>(); // zone distances, planar (2D, 2.5D) or 3D
  const out: FeatureValue[] = [];
  for (const mode of zoneAggregations(options.aggregations, "GLDZM")) {
    const planar = mode !== "3D";
    const zones = zonesOf(planar);
    let d = distances.get(planar);
    if (d === undefined) distances.set(planar, (d = minimumPerZone(zones, borderDistance(morph, img.size, planar))));
    const matrices = zoneMatrices(img, mode, zones, d);
    out.push(...evaluateFeatures(GLDZM_FEATURES, matrices.map((m) => zoneStatistics(m)), mode, "dzm"));
  }
  return out;
}

/** The smallest value of `map` over the voxels of each zone. */
function minimumPerZone(zones: Zones, map: Int32Array): Int32Array {
  const out = new Int32Array(zones.count).fill(0x7fffffff);
  const label = zones.label;
  for (let v = 0; v < label.length; v++) {
    const z = label[v]!;
    if (z === 0) continue;
    const d = map[v]!;
    if (d < out[z - 1]!) out[z - 1] = d;
  }
  return out;
}

function roiMask(img: DiscretisedImage): Uint8Array {
  const m = new Uint8Array(img.levels.length);
  for (let v = 0; v < m.length; v++) m[v] = img.levels[v]! > 0 ? 1 : 0;
  return m;
}
