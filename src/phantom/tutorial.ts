/**
 * The cohort and extraction settings the tutorial notebooks share, in one place, so the tests that check
 * the tutorials recover what was planted (test/phantom/recovery.test.ts) run on the tutorials' own data.
 */
import type { SyntheticCohortOptions } from "./cohort";

/** 60 patients (64×64×32 voxels), 15 of them with a retest scan; seed 2026. */
export const TUTORIAL_COHORT: Readonly<SyntheticCohortOptions> = Object.freeze({ seed: 2026, patients: 60, retest: 15 });

/**
 * PyRadiomics conventions, original image, the seven default classes (shape, firstorder, glcm, glrlm,
 * glszm, gldm, ngtdm) with bin width 25: about 0.1 s per tutorial case.
 */
export const TUTORIAL_PARAMS = Object.freeze({ conventions: "pyradiomics" as const, setting: Object.freeze({ binWidth: 25 }) });
