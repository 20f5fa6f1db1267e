/**
 * Slice viewer geometry and pixels (widgets/src/slice): plane mappings derived by hand from the LPS
 * convention (ITK/DICOM) for an identity direction and for a NIfTI RAS volume read into LPS (direction
 * diag(−1, −1, 1)), world coordinates equal to the library's `indexToWorld`, and the window/level grey
 * values of the DICOM linear VOI function, g = 255 · clamp((v − (L − W/2)) / W, 0, 1).
 */
import { describe, expect, it } from "vitest";
import { indexToWorld as libIndexToWorld } from "../../../src/io/volume";
import { indexToWorld, planeMapping, axisAssignment } from "../../src/slice/orientation";
import { GreyLut, finiteRange, indexToScreen, renderSlice, samplePercentiles, screenToIndex, sliceGeometry } from "../../src/slice/render";

const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1];
const RAS_IN_LPS = [-1, 0, 0, 0, -1, 0, 0, 0, 1];

describe("plane mappings (radiological convention)", () => {
  it("identity direction: axial shows i → right, j → down; coronal and sagittal show superior up", () => {
    expect(planeMapping(IDENTITY, "axial")).toEqual({ normal: 2, xAxis: 0, xFlip: false, yAxis: 1, yFlip: false });
    expect(planeMapping(IDENTITY, "coronal")).toEqual({ normal: 1, xAxis: 0, xFlip: false, yAxis: 2, yFlip: true });
    expect(planeMapping(IDENTITY, "sagittal")).toEqual({ normal: 0, xAxis: 1, xFlip: false, yAxis: 2, yFlip: true });
  });
  it("a RAS-stored volume is flipped back so the patient's left is on screen right and anterior up", () => {
    expect(planeMapping(RAS_IN_LPS, "axial")).toEqual({ normal: 2, xAxis: 0, xFlip: true, yAxis: 1, yFlip: true });
  });
  it("a sagittal acquisition (array axes S, P, L): the axial normal is array axis 0, the sagittal normal axis 2", () => {
    // Columns of D: axis 0 → +S, axis 1 → +P, axis 2 → +L.
    const d = [0, 0, 1, 0, 1, 0, 1, 0, 0];
    expect(axisAssignment(d)).toEqual({ arrayAxis: [2, 1, 0], sign: [1, 1, 1] });
    expect(planeMapping(d, "axial").normal).toBe(0);
    expect(planeMapping(d, "sagittal").normal).toBe(2);
  });
  it("world coordinates equal the library's indexToWorld", () => {
    const v = { spacing: [0.7, 0.8, 2.5] as [number, number, number], origin: [-120, 35.5, 12] as [number, number, number], direction: [0.96, -0.28, 0, 0.28, 0.96, 0, 0, 0, 1] };
    for (const idx of [[0, 0, 0], [3, 7, 11], [511, 1, 299]]) {
      const a = indexToWorld(v.origin, v.spacing, v.direction, idx);
      const b = libIndexToWorld(v, idx[0]!, idx[1]!, idx[2]!);
      for (let c = 0; c < 3; c++) expect(a[c]).toBeCloseTo(b[c]!, 12);
    }
  });
});

describe("slice pixels", () => {
  // 4 × 3 × 2 volume with value 100 i + 10 j + k, so each voxel names its index.
  const size = [4, 3, 2] as const;
  const data = new Int16Array(24);
  for (let k = 0; k < 2; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 4; i++) data[i + 4 * (j + 3 * k)] = 100 * i + 10 * j + k;
  const grey = (v: number, level: number, width: number) => {
    const g = ((v - (level - width / 2)) / width) * 255;
    return g <= 0 ? 0 : g >= 255 ? 255 : Math.round(g);
  };

  it("every plane reads the voxels its mapping names, and screen ↔ index round-trips", () => {
    for (const plane of ["axial", "coronal", "sagittal"] as const) {
      for (const dir of [IDENTITY, RAS_IN_LPS]) {
        const m = planeMapping(dir, plane);
        const geo = sliceGeometry(size, m);
        const out = new Uint8ClampedArray(geo.width * geo.height * 4);
        const slice = size[m.normal] - 1;
        // Window [0, 510]: grey = v / 2 exactly.
        renderSlice(data, geo, slice, out, { level: 255, width: 510, range: finiteRange(data) }, new GreyLut());
        for (let v = 0; v < geo.height; v++) {
          for (let u = 0; u < geo.width; u++) {
            const idx = screenToIndex(size, m, slice, u, v);
            const value = 100 * idx[0] + 10 * idx[1] + idx[2];
            expect(out[4 * (v * geo.width + u)]).toBe(grey(value, 255, 510));
            expect(out[4 * (v * geo.width + u) + 3]).toBe(255);
            expect(indexToScreen(size, m, idx)).toEqual([u, v]);
          }
        }
      }
    }
  });

  it("float volumes use the formula, integer volumes the table: same greys; presets clamp", () => {
    const m = planeMapping(IDENTITY, "axial");
    const geo = sliceGeometry(size, m);
    const a = new Uint8ClampedArray(48);
    const b = new Uint8ClampedArray(48);
    renderSlice(data, geo, 1, a, { level: 40, width: 400, range: finiteRange(data) }, new GreyLut());
    renderSlice(Float32Array.from(data), geo, 1, b, { level: 40, width: 400, range: [0, 321] }, new GreyLut());
    for (let p = 0; p < 12; p++) expect(Math.abs(a[4 * p]! - b[4 * p]!)).toBeLessThanOrEqual(1);
    // Soft-tissue window (L 40, W 400): −160 → 0, 240 → 255.
    expect(grey(-160, 40, 400)).toBe(0);
    expect(a[4 * 11]).toBe(grey(321, 40, 400));
  });

  it("the overlay blends the label colour with opacity α and counts its pixels", () => {
    const m = planeMapping(IDENTITY, "axial");
    const geo = sliceGeometry(size, m);
    const mask = new Uint8Array(24);
    mask[1 + 4 * (2 + 3 * 1)] = 2; // voxel (1, 2, 1)
    const out = new Uint8ClampedArray(48);
    const n = renderSlice(data, geo, 1, out, { level: 255, width: 510, range: finiteRange(data), mask, opacity: 0.5, colors: new Map([[2, [0, 255, 0]]]) }, new GreyLut());
    expect(n).toBe(1);
    const p = 4 * (2 * 4 + 1);
    const g = grey(121, 255, 510);
    expect([out[p], out[p + 1], out[p + 2]]).toEqual([Math.floor(0.5 * g), Math.floor(0.5 * g + 127.5), Math.floor(0.5 * g)]);
  });

  it("percentiles by linear interpolation (NumPy's default): 0…99 → p1 = 0.99, p99 = 98.01", () => {
    const a = Float32Array.from({ length: 100 }, (_, i) => i);
    const [p1, p99] = samplePercentiles(a, [1, 99]);
    expect(p1).toBeCloseTo(0.99, 10);
    expect(p99).toBeCloseTo(98.01, 10);
  });
});
