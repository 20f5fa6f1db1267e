/**
 * PyRadiomics' NGTDM features (`radiomics/ngtdm.py`, `cmatrices.c: calculate_ngtdm`), class `ngtdm`.
 *
 * The matrix is IBSI's NGTDM (see `texture/ngtdm.ts`) with PyRadiomics' neighbourhood and conventions:
 * - the neighbours of an ROI voxel are the ROI voxels at a Chebyshev distance in `distances` (shells,
 *   default [1]: the 26 neighbours; in-plane only with force2D); Ā is their mean;
 * - a voxel without any neighbour in the ROI still counts in n_i (with |i − Ā| taken as 0), where IBSI leaves
 *   it out;
 * - one matrix for the ROI; grey levels keep their discretised values (empty levels removed);
 * - where a denominator is 0, PyRadiomics returns a conventional number: coarseness 10⁶ (Σ p_i s_i = 0),
 *   contrast 0 (one grey level), busyness 0 (Σ|i p_i − j p_j| = 0), strength 0 (Σ s_i = 0). These values
 *   carry a note saying so.
 *
 * Reference: van Griethuysen JJM, et al. Cancer Res 2017;77:e104–e107;
 * https://pyradiomics.readthedocs.io/en/latest/features.html#module-radiomics.ngtdm. Amadasun M, King R.
 * IEEE Trans Syst Man Cybern 1989;19:1264–1274.
 */
import type { DiscretisedImage, FeatureValue } from "../types";
import { checkDistances } from "../texture/directions";
import { accumulateNgtdm, type NgtdmSummary, ngtdmSummary } from "../texture/ngtdm";
import { evaluateNamed, type FeatureDefinition, pyradiomicsOffsets, roiBlock } from "../texture/zones";

/** Options of {@link pyradiomicsNgtdm} (PyRadiomics setting names). */
export interface PyradiomicsNgtdmOptions {
  /** Chebyshev distances of the neighbours (shells). Default [1]. */
  distances?: readonly number[];
  /** Neighbours within 2D slices only. Default false. */
  force2D?: boolean;
  /** PyRadiomics' axis normal to the slices when force2D: 0 = z (our k), 1 = y, 2 = x. Default 0. */
  force2Ddimension?: number;
}

/** PyRadiomics' 5 NGTDM features (formulas as IBSI's; see the module comment for the conventions). */
export const PYRADIOMICS_NGTDM_FEATURES: readonly FeatureDefinition<NgtdmSummary>[] = [
  /** 1 / Σ p_i s_i; 10⁶ when Σ p_i s_i = 0. */
  {
    tag: "Coarseness", ibsi: "QCDE", name: "Coarseness",
    compute: (t) => (t.sumPS !== 0 ? 1 / t.sumPS : { value: 1e6, note: "PyRadiomics' value 10⁶: Σ p_i s_i = 0 (a homogeneous ROI)" }),
  },
  /** [Σ_i Σ_j p_i p_j (i − j)² / (N_g,p (N_g,p − 1))] · Σ s_i / N_v,p; 0 for one grey level. */
  {
    tag: "Contrast", ibsi: "65HE", name: "Contrast",
    compute: (t) => t.levels > 1
      ? (t.pairSquares * t.sumS) / t.voxels / (t.levels * (t.levels - 1))
      : { value: 0, note: "PyRadiomics' value 0: only one grey level is present" },
  },
  /** Σ p_i s_i / Σ_i Σ_j |i p_i − j p_j|; 0 when the denominator is 0. */
  {
    tag: "Busyness", ibsi: "NQ30", name: "Busyness",
    compute: (t) => t.busynessDenominator !== 0
      ? t.sumPS / t.busynessDenominator
      : { value: 0, note: "PyRadiomics' value 0: Σ|i p_i − j p_j| = 0 (one grey level)" },
  },
  /** Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (p_i + p_j) / N_v,p. */
  { tag: "Complexity", ibsi: "HDEZ", name: "Complexity", compute: (t) => t.complexity / t.voxels },
  /** Σ_i Σ_j (p_i + p_j)(i − j)² / Σ s_i; 0 when Σ s_i = 0. */
  {
    tag: "Strength", ibsi: "1X9X", name: "Strength",
    compute: (t) => (t.sumS !== 0 ? t.strength / t.sumS : { value: 0, note: "PyRadiomics' value 0: Σ s_i = 0 (a homogeneous ROI)" }),
  },
];

/**
 * PyRadiomics NGTDM features of a discretised ROI (PyRadiomics binning), named as PyRadiomics names them.
 *
 * @throws RadiogxError INVALID_ARGUMENT for a malformed image; EMPTY_MASK for an empty ROI; INVALID_SETTING
 *   for bad distances or force2Ddimension.
 */
export function pyradiomicsNgtdm(input: DiscretisedImage, options: PyradiomicsNgtdmOptions = {}): FeatureValue[] {
  const { img } = roiBlock(input, "ngtdm");
  const distances = checkDistances(options.distances ?? [1], "ngtdm");
  const force2D = options.force2D ?? false;
  const offsets = pyradiomicsOffsets(distances, force2D, options.force2Ddimension ?? 0);
  const n = new Float64Array(img.nLevels + 1);
  const s = new Float64Array(img.nLevels + 1);
  accumulateNgtdm(img, offsets, 0, img.size[2], n, s, true);
  return evaluateNamed(PYRADIOMICS_NGTDM_FEATURES, ngtdmSummary(n, s), "ngtdm", force2D ? "2.5D, merged" : "3D, merged");
}
