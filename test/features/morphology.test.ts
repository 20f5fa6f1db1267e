/**
 * IBSI morphological features against the IBSI 1 consensus reference values (reference-values/*.csv in the
 * reference data folder; compliance = within the tolerance after rounding to 3 significant digits, IBSI's
 * rule, `isCompliant`):
 * - the digital phantom (no preprocessing: the whole image, both masks = the mask);
 * - the CT phantom, configuration A (no interpolation; image rounded to integers; morphological mask = the
 *   mask; intensity mask = mask ∧ −500 ≤ HU ≤ 400).
 * OMBB and MVEE densities have no IBSI reference (empty cells): they are checked against the bounds that
 * follow from their definitions instead. Skipped when the reference data folder is absent.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { morphologyFeatures, IBSI_MORPHOLOGY_FEATURES } from "../../src/features/morphology/ibsiMorphology";
import { readImage } from "../../src/io/read";
import { isCompliant, loadIbsiReference } from "../../src/conformance/reference";
import type { FeatureValue, PreparedRoi } from "../../src/features/types";
import type { Vec3 } from "../../src/io/volume";
import { hasRefdata, refPath } from "../refdata";

function byName(features: FeatureValue[]): Map<string, FeatureValue> {
  return new Map(features.map((f) => [f.name, f]));
}

function digitalPhantom(): PreparedRoi {
  const image = readImage(refPath("ibsi1", "digital-phantom", "image.nii.gz"));
  const mask = readImage(refPath("ibsi1", "digital-phantom", "mask.nii.gz"));
  const m = Uint8Array.from(mask.data, (v) => (v !== 0 ? 1 : 0));
  return {
    size: image.size, spacing: image.spacing, origin: image.origin, direction: image.direction,
    intensities: Float64Array.from(image.data), morphMask: m, intensityMask: m,
  };
}

function ctPhantomConfigA(): PreparedRoi {
  const image = readImage(refPath("ibsi1", "ct-phantom", "image.nii.gz"));
  const mask = readImage(refPath("ibsi1", "ct-phantom", "mask.nii.gz"));
  const hu = Float64Array.from(image.data, (v) => Math.round(v));
  const morph = Uint8Array.from(mask.data, (v) => (v !== 0 ? 1 : 0));
  const intensity = Uint8Array.from(morph, (v, i) => (v === 1 && hu[i]! >= -500 && hu[i]! <= 400 ? 1 : 0));
  return { size: image.size, spacing: image.spacing, origin: image.origin, direction: image.direction, intensities: hu, morphMask: morph, intensityMask: intensity };
}

/** Checks that hold by definition for the features without an IBSI reference. */
function expectDefinitionalBounds(f: Map<string, FeatureValue>): void {
  const v = (tag: string): number => f.get(tag)!.value;
  for (const tag of ["morph_vol_dens_ombb", "morph_area_dens_ombb", "morph_vol_dens_mvee", "morph_area_dens_mvee"]) {
    expect(Number.isFinite(v(tag)), tag).toBe(true);
    expect(v(tag), tag).toBeGreaterThan(0);
  }
  // V_hull ≤ V_ombb ≤ V_aabb, i.e. the densities in the opposite order.
  expect(v("morph_vol_dens_ombb")).toBeGreaterThanOrEqual(v("morph_vol_dens_aabb") * (1 - 1e-12));
  expect(v("morph_vol_dens_ombb")).toBeLessThanOrEqual(v("morph_vol_dens_conv_hull") * (1 + 1e-12));
  // The MVEE encloses the hull: V_mvee ≥ V_hull.
  expect(v("morph_vol_dens_mvee")).toBeLessThanOrEqual(v("morph_vol_dens_conv_hull") * (1 + 1e-12));
}

describe.skipIf(!hasRefdata())("IBSI morphological features (skipped without the reference data folder)", () => {
  it("digital phantom: every morph_ reference value is matched (IBSI compliance rule)", () => {
    const roi = digitalPhantom();
    const before = Float64Array.from(roi.intensities);
    const features = morphologyFeatures(roi);
    expect(roi.intensities).toEqual(before); // input not modified
    const ref = loadIbsiReference("dig_phantom");
    const f = byName(features);
    const failures: string[] = [];
    let matched = 0;
    for (const [tag, r] of ref) {
      if (!tag.startsWith("morph_") || r.value === null) continue;
      const got = f.get(tag);
      if (got === undefined) { failures.push(`${tag}: not computed`); continue; }
      if (isCompliant(got.value, r)) matched++;
      else failures.push(`${tag}: ${got.value} vs ${r.value} ± ${r.tolerance}`);
    }
    expect(failures).toEqual([]);
    expect(matched).toBe(25);
    expectDefinitionalBounds(f);
  });

  it("every emitted tag has a row in the IBSI table (a feature without a reference fails), with IBSI's code", () => {
    const features = morphologyFeatures(digitalPhantom());
    const ref = loadIbsiReference("dig_phantom");
    const emitted = features.map((x) => x.name);
    expect(emitted).toEqual(IBSI_MORPHOLOGY_FEATURES.map((d) => d.tag));
    for (const tag of emitted) expect(ref.has(tag), `${tag} is not an IBSI reference tag`).toBe(true);
    for (const [tag] of ref) if (tag.startsWith("morph_")) expect(emitted, `reference tag ${tag} is not computed`).toContain(tag);
    // Codes and titles as in ibsi1_all_reference_values.csv (OMBB and MVEE have no reference rows there).
    const csv = readFileSync(refPath("ibsi1", "reference-values", "ibsi1_all_reference_values.csv"), "utf8").split(/\r?\n/);
    const codeOf = new Map<string, string>();
    for (const line of csv) {
      const cells = line.split(",");
      if (cells[0] === "Morphological features") codeOf.set(cells[1]!.replace(/’/g, "'"), cells[3]!);
    }
    let checked = 0;
    for (const d of IBSI_MORPHOLOGY_FEATURES) {
      const code = codeOf.get(d.title);
      if (code === undefined) {
        expect(ref.get(d.tag)!.value, `${d.tag} has a reference value but no row in the IBSI table`).toBeNull();
        continue;
      }
      expect(features.find((x) => x.name === d.tag)!.ibsi).toBe(code);
      checked++;
    }
    expect(checked).toBe(25);
    for (const x of features) {
      expect(x.family).toBe("morph");
      expect(x.aggregation).toBeNull();
    }
  });

  it("CT phantom configuration A: every morph_ feature reference value is matched", () => {
    const roi = ctPhantomConfigA();
    const f = byName(morphologyFeatures(roi));
    const ref = loadIbsiReference("chest_config_a");
    const failures: string[] = [];
    let matched = 0;
    for (const d of IBSI_MORPHOLOGY_FEATURES) {
      const r = ref.get(d.tag);
      expect(r, `${d.tag} missing from the configuration A table`).toBeDefined();
      if (r!.value === null) continue;
      const got = f.get(d.tag)!;
      if (isCompliant(got.value, r!)) matched++;
      else failures.push(`${d.tag}: ${got.value} vs ${r!.value} ± ${r!.tolerance}`);
    }
    expect(failures).toEqual([]);
    expect(matched).toBe(25);
    expectDefinitionalBounds(f);
  });
});

describe("morphology features: inputs and edge cases", () => {
  const size: Vec3 = [6, 5, 4];
  const n = size[0] * size[1] * size[2];
  const block = (fill: (i: number, j: number, k: number) => boolean): Uint8Array => {
    const m = new Uint8Array(n);
    for (let k = 0; k < size[2]; k++) for (let j = 0; j < size[1]; j++) for (let i = 0; i < size[0]; i++) m[i + size[0] * (j + size[1] * k)] = fill(i, j, k) ? 1 : 0;
    return m;
  };
  const base = (morph: Uint8Array, intensity: Uint8Array): PreparedRoi => ({
    size, spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    intensities: Float64Array.from({ length: n }, (_, i) => (i * 7) % 11), morphMask: morph, intensityMask: intensity,
  });

  it("an empty morphological mask is an EMPTY_MASK error; a wrong array length names the array", () => {
    const empty = block(() => false);
    expect(() => morphologyFeatures(base(empty, empty))).toThrow(expect.objectContaining({ code: "EMPTY_MASK" }));
    const bad = { ...base(block(() => true), block(() => true)), intensities: new Float64Array(3) };
    expect(() => morphologyFeatures(bad)).toThrow(/roi\.intensities has 3 voxels/);
  });

  it("intensity features are NaN with a note when the intensity mask is empty; shape features still computed", () => {
    const morph = block((i, j, k) => i > 0 && i < 5 && j > 0 && k > 0);
    const f = byName(morphologyFeatures(base(morph, block(() => false))));
    for (const tag of ["morph_com", "morph_integ_int", "morph_moran_i", "morph_geary_c"]) {
      expect(f.get(tag)!.value, tag).toBeNaN();
      expect(f.get(tag)!.note, tag).toMatch(/intensity mask/);
    }
    expect(f.get("morph_volume")!.value).toBeGreaterThan(0);
    expect(f.get("morph_volume")!.note).toBeUndefined();
  });

  it("a single-voxel ROI: octahedron volume s_x s_y s_z / 6; no principal axes (noted)", () => {
    const one = block((i, j, k) => i === 2 && j === 2 && k === 1);
    const f = byName(morphologyFeatures(base(one, one)));
    expect(f.get("morph_volume")!.value).toBeCloseTo(2 / 6, 12);
    expect(f.get("morph_vol_approx")!.value).toBe(2);
    expect(f.get("morph_pca_elongation")!.note).toMatch(/single voxel/);
    expect(f.get("morph_moran_i")!.note).toMatch(/at least two voxels/);
  });

  it("a ~100k-voxel ROI in a 512×512×100 volume: every feature finite, PCA axes of the ellipsoid", () => {
    const big: Vec3 = [512, 512, 100];
    const N = big[0] * big[1] * big[2];
    const morph = new Uint8Array(N), intensity = new Uint8Array(N), x = new Float64Array(N);
    let s = 7;
    for (let k = 0; k < big[2]; k++) for (let j = 0; j < big[1]; j++) for (let i = 0; i < big[0]; i++) {
      const u = (i - 250) / 40, v = (j - 260) / 30, w = (k - 50) / 20;
      if (u * u + v * v + w * w > 1) continue;
      const idx = i + big[0] * (j + big[1] * k);
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      x[idx] = 40 + 20 * (s / 4294967296) + 0.2 * (i - 250);
      morph[idx] = 1;
      if (x[idx]! > 15) intensity[idx] = 1;
    }
    let count = 0;
    for (let i = 0; i < N; i++) count += morph[i]!;
    expect(count).toBeGreaterThan(95_000);
    const roi: PreparedRoi = { size: big, spacing: [0.8, 0.8, 1.5], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], intensities: x, morphMask: morph, intensityMask: intensity };
    // No timing here: speed (nothing quadratic in ROI voxels) is measured by `npm run bench -- foundation`.
    const f = morphologyFeatures(roi);
    for (const x of f) expect(Number.isFinite(x.value), x.name).toBe(true);
    // Ellipsoid semi-axes 32, 24, 30 mm: PCA major axis 4·√(a²/5) for a solid ellipsoid.
    expect(byName(f).get("morph_pca_maj_axis")!.value).toBeCloseTo((4 * 32) / Math.sqrt(5), 0);
  });
});
