/**
 * A synthetic radiogenomic cohort with a known answer: the built-in data of the tutorials.
 *
 * Each patient has three latent molecular factors, and everything observed is generated from them:
 *
 * | latent | distribution | drives |
 * |---|---|---|
 * | `mutation` M | Bernoulli(`mutationPrevalence`) | tumour heterogeneity and lobulation; the "mutation" gene module; hazard |
 * | `proliferation` P | N(0, 1) | tumour size and density; the "proliferation" gene module; hazard; the `subtype` call |
 * | `immune` U | N(0, 1) | the "immune" gene module and hazard only — a decoy invisible in the images |
 *
 * **Images** (`syntheticTumour`, CT-like int16 HU, one lesion per patient), per patient with ε ~ N(0, 1):
 *
 *     radius        = radiusMm · exp(radiusPerProliferation · P + 0.08 ε₁)              (mm)
 *     lobulation    = lobulation[M] + lobulationSpread · ε₂                              (clamped to [0.02, 0.4])
 *     heterogeneity = heterogeneityHU[M] · exp(heterogeneitySpread · ε₃)                  (HU)
 *     tissueHU      = 40 + densityPerProliferation · P                                   (HU)
 *
 * The lesion is drawn without white noise; the scan then adds its scanner's calibration offset and its own
 * white noise to every voxel: `scan = round(lesion + offsetHU_s + noiseSD_s · ε)` (scanner s drawn uniformly).
 * These are the batch effects ComBat removes. A retest scan (`retest` patients) is the same lesion with a new
 * noise draw on the same scanner, segmented again the way a second reading would: the retest contour lies inside
 * the first by a distance that varies smoothly over the surface, from 0 to `retestContourShiftMm`,
 *
 *     lesion voxel v leaves the retest mask  ⇔  d(v) ≤ retestContourShiftMm · Φ(s(v))
 *
 * with d(v) the distance (mm) from v to the nearest voxel outside the lesion, s a smooth random field with
 * N(0, 1) marginals (eight plane waves, wavelengths 6–16 mm) and Φ the normal CDF. With the default 1 mm and
 * 0.8 × 0.8 × 2 mm voxels, about a fifth of the in-plane edge moves in by one voxel, in patches a few mm across.
 * Test–retest data for ICC robustness, with both the scanner noise and the segmentation variability in it.
 * (Only inward: the phantom has no partial volume, so a voxel outside the lesion is lung at −850 HU, which no
 * segmentation would take.)
 *
 * **Expression** (log2 scale), gene g with baseline μ_g ~ U(4, 12) and SD σ_g ~ U(0.4, 1.2):
 *
 *     x_g = μ_g + σ_g · (ρ_g · f + √(1 − ρ_g²) · ε)
 *
 * where f is the gene's module factor standardised to mean 0 and SD 1 in the cohort (for M:
 * (M − M̄)/sd(M)), and ρ_g, the planted gene–factor correlation, is ±U(`loading`) with a random sign
 * (`negativeShare`) for module genes and 0 for noise genes. Gene names (`G0001` …) are shuffled so the
 * name does not reveal the module.
 *
 * **Survival**: Weibull proportional hazards, h(t | x) = h₀(t) · exp(η),
 *
 *     η = ln HR_M · M + ln HR_P · P + ln HR_U · U + ln HR_age · (age − 60)/10 + ln HR_stage · (stage − 1)
 *     S₀(t) = exp(−(t/b)^k),  b = baselineMedianMonths / (ln 2)^(1/k),  T = b · (−ln V · e^(−η))^(1/k),  V ~ U(0, 1)
 *
 * censored by the end of follow-up (U(`followUpMonths`)) or drop-out (exponential, `dropoutPerMonth`):
 * time = min(T, C), event = [T ≤ C]. Clinical covariates: age ~ N(64, 9) clamped to [35, 88] and rounded;
 * stage 1–4 with probabilities `stageProbabilities`.
 *
 * The truth (latent values, imaging parameters, module membership and loadings, hazard ratios, scanner
 * effects) is returned with the data, so a tutorial can show what was planted next to what it recovered.
 * Every random stream (patients, genes, survival, each image) has its own seed derived from `seed`, so the
 * result depends only on the options; a patient's clinical data, survival and images are also the same in a
 * larger cohort of the same seed (only the expression changes: its factors are standardised over the cohort).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RadiogxError } from "../errors";
import { writeNifti } from "../io/write";
import { createVolume, type Vec3, type Volume } from "../io/volume";
import { Random } from "./random";
import { syntheticTumour } from "./synthetic";

/** One scanner (acquisition protocol): a calibration offset and a noise level. */
export interface ScannerEffect {
  name: string;
  /** Added to every voxel (HU). */
  offsetHU: number;
  /** SD of the white noise of a scan (HU). */
  noiseSD: number;
}

/** Hazard ratios of the proportional-hazards survival model. */
export interface HazardRatios {
  /** Mutant vs wild type. Default 2. */
  mutation: number;
  /** Per SD of the proliferation factor. Default 1.6. */
  proliferation: number;
  /** Per SD of the immune factor. Default 0.7 (protective). */
  immune: number;
  /** Per 10 years of age. Default 1.3. */
  agePer10Years: number;
  /** Per stage step (1 → 2 → 3 → 4). Default 1.5. */
  stage: number;
}

/** How the latent factors shape the tumours. */
export interface ImagingEffects {
  /** Median lesion radius (mm). Default 11. */
  radiusMm: number;
  /** Log-radius change per SD of proliferation. Default 0.15. */
  radiusPerProliferation: number;
  /** Mean tissue HU change per SD of proliferation. Default 12. */
  densityPerProliferation: number;
  /** Lobulation of wild-type and mutant tumours. Default [0.1, 0.2]. */
  lobulation: [number, number];
  /** SD of the lobulation between tumours of the same status. Default 0.04. */
  lobulationSpread: number;
  /** Median heterogeneity amplitude (HU) of wild-type and mutant tumours. Default [30, 50]. */
  heterogeneityHU: [number, number];
  /** SD of log heterogeneity between tumours of the same status. Default 0.3. */
  heterogeneitySpread: number;
}

export interface SyntheticCohortOptions {
  /** Seed of every random stream. Default 1. */
  seed?: number;
  /** Number of patients. Default 60. */
  patients?: number;
  /** Image size in voxels. Default [64, 64, 32]. */
  size?: Vec3;
  /** Voxel spacing (mm). Default [0.8, 0.8, 2]. */
  spacing?: Vec3;
  /** Generate the images (set false for expression/survival only: much faster). Default true. */
  images?: boolean;
  /** Number of patients (the first ones) that get a retest scan. Default 0. */
  retest?: number;
  /** Largest inward shift (mm) of the retest segmentation's contour (see the module comment). Default 1. */
  retestContourShiftMm?: number;
  /** Share of mutant patients. Default 0.4. */
  mutationPrevalence?: number;
  /** Imaging effects (see the module comment); unspecified fields keep their defaults. */
  imaging?: Partial<ImagingEffects>;
  /** Scanners. Default A (0 HU, SD 10), B (+30 HU, SD 22), C (−20 HU, SD 6). */
  scanners?: ScannerEffect[];
  /** Genes per module (mutation, proliferation, immune). Default 20. */
  moduleSize?: number;
  /** Genes tied to no factor. Default 140. */
  noiseGenes?: number;
  /** Range of |ρ|, the planted gene–factor correlation of module genes. Default [0.5, 0.85]. */
  loading?: [number, number];
  /** Share of module genes with a negative loading. Default 0.3. */
  negativeShare?: number;
  /** Hazard ratios; unspecified fields keep their defaults. */
  hazardRatios?: Partial<HazardRatios>;
  /** Median survival (months) of a wild-type, 60-year-old, stage-1 patient with P = U = 0. Default 60. */
  baselineMedianMonths?: number;
  /** Weibull shape k. Default 1.2. */
  weibullShape?: number;
  /** End of follow-up, uniform on this range (months). Default [24, 84]. */
  followUpMonths?: [number, number];
  /** Drop-out rate per month. Default 0.005. */
  dropoutPerMonth?: number;
  /** Probabilities of stages 1–4. Default [0.35, 0.25, 0.25, 0.15]. */
  stageProbabilities?: [number, number, number, number];
}

/** The options with every default filled in (stored in the truth). */
export type ResolvedCohortOptions = Required<Omit<SyntheticCohortOptions, "imaging" | "hazardRatios">> & {
  imaging: ImagingEffects;
  hazardRatios: HazardRatios;
};

/** One patient: observed data, images and (under `latent`, `tumour`) the truth. */
export interface SyntheticPatient {
  id: string;
  age: number;
  /** 1–4. */
  stage: number;
  scanner: string;
  mutation: "mutant" | "wildtype";
  /** "proliferative" when P > 0, else "indolent". */
  subtype: "proliferative" | "indolent";
  /** Overall survival or censoring time (months). */
  osMonths: number;
  /** 1 = death observed, 0 = censored. */
  osEvent: 0 | 1;
  latent: { mutation: 0 | 1; proliferation: number; immune: number };
  /** The parameters the lesion was drawn with. */
  tumour: { radiusMm: number; lobulation: number; heterogeneityHU: number; tissueHU: number; seed: number; roiVoxels: number };
  /** Scan (int16 HU) and mask (1 = lesion); absent when `images` is false. */
  image?: Volume<Int16Array>;
  mask?: Volume<Uint8Array>;
  /** Retest scan (same lesion, new noise) and its own segmentation, for the first `retest` patients. */
  retestImage?: Volume<Int16Array>;
  retestMask?: Volume<Uint8Array>;
}

/** Genes × patients expression, also a `VariableBlock` for `correlationMap` (names = genes, values per gene). */
export interface SyntheticExpression {
  genes: string[];
  names: string[];
  /** Patient ids, in the order of each gene's values. */
  samples: string[];
  /** One Float64Array per gene, over the patients. */
  values: Float64Array[];
}

export interface GeneTruth {
  gene: string;
  /** "mutation", "proliferation", "immune" or null for a noise gene. */
  module: LatentFactor | null;
  /** Planted correlation ρ_g with the module's factor (0 for noise genes). */
  loading: number;
}

export type LatentFactor = "mutation" | "proliferation" | "immune";

export interface CohortTruth {
  generator: "radiogx syntheticCohort";
  options: ResolvedCohortOptions;
  /** Latent values per patient, aligned with `patientIds`. */
  patientIds: string[];
  latent: { mutation: number[]; proliferation: number[]; immune: number[] };
  /** Gene lists of each module. */
  modules: Record<LatentFactor, string[]>;
  genes: GeneTruth[];
  /** True hazard ratios and the log hazard ratios (Cox coefficients) of the linear predictor's covariates. */
  survival: {
    hazardRatios: HazardRatios;
    /** Cox coefficients for the covariates mutation (0/1), proliferation, immune, age_decades ((age−60)/10), stage_minus_1. */
    coefficients: Record<"mutation" | "proliferation" | "immune" | "age_decades" | "stage_minus_1", number>;
    weibullShape: number;
    weibullScaleMonths: number;
    events: number;
    censored: number;
  };
  scanners: ScannerEffect[];
  /** How each image feature was planted (see the module comment). */
  imaging: ImagingEffects;
}

export interface SyntheticCohort {
  patients: SyntheticPatient[];
  expression: SyntheticExpression;
  /** Observed clinical table as columns (patient_id, age, stage, scanner, mutation, subtype, os_months, os_event). */
  clinical: ClinicalColumns;
  truth: CohortTruth;
  /** A few lines on what was generated. */
  summary(): string;
  /** An HTML summary (notebooks render it). */
  toHTML(): string;
}

export interface ClinicalColumns {
  patient_id: string[];
  age: number[];
  stage: number[];
  scanner: string[];
  mutation: string[];
  subtype: string[];
  os_months: number[];
  os_event: number[];
}

const DEFAULT_SCANNERS: ScannerEffect[] = [
  { name: "A", offsetHU: 0, noiseSD: 10 },
  { name: "B", offsetHU: 30, noiseSD: 22 },
  { name: "C", offsetHU: -20, noiseSD: 6 },
];

const DEFAULT_IMAGING: ImagingEffects = {
  radiusMm: 11,
  radiusPerProliferation: 0.15,
  densityPerProliferation: 12,
  lobulation: [0.1, 0.2],
  lobulationSpread: 0.04,
  heterogeneityHU: [30, 50],
  heterogeneitySpread: 0.3,
};

const DEFAULT_HR: HazardRatios = { mutation: 2, proliferation: 1.6, immune: 0.7, agePer10Years: 1.3, stage: 1.5 };

/** Independent random streams derived from the seed (murmur3 finaliser over seed, stream and index). */
function streamSeed(seed: number, stream: number, index = 0): number {
  let h = (seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}

const STREAM = { patients: 1, genes: 2, expression: 3, survival: 4, image: 5, scan: 6, retest: 7, resegment: 8 } as const;

function check(ok: boolean, key: string, message: string): void {
  if (!ok) throw new RadiogxError("INVALID_ARGUMENT", `syntheticCohort: ${key} ${message}`, { key });
}

/** Fills in the defaults and validates the options. */
export function resolveCohortOptions(options: SyntheticCohortOptions = {}): ResolvedCohortOptions {
  const known = new Set([
    "seed", "patients", "size", "spacing", "images", "retest", "retestContourShiftMm", "mutationPrevalence", "imaging", "scanners", "moduleSize", "noiseGenes", "loading",
    "negativeShare", "hazardRatios", "baselineMedianMonths", "weibullShape", "followUpMonths", "dropoutPerMonth", "stageProbabilities",
  ]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new RadiogxError("UNKNOWN_SETTING", `syntheticCohort: unknown option "${key}"`, { key, hint: `options are ${[...known].join(", ")}` });
  }
  const o: ResolvedCohortOptions = {
    seed: options.seed ?? 1,
    patients: options.patients ?? 60,
    size: options.size ?? [64, 64, 32],
    spacing: options.spacing ?? [0.8, 0.8, 2],
    images: options.images ?? true,
    retest: options.retest ?? 0,
    retestContourShiftMm: options.retestContourShiftMm ?? 1,
    mutationPrevalence: options.mutationPrevalence ?? 0.4,
    imaging: { ...DEFAULT_IMAGING, ...options.imaging },
    scanners: options.scanners ?? DEFAULT_SCANNERS.map((s) => ({ ...s })),
    moduleSize: options.moduleSize ?? 20,
    noiseGenes: options.noiseGenes ?? 140,
    loading: options.loading ?? [0.5, 0.85],
    negativeShare: options.negativeShare ?? 0.3,
    hazardRatios: { ...DEFAULT_HR, ...options.hazardRatios },
    baselineMedianMonths: options.baselineMedianMonths ?? 60,
    weibullShape: options.weibullShape ?? 1.2,
    followUpMonths: options.followUpMonths ?? [24, 84],
    dropoutPerMonth: options.dropoutPerMonth ?? 0.005,
    stageProbabilities: options.stageProbabilities ?? [0.35, 0.25, 0.25, 0.15],
  };
  check(Number.isInteger(o.patients) && o.patients >= 2, "patients", `must be an integer ≥ 2, got ${o.patients}`);
  check(Number.isInteger(o.retest) && o.retest >= 0 && o.retest <= o.patients, "retest", `must be an integer in [0, patients], got ${o.retest}`);
  check(Number.isFinite(o.retestContourShiftMm) && o.retestContourShiftMm >= 0, "retestContourShiftMm", `must be a number ≥ 0 (mm), got ${o.retestContourShiftMm}`);
  check(o.size.length === 3 && o.size.every((s) => Number.isInteger(s) && s >= 8), "size", `must be three integers ≥ 8, got ${JSON.stringify(o.size)}`);
  check(o.spacing.length === 3 && o.spacing.every((s) => s > 0), "spacing", `must be three positive numbers, got ${JSON.stringify(o.spacing)}`);
  check(o.mutationPrevalence > 0 && o.mutationPrevalence < 1, "mutationPrevalence", `must be in (0, 1), got ${o.mutationPrevalence}`);
  check(o.scanners.length >= 1 && o.scanners.every((s) => s.noiseSD >= 0 && s.name !== ""), "scanners", "must list at least one scanner with a name and noiseSD ≥ 0");
  check(new Set(o.scanners.map((s) => s.name)).size === o.scanners.length, "scanners", "must have distinct names");
  check(Number.isInteger(o.moduleSize) && o.moduleSize >= 1, "moduleSize", `must be an integer ≥ 1, got ${o.moduleSize}`);
  check(Number.isInteger(o.noiseGenes) && o.noiseGenes >= 0, "noiseGenes", `must be an integer ≥ 0, got ${o.noiseGenes}`);
  check(o.loading[0] >= 0 && o.loading[0] <= o.loading[1] && o.loading[1] < 1, "loading", `must be a range within [0, 1), got ${JSON.stringify(o.loading)}`);
  check(o.negativeShare >= 0 && o.negativeShare <= 1, "negativeShare", `must be in [0, 1], got ${o.negativeShare}`);
  for (const [k, v] of Object.entries(o.hazardRatios)) check(v > 0, `hazardRatios.${k}`, `must be positive, got ${v}`);
  check(o.baselineMedianMonths > 0 && o.weibullShape > 0, "baselineMedianMonths/weibullShape", "must be positive");
  check(o.followUpMonths[0] > 0 && o.followUpMonths[0] <= o.followUpMonths[1], "followUpMonths", `must be a positive range, got ${JSON.stringify(o.followUpMonths)}`);
  check(o.dropoutPerMonth >= 0, "dropoutPerMonth", `must be ≥ 0, got ${o.dropoutPerMonth}`);
  const sp = o.stageProbabilities;
  check(sp.length === 4 && sp.every((p) => p >= 0) && Math.abs(sp.reduce((a, b) => a + b, 0) - 1) < 1e-9, "stageProbabilities", "must be four probabilities summing to 1");
  const im = o.imaging;
  check(im.radiusMm > 0, "imaging.radiusMm", `must be positive, got ${im.radiusMm}`);
  check(im.heterogeneityHU.every((h) => h >= 0), "imaging.heterogeneityHU", "must be ≥ 0");
  check(im.lobulation.every((l) => l >= 0 && l <= 0.4), "imaging.lobulation", "must be within [0, 0.4]");
  check(im.lobulationSpread >= 0 && im.heterogeneitySpread >= 0, "imaging.lobulationSpread/heterogeneitySpread", "must be ≥ 0");
  return o;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Standardises a factor to mean 0, SD 1 (population SD) over the cohort. */
function standardise(x: readonly number[]): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sd > 0 ? (x[i]! - mean) / sd : 0;
  return out;
}

/** Adds a scanner's offset and white noise to a noise-free lesion image (new array). */
function scan(lesion: Int16Array, scanner: ScannerEffect, rng: Random): Int16Array {
  const out = new Int16Array(lesion.length);
  const { offsetHU, noiseSD } = scanner;
  for (let p = 0; p < lesion.length; p++) out[p] = clamp(Math.round(lesion[p]! + offsetHU + noiseSD * rng.normal()), -32768, 32767);
  return out;
}

/** The standard normal CDF (Abramowitz & Stegun 7.1.26 for erf, |error| < 1.5·10⁻⁷: ample for a random field). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * A second segmentation of a lesion mask whose contour lies inside the first by a smoothly varying distance of
 * 0 to `maxShiftMm`: lesion voxel v leaves when d(v) ≤ maxShiftMm · Φ(s(v)), d(v) its distance (mm) to the
 * nearest voxel outside the mask (searched within `maxShiftMm`), s a sum of eight random plane waves
 * (wavelengths 6–16 mm) scaled to unit variance. Decided on the original mask; never adds a voxel.
 */
function resegment(mask: Uint8Array, size: Vec3, spacing: Vec3, maxShiftMm: number, rng: Random): Uint8Array {
  const [nx, ny, nz] = size;
  const out = Uint8Array.from(mask);
  if (maxShiftMm <= 0) return out;
  const waves = Array.from({ length: 8 }, () => {
    const theta = Math.acos(rng.uniform(-1, 1)), phi = rng.uniform(0, 2 * Math.PI);
    const k = (2 * Math.PI) / rng.uniform(6, 16);
    return { kx: k * Math.sin(theta) * Math.cos(phi), ky: k * Math.sin(theta) * Math.sin(phi), kz: k * Math.cos(theta), phase: rng.uniform(0, 2 * Math.PI) };
  });
  const waveNorm = Math.sqrt(waves.length / 2);
  // The neighbourhood within maxShiftMm, nearest first, as voxel offsets and distances.
  const reach = spacing.map((s) => Math.floor(maxShiftMm / s)) as Vec3;
  const near: { di: number; dj: number; dk: number; d: number }[] = [];
  for (let dk = -reach[2]; dk <= reach[2]; dk++) {
    for (let dj = -reach[1]; dj <= reach[1]; dj++) {
      for (let di = -reach[0]; di <= reach[0]; di++) {
        const d = Math.hypot(di * spacing[0], dj * spacing[1], dk * spacing[2]);
        if (d > 0 && d <= maxShiftMm) near.push({ di, dj, dk, d });
      }
    }
  }
  near.sort((a, b) => a.d - b.d);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        if (!mask[v]) continue;
        let d = Infinity;
        for (const o of near) {
          const [a, b, c] = [i + o.di, j + o.dj, k + o.dk];
          // Outside the volume counts as outside the lesion.
          if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz || !mask[a + nx * (b + ny * c)]) {
            d = o.d;
            break;
          }
        }
        if (d === Infinity) continue;
        const [x, y, z] = [i * spacing[0], j * spacing[1], k * spacing[2]];
        let f = 0;
        for (const w of waves) f += Math.cos(w.kx * x + w.ky * y + w.kz * z + w.phase);
        if (d <= maxShiftMm * normalCdf(f / waveNorm)) out[v] = 0;
      }
    }
  }
  return out;
}

/**
 * Generates a synthetic radiogenomic cohort (see the module comment for the model).
 * @throws RadiogxError (INVALID_ARGUMENT, UNKNOWN_SETTING) naming the option for a bad or misspelled option.
 * @example
 *   const cohort = syntheticCohort({ patients: 60, seed: 7 });
 *   cohort.truth.modules.mutation;      // the 20 genes planted on the mutation factor
 *   cohort.truth.survival.hazardRatios; // { mutation: 2, proliferation: 1.6, … }
 */
export function syntheticCohort(options: SyntheticCohortOptions = {}): SyntheticCohort {
  const o = resolveCohortOptions(options);
  const n = o.patients;
  const ids = Array.from({ length: n }, (_, i) => `SYN-${String(i + 1).padStart(Math.max(3, String(n).length), "0")}`);

  // Latent factors and clinical covariates.
  const rngP = new Random(streamSeed(o.seed, STREAM.patients));
  const M: (0 | 1)[] = [], P: number[] = [], U: number[] = [], age: number[] = [], stage: number[] = [], scannerOf: ScannerEffect[] = [];
  const cumStage = o.stageProbabilities.map((_, i) => o.stageProbabilities.slice(0, i + 1).reduce((a, b) => a + b, 0));
  for (let i = 0; i < n; i++) {
    M.push(rngP.next() < o.mutationPrevalence ? 1 : 0);
    P.push(rngP.normal());
    U.push(rngP.normal());
    age.push(Math.round(clamp(64 + 9 * rngP.normal(), 35, 88)));
    const u = rngP.next();
    stage.push(1 + cumStage.findIndex((c, k) => u < c || k === 3));
    scannerOf.push(o.scanners[Math.floor(rngP.next() * o.scanners.length)]!);
  }

  // Survival.
  const hr = o.hazardRatios;
  const coefficients = {
    mutation: Math.log(hr.mutation), proliferation: Math.log(hr.proliferation), immune: Math.log(hr.immune),
    age_decades: Math.log(hr.agePer10Years), stage_minus_1: Math.log(hr.stage),
  };
  const k = o.weibullShape;
  const b = o.baselineMedianMonths / Math.pow(Math.LN2, 1 / k);
  const rngS = new Random(streamSeed(o.seed, STREAM.survival));
  const osMonths: number[] = [], osEvent: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const eta = coefficients.mutation * M[i]! + coefficients.proliferation * P[i]! + coefficients.immune * U[i]! +
      coefficients.age_decades * (age[i]! - 60) / 10 + coefficients.stage_minus_1 * (stage[i]! - 1);
    let v = rngS.next();
    while (v === 0) v = rngS.next();
    const t = b * Math.pow(-Math.log(v) * Math.exp(-eta), 1 / k);
    const followUp = o.followUpMonths[0] + (o.followUpMonths[1] - o.followUpMonths[0]) * rngS.next();
    let w = rngS.next();
    while (w === 0) w = rngS.next();
    const dropout = o.dropoutPerMonth > 0 ? -Math.log(w) / o.dropoutPerMonth : Infinity;
    const c = Math.min(followUp, dropout);
    // Times to 0.01 month; never 0.
    osMonths.push(Math.max(0.01, Math.round(Math.min(t, c) * 100) / 100));
    osEvent.push(t <= c ? 1 : 0);
  }

  // Genes: module membership (shuffled names), loadings, baselines.
  const rngG = new Random(streamSeed(o.seed, STREAM.genes));
  const factors: LatentFactor[] = ["mutation", "proliferation", "immune"];
  const nGenes = 3 * o.moduleSize + o.noiseGenes;
  const width = Math.max(4, String(nGenes).length);
  const names = Array.from({ length: nGenes }, (_, g) => `G${String(g + 1).padStart(width, "0")}`);
  const order = Array.from({ length: nGenes }, (_, g) => g);
  for (let g = nGenes - 1; g > 0; g--) {
    const j = Math.floor(rngG.next() * (g + 1));
    [order[g], order[j]] = [order[j]!, order[g]!];
  }
  const genes: GeneTruth[] = names.map((gene) => ({ gene, module: null, loading: 0 }));
  const modules: Record<LatentFactor, string[]> = { mutation: [], proliferation: [], immune: [] };
  factors.forEach((f, m) => {
    for (let q = 0; q < o.moduleSize; q++) {
      const g = order[m * o.moduleSize + q]!;
      const magnitude = o.loading[0] + (o.loading[1] - o.loading[0]) * rngG.next();
      genes[g] = { gene: names[g]!, module: f, loading: rngG.next() < o.negativeShare ? -magnitude : magnitude };
      modules[f].push(names[g]!);
    }
    modules[f].sort();
  });
  const standardised: Record<LatentFactor, Float64Array> = { mutation: standardise(M), proliferation: standardise(P), immune: standardise(U) };
  const rngE = new Random(streamSeed(o.seed, STREAM.expression));
  const values: Float64Array[] = [];
  for (let g = 0; g < nGenes; g++) {
    const mu = 4 + 8 * rngG.next();
    const sd = 0.4 + 0.8 * rngG.next();
    const { module, loading } = genes[g]!;
    const f = module ? standardised[module] : null;
    const rest = Math.sqrt(1 - loading * loading);
    const row = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const signal = f ? loading * f[i]! : 0;
      // Three decimals, as expression tables are written.
      row[i] = Math.round((mu + sd * (signal + rest * rngE.normal())) * 1000) / 1000;
    }
    values.push(row);
  }

  // Tumours and scans.
  const im = o.imaging;
  const halfExtent = Math.min(...[0, 1, 2].map((a) => (o.size[a]! * o.spacing[a]!) / 2)) - 2 * Math.max(...o.spacing);
  const patients: SyntheticPatient[] = [];
  for (let i = 0; i < n; i++) {
    const rngI = new Random(streamSeed(o.seed, STREAM.image, i));
    const lobulation = clamp(im.lobulation[M[i]!] + im.lobulationSpread * rngI.normal(), 0.02, 0.4);
    // Keep the lesion (radius · (1 + lobulation) + 2 mm) inside the field of view.
    const radiusMm = Math.min(im.radiusMm * Math.exp(im.radiusPerProliferation * P[i]! + 0.08 * rngI.normal()), halfExtent / (1 + lobulation));
    const heterogeneityHU = im.heterogeneityHU[M[i]!] * Math.exp(im.heterogeneitySpread * rngI.normal());
    const tissueHU = 40 + im.densityPerProliferation * P[i]!;
    const seed = streamSeed(o.seed, STREAM.image + 100, i);
    const patient: SyntheticPatient = {
      id: ids[i]!, age: age[i]!, stage: stage[i]!, scanner: scannerOf[i]!.name,
      mutation: M[i] ? "mutant" : "wildtype", subtype: P[i]! > 0 ? "proliferative" : "indolent",
      osMonths: osMonths[i]!, osEvent: osEvent[i]!,
      latent: { mutation: M[i]!, proliferation: P[i]!, immune: U[i]! },
      tumour: { radiusMm, lobulation, heterogeneityHU, tissueHU, seed, roiVoxels: 0 },
    };
    if (o.images) {
      const lesion = syntheticTumour({ seed, size: o.size, spacing: o.spacing, radius: radiusMm, lobulation, heterogeneity: heterogeneityHU, noise: 0, tissueHU });
      patient.tumour.roiVoxels = lesion.roiVoxels;
      if (lesion.roiVoxels === 0) {
        throw new RadiogxError("INVALID_ARGUMENT", `syntheticCohort: patient ${patient.id}'s lesion has no voxel at spacing ${o.spacing.join("×")} mm`, { key: "spacing", hint: "use a finer spacing or a larger imaging.radiusMm" });
      }
      const meta = { generator: "radiogx syntheticCohort", patient: patient.id, scanner: patient.scanner };
      const geometry = { spacing: lesion.image.spacing, origin: lesion.image.origin, direction: lesion.image.direction };
      const data = scan(lesion.image.data, scannerOf[i]!, new Random(streamSeed(o.seed, STREAM.scan, i)));
      patient.image = createVolume(data, o.size, { ...geometry, metadata: { ...meta, file: `synthetic:${patient.id}:image` } });
      patient.mask = createVolume(lesion.mask.data, o.size, { ...geometry, metadata: { ...meta, file: `synthetic:${patient.id}:mask` } });
      if (i < o.retest) {
        const again = scan(lesion.image.data, scannerOf[i]!, new Random(streamSeed(o.seed, STREAM.retest, i)));
        patient.retestImage = createVolume(again, o.size, { ...geometry, metadata: { ...meta, file: `synthetic:${patient.id}:retest` } });
        const remask = resegment(lesion.mask.data, o.size, o.spacing, o.retestContourShiftMm, new Random(streamSeed(o.seed, STREAM.resegment, i)));
        patient.retestMask = createVolume(remask, o.size, { ...geometry, metadata: { ...meta, file: `synthetic:${patient.id}:retest-mask` } });
      }
    }
    patients.push(patient);
  }

  const events = osEvent.reduce<number>((a, e) => a + e, 0);
  const truth: CohortTruth = {
    generator: "radiogx syntheticCohort",
    options: o,
    patientIds: ids,
    latent: { mutation: [...M], proliferation: P, immune: U },
    modules,
    genes,
    survival: { hazardRatios: { ...hr }, coefficients, weibullShape: k, weibullScaleMonths: b, events, censored: n - events },
    scanners: o.scanners.map((s) => ({ ...s })),
    imaging: { ...im },
  };
  const clinical: ClinicalColumns = {
    patient_id: ids, age, stage, scanner: patients.map((p) => p.scanner), mutation: patients.map((p) => p.mutation),
    subtype: patients.map((p) => p.subtype), os_months: osMonths, os_event: osEvent,
  };
  const expression: SyntheticExpression = { genes: names, names, samples: ids, values };
  return { patients, expression, clinical, truth, summary: () => summaryLines(truth, clinical).join("\n"), toHTML: () => summaryHtml(truth, clinical) };
}

function summaryLines(truth: CohortTruth, clinical: ClinicalColumns): string[] {
  const o = truth.options;
  const n = clinical.patient_id.length;
  const mutants = clinical.mutation.filter((m) => m === "mutant").length;
  const scanners = o.scanners.map((s) => `${s.name} ${clinical.scanner.filter((x) => x === s.name).length}`).join(", ");
  const hr = truth.survival.hazardRatios;
  return [
    `Synthetic radiogenomic cohort (seed ${o.seed}): ${n} patients, ${mutants} mutant (${Math.round((100 * mutants) / n)}%)`,
    o.images ? `Images ${o.size.join("×")} voxels at ${o.spacing.join("×")} mm; scanners ${scanners}; ${o.retest} retest scans` : "No images",
    `Expression: ${truth.genes.length} genes (modules of ${o.moduleSize}: mutation, proliferation, immune; ${o.noiseGenes} noise genes)`,
    `Survival: ${truth.survival.events} deaths, ${truth.survival.censored} censored; true HR mutation ${hr.mutation}, proliferation ${hr.proliferation}/SD, immune ${hr.immune}/SD, age ${hr.agePer10Years}/10 y, stage ${hr.stage}/step`,
  ];
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function summaryHtml(truth: CohortTruth, clinical: ClinicalColumns): string {
  const [head, ...rest] = summaryLines(truth, clinical);
  return `<div class="radiogx-cohort"><strong>${escapeHtml(head!)}</strong><ul>${rest.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul></div>`;
}

/** Paths `writeCohort` wrote (absolute). */
export interface WrittenCohort {
  dir: string;
  /** patient_id,image,mask,label,age,stage,scanner,mutation,subtype,os_months,os_event (paths relative to `dir`). */
  manifest: string;
  /** The retest scans' manifest (same columns), when the cohort has retest scans. */
  retestManifest?: string;
  /** Genes × patients, first column `gene`. */
  expression: string;
  /** patient_id, age, stage, scanner, mutation, subtype, os_months, os_event. */
  clinical: string;
  /** The ground truth (`CohortTruth` plus per-patient latent values and tumour parameters). */
  truth: string;
}

/** A CSV field, quoted when it has to be (RFC 4180). */
function field(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CLINICAL_COLUMNS = ["age", "stage", "scanner", "mutation", "subtype", "os_months", "os_event"] as const;

/**
 * Writes a cohort to `dir`: `images/<id>.nii.gz`, `masks/<id>.nii.gz` (label 1), `images/<id>_retest.nii.gz` and
 * `masks/<id>_retest.nii.gz`,
 * `manifest.csv` (and `manifest_retest.csv`), `expression.csv`, `clinical.csv` and `truth.json`. Existing
 * files of the same names are overwritten; the folder is created when needed.
 * @throws RadiogxError when the cohort was generated without images.
 */
export function writeCohort(cohort: SyntheticCohort, dir: string): WrittenCohort {
  const root = resolve(dir);
  if (cohort.patients.some((p) => !p.image || !p.mask)) {
    throw new RadiogxError("INVALID_ARGUMENT", "writeCohort: the cohort has no images (it was generated with images: false)", { key: "images", hint: "generate it with images: true" });
  }
  mkdirSync(join(root, "images"), { recursive: true });
  mkdirSync(join(root, "masks"), { recursive: true });
  const header = ["patient_id", "image", "mask", "label", ...CLINICAL_COLUMNS].join(",");
  const rows: string[] = [header];
  const retestRows: string[] = [header];
  const c = cohort.clinical;
  cohort.patients.forEach((p, i) => {
    const image = `images/${p.id}.nii.gz`;
    const mask = `masks/${p.id}.nii.gz`;
    writeNifti(p.image!, join(root, image), { description: `radiogx synthetic ${p.id}` });
    writeNifti(p.mask!, join(root, mask), { description: `radiogx synthetic ${p.id} mask` });
    const clinical = CLINICAL_COLUMNS.map((k) => field(c[k][i]!));
    rows.push([p.id, image, mask, 1, ...clinical].map(field).join(","));
    if (p.retestImage && p.retestMask) {
      const retest = `images/${p.id}_retest.nii.gz`;
      const retestMask = `masks/${p.id}_retest.nii.gz`;
      writeNifti(p.retestImage, join(root, retest), { description: `radiogx synthetic ${p.id} retest` });
      writeNifti(p.retestMask, join(root, retestMask), { description: `radiogx synthetic ${p.id} retest mask` });
      retestRows.push([p.id, retest, retestMask, 1, ...clinical].map(field).join(","));
    }
  });
  const out: WrittenCohort = {
    dir: root, manifest: join(root, "manifest.csv"), expression: join(root, "expression.csv"), clinical: join(root, "clinical.csv"), truth: join(root, "truth.json"),
  };
  writeFileSync(out.manifest, rows.join("\n") + "\n");
  if (retestRows.length > 1) {
    out.retestManifest = join(root, "manifest_retest.csv");
    writeFileSync(out.retestManifest, retestRows.join("\n") + "\n");
  }
  const ex = cohort.expression;
  const exLines = [["gene", ...ex.samples].map(field).join(",")];
  ex.genes.forEach((g, j) => {
    const v = ex.values[j]!;
    const cells = new Array<string>(v.length);
    for (let i = 0; i < v.length; i++) cells[i] = String(v[i]);
    exLines.push(`${field(g)},${cells.join(",")}`);
  });
  writeFileSync(out.expression, exLines.join("\n") + "\n");
  const clinLines = [["patient_id", ...CLINICAL_COLUMNS].join(",")];
  c.patient_id.forEach((id, i) => clinLines.push([id, ...CLINICAL_COLUMNS.map((k) => c[k][i]!)].map(field).join(",")));
  writeFileSync(out.clinical, clinLines.join("\n") + "\n");
  const perPatient = cohort.patients.map((p) => ({ patient_id: p.id, ...p.latent, ...p.tumour }));
  writeFileSync(out.truth, JSON.stringify({ ...cohort.truth, patients: perPatient }, null, 1) + "\n");
  return out;
}
