/**
 * 2D local binary patterns: hand-computed codes on a 3×3 slice for every method and slice orientation, and
 * agreement with PyRadiomics' getLBP2DImage (scikit-image local_binary_pattern) in the venv on brain1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lbp2DFilter, type Lbp2DMethod } from "../../src/filters";
import { createVolume, type Vec3 } from "../../src/io/volume";
import { readImage } from "../../src/io/read";
import { hasPythonModules, hasRefdata, refPath } from "../refdata";
import { difference, runPeer, type PeerRun } from "./peer";

// The slice  1 2 3 / 4 5 6 / 7 8 9  (rows y, columns x). With P = 4, R = 1 the neighbours are at integer
// positions: p0 right, p1 up (row − 1), p2 left, p3 down; outside the slice counts as 0.
// Centre 5: right 6 ≥ 5 → 1, up 2 → 0, left 4 → 0, down 8 → 1: bits 1001 → default 1 + 8 = 9;
//   uniform: changes |1−0| + |0−0| + |0−1| = 2 → number of ones = 2; ror: min(9, 12, 6, 3) = 3;
//   nri_uniform: 2 ones, first one at 0, first zero at 1 → 1 + (2−1)·4 + (2−1) = 6;
//   var: samples 6, 2, 4, 8 → biased variance 5.
// Corner 9 (row 2, col 2): right and down are outside (0), up 6, left 8 → all bits 0 → 0 for every code;
//   var: samples 0, 6, 8, 0 → (Σg² − (Σg)²/4)/4 = (100 − 49)/4 = 12.75.
const slice = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const expectedCentre: Record<Lbp2DMethod, number> = { default: 9, uniform: 2, ror: 3, nri_uniform: 6, var: 5 };

describe("lbp2DFilter (hand-computed, P = 4, R = 1)", () => {
  for (const method of Object.keys(expectedCentre) as Lbp2DMethod[]) {
    it(`${method}: centre ${expectedCentre[method]}, corner ${method === "var" ? 12.75 : 0}`, () => {
      const out = lbp2DFilter(createVolume(new Float64Array(slice), [3, 3, 1]), { samples: 4, radius: 1, method });
      expect(out.data[4]).toBeCloseTo(expectedCentre[method], 12);
      expect(out.data[8]).toBeCloseTo(method === "var" ? 12.75 : 0, 12);
      expect(out.metadata.imageType).toBe("lbp-2D");
    });
  }

  it("takes slices across force2Ddimension as PyRadiomics' swapaxes does (1: rows z, cols x; 2: rows y, cols z)", () => {
    const across = (size: Vec3, index: (r: number, c: number) => number, axis: number) => {
      const data = new Float64Array(9);
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) data[index(r, c)] = slice[3 * r + c]!;
      const out = lbp2DFilter(createVolume(data, size), { samples: 4, method: "default", force2Ddimension: axis });
      return out.data[index(1, 1)];
    };
    expect(across([3, 1, 3], (r, c) => c + 3 * r, 1)).toBe(9); // x = column, z = row
    expect(across([1, 3, 3], (r, c) => r + 3 * c, 2)).toBe(9); // y = row, z = column
  });

  it("rejects unknown methods and bad sample counts", () => {
    const v = createVolume(new Float64Array(9), [3, 3, 1]);
    expect(() => lbp2DFilter(v, { method: "uniforme" as Lbp2DMethod })).toThrow(/unknown lbp2DMethod "uniforme"/);
    expect(() => lbp2DFilter(v, { samples: 0 })).toThrow(/lbp2DSamples/);
  });
});

const SCRIPT = `
runs = json.loads(sys.argv[2])
for r in runs:
    im = sitk.ReadImage(r["image"]); ma = sitk.ReadImage(r["mask"])
    src = sitk.Cast(im, sitk.sitkFloat64) if r["float"] else im
    for img, name, _ in io.getLBP2DImage(src, ma, **r["kw"]):
        save(r["id"], img)
print(json.dumps({"name": name}))
`;

const PEER = hasRefdata() && hasPythonModules("radiomics", "SimpleITK", "skimage");

describe.skipIf(!PEER)("lbp2DFilter vs PyRadiomics getLBP2DImage (scikit-image), needs the venv with scikit-image", () => {
  // brain1 (256×256×25) with the defaults; the other methods on the smaller breast1 (45×120×21)
  const runs = [
    { id: "defaults", image: "brain1", float: false, kw: {}, ours: {} },
    ...(["default", "ror", "nri_uniform"] as const).map((m) => ({
      id: m,
      image: "breast1",
      float: false,
      kw: { lbp2DMethod: m, lbp2DRadius: 1.5, lbp2DSamples: 10, force2Ddimension: 1 },
      ours: { method: m, radius: 1.5, samples: 10, force2Ddimension: 1 },
    })),
    { id: "var-int", image: "breast1", float: false, kw: { lbp2DMethod: "var", force2Ddimension: 2 }, ours: { method: "var" as const, force2Ddimension: 2 } },
    { id: "var-float", image: "breast1", float: true, kw: { lbp2DMethod: "var" }, ours: { method: "var" as const } },
  ];
  let run: PeerRun<{ name: string }>;
  beforeAll(async () => {
    const spec = runs.map((r) => ({ ...r, image: refPath("pyradiomics", `${r.image}_image.nrrd`), mask: refPath("pyradiomics", `${r.image}_label.nrrd`) }));
    run = await runPeer(SCRIPT, [JSON.stringify(spec)]);
  });
  afterAll(() => run.cleanup());

  it("brain1 and breast1: identical codes for every method (var: within 1e-12; NaN where numpy stores an arbitrary integer)", () => {
    expect(run.meta.name).toBe("lbp-2D");
    for (const r of runs) {
      const vol = readImage(refPath("pyradiomics", `${r.image}_image.nrrd`));
      const ours = lbp2DFilter(r.float ? { ...vol, data: Float64Array.from(vol.data) } : vol, r.ours).data;
      const ref = run.read(r.id);
      if (r.id === "var-int") {
        // an int16 image stores var values truncated and wrapped (done here too); where the variance is NaN numpy's
        // cast stores an arbitrary integer (0 or −32768 depending on its cast loop), which we leave NaN
        const d = difference(ours, ref, (i) => !Number.isNaN(ours[i]!));
        expect(d.maxAbs, r.id).toBe(0);
        const sentinels = new Set<number>();
        for (let i = 0; i < ours.length; i++) if (Number.isNaN(ours[i]!)) sentinels.add(ref[i]!);
        expect([...sentinels].every((v) => v === 0 || v === -32768), [...sentinels].join()).toBe(true);
      } else {
        const d = difference(ours, ref);
        expect(d.nanMismatch, r.id).toBe(0);
        expect(d.rel, `${r.id}: max |Δ| ${d.maxAbs} of ${d.range}`).toBeLessThan(r.id === "var-float" ? 1e-12 : 1e-15);
      }
    }
  });
});
