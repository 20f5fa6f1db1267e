/**
 * PyRadiomics' 2D shape (shape2D): the marching-squares perimeter, mesh surface and maximum diameter against
 * PyRadiomics' own C extension (`cShape.calculate_coefficients2D`, run in the venv) on random masks with
 * anisotropic pixels, ambiguous (diagonal) cells included; the worked example by hand. The whole class
 * through the extractor is compared with PyRadiomics in pyradiomics-settings.test.ts.
 */
import { describe, expect, it } from "vitest";
import { pyradiomicsShape2D } from "../../src/features/pyradiomics/shape2D";
import type { PreparedRoi } from "../../src/features/types";
import { hasPythonModules, runPythonJson } from "../refdata";

function roiOf(mask: number[][], spacingYX: [number, number]): PreparedRoi {
  const h = mask.length, w = mask[0]!.length;
  const m = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[x + w * y] = mask[y]![x]!;
  return { size: [w, h, 1], spacing: [spacingYX[1], spacingYX[0], 2.5], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], intensities: new Float64Array(w * h), morphMask: m, intensityMask: m };
}
const byName = (r: PreparedRoi) => Object.fromEntries(pyradiomicsShape2D(r, 0).map((f) => [f.name, f.value]));

describe("shape2D by hand", () => {
  it("one 1 × 1 mm pixel: the diamond through its edge midpoints", () => {
    const f = byName(roiOf([[1]], [1, 1]));
    expect(f.MeshSurface).toBe(0.5);
    expect(f.Perimeter).toBeCloseTo(4 * Math.SQRT1_2, 14);
    expect(f.MaximumDiameter).toBe(1);
    expect(f.PixelSurface).toBe(1);
  });

  it("a 2 × 3 block of 2 × 1 mm pixels: corners cut by 1/8 of a pixel each", () => {
    const f = byName(roiOf([[1, 1, 1], [1, 1, 1]], [2, 1]));
    expect(f.MeshSurface).toBe(11); // 6 pixels of 2 mm², less 4 corner triangles of 0.25 mm²
    expect(f.PixelSurface).toBe(12);
  });

  it("a ROI over several slices is refused, naming the setting", () => {
    const m = new Uint8Array(8).fill(1);
    const roi: PreparedRoi = { size: [2, 2, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], intensities: new Float64Array(8), morphMask: m, intensityMask: m };
    expect(() => pyradiomicsShape2D(roi, 0)).toThrow(/shape2D needs the ROI in one slice normal to force2Ddimension 0; it spans 2 slices/);
  });
});

const PEER = `
import json, sys, numpy as np
from radiomics import cShape
rng = np.random.default_rng(int(sys.argv[1]))
out = []
for t in range(80):
    h, w = int(rng.integers(1, 14)), int(rng.integers(1, 14))
    m = rng.random((h, w)) < rng.uniform(0.2, 0.9)
    if not m.any(): m[0, 0] = True
    sp = [float(rng.uniform(0.3, 3)), float(rng.uniform(0.3, 3))]
    per, surf, diam = cShape.calculate_coefficients2D(np.pad(m, 1), np.array(sp))
    out.append({"mask": m.astype(int).tolist(), "spacing": sp, "perimeter": per, "surface": surf, "diameter": diam})
print(json.dumps(out))`;

describe.skipIf(!hasPythonModules("radiomics"))("shape2D vs PyRadiomics' cShape.calculate_coefficients2D (venv)", () => {
  it("80 random masks, anisotropic pixels: perimeter, mesh surface and maximum diameter to 1e-12", async () => {
    const cases = await runPythonJson<{ mask: number[][]; spacing: [number, number]; perimeter: number; surface: number; diameter: number }[]>(PEER, ["7"]);
    expect(cases).toHaveLength(80);
    const off: string[] = [];
    for (const [t, c] of cases.entries()) {
      const f = byName(roiOf(c.mask, c.spacing));
      for (const [ours, theirs, what] of [[f.Perimeter!, c.perimeter, "perimeter"], [f.MeshSurface!, c.surface, "surface"], [f.MaximumDiameter!, c.diameter, "diameter"]] as const) {
        if (!(Math.abs(ours - theirs) <= 1e-12 * Math.abs(theirs))) off.push(`case ${t} ${what}: ${ours} vs ${theirs}`);
      }
    }
    expect(off).toEqual([]);
  });
});
