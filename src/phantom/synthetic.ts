/**
 * Built-in synthetic CT-like tumour phantoms: a lobulated solid lesion in lung parenchyma, with a
 * seeded texture whose heterogeneity can be set. They are the default data of `npm start` and of the
 * benchmarks, and the building block of the synthetic radiogenomic cohorts.
 *
 * The image is int16 Hounsfield units: air-filled lung (−850 HU, SD 25) everywhere, and inside the lesion
 * soft tissue (40 HU) modulated by a smooth random field of amplitude `heterogeneity` HU plus white noise
 * (`noise` HU SD). The lesion surface is `r(θ, φ) = radius · (1 + lobulation · Σ_k a_k cos(m_k θ + p_k) sin(n_k φ + q_k))`.
 */
import { createVolume, type Vec3, type Volume } from "../io/volume";
import { Random } from "./random";

export interface SyntheticTumourOptions {
  /** Seed of the random generator. Default 1. */
  seed?: number;
  /** Image size in voxels. Default [96, 96, 48]. */
  size?: Vec3;
  /** Voxel spacing (mm). Default [0.8, 0.8, 2]. */
  spacing?: Vec3;
  /** Mean lesion radius (mm). Default 15. */
  radius?: number;
  /** Surface irregularity, 0 (sphere) to ~0.4. Default 0.15. */
  lobulation?: number;
  /** Amplitude of the smooth intensity field inside the lesion (HU). Default 60. */
  heterogeneity?: number;
  /** White-noise SD (HU). Default 15. */
  noise?: number;
  /** Centre of the lesion in voxels. Default: the image centre. */
  centre?: Vec3;
  /** Mean intensity of the lesion (HU). Default 40. */
  tissueHU?: number;
}

export interface SyntheticCase {
  image: Volume<Int16Array>;
  mask: Volume<Uint8Array>;
  /** Number of ROI voxels. */
  roiVoxels: number;
}

/** Generates one CT-like lesion phantom (image + binary mask). */
export function syntheticTumour(options: SyntheticTumourOptions = {}): SyntheticCase {
  const rng = new Random(options.seed ?? 1);
  const size = options.size ?? [96, 96, 48];
  const spacing = options.spacing ?? [0.8, 0.8, 2];
  const radius = options.radius ?? 15;
  const lob = options.lobulation ?? 0.15;
  const het = options.heterogeneity ?? 60;
  const noise = options.noise ?? 15;
  const tissue = options.tissueHU ?? 40;
  const centre = options.centre ?? ([(size[0] - 1) / 2, (size[1] - 1) / 2, (size[2] - 1) / 2] as Vec3);
  const [nx, ny, nz] = size;
  const n = nx * ny * nz;
  const image = new Int16Array(n);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) image[i] = Math.round(-850 + 25 * rng.normal());
  // Surface harmonics.
  const harmonics = Array.from({ length: 5 }, () => ({
    a: rng.uniform(0.3, 1), m: 1 + Math.floor(rng.uniform(0, 4)), n: 1 + Math.floor(rng.uniform(0, 3)),
    p: rng.uniform(0, 2 * Math.PI), q: rng.uniform(0, 2 * Math.PI),
  }));
  const norm = harmonics.reduce((s, h) => s + h.a, 0);
  // Smooth texture field: a sum of random plane waves with wavelengths of 4–12 mm.
  const waves = Array.from({ length: 12 }, () => {
    const theta = Math.acos(rng.uniform(-1, 1)), phi = rng.uniform(0, 2 * Math.PI);
    const k = (2 * Math.PI) / rng.uniform(4, 12);
    return { kx: k * Math.sin(theta) * Math.cos(phi), ky: k * Math.sin(theta) * Math.sin(phi), kz: k * Math.cos(theta), p: rng.uniform(0, 2 * Math.PI) };
  });
  const waveNorm = Math.sqrt(waves.length / 2);
  const rmax = radius * (1 + lob) + 2;
  const lo = [0, 1, 2].map((a) => Math.max(0, Math.floor(centre[a]! - rmax / spacing[a]!)));
  const hi = [0, 1, 2].map((a) => Math.min(size[a]! - 1, Math.ceil(centre[a]! + rmax / spacing[a]!)));
  let count = 0;
  for (let k = lo[2]!; k <= hi[2]!; k++) {
    const z = (k - centre[2]) * spacing[2];
    for (let j = lo[1]!; j <= hi[1]!; j++) {
      const y = (j - centre[1]) * spacing[1];
      for (let i = lo[0]!; i <= hi[0]!; i++) {
        const x = (i - centre[0]) * spacing[0];
        const r = Math.hypot(x, y, z);
        const theta = Math.atan2(y, x), phi = r > 0 ? Math.acos(z / r) : 0;
        let s = 0;
        for (const h of harmonics) s += h.a * Math.cos(h.m * theta + h.p) * Math.sin(h.n * phi + h.q);
        const surface = radius * (1 + (lob * s) / norm);
        if (r <= surface) {
          const p = i + nx * (j + ny * k);
          let f = 0;
          for (const w of waves) f += Math.cos(w.kx * x + w.ky * y + w.kz * z + w.p);
          image[p] = Math.round(tissue + (het * f) / waveNorm + noise * rng.normal());
          mask[p] = 1;
          count++;
        }
      }
    }
  }
  const origin: Vec3 = [-(nx - 1) * spacing[0] / 2, -(ny - 1) * spacing[1] / 2, 0];
  const meta = { generator: "radiogx syntheticTumour", options: { ...options } };
  return {
    image: createVolume(image, size, { spacing, origin, metadata: { ...meta, file: "synthetic:image" } }),
    mask: createVolume(mask, size, { spacing, origin, metadata: { ...meta, file: "synthetic:mask" } }),
    roiVoxels: count,
  };
}

/**
 * A CT-sized case for benchmarks: 512×512×`slices` voxels (0.7 × 0.7 × 2.5 mm) with a lesion of about
 * `roiVoxels` voxels.
 */
export function ctSizedCase(options: { slices?: number; roiVoxels?: number; seed?: number } = {}): SyntheticCase {
  const slices = options.slices ?? 100;
  const target = options.roiVoxels ?? 100_000;
  const spacing: Vec3 = [0.7, 0.7, 2.5];
  // Volume of a sphere of radius r in voxels: (4/3)πr³ / (sx·sy·sz).
  const radius = Math.cbrt((target * spacing[0] * spacing[1] * spacing[2] * 3) / (4 * Math.PI));
  return syntheticTumour({ seed: options.seed ?? 7, size: [512, 512, slices], spacing, radius, lobulation: 0.12, heterogeneity: 80 });
}
