/**
 * Local intensity features (IBSI §3.2) against the IBSI 1 consensus values (digital phantom; CT phantom
 * configuration A on the rounded image) and a direct evaluation of the definition (every voxel against every
 * other, no run decomposition) on a random anisotropic image.
 */
import { describe, expect, it } from "vitest";
import { LOCAL_INTENSITY_RADIUS_MM, localIntensityFeatures, localPeakMap } from "../../src/features/localIntensity";
import type { PreparedRoi } from "../../src/features/types";
import { hasRefdata } from "../refdata";
import { ctPhantomConfigARoi, digitalPhantomRoi, expectCompliant, expectIbsiCodes, expectKnownTags } from "./ibsiPhantoms";

function block(size: [number, number, number], spacing: [number, number, number], f: (i: number, j: number, k: number) => number, inMask: (i: number, j: number, k: number) => boolean): PreparedRoi {
  const n = size[0] * size[1] * size[2];
  const intensities = new Float64Array(n), mask = new Uint8Array(n);
  for (let k = 0, p = 0; k < size[2]; k++) for (let j = 0; j < size[1]; j++) for (let i = 0; i < size[0]; i++, p++) {
    intensities[p] = f(i, j, k);
    mask[p] = inMask(i, j, k) ? 1 : 0;
  }
  return { size, spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], intensities, morphMask: mask, intensityMask: mask };
}

/** The definition, voxel by voxel: mean of the block voxels within r of the centre (world mm). */
function directPeak(roi: PreparedRoi, ci: number, cj: number, ck: number, r: number): number {
  const [nx, ny, nz] = roi.size, [sx, sy, sz] = roi.spacing;
  let sum = 0, count = 0;
  for (let k = 0, p = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, p++) {
    const d2 = ((i - ci) * sx) ** 2 + ((j - cj) * sy) ** 2 + ((k - ck) * sz) ** 2;
    if (d2 <= r * r) { sum += roi.intensities[p]!; count++; }
  }
  return sum / count;
}

describe("local intensity, against the definition", () => {
  it("the radius is that of a 1 cm³ sphere: (3/(4π))^(1/3) cm", () => {
    expect((4 / 3) * Math.PI * LOCAL_INTENSITY_RADIUS_MM ** 3).toBeCloseTo(1000, 9);
  });

  it("peaks at every mask voxel equal the direct mean over the sphere (anisotropic 0.8 × 1.1 × 2.5 mm; interior and edge voxels)", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const roi = block([21, 17, 9], [0.8, 1.1, 2.5], () => Math.round(rand() * 2000 - 1000), (i, j, k) => (i + j + k) % 3 === 0);
    const peaks = localPeakMap(roi);
    const [nx, ny] = roi.size;
    let checked = 0;
    for (let p = 0; p < peaks.length; p++) {
      if (roi.intensityMask[p] === 0) { expect(peaks[p]).toBeNaN(); continue; }
      const i = p % nx, j = Math.floor(p / nx) % ny, k = Math.floor(p / (nx * ny));
      expect(peaks[p]).toBeCloseTo(directPeak(roi, i, j, k, LOCAL_INTENSITY_RADIUS_MM), 9);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("with the maximum intensity at several voxels, the local peak is the highest of their peaks", () => {
    // Two voxels of 100 in the mask; the one at i = 8 has bright neighbours (outside the mask) and wins.
    const roi = block([12, 1, 1], [1, 1, 1], (i) => (i === 2 || i === 8 ? 100 : i >= 9 ? 50 : 0), (i) => i <= 8);
    const [loc, glob] = localIntensityFeatures(roi);
    // Sphere = 13 voxels along x (|Δi| ≤ 6); at i = 8 the run is 2..11 (10 voxels): 100 + 100 + 3·50 = 350
    expect(loc!.value).toBeCloseTo(350 / 10, 12);
    expect(glob!.value).toBeCloseTo(350 / 10, 12);
  });
});

describe.skipIf(!hasRefdata())("local intensity, IBSI 1 reference values (skipped without the reference data)", () => {
  it("digital phantom: loc_peak_loc 2.6 and loc_peak_glob 3.1 compliant; IBSI tags and codes", () => {
    const fs = localIntensityFeatures(digitalPhantomRoi());
    expect(expectCompliant(fs, "dig_phantom", "loc_")).toBe(2);
    expectKnownTags(fs);
    expectIbsiCodes(fs);
  });

  it("CT phantom configuration A (rounded image, no interpolation): both loc_ values compliant", () => {
    expect(expectCompliant(localIntensityFeatures(ctPhantomConfigARoi()), "chest_config_a", "loc_")).toBe(2);
  });
});
