/**
 * IBSI GLCM (IBSI reference manual §3.6) against the IBSI 1 consensus reference values
 * (`reference-values/ibsi_1_dig_phantom.csv`, `ibsi_1_chest_config_a.csv`), compared with IBSI's own rule:
 * the value rounded to 3 significant digits lies within the published tolerance (`isCompliant`).
 * Skipped, with a message, when the reference data folder is absent.
 */
import { describe, expect, it } from "vitest";
import { GLCM_FEATURES, countCooccurrences, glcmFeatures } from "../../../src/features/texture/glcm";
import { DIRECTIONS_2D, DIRECTIONS_3D, chebyshevOffsets, prepareOffsets, scanDiscretised } from "../../../src/features/texture/directions";
import { AGGREGATIONS, aggregationSuffix, type DiscretisedImage } from "../../../src/features/types";
import { isCompliant, loadIbsiReference } from "../../../src/conformance/reference";
import { isRadiogxError } from "../../../src/errors";
import { hasRefdata } from "../../refdata";
import { describeIf } from "../../describeIf";
import { ctPhantomConfigA, digitalPhantom } from "./ibsiPhantoms";

/** A small image from rows of levels (one slice per array of rows; 0 = outside the ROI). */
function image(slices: number[][][], nLevels: number): DiscretisedImage {
  const nz = slices.length, ny = slices[0]!.length, nx = slices[0]![0]!.length;
  const levels = new Int32Array(nx * ny * nz);
  slices.forEach((rows, k) => rows.forEach((row, j) => row.forEach((g, i) => (levels[i + nx * (j + ny * k)] = g))));
  return { size: [nx, ny, nz], spacing: [1, 1, 1], levels, nLevels };
}

describe("GLCM matrix", () => {
  it("counts the worked example of the module comment by hand", () => {
    // rows j = 0, 1 of one slice; offset (1, 0, 0): pairs (1,1), (1,2) in row 0 and (3,3) in row 1
    const img = image([[[1, 1, 2], [3, 3, 0]]], 3);
    const { box, table } = scanDiscretised(img, "test");
    const out = new Float64Array(9);
    countCooccurrences(img.levels, img.size, table, prepareOffsets(img.size, [[1, 0, 0]]), box, 0, 0, true, out);
    expect(Array.from(out)).toEqual([2, 1, 0, 1, 0, 0, 0, 0, 2]);
    out.fill(0);
    countCooccurrences(img.levels, img.size, table, prepareOffsets(img.size, [[1, 0, 0]]), box, 0, 0, false, out);
    expect(Array.from(out)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 1]);
  });

  it("has 13 directions in 3D, 4 in 2D, and PyRadiomics' 13 + 49 Chebyshev offsets", () => {
    expect(DIRECTIONS_3D).toHaveLength(13);
    expect(DIRECTIONS_2D).toHaveLength(4);
    expect(chebyshevOffsets(1)).toHaveLength(13);
    expect(chebyshevOffsets(2)).toHaveLength(49); // (5³ − 3³) / 2
    expect(chebyshevOffsets(1, 2)).toHaveLength(4);
    expect(chebyshevOffsets(2, 0)).toHaveLength(8); // (5² − 3²) / 2
    // one member of each ± pair
    const keys = new Set(chebyshevOffsets(2).map((o) => o.join()));
    for (const o of chebyshevOffsets(2)) expect(keys.has(o.map((x) => -x).join())).toBe(false);
  });

  it("computes features of a two-level checkerboard row by hand", () => {
    // one row 1 2 1 2, offset (1,0,0) only via 2D in a 1-row slice: symmetric pairs (1,2) ×3 both ways
    // → p(1,2) = p(2,1) = 1/2; contrast 1, joint average 1.5, correlation −1, energy 0.5
    const img = image([[[1, 2, 1, 2]]], 2);
    const fv = glcmFeatures(img, { aggregations: ["2D, averaged"] });
    const v = (tag: string): number => fv.find((f) => f.name === `${tag}_2D_avg`)!.value;
    expect(v("cm_contrast")).toBeCloseTo(1, 14);
    expect(v("cm_joint_avg")).toBeCloseTo(1.5, 14);
    expect(v("cm_corr")).toBeCloseTo(-1, 14);
    expect(v("cm_energy")).toBeCloseTo(0.5, 14);
    expect(v("cm_joint_max")).toBeCloseTo(0.5, 14);
    expect(v("cm_inv_var")).toBeCloseTo(1, 14);
  });
});

describeIf(hasRefdata(), "IBSI GLCM, digital phantom (reference data required)", () => {
  const ref = loadIbsiReference("dig_phantom");
  const img = digitalPhantom();
  const before = img.levels.slice();
  const features = glcmFeatures(img, { aggregations: AGGREGATIONS });

  it("emits 25 features × 6 aggregations, every one a tag of the IBSI table", () => {
    expect(features).toHaveLength(25 * 6);
    for (const f of features) {
      expect(ref.has(f.name), f.name).toBe(true);
      expect(f.family).toBe("cm");
      expect(f.ibsi).toMatch(/^[0-9A-Z]{4}$/);
      expect(f.name.endsWith(aggregationSuffix(f.aggregation!))).toBe(true);
    }
  });

  it("has a reference value for every GLCM feature in every aggregation", () => {
    for (const def of GLCM_FEATURES) {
      for (const a of AGGREGATIONS) {
        const r = ref.get(`${def.tag}_${aggregationSuffix(a)}`);
        expect(r?.value ?? null, `${def.tag} ${a}`).not.toBeNull();
      }
    }
  });

  it("matches every reference value (IBSI compliance rule)", () => {
    const failures = features
      .filter((f) => !isCompliant(f.value, ref.get(f.name)!))
      .map((f) => `${f.name}: ${f.value} vs ${ref.get(f.name)!.value} ± ${ref.get(f.name)!.tolerance}`);
    expect(failures).toEqual([]);
  });

  it("does not modify its input", () => {
    expect(img.levels).toEqual(before);
  });

  it("names each distance when several are asked for", () => {
    const two = glcmFeatures(img, { distances: [1, 2], aggregations: ["3D, merged"] });
    expect(two).toHaveLength(50);
    expect(two[0]!.name).toBe("cm_joint_max_3D_comb_d1");
    expect(two[25]!.name).toBe("cm_joint_max_3D_comb_d2");
    // distance 1 of the pair equals the single-distance result
    const one = glcmFeatures(img, { aggregations: ["3D, merged"] });
    for (let f = 0; f < 25; f++) expect(two[f]!.value).toBe(one[f]!.value);
  });
});

describe.skipIf(!hasRefdata())("IBSI GLCM, CT phantom configuration A (reference data required)", () => {
  it("matches every cm_ reference value of configuration A (2D and 2.5D)", () => {
    const ref = loadIbsiReference("chest_config_a");
    const aggregations = AGGREGATIONS.filter((a) => [...ref.keys()].some((t) => t.startsWith("cm_") && t.endsWith(`_${aggregationSuffix(a)}`)));
    expect(aggregations).toEqual(["2D, averaged", "2D, slice-merged", "2.5D, direction-merged", "2.5D, merged"]);
    const features = glcmFeatures(ctPhantomConfigA(), { aggregations });
    let compared = 0;
    const failures: string[] = [];
    for (const f of features) {
      const r = ref.get(f.name);
      expect(r, f.name).toBeDefined();
      if (r!.value === null) continue;
      compared++;
      if (!isCompliant(f.value, r!)) failures.push(`${f.name}: ${f.value} vs ${r!.value} ± ${r!.tolerance}`);
    }
    expect(failures).toEqual([]);
    expect(compared).toBe(100);
  });
});

describe("GLCM errors and undefined values", () => {
  const flat = image([[[2, 2], [2, 2]]], 3);

  it("reports correlation and information correlation 1 of a flat ROI as NaN with a note", () => {
    const fv = glcmFeatures(flat, { aggregations: ["3D, merged"] });
    const corr = fv.find((f) => f.name === "cm_corr_3D_comb")!;
    expect(corr.value).toBeNaN();
    expect(corr.note).toMatch(/single grey level/);
    expect(fv.find((f) => f.name === "cm_info_corr1_3D_comb")!.note).toMatch(/HX = HY = 0/);
    expect(fv.find((f) => f.name === "cm_joint_max_3D_comb")!.value).toBe(1);
  });

  it("reports every feature as NaN with a note when no pair exists", () => {
    const fv = glcmFeatures(image([[[1, 0, 2]]], 2), { aggregations: ["3D, averaged"] });
    for (const f of fv) {
      expect(f.value).toBeNaN();
      expect(f.note).toMatch(/no pair/);
    }
  });

  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      return isRadiogxError(e) ? `${e.code}: ${e.message}` : String(e);
    }
    return "no error";
  };

  it("rejects an unknown aggregation, naming the nearest", () => {
    // @ts-expect-error: a misspelled aggregation
    expect(code(() => glcmFeatures(flat, { aggregations: ["3D, averagd"] }))).toBe('INVALID_SETTING: GLCM: unknown aggregation "3D, averagd" (did you mean "3D, averaged"?)');
  });

  it("rejects a distance that is not a positive integer", () => {
    expect(code(() => glcmFeatures(flat, { distances: [0] }))).toMatch(/^INVALID_SETTING: .*positive integer/);
    expect(code(() => glcmFeatures(flat, { distances: [1.5] }))).toMatch(/^INVALID_SETTING/);
  });

  it("rejects levels above nLevels and an empty ROI", () => {
    expect(code(() => glcmFeatures({ ...flat, nLevels: 1 }))).toMatch(/^INVALID_ARGUMENT: GLCM: grey level 2 .* outside 1..1/);
    expect(code(() => glcmFeatures(image([[[0, 0]]], 2)))).toMatch(/^EMPTY_MASK/);
  });
});
