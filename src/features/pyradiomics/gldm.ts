/**
 * PyRadiomics' GLDM features (`radiomics/gldm.py`, `cmatrices.c: calculate_gldm`), class `gldm`.
 *
 * The grey level dependence matrix is IBSI's NGLDM (see `texture/ngldm.ts`) with PyRadiomics' neighbourhood:
 * a neighbour of an ROI voxel is any ROI voxel at a Chebyshev distance in `distances` (shells, default [1]: the
 * 26 neighbours; in-plane only with force2D), and it is *dependent* when |level difference| ≤ α (`gldm_a`).
 * The dependence size j of a voxel is 1 + its number of dependent neighbours; P(i, j) counts voxels by grey
 * level i and j. PyRadiomics' conventions, reproduced here:
 * - one matrix for the ROI; grey levels keep their discretised values (empty levels removed);
 * - N_z = Σ P(i, j) = the number of ROI voxels;
 * - entropy is −Σ p log₂(p + ε), ε = machine epsilon.
 * PyRadiomics removed GrayLevelNonUniformityNormalized (= first-order Uniformity) and DependencePercentage
 * (always 1): 14 features.
 *
 * Reference: van Griethuysen JJM, et al. Cancer Res 2017;77:e104–e107;
 * https://pyradiomics.readthedocs.io/en/latest/features.html#module-radiomics.gldm. Sun C, Wee WG. Comput Vis
 * Graph Image Process 1983;23:341–352.
 */
import type { DiscretisedImage, FeatureValue } from "../types";
import { checkDistances } from "../texture/directions";
import { dependenceCounts } from "../texture/ngldm";
import {
  evaluateNamed,
  type FeatureDefinition,
  pyradiomicsOffsets,
  roiBlock,
  tallyPairs,
  zoneStatistics,
  type ZoneStatistics,
} from "../texture/zones";
import { PYRADIOMICS_EPSILON } from "./glszm";

/** Options of {@link pyradiomicsGldm} (PyRadiomics setting names). */
export interface PyradiomicsGldmOptions {
  /** Chebyshev distances of the neighbours (shells). Default [1]. */
  distances?: readonly number[];
  /** Coarseness α: neighbours with |level difference| ≤ α are dependent. Default 0. */
  gldm_a?: number;
  /** Neighbours within 2D slices only. Default false. */
  force2D?: boolean;
  /** PyRadiomics' axis normal to the slices when force2D: 0 = z (our k), 1 = y, 2 = x. Default 0. */
  force2Ddimension?: number;
}

/** PyRadiomics' 14 GLDM features; P = P(i, j), N_z the number of voxels. */
export const PYRADIOMICS_GLDM_FEATURES: readonly FeatureDefinition<ZoneStatistics>[] = [
  /** Σ P / j² / N_z. */
  { tag: "SmallDependenceEmphasis", ibsi: "SODN", name: "Small Dependence Emphasis", compute: (s) => s.invJ2 / s.total },
  /** Σ P j² / N_z. */
  { tag: "LargeDependenceEmphasis", ibsi: "IMOQ", name: "Large Dependence Emphasis", compute: (s) => s.j2 / s.total },
  /** Σ_i (Σ_j P)² / N_z. */
  { tag: "GrayLevelNonUniformity", ibsi: "FP8K", name: "Gray Level Non-Uniformity", compute: (s) => s.rowSquares / s.total },
  /** Σ_j (Σ_i P)² / N_z. */
  { tag: "DependenceNonUniformity", ibsi: "Z87G", name: "Dependence Non-Uniformity", compute: (s) => s.colSquares / s.total },
  /** Σ_j (Σ_i P)² / N_z². */
  { tag: "DependenceNonUniformityNormalized", ibsi: "OKJI", name: "Dependence Non-Uniformity Normalized", compute: (s) => s.colSquares / (s.total * s.total) },
  /** Σ p (i − μ)², μ = Σ p i. */
  { tag: "GrayLevelVariance", ibsi: "1PFV", name: "Gray Level Variance", compute: (s) => s.varI },
  /** Σ p (j − μ)², μ = Σ p j. */
  { tag: "DependenceVariance", ibsi: "DNX2", name: "Dependence Variance", compute: (s) => s.varJ },
  /** −Σ p log₂(p + ε). */
  { tag: "DependenceEntropy", ibsi: "FCBV", name: "Dependence Entropy", compute: (s) => s.entropy },
  /** Σ P / i² / N_z. */
  { tag: "LowGrayLevelEmphasis", ibsi: "TL9H", name: "Low Gray Level Emphasis", compute: (s) => s.invI2 / s.total },
  /** Σ P i² / N_z. */
  { tag: "HighGrayLevelEmphasis", ibsi: "OAE7", name: "High Gray Level Emphasis", compute: (s) => s.i2 / s.total },
  /** Σ P / (i² j²) / N_z. */
  { tag: "SmallDependenceLowGrayLevelEmphasis", ibsi: "EQ3F", name: "Small Dependence Low Gray Level Emphasis", compute: (s) => s.invI2invJ2 / s.total },
  /** Σ P i² / j² / N_z. */
  { tag: "SmallDependenceHighGrayLevelEmphasis", ibsi: "JA6D", name: "Small Dependence High Gray Level Emphasis", compute: (s) => s.i2invJ2 / s.total },
  /** Σ P j² / i² / N_z. */
  { tag: "LargeDependenceLowGrayLevelEmphasis", ibsi: "NBZI", name: "Large Dependence Low Gray Level Emphasis", compute: (s) => s.invI2j2 / s.total },
  /** Σ P i² j² / N_z. */
  { tag: "LargeDependenceHighGrayLevelEmphasis", ibsi: "9QMG", name: "Large Dependence High Gray Level Emphasis", compute: (s) => s.i2j2 / s.total },
];

/**
 * PyRadiomics GLDM features of a discretised ROI (PyRadiomics binning), named as PyRadiomics names them.
 *
 * @throws RadiogxError INVALID_ARGUMENT for a malformed image; EMPTY_MASK for an empty ROI; INVALID_SETTING
 *   for bad distances, gldm_a or force2Ddimension.
 */
export function pyradiomicsGldm(input: DiscretisedImage, options: PyradiomicsGldmOptions = {}): FeatureValue[] {
  const { img } = roiBlock(input, "gldm");
  const distances = checkDistances(options.distances ?? [1], "gldm");
  const force2D = options.force2D ?? false;
  const offsets = pyradiomicsOffsets(distances, force2D, options.force2Ddimension ?? 0);
  const d = dependenceCounts(img, offsets, options.gldm_a ?? 0, "gldm_a");
  const stats = zoneStatistics(tallyPairs(d.level, d.count, d.level.length), PYRADIOMICS_EPSILON);
  return evaluateNamed(PYRADIOMICS_GLDM_FEATURES, stats, "gldm", force2D ? "2.5D, merged" : "3D, merged");
}
