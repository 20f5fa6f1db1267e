/**
 * PyRadiomics' GLSZM features (`radiomics/glszm.py`, `cmatrices.c: calculate_glszm`), class `glszm`.
 *
 * The matrix is IBSI's GLSZM of the whole ROI (see `texture/glszm.ts`): zones of equal grey level,
 * 26-connected (8-connected within the slices normal to `force2Ddimension` when `force2D`), counted by grey
 * level i and size j. PyRadiomics' conventions, reproduced here:
 * - one matrix for the ROI (with force2D, the slices' zones are pooled into that one matrix);
 * - grey levels are the discretised values themselves (empty levels removed, values kept), so
 *   low/high grey level emphases use the level value i;
 * - N_p (zone percentage) is the number of ROI voxels;
 * - entropy is −Σ p log₂(p + ε), ε = machine epsilon (2.2e-16).
 * Every feature is the IBSI feature of the same matrix; the IBSI code is given with each.
 *
 * Reference: van Griethuysen JJM, et al. Computational radiomics system to decode the radiographic phenotype.
 * Cancer Res 2017;77:e104–e107; https://pyradiomics.readthedocs.io/en/latest/features.html#module-radiomics.glszm
 */
import type { DiscretisedImage, FeatureValue } from "../types";
import {
  evaluateNamed,
  type FeatureDefinition,
  labelZones,
  neighbourOffsets,
  pyradiomicsAxis,
  roiBlock,
  tallyPairs,
  zoneStatistics,
  type ZoneStatistics,
} from "../texture/zones";

/** numpy.spacing(1), the ε PyRadiomics adds inside its entropy logarithms. */
export const PYRADIOMICS_EPSILON = 2.220446049250313e-16;

/** Options of {@link pyradiomicsGlszm} (PyRadiomics setting names). */
export interface PyradiomicsGlszmOptions {
  /** Zones within 2D slices only. Default false. */
  force2D?: boolean;
  /** PyRadiomics' axis normal to the slices when force2D: 0 = z (our k), 1 = y, 2 = x. Default 0. */
  force2Ddimension?: number;
}

/** PyRadiomics' 16 GLSZM features; P = P(i, j), N_z zones, N_p voxels. */
export const PYRADIOMICS_GLSZM_FEATURES: readonly FeatureDefinition<ZoneStatistics>[] = [
  /** Σ P / j² / N_z. */
  { tag: "SmallAreaEmphasis", ibsi: "5QRC", name: "Small Area Emphasis", compute: (s) => s.invJ2 / s.total },
  /** Σ P j² / N_z. */
  { tag: "LargeAreaEmphasis", ibsi: "48P8", name: "Large Area Emphasis", compute: (s) => s.j2 / s.total },
  /** Σ_i (Σ_j P)² / N_z. */
  { tag: "GrayLevelNonUniformity", ibsi: "JNSA", name: "Gray Level Non-Uniformity", compute: (s) => s.rowSquares / s.total },
  /** Σ_i (Σ_j P)² / N_z². */
  { tag: "GrayLevelNonUniformityNormalized", ibsi: "Y1RO", name: "Gray Level Non-Uniformity Normalized", compute: (s) => s.rowSquares / (s.total * s.total) },
  /** Σ_j (Σ_i P)² / N_z. */
  { tag: "SizeZoneNonUniformity", ibsi: "4JP3", name: "Size-Zone Non-Uniformity", compute: (s) => s.colSquares / s.total },
  /** Σ_j (Σ_i P)² / N_z². */
  { tag: "SizeZoneNonUniformityNormalized", ibsi: "VB3A", name: "Size-Zone Non-Uniformity Normalized", compute: (s) => s.colSquares / (s.total * s.total) },
  /** N_z / N_p. */
  { tag: "ZonePercentage", ibsi: "P30P", name: "Zone Percentage", compute: (s) => s.total / s.voxels },
  /** Σ p (i − μ)², μ = Σ p i. */
  { tag: "GrayLevelVariance", ibsi: "BYLV", name: "Gray Level Variance", compute: (s) => s.varI },
  /** Σ p (j − μ)², μ = Σ p j. */
  { tag: "ZoneVariance", ibsi: "3NSA", name: "Zone Variance", compute: (s) => s.varJ },
  /** −Σ p log₂(p + ε). */
  { tag: "ZoneEntropy", ibsi: "GU8N", name: "Zone Entropy", compute: (s) => s.entropy },
  /** Σ P / i² / N_z. */
  { tag: "LowGrayLevelZoneEmphasis", ibsi: "XMSY", name: "Low Gray Level Zone Emphasis", compute: (s) => s.invI2 / s.total },
  /** Σ P i² / N_z. */
  { tag: "HighGrayLevelZoneEmphasis", ibsi: "5GN9", name: "High Gray Level Zone Emphasis", compute: (s) => s.i2 / s.total },
  /** Σ P / (i² j²) / N_z. */
  { tag: "SmallAreaLowGrayLevelEmphasis", ibsi: "5RAI", name: "Small Area Low Gray Level Emphasis", compute: (s) => s.invI2invJ2 / s.total },
  /** Σ P i² / j² / N_z. */
  { tag: "SmallAreaHighGrayLevelEmphasis", ibsi: "HW1V", name: "Small Area High Gray Level Emphasis", compute: (s) => s.i2invJ2 / s.total },
  /** Σ P j² / i² / N_z. */
  { tag: "LargeAreaLowGrayLevelEmphasis", ibsi: "YH51", name: "Large Area Low Gray Level Emphasis", compute: (s) => s.invI2j2 / s.total },
  /** Σ P i² j² / N_z. */
  { tag: "LargeAreaHighGrayLevelEmphasis", ibsi: "J17V", name: "Large Area High Gray Level Emphasis", compute: (s) => s.i2j2 / s.total },
];

/**
 * PyRadiomics GLSZM features of a discretised ROI (PyRadiomics binning), named as PyRadiomics names them
 * (`SmallAreaEmphasis`, …; the extractor adds `original_glszm_`).
 *
 * @throws RadiogxError INVALID_ARGUMENT for a malformed image; EMPTY_MASK for an empty ROI; INVALID_SETTING
 *   for a bad force2Ddimension.
 */
export function pyradiomicsGlszm(input: DiscretisedImage, options: PyradiomicsGlszmOptions = {}): FeatureValue[] {
  const { img } = roiBlock(input, "glszm");
  const force2D = options.force2D ?? false;
  const offsets = neighbourOffsets([1], force2D ? pyradiomicsAxis(options.force2Ddimension ?? 0) : -1);
  const zones = labelZones(img.levels, img.size, offsets);
  let voxels = 0;
  for (let z = 0; z < zones.count; z++) voxels += zones.size[z]!;
  const stats = zoneStatistics(tallyPairs(zones.level, zones.size, voxels), PYRADIOMICS_EPSILON);
  return evaluateNamed(PYRADIOMICS_GLSZM_FEATURES, stats, "glszm", force2D ? "2.5D, merged" : "3D, merged");
}
