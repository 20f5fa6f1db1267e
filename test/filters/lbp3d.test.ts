/**
 * 3D local binary patterns: the icosphere, the spherical harmonics against their closed forms, closed-form
 * outputs on simple images, and agreement with PyRadiomics' getLBP3DImage in the venv (needs trimesh; SciPy
 * ≥ 1.17 removed `sph_harm`, which the peer script restores from `sph_harm_y` — see peer.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { icosphereVertices, lbp3DFilter, sphericalHarmonic } from "../../src/filters";
import { createVolume } from "../../src/io/volume";
import { readImage } from "../../src/io/read";
import { hasPythonModules, hasRefdata, refPath } from "../refdata";
import { difference, runPeer, type PeerRun } from "./peer";

describe("icosphere and spherical harmonics", () => {
  it("has 12, 42, 162 vertices for 0, 1, 2 subdivisions, all at the radius", () => {
    for (const [s, n] of [[0, 12], [1, 42], [2, 162]] as const) {
      const v = icosphereVertices(s, 1.5);
      expect(v).toHaveLength(n);
      for (const p of v) expect(Math.hypot(p[0]!, p[1]!, p[2]!)).toBeCloseTo(1.5, 14);
    }
    // the icosahedron's vertices are (±1, ±t, 0)/‖(1, t, 0)‖ and cyclic permutations (t = golden ratio)
    const t = (1 + Math.sqrt(5)) / 2, a = 1 / Math.hypot(1, t), b = t / Math.hypot(1, t);
    expect(icosphereVertices(0, 1)[0]![0]).toBeCloseTo(-a, 15);
    expect(icosphereVertices(0, 1)[0]![1]).toBeCloseTo(b, 15);
  });

  it("matches the closed forms of Y_0^0, Y_1^{0,±1}, Y_2^0 (Condon–Shortley phase)", () => {
    const az = 0.7, pol = 1.1;
    expect(sphericalHarmonic(0, 0, az, pol)[0]).toBeCloseTo(1 / (2 * Math.sqrt(Math.PI)), 15);
    expect(sphericalHarmonic(0, 1, az, pol)[0]).toBeCloseTo(Math.sqrt(3 / (4 * Math.PI)) * Math.cos(pol), 15);
    const k = Math.sqrt(3 / (8 * Math.PI)) * Math.sin(pol);
    const [re1, im1] = sphericalHarmonic(1, 1, az, pol);
    expect(re1).toBeCloseTo(-k * Math.cos(az), 15);
    expect(im1).toBeCloseTo(-k * Math.sin(az), 15);
    const [reM, imM] = sphericalHarmonic(-1, 1, az, pol);
    expect(reM).toBeCloseTo(k * Math.cos(az), 15);
    expect(imM).toBeCloseTo(-k * Math.sin(az), 15);
    expect(sphericalHarmonic(0, 2, az, pol)[0]).toBeCloseTo(Math.sqrt(5 / (16 * Math.PI)) * (3 * Math.cos(pol) ** 2 - 1), 15);
  });
});

describe("lbp3DFilter (closed forms)", () => {
  // When every sample is ≥ the centre, c_00 = Nv·Y00 and the degree-0 image is m1 = |c_00|·Y00·√Nv =
  // Nv·√Nv/(4π) (= 21.66 for 42 vertices). (Degree 1 does not vanish: with PyRadiomics' argument order the
  // "polar" angle is atan2(y, x), and P_1^1(cos φ) = −|sin φ| does not cancel over the sphere; the venv
  // comparison below covers it.)
  const allOnes = (42 * Math.sqrt(42)) / (4 * Math.PI);
  it("a local minimum: m1 = 42√42/(4π); voxels outside the ROI are 0", () => {
    const data = new Int16Array(7 * 7 * 7).fill(10);
    const c = 3 + 7 * (3 + 7 * 3);
    data[c] = 0;
    const mask = new Uint8Array(data.length);
    mask[c] = 1;
    const [m1, m2, k] = lbp3DFilter(createVolume(data, [7, 7, 7]), createVolume(mask, [7, 7, 7]));
    expect([m1!.imageType, m2!.imageType, k!.imageType]).toEqual(["lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k"]);
    expect(m1!.volume.data[c]).toBeCloseTo(allOnes, 12);
    expect(m1!.volume.data[0]).toBe(0);
    expect(Number.isFinite(k!.volume.data[c]!)).toBe(true);
  });

  it("a constant (integer) image: m1 as above and kurtosis NaN (zero variance, as SciPy), reported in a note", () => {
    // integer images are sampled as integers (SciPy returns the input dtype), so every sample is exactly 5
    const vol = createVolume(new Int16Array(6 * 6 * 6).fill(5), [6, 6, 6]);
    const mask = new Uint8Array(vol.data.length);
    const c = 2 + 6 * (2 + 6 * 2);
    mask[c] = 1;
    const out = lbp3DFilter(vol, createVolume(mask, [6, 6, 6]));
    expect(out[0]!.volume.data[c]).toBeCloseTo(allOnes, 12);
    expect(out[2]!.volume.data[c]).toBeNaN();
    expect(String(out[2]!.volume.metadata.note)).toMatch(/kurtosis is NaN at 1 ROI voxel/);
  });

  it("rejects an empty label and bad settings", () => {
    const v = createVolume(new Float64Array(27), [3, 3, 3]);
    expect(() => lbp3DFilter(v, createVolume(new Uint8Array(27), [3, 3, 3]))).toThrow(/no voxel with label 1/);
    expect(() => lbp3DFilter(v, v, { levels: 0 })).toThrow(/lbp3DLevels/);
  });
});

const SCRIPT = `
runs = json.loads(sys.argv[2])
for r in runs:
    im = sitk.ReadImage(r["image"]); ma = sitk.ReadImage(r["mask"])
    for img, name, _ in io.getLBP3DImage(im, ma, **r["kw"]):
        save(r["id"] + "-" + name, img)
from trimesh.creation import icosphere
print(json.dumps({"vertices": icosphere(1, 1).vertices.tolist()}))
`;

const PEER = hasRefdata() && hasPythonModules("radiomics", "SimpleITK", "scipy", "trimesh");

describe.skipIf(!PEER)("lbp3DFilter vs PyRadiomics getLBP3DImage, needs the venv with trimesh", () => {
  const cases = [
    { id: "brain1", image: "brain1_image.nrrd", mask: "brain1_label.nrrd", kw: {}, ours: {} },
    {
      id: "breast1-r1.5-s2-l3",
      image: "breast1_image.nrrd",
      mask: "breast1_label.nrrd",
      kw: { lbp3DLevels: 3, lbp3DIcosphereRadius: 1.5, lbp3DIcosphereSubdivision: 2 },
      ours: { levels: 3, icosphereRadius: 1.5, icosphereSubdivision: 2 },
    },
    { id: "prostate-uint16", image: "prostate_phantom_subvolume.nrrd", mask: "prostate_phantom_subvolume-label.nrrd", kw: {}, ours: {} },
  ];
  let run: PeerRun<{ vertices: number[][] }>;
  beforeAll(async () => {
    const spec = cases.map((c) => ({ id: c.id, image: refPath("pyradiomics", c.image), mask: refPath("pyradiomics", c.mask), kw: c.kw }));
    run = await runPeer(SCRIPT, [JSON.stringify(spec)]);
  });
  afterAll(() => run.cleanup());

  it("uses trimesh's icosphere (same vertex set)", () => {
    const key = (p: number[]) => p.map((v) => v.toFixed(12)).join(",");
    expect(new Set(icosphereVertices(1, 1).map(key))).toEqual(new Set(run.meta.vertices.map(key)));
  });

  for (const c of cases) {
    it(`${c.id}: ROI voxels within 1e-12 of the range for every output`, () => {
      const vol = readImage(refPath("pyradiomics", c.image));
      const mask = readImage(refPath("pyradiomics", c.mask));
      const out = lbp3DFilter(vol, mask, c.ours);
      for (const o of out) {
        // PyRadiomics leaves voxels outside the ROI uninitialised: compare the ROI only
        const d = difference(o.volume.data, run.read(`${c.id}-${o.imageType}`), (i) => mask.data[i] === 1);
        expect(d.nanMismatch, o.imageType).toBe(0);
        // measured ≤ 3e-15 relative (summation order only)
        expect(d.rel, `${o.imageType}: max |Δ| ${d.maxAbs} of ${d.range}`).toBeLessThan(1e-12);
      }
    });
  }
});
