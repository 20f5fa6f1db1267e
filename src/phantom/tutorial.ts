/**
 * The cohort and extraction settings the tutorial notebooks share, in one place, so the tests that check
 * the tutorials recover what was planted (test/phantom/recovery.test.ts) run on the tutorials' own data.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { resolveCohortOptions, syntheticCohort, writeCohort, type SyntheticCohortOptions, type WrittenCohort } from "./cohort";

/** 60 patients (64×64×32 voxels), 15 of them with a retest scan; seed 2026. */
export const TUTORIAL_COHORT: Readonly<SyntheticCohortOptions> = Object.freeze({ seed: 2026, patients: 60, retest: 15 });

/**
 * PyRadiomics conventions, original image, the seven default classes (shape, firstorder, glcm, glrlm,
 * glszm, gldm, ngtdm) with bin width 25: about 0.1 s per tutorial case.
 */
export const TUTORIAL_PARAMS = Object.freeze({ conventions: "pyradiomics" as const, setting: Object.freeze({ binWidth: 25 }) });

/**
 * The files of a synthetic cohort in `dir` (default options: the tutorial cohort), written only when the
 * folder does not already hold that cohort (its truth.json records the same resolved options), so every
 * notebook can call it first and only the first one pays (a few seconds).
 * @returns the paths, and whether the files were (re)written now.
 */
export function cohortFiles(dir: string, options: Readonly<SyntheticCohortOptions> = TUTORIAL_COHORT): WrittenCohort & { generated: boolean } {
  const root = resolve(dir);
  const wanted = JSON.stringify(resolveCohortOptions({ ...options }));
  const truthPath = join(root, "truth.json");
  if (existsSync(truthPath) && existsSync(join(root, "manifest.csv"))) {
    try {
      const truth = JSON.parse(readFileSync(truthPath, "utf8")) as { options?: unknown };
      if (JSON.stringify(truth.options) === wanted) {
        const retest = join(root, "manifest_retest.csv");
        return {
          dir: root, manifest: join(root, "manifest.csv"), expression: join(root, "expression.csv"), clinical: join(root, "clinical.csv"), truth: truthPath,
          ...(existsSync(retest) ? { retestManifest: retest } : {}), generated: false,
        };
      }
    } catch {
      // an unreadable truth.json: write the cohort again
    }
  }
  return { ...writeCohort(syntheticCohort({ ...options }), root), generated: true };
}
