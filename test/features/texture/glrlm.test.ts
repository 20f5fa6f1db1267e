/**
 * IBSI GLRLM (IBSI reference manual §3.7) against the IBSI 1 consensus reference values
 * (`reference-values/ibsi_1_dig_phantom.csv`, `ibsi_1_chest_config_a.csv`), compared with IBSI's own rule:
 * the value rounded to 3 significant digits lies within the published tolerance (`isCompliant`).
 * Skipped, with a message, when the reference data folder is absent.
 */
import { describe, expect, it } from "vitest";
import { GLRLM_FEATURES, countRuns, glrlmFeatures, longestPossibleRun } from "../../../src/features/texture/glrlm";
import { prepareOffsets, scanDiscretised } from "../../../src/features/texture/directions";
import { AGGREGATIONS, aggregationSuffix, type DiscretisedImage } from "../../../src/features/types";
import { isCompliant, loadIbsiReference } from "../../../src/conformance/reference";
import { isRadiogxError } from "../../../src/errors";
import { hasRefdata } from "../../refdata";
import { describeIf } from "../../describeIf";
import { ctPhantomConfigA, digitalPhantom } from "./ibsiPhantoms";

function image(slices: number[][][], nLevels: number): DiscretisedImage {
  const nz = slices.length, ny = slices[0]!.length, nx = slices[0]![0]!.length;
  const levels = new Int32Array(nx * ny * nz);
  slices.forEach((rows, k) => rows.forEach((row, j) => row.forEach((g, i) => (levels[i + nx * (j + ny * k)] = g))));
  return { size: [nx, ny, nz], spacing: [1, 1, 1], levels, nLevels };
}

describe("GLRLM matrix", () => {
  it("counts the worked example of the module comment by hand", () => {
    // row 0: 1 1 2 → runs (1, 2), (2, 1); row 1: 3 . 3 → the gap splits (3, 1), (3, 1)
    const img = image([[[1, 1, 2], [3, 0, 3]]], 3);
    const { box, table } = scanDiscretised(img, "test");
    const maxRun = longestPossibleRun(box);
    expect(maxRun).toBe(3);
    const out = new Float64Array(3 * maxRun);
    const longest = countRuns(img.levels, img.size, table, prepareOffsets(img.size, [[1, 0, 0]]), box, 0, 0, maxRun, out);
    expect(longest).toBe(2);
    expect(Array.from(out)).toEqual([0, 1, 0, 1, 0, 0, 2, 0, 0]);
  });

  it("computes features of one run by hand", () => {
    // a single row 4 4 4: along (1,0,0) one run of length 3 → SRE 1/9, LRE 9, HGRE 16, run percentage 1/3
    const fv = glrlmFeatures(image([[[4, 4, 4]]], 4), { aggregations: ["2D, averaged"] });
    const v = (tag: string): number => fv.find((f) => f.name === `${tag}_2D_avg`)!.value;
    // the other 3 in-plane directions see three runs of length 1 (SRE 1); average over 4 directions
    expect(v("rlm_sre")).toBeCloseTo((1 / 9 + 3) / 4, 14);
    expect(v("rlm_lre")).toBeCloseTo((9 + 3) / 4, 14);
    expect(v("rlm_hgre")).toBeCloseTo(16, 14);
    expect(v("rlm_r_perc")).toBeCloseTo((1 / 3 + 3) / 4, 14);
    expect(v("rlm_gl_var")).toBe(0);
    expect(v("rlm_rl_entr")).toBeCloseTo(0, 14);
  });
});

describeIf(hasRefdata(), "IBSI GLRLM, digital phantom (reference data required)", () => {
  const ref = loadIbsiReference("dig_phantom");
  const img = digitalPhantom();
  const before = img.levels.slice();
  const features = glrlmFeatures(img, { aggregations: AGGREGATIONS });

  it("emits 16 features × 6 aggregations, every one a tag of the IBSI table", () => {
    expect(features).toHaveLength(16 * 6);
    for (const f of features) {
      expect(ref.has(f.name), f.name).toBe(true);
      expect(f.family).toBe("rlm");
      expect(f.ibsi).toMatch(/^[0-9A-Z]{4}$/);
    }
  });

  it("has a reference value for every GLRLM feature in every aggregation", () => {
    for (const def of GLRLM_FEATURES) {
      for (const a of AGGREGATIONS) expect(ref.get(`${def.tag}_${aggregationSuffix(a)}`)?.value ?? null, `${def.tag} ${a}`).not.toBeNull();
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
});

describe.skipIf(!hasRefdata())("IBSI GLRLM, CT phantom configuration A (reference data required)", () => {
  it("matches every rlm_ reference value of configuration A (2D and 2.5D)", () => {
    const ref = loadIbsiReference("chest_config_a");
    const aggregations = AGGREGATIONS.filter((a) => [...ref.keys()].some((t) => t.startsWith("rlm_") && t.endsWith(`_${aggregationSuffix(a)}`)));
    expect(aggregations).toEqual(["2D, averaged", "2D, slice-merged", "2.5D, direction-merged", "2.5D, merged"]);
    const features = glrlmFeatures(ctPhantomConfigA(), { aggregations });
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
    expect(compared).toBe(64);
  });
});

describe("GLRLM errors", () => {
  it("rejects an unknown aggregation and an empty ROI", () => {
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        return isRadiogxError(e) ? `${e.code}: ${e.message}` : String(e);
      }
      return "no error";
    };
    // @ts-expect-error: not an aggregation
    expect(code(() => glrlmFeatures(image([[[1]]], 1), { aggregations: ["2D"] }))).toMatch(/^INVALID_SETTING: GLRLM: unknown aggregation "2D"/);
    expect(code(() => glrlmFeatures(image([[[0]]], 1)))).toMatch(/^EMPTY_MASK/);
  });
});
