/**
 * GLRLM features with PyRadiomics' conventions (PyRadiomics 3, `radiomics/glrlm.py`, `src/cmatrices.c`;
 * van Griethuysen et al., Cancer Research 2017), for results that match a PyRadiomics extraction.
 *
 * The matrix and the formulas are IBSI's (see `texture/glrlm.ts`); what PyRadiomics does differently:
 * - **Angles.** The 13 directions of 3D (4 with `force2D`, in the planes normal to `force2Ddimension`),
 *   one matrix per angle over the whole ROI; `distances` does not apply to runs.
 * - **Degenerate angles.** An angle along which no line holds two ROI voxels (e.g. across a single-slice
 *   ROI) is dropped, as are angles without runs.
 * - **Reduction.** Features per angle, averaged over the remaining angles (`numpy.nanmean`); with
 *   `weightingNorm` the matrices are weighted by the distance `‖a · spacing‖` (not its exponential, as for
 *   the GLCM; "no_weighting": 1), summed, and the features computed once.
 * - **Rows.** Grey levels absent from the ROI and run lengths absent from every angle are removed; neither
 *   changes a value, as their entries are 0.
 */
import type { DiscretisedImage, FeatureValue } from "../types";
import { FeatureMean, prepareOffsets, scanDiscretised, type Offset, type RoiExtent } from "../texture/directions";
import { Rlm, countRuns, glrlmMatrixFeatures, glrlmScratch, longestPossibleRun } from "../texture/glrlm";
import {
  angleDistances,
  checkWeightingNorm,
  pyradiomicsAggregation,
  pyradiomicsAngles,
  type PyradiomicsFeatureDef,
  type PyradiomicsTextureOptions,
} from "./glcm";

/** The 16 GLRLM features of PyRadiomics 3 (all enabled by default). */
export const PYRADIOMICS_GLRLM_FEATURES: readonly PyradiomicsFeatureDef[] = Object.freeze([
  { name: "ShortRunEmphasis", ibsi: "22OV", description: "Σ r / j² / N_r: short runs, fine texture" },
  { name: "LongRunEmphasis", ibsi: "W4KF", description: "Σ r j² / N_r: long runs, coarse texture" },
  { name: "GrayLevelNonUniformity", ibsi: "R5YN", description: "Σ_i (Σ_j r)² / N_r: variability of grey levels" },
  { name: "GrayLevelNonUniformityNormalized", ibsi: "OVBL", description: "Σ_i (Σ_j r)² / N_r²" },
  { name: "RunLengthNonUniformity", ibsi: "W92Y", description: "Σ_j (Σ_i r)² / N_r: variability of run lengths" },
  { name: "RunLengthNonUniformityNormalized", ibsi: "IC23", description: "Σ_j (Σ_i r)² / N_r²" },
  { name: "RunPercentage", ibsi: "9ZK5", description: "N_r / N_p, N_p = Σ j r the voxels (weighted when merged)" },
  { name: "GrayLevelVariance", ibsi: "8CE5", description: "Σ (i − μ)² p, μ = Σ i p" },
  { name: "RunVariance", ibsi: "SXLW", description: "Σ (j − μ)² p, μ = Σ j p" },
  { name: "RunEntropy", ibsi: "HJ9O", description: "−Σ p log₂ p: heterogeneity of run lengths and grey levels" },
  { name: "LowGrayLevelRunEmphasis", ibsi: "V3SW", description: "Σ r / i² / N_r" },
  { name: "HighGrayLevelRunEmphasis", ibsi: "G3QZ", description: "Σ r i² / N_r" },
  { name: "ShortRunLowGrayLevelEmphasis", ibsi: "HTZT", description: "Σ r / (i² j²) / N_r" },
  { name: "ShortRunHighGrayLevelEmphasis", ibsi: "GD3A", description: "Σ r i² / j² / N_r" },
  { name: "LongRunLowGrayLevelEmphasis", ibsi: "IVPO", description: "Σ r j² / i² / N_r" },
  { name: "LongRunHighGrayLevelEmphasis", ibsi: "3KUM", description: "Σ r i² j² / N_r" },
]);

/** Where each PyRadiomics feature is in the IBSI feature vector. */
const FROM_IBSI: readonly number[] = [
  Rlm.Sre, Rlm.Lre, Rlm.Glnu, Rlm.GlnuNorm, Rlm.Rlnu, Rlm.RlnuNorm, Rlm.RPerc, Rlm.GlVar, Rlm.RlVar, Rlm.RlEntr,
  Rlm.Lgre, Rlm.Hgre, Rlm.Srlge, Rlm.Srhge, Rlm.Lrlge, Rlm.Lrhge,
];
const N_FEATURES = PYRADIOMICS_GLRLM_FEATURES.length;

/**
 * The GLRLM features of PyRadiomics' `RadiomicsGLRLM` for a discretised ROI. `distances` and
 * `symmetricalGLCM` are ignored (GLCM settings).
 *
 * @example
 * pyradiomicsGlrlmFeatures(discretised, { force2D: true }) // [{ name: "ShortRunEmphasis", family: "glrlm", … }, …]
 * @throws RadiogxError INVALID_ARGUMENT for a malformed image, EMPTY_MASK for an empty ROI,
 *   INVALID_SETTING for a bad weighting norm or force2Ddimension.
 */
export function pyradiomicsGlrlmFeatures(img: DiscretisedImage, options: PyradiomicsTextureOptions = {}): FeatureValue[] {
  const weighting = checkWeightingNorm(options.weightingNorm);
  const force2D = options.force2D ?? false;
  const force2Ddimension = options.force2Ddimension ?? 0;
  const angles = pyradiomicsAngles([1], force2D, force2Ddimension);
  const { box, table } = scanDiscretised(img, "GLRLM");
  const n = table.values.length;
  const maxRun = longestPossibleRun(box);
  const block = n * maxRun;

  const counts = new Float64Array(angles.length * block);
  const longest = countRuns(img.levels, img.size, table, prepareOffsets(img.size, angles), box, box.min[2], box.max[2], maxRun, counts);
  // PyRadiomics drops an angle along which every line meets at most one ROI voxel.
  for (let a = 0; a < angles.length; a++) {
    if (longest > 1 && hasLongRun(counts, a * block, n, maxRun)) continue;
    if (!lineHoldsTwoVoxels(img.levels, img.size, box, angles[a]!)) counts.fill(0, a * block, (a + 1) * block);
  }

  const scratch = glrlmScratch(n, maxRun);
  const ibsi = new Float64Array(16);
  const vec = new Float64Array(N_FEATURES);
  const mean = new FeatureMean(N_FEATURES);
  const addMatrix = (m: Float64Array, base: number): void => {
    if (glrlmMatrixFeatures(m, base, table.values, maxRun, scratch, ibsi) === 0) return;
    for (let f = 0; f < N_FEATURES; f++) vec[f] = ibsi[FROM_IBSI[f]!]!;
    mean.add(vec);
  };
  if (weighting === null) {
    for (let a = 0; a < angles.length; a++) addMatrix(counts, a * block);
  } else {
    const w = angleDistances(angles, img.spacing, weighting);
    const merged = new Float64Array(block);
    for (let a = 0; a < angles.length; a++) {
      const base = a * block, wa = w[a]!;
      for (let x = 0; x < block; x++) merged[x]! += wa * counts[base + x]!;
    }
    addMatrix(merged, 0);
  }

  const aggregation = pyradiomicsAggregation([1], weighting, force2D, force2Ddimension);
  const out: FeatureValue[] = [];
  for (let f = 0; f < N_FEATURES; f++) {
    const def = PYRADIOMICS_GLRLM_FEATURES[f]!;
    const r = mean.result(f, "undefined", "no angle with runs (every line meets at most one ROI voxel)");
    const fv: FeatureValue = { name: def.name, family: "glrlm", ibsi: def.ibsi, aggregation, value: r.value };
    if (r.note !== undefined) fv.note = r.note;
    out.push(fv);
  }
  return out;
}

/** True when the angle's matrix at `base` has a run longer than 1. */
function hasLongRun(counts: Float64Array, base: number, n: number, maxRun: number): boolean {
  for (let r = 0; r < n; r++) {
    const row = base + r * maxRun;
    for (let c = 1; c < maxRun; c++) if (counts[row + c] !== 0) return true;
  }
  return false;
}

/**
 * True when some line along `o` holds two ROI voxels (not necessarily adjacent). Walks forward from each
 * ROI voxel to the next ROI voxel or the edge of the box; called only when every run has length 1.
 */
function lineHoldsTwoVoxels(levels: Int32Array, size: readonly number[], box: RoiExtent, o: Offset): boolean {
  const nx = size[0]!, ny = size[1]!;
  const step = o[0] + nx * (o[1] + ny * o[2]);
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    for (let j = box.min[1]; j <= box.max[1]; j++) {
      let idx = box.min[0] + nx * (j + ny * k);
      for (let i = box.min[0]; i <= box.max[0]; i++, idx++) {
        if (levels[idx] === 0) continue;
        let ci = i + o[0], cj = j + o[1], ck = k + o[2], w = idx + step;
        while (ci >= box.min[0] && ci <= box.max[0] && cj >= box.min[1] && cj <= box.max[1] && ck >= box.min[2] && ck <= box.max[2]) {
          if (levels[w] !== 0) return true;
          ci += o[0];
          cj += o[1];
          ck += o[2];
          w += step;
        }
      }
    }
  }
  return false;
}
