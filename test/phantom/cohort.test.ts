/**
 * The synthetic radiogenomic cohort: reproducible by seed, and the structure the module comment of
 * src/phantom/cohort.ts promises is really in the data. Expected values are the planted parameters
 * themselves (the generator's documented model); tolerances are set from the sampling error of each
 * estimate (stated per test), so a generator that drifts from its documented model fails.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticCohort, writeCohort, resolveCohortOptions, type SyntheticCohort } from "../../src/phantom/cohort";
import { cohortFiles } from "../../src/phantom/tutorial";
import { readImage } from "../../src/io/read";
import { readManifest } from "../../src/cohort/manifest";
import { loadExpression } from "../../src/cohort/expression";
import { coxPH } from "../../src/survival/cox";
import { isRadiogxError } from "../../src/errors";

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]!; my += y[i]!; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx, dy = y[i]! - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Element-wise equality of two typed arrays (vitest's deep equality is slow on 10⁵ elements). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Mean and SD of the image inside the mask. */
function roiStats(c: SyntheticCohort, i: number, retest = false): { mean: number; sd: number; n: number } {
  const p = c.patients[i]!;
  const d = (retest ? p.retestImage! : p.image!).data, m = p.mask!.data;
  let s = 0, s2 = 0, n = 0;
  for (let v = 0; v < d.length; v++) if (m[v]) { s += d[v]!; s2 += d[v]! * d[v]!; n++; }
  const mean = s / n;
  return { mean, sd: Math.sqrt(s2 / n - mean * mean), n };
}

describe("syntheticCohort with images", () => {
  let cohort: SyntheticCohort;
  beforeAll(() => {
    cohort = syntheticCohort({ patients: 40, seed: 11, retest: 4 });
  });

  it("is reproducible by seed and differs between seeds", () => {
    const again = syntheticCohort({ patients: 6, seed: 11, retest: 1 });
    for (let i = 0; i < 6; i++) {
      const a = cohort.patients[i]!, b = again.patients[i]!;
      // The first patients do not depend on the cohort size: each stream is seeded per patient.
      expect(same(b.image!.data, a.image!.data)).toBe(true);
      expect(same(b.mask!.data, a.mask!.data)).toBe(true);
      expect(b.tumour).toEqual(a.tumour);
      expect([b.age, b.stage, b.scanner, b.mutation]).toEqual([a.age, a.stage, a.scanner, a.mutation]);
    }
    expect(same(again.patients[0]!.retestImage!.data, cohort.patients[0]!.retestImage!.data)).toBe(true);
    const other = syntheticCohort({ patients: 6, seed: 12, images: false });
    expect(other.clinical.age).not.toEqual(again.clinical.age);
  });

  it("gives each patient a CT-like lesion with a matching mask and geometry", () => {
    for (const p of cohort.patients) {
      expect(p.image!.size).toEqual([64, 64, 32]);
      expect(p.image!.spacing).toEqual([0.8, 0.8, 2]);
      expect(p.mask!.origin).toEqual(p.image!.origin);
      let roi = 0;
      for (const v of p.mask!.data) roi += v;
      expect(roi).toBe(p.tumour.roiVoxels);
      // A sphere of the planted radius holds (4/3)πr³ / voxel volume voxels; lobulation changes it by < 2×.
      const sphere = (4 / 3) * Math.PI * p.tumour.radiusMm ** 3 / (0.8 * 0.8 * 2);
      expect(roi / sphere).toBeGreaterThan(0.5);
      expect(roi / sphere).toBeLessThan(2);
    }
  });

  it("makes mutant tumours more heterogeneous and more lobulated (planted effect on the images)", () => {
    const logHet = { mutant: [] as number[], wildtype: [] as number[] };
    const lob = { mutant: [] as number[], wildtype: [] as number[] };
    cohort.patients.forEach((p, i) => {
      // Remove the scanner's white noise (known SD) to leave the tumour's own heterogeneity. The smooth
      // field Σ cos(k·x + p)/√(12/2) over 12 waves has unit SD, so the in-lesion SD estimates the planted
      // amplitude; a lesion holds few wavelengths, hence a 15% tolerance per lesion.
      const s = roiStats(cohort, i);
      const noise = cohort.truth.scanners.find((x) => x.name === p.scanner)!.noiseSD;
      const est = Math.sqrt(Math.max(0, s.sd ** 2 - noise ** 2));
      expect(Math.abs(est / p.tumour.heterogeneityHU - 1)).toBeLessThan(0.15);
      logHet[p.mutation].push(Math.log(est));
      lob[p.mutation].push(p.tumour.lobulation);
    });
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(logHet.mutant.length).toBeGreaterThan(8);
    expect(logHet.wildtype.length).toBeGreaterThan(8);
    // Median amplitudes 30 HU (wild type) and 50 HU (mutant), log-SD 0.3 between lesions: the SE of a group's
    // mean log is 0.3/√n ≤ 0.1, so 0.25 is ≥ 2.5 SE.
    const [wt, mut] = cohort.truth.imaging.heterogeneityHU;
    expect(Math.abs(mean(logHet.wildtype) - Math.log(wt))).toBeLessThan(0.25);
    expect(Math.abs(mean(logHet.mutant) - Math.log(mut))).toBeLessThan(0.25);
    // Lobulation 0.1 vs 0.2, SD 0.04: SE of a group mean ≤ 0.013.
    expect(Math.abs(mean(lob.wildtype) - 0.1)).toBeLessThan(0.04);
    expect(Math.abs(mean(lob.mutant) - 0.2)).toBeLessThan(0.04);
  });

  it("plants the scanner offsets and the proliferation density shift in the lesion mean", () => {
    // mean HU = 40 + 12·P + offset(scanner) + field average (≈ 0 over a lesion, SD ≈ het/√(cells)).
    const resid: Record<string, number[]> = { A: [], B: [], C: [] };
    cohort.patients.forEach((p, i) => {
      const m = roiStats(cohort, i).mean;
      resid[p.scanner]!.push(m - 40 - 12 * p.latent.proliferation);
    });
    for (const s of cohort.truth.scanners) {
      const r = resid[s.name]!;
      expect(r.length).toBeGreaterThan(3);
      const avg = r.reduce((a, b) => a + b, 0) / r.length;
      // Lesion-average of the smooth field: a few HU per lesion; 10 HU is far below the 50 HU spread of offsets.
      expect(Math.abs(avg - s.offsetHU)).toBeLessThan(10);
    }
  });

  it("gives retest scans the same lesion with an independent noise draw of the same scanner", () => {
    for (let i = 0; i < 4; i++) {
      const p = cohort.patients[i]!;
      const a = p.image!.data, b = p.retestImage!.data;
      const noise = cohort.truth.scanners.find((x) => x.name === p.scanner)!.noiseSD;
      let s2 = 0, n = 0;
      for (let v = 0; v < a.length; v++) { const d = a[v]! - b[v]!; s2 += d * d; n++; }
      // The difference of two scans is noise with SD √2·σ (+ rounding, variance 2/12).
      const sd = Math.sqrt(s2 / n);
      expect(sd / Math.sqrt(2 * noise * noise + 1 / 6)).toBeCloseTo(1, 1);
    }
    expect(cohort.patients[4]!.retestImage).toBeUndefined();
  });

  it("segments retest scans again: the contour moves inward by up to 1 mm, in smooth patches, and nothing else changes", () => {
    const [nx, ny] = [64, 64];
    const inPlane = [1, -1, nx, -nx];
    const six = [...inPlane, nx * ny, -nx * ny];
    // Exposed face area (mm²) of a mask voxel: 0.8 × 2 mm faces in-plane, 0.8 × 0.8 mm through-plane.
    const faces = [1.6, 1.6, 1.6, 1.6, 0.64, 0.64];
    let edge = 0, removed = 0, deeper = 0, added = 0, pairs = 0, discordant = 0;
    for (let i = 0; i < 4; i++) {
      const a = cohort.patients[i]!.mask!.data, b = cohort.patients[i]!.retestMask!.data;
      let areaA = 0, areaB = 0;
      for (let v = 0; v < a.length; v++) {
        if (b[v] && !a[v]) added++;
        for (let f = 0; f < 6; f++) {
          if (a[v] && !a[v + six[f]!]) areaA += faces[f]!;
          if (b[v] && !b[v + six[f]!]) areaB += faces[f]!;
        }
        if (!a[v]) continue;
        // Voxels 0.8 mm from the outside (an in-plane 6-neighbour outside) are the only ones within 1 mm.
        if (!inPlane.some((d) => a[v + d] === 0)) {
          if (!b[v]) deeper++;
          continue;
        }
        edge++;
        if (!b[v]) removed++;
        for (const d of [1, nx]) {
          const u = v + d;
          if (a[u] && inPlane.some((e) => a[u + e] === 0)) {
            pairs++;
            if (!b[v] !== !b[u]) discordant++;
          }
        }
      }
      // A contour moved in by patches leaves the surface about as large (voxel-wise removal grew it by ~30%).
      expect(Math.abs(areaB / areaA - 1)).toBeLessThan(0.06);
    }
    expect(added).toBe(0);
    expect(deeper).toBe(0);
    // An edge voxel 0.8 mm deep leaves when 1 mm · Φ(s) ≥ 0.8, i.e. with probability 0.2; the field is smooth, so
    // the share over four lesions (a few dozen patches each) varies by a few percent.
    const share = removed / edge;
    expect(share).toBeGreaterThan(0.14);
    expect(share).toBeLessThan(0.26);
    // Patches, not salt and pepper: neighbouring edge voxels mostly share their fate (independent draws would
    // disagree in 2·share·(1 − share) ≈ 0.32 of the pairs).
    expect(discordant / pairs).toBeLessThan(0.5 * 2 * share * (1 - share));
  });

  describe("writeCohort", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "radiogx-cohort-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("writes a manifest, NIfTI files, expression, clinical and truth that read back equal", () => {
      const w = writeCohort(cohort, dir);
      const manifest = readManifest(w.manifest, { requireFiles: true });
      expect(manifest.rows.map((r) => r.patientId)).toEqual(cohort.clinical.patient_id);
      expect(manifest.clinicalColumns).toEqual(["age", "stage", "scanner", "mutation", "subtype", "os_months", "os_event"]);
      expect(manifest.rows[3]!.label).toBe(1);
      expect(Number(manifest.rows[3]!.clinical.os_months)).toBe(cohort.clinical.os_months[3]);
      const image = readImage(manifest.rows[3]!.image);
      expect(same(image.data, cohort.patients[3]!.image!.data)).toBe(true);
      expect(image.spacing[0]).toBeCloseTo(0.8, 6);
      expect(image.origin[2]).toBeCloseTo(cohort.patients[3]!.image!.origin[2], 4);
      expect(same(readImage(manifest.rows[3]!.mask).data, cohort.patients[3]!.mask!.data)).toBe(true);
      const retest = readManifest(w.retestManifest!, { requireFiles: true });
      expect(retest.rows.length).toBe(4);
      expect(same(readImage(retest.rows[1]!.image).data, cohort.patients[1]!.retestImage!.data)).toBe(true);
      expect(same(readImage(retest.rows[1]!.mask).data, cohort.patients[1]!.retestMask!.data)).toBe(true);

      const ex = loadExpression(w.expression, { knownSamples: cohort.clinical.patient_id });
      expect(ex.orientation).toBe("genes-by-samples");
      expect(ex.genes).toEqual(cohort.expression.genes);
      expect(ex.samples).toEqual(cohort.expression.samples);
      expect(Array.from(ex.values[7]!)).toEqual(Array.from(cohort.expression.values[7]!));

      const clinical = readFileSync(w.clinical, "utf8").trim().split("\n");
      expect(clinical[0]).toBe("patient_id,age,stage,scanner,mutation,subtype,os_months,os_event");
      expect(clinical.length).toBe(41);
      const truth = JSON.parse(readFileSync(w.truth, "utf8")) as { modules: Record<string, string[]>; patients: { patient_id: string; mutation: number }[] };
      expect(truth.modules.mutation).toEqual(cohort.truth.modules.mutation);
      expect(truth.patients[5]!.mutation).toBe(cohort.patients[5]!.latent.mutation);
    });
  });
});

describe("syntheticCohort expression and survival (no images, large N)", () => {
  const big = syntheticCohort({ patients: 2000, seed: 5, images: false });

  it("plants module genes on their factor with the stated loading, and leaves noise genes uncorrelated", () => {
    const { truth, expression } = big;
    const latent = { mutation: truth.latent.mutation, proliferation: truth.latent.proliferation, immune: truth.latent.immune };
    expect(truth.genes.filter((g) => g.module !== null).length).toBe(60);
    for (const [j, g] of truth.genes.entries()) {
      const x = expression.values[j]!;
      if (g.module) {
        // SE of r near ρ is (1 − ρ²)/√n ≤ 0.017 at n = 2000: 0.08 is ~5 SE.
        expect(Math.abs(pearson(x, latent[g.module]) - g.loading)).toBeLessThan(0.08);
        expect(Math.abs(g.loading)).toBeGreaterThanOrEqual(0.5);
        expect(Math.abs(g.loading)).toBeLessThanOrEqual(0.85);
      } else {
        // Null SE 1/√n = 0.022: the largest of 420 null correlations stays below ~4 SE.
        for (const f of ["mutation", "proliferation", "immune"] as const) expect(Math.abs(pearson(x, latent[f]))).toBeLessThan(0.1);
      }
    }
    // The module lists and the per-gene truth agree.
    for (const f of ["mutation", "proliferation", "immune"] as const) {
      expect(truth.modules[f]).toEqual(truth.genes.filter((g) => g.module === f).map((g) => g.gene).sort());
    }
  });

  it("draws the clinical covariates and the mutation at the stated rates", () => {
    const m = big.truth.latent.mutation;
    // Binomial SE √(0.4·0.6/2000) = 0.011.
    expect(m.reduce((a, b) => a + b, 0) / m.length).toBeCloseTo(0.4, 1);
    const stageShare = [1, 2, 3, 4].map((s) => big.clinical.stage.filter((x) => x === s).length / 2000);
    [0.35, 0.25, 0.25, 0.15].forEach((p, k) => expect(Math.abs(stageShare[k]! - p)).toBeLessThan(0.04));
    const meanAge = big.clinical.age.reduce((a, b) => a + b, 0) / 2000;
    expect(Math.abs(meanAge - 64)).toBeLessThan(1);
    expect(Math.min(...big.clinical.age)).toBeGreaterThanOrEqual(35);
    expect(Math.max(...big.clinical.age)).toBeLessThanOrEqual(88);
  });

  it("plants the true hazard ratios: a Cox fit on the true covariates covers every one", () => {
    const c = big.clinical;
    const rows = c.patient_id.map((_, i) => ({
      time: c.os_months[i]!, event: c.os_event[i]!, mutation: big.truth.latent.mutation[i]!, proliferation: big.truth.latent.proliferation[i]!,
      immune: big.truth.latent.immune[i]!, age_decades: (c.age[i]! - 60) / 10, stage_minus_1: c.stage[i]! - 1,
    }));
    const fit = coxPH(rows, { duration: "time", event: "event" });
    const truth = big.truth.survival.coefficients;
    for (const k of fit.coefficients) {
      const t = truth[k.name as keyof typeof truth];
      // Within 3 SE (≈ 0.05–0.08 here) of the planted log hazard ratio.
      expect(Math.abs(k.coef - t) / k.se).toBeLessThan(3);
    }
    expect(big.truth.survival.events).toBe(c.os_event.filter((e) => e === 1).length);
    // Censoring: follow-up ends before 84 months.
    expect(Math.max(...c.os_months)).toBeLessThanOrEqual(84);
    expect(big.truth.survival.events / 2000).toBeGreaterThan(0.3);
    expect(big.truth.survival.events / 2000).toBeLessThan(0.9);
  });

  it("with exponential times and mutation the only effect, the death rate ratio is the planted HR", () => {
    // Exponential model (Weibull shape 1): the rate MLE per group is deaths / person-time, so the
    // ratio of rates estimates HR = 2.5 with SE of its log ≈ √(1/d₁ + 1/d₀) ≈ 0.05 at ~1,500 deaths.
    const c = syntheticCohort({
      patients: 3000, seed: 9, images: false, weibullShape: 1, baselineMedianMonths: 24,
      hazardRatios: { mutation: 2.5, proliferation: 1, immune: 1, agePer10Years: 1, stage: 1 },
    });
    const deaths = [0, 0], time = [0, 0];
    c.truth.latent.mutation.forEach((m, i) => { deaths[m]! += c.clinical.os_event[i]!; time[m]! += c.clinical.os_months[i]!; });
    const logRatio = Math.log((deaths[1]! / time[1]!) / (deaths[0]! / time[0]!));
    const se = Math.sqrt(1 / deaths[0]! + 1 / deaths[1]!);
    expect(Math.abs(logRatio - Math.log(2.5)) / se).toBeLessThan(3);
    // Baseline: rate of an exponential with median 24 months is ln 2 / 24.
    expect(Math.abs(Math.log(deaths[0]! / time[0]!) - Math.log(Math.LN2 / 24)) / Math.sqrt(1 / deaths[0]!)).toBeLessThan(3);
  });
});

describe("syntheticCohort options", () => {
  it("names a misspelled option and a bad value", () => {
    expect(() => syntheticCohort({ patient: 10 } as never)).toThrow(/unknown option "patient"/);
    try {
      resolveCohortOptions({ mutationPrevalence: 1.2 });
      expect.unreachable();
    } catch (e) {
      expect(isRadiogxError(e) && e.code === "INVALID_ARGUMENT" && e.key === "mutationPrevalence").toBe(true);
    }
    expect(() => writeCohort(syntheticCohort({ patients: 3, images: false }), join(tmpdir(), "never"))).toThrow(/no images/);
  });

  it("summarises itself in text and HTML", () => {
    const c = syntheticCohort({ patients: 10, seed: 2, images: false });
    expect(c.summary()).toMatch(/^Synthetic radiogenomic cohort \(seed 2\): 10 patients, \d+ mutant/);
    expect(c.toHTML()).toContain("<strong>Synthetic radiogenomic cohort");
  });
});

describe("cohortFiles", () => {
  it("writes a cohort once and reuses it while the options are the same", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiogx-files-"));
    try {
      const options = { patients: 3, seed: 4, size: [24, 24, 12] as [number, number, number], imaging: { radiusMm: 5 } };
      const first = cohortFiles(dir, options);
      expect(first.generated).toBe(true);
      const again = cohortFiles(dir, options);
      expect(again.generated).toBe(false);
      expect(again.manifest).toBe(first.manifest);
      expect(again.retestManifest).toBeUndefined();
      expect(cohortFiles(dir, { ...options, seed: 5 }).generated).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
