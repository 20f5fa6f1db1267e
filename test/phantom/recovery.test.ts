/**
 * The synthetic tutorials recover what was planted. This runs the analysis of the tutorial notebooks
 * (notebooks/03-correlation-map, 04-subtype-classifier, 05-survival) with the library functions on the same
 * cohort (seed and patients of `TUTORIAL_COHORT`; the images of a patient do not depend on the cohort's
 * other options) and checks the answers against the truth the generator returns:
 *
 * - the planted texture–gene association (tumour heterogeneity ↔ the "mutation" gene module) is found at
 *   BH q < 0.05, and the false discoveries among noise genes stay near the nominal FDR;
 * - the mutation classifier's out-of-fold AUC (nested CV) has a DeLong 95% CI above 0.5;
 * - the Cox model on the planted covariates has 95% CIs that cover every true hazard ratio.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCohort, type SyntheticCohort } from "../../src/phantom/cohort";
import { extract } from "../../src/extract";
import { validateParams } from "../../src/settings/params";
import { correlationMap, metagenes } from "../../src/stats";
import { LogisticRegression, Pipeline, SelectUnivariate, StandardScaler, nestedCrossValidate, rocAuc } from "../../src/models";
import { coxPH } from "../../src/survival";
import { TUTORIAL_COHORT, TUTORIAL_PARAMS } from "../../src/phantom/tutorial";

describe("the synthetic tutorials recover the planted structure", () => {
  let cohort: SyntheticCohort;
  /** Feature name → values over patients (constant features dropped). */
  const features: Record<string, number[]> = {};

  beforeAll(() => {
    cohort = syntheticCohort({ ...TUTORIAL_COHORT, retest: 0 });
    const params = validateParams(TUTORIAL_PARAMS);
    const results = cohort.patients.map((p) => extract(p.image!, p.mask!, params));
    results[0]!.features.forEach((f, j) => {
      const v = results.map((r) => r.features[j]!.value);
      expect(results.every((r) => r.features[j]!.name === f.name)).toBe(true);
      if (v.some((x) => x !== v[0])) features[f.name] = v;
    });
  });

  it("finds the texture–gene association of the mutation module at q < 0.05", () => {
    const map = correlationMap(features, cohort.expression, { method: "spearman", adjust: "bh" });
    const moduleOf = new Map(cohort.truth.genes.map((g) => [g.gene, g.module]));
    const significant = map.table({ qBelow: 0.05 });
    const isTexture = (name: string) => !name.includes("_shape_");
    const textureMutation = significant.filter((r) => isTexture(r.x) && moduleOf.get(r.y) === "mutation");
    expect(textureMutation.length).toBeGreaterThan(0);
    // Noise genes are false discoveries by construction: BH keeps their expected share at ≤ 5%; 15% is a
    // generous bound for one realisation.
    const noise = significant.filter((r) => moduleOf.get(r.y) === null).length;
    expect(noise / significant.length).toBeLessThan(0.15);
    // The immune module is invisible in the images: (almost) never significant.
    expect(significant.filter((r) => moduleOf.get(r.y) === "immune").length).toBeLessThan(0.02 * significant.length + 3);

    // On metagenes (first principal component per module): the mutation metagene's best texture feature.
    const mg = metagenes(cohort.expression, cohort.truth.modules, { method: "pc1" });
    const textureNames = Object.keys(features).filter(isTexture);
    const mmap = correlationMap(features, mg.block(), { method: "spearman", adjust: "bh", xColumns: textureNames });
    const best = mmap.table({ sortByP: true }).filter((r) => r.y === "mutation")[0]!;
    expect(best.qValue).toBeLessThan(0.05);
    // The strongest texture association is with the mutation metagene, not with the image-blind immune one.
    const bestImmune = mmap.table({ sortByP: true }).filter((r) => r.y === "immune")[0]!;
    expect(best.pValue).toBeLessThan(bestImmune.pValue);
  });

  it("classifies the mutation with an out-of-fold AUC whose DeLong CI lies above 0.5", () => {
    const names = Object.keys(features);
    const X = cohort.patients.map((_, i) => names.map((f) => features[f]![i]!));
    const y = cohort.clinical.mutation.map((m) => (m === "mutant" ? 1 : 0));
    const model = new Pipeline([new StandardScaler(), new SelectUnivariate({ fdr: null, k: 10 }), new LogisticRegression()]);
    const nested = nestedCrossValidate(model, { "LogisticRegression.C": [0.01, 0.1, 1] }, X, y, {
      outer: { k: 5, seed: 1 }, inner: { k: 3, seed: 2 }, featureNames: names,
    });
    const roc = rocAuc(y, nested.outer.oofScore);
    expect(roc.positive).toBe(1);
    expect(roc.ciLower).toBeGreaterThan(0.5);
  });

  it("recovers the planted hazard ratios: Cox 95% CIs on the planted covariates cover the truth", () => {
    const c = cohort.clinical;
    const rows = c.patient_id.map((_, i) => ({
      os_months: c.os_months[i]!, os_event: c.os_event[i]!,
      mutation: cohort.truth.latent.mutation[i]!, proliferation: cohort.truth.latent.proliferation[i]!, immune: cohort.truth.latent.immune[i]!,
      age_decades: (c.age[i]! - 60) / 10, stage_minus_1: c.stage[i]! - 1,
    }));
    const fit = coxPH(rows, { duration: "os_months", event: "os_event" });
    const hr = cohort.truth.survival.hazardRatios;
    const truth: Record<string, number> = { mutation: hr.mutation, proliferation: hr.proliferation, immune: hr.immune, age_decades: hr.agePer10Years, stage_minus_1: hr.stage };
    for (const k of fit.coefficients) {
      expect(k.lower).toBeLessThan(truth[k.name]!);
      expect(k.upper).toBeGreaterThan(truth[k.name]!);
    }
    // The tutorial's headline: the mutation's hazard ratio.
    const mutation = fit.coefficients.find((k) => k.name === "mutation")!;
    expect(mutation.lower).toBeLessThan(2);
    expect(mutation.upper).toBeGreaterThan(2);
  });
});
