/**
 * Laplacian of Gaussian: analytic checks of the recursive (Deriche/ITK) filter, and voxel-by-voxel agreement
 * with PyRadiomics' getLoGImage (SimpleITK LaplacianRecursiveGaussianImageFilter, normalised across scale)
 * run in the venv on PyRadiomics' brain1 and breast1 test images.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logFilter, logImageTypeName, logSigmaProblem } from "../../src/filters";
import { createVolume, type Vec3 } from "../../src/io/volume";
import { readImage } from "../../src/io/read";
import { hasPythonModules, hasRefdata, refPath } from "../refdata";
import { difference, runPeer, type PeerRun } from "./peer";

function volumeFrom(size: Vec3, spacing: Vec3, f: (x: number, y: number, z: number) => number) {
  const data = new Float64Array(size[0] * size[1] * size[2]);
  for (let k = 0, p = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++)
      for (let i = 0; i < size[0]; i++, p++) data[p] = f(i * spacing[0], j * spacing[1], k * spacing[2]);
  return createVolume(data, size, { spacing });
}

describe("logFilter (analytic)", () => {
  it("gives 0 on a constant image (relative to the intensity, float32 precision)", () => {
    const vol = createVolume(new Int16Array(12 * 10 * 8).fill(1000), [12, 10, 8], { spacing: [0.8, 0.8, 2.5] });
    const out = logFilter(vol, 1.5);
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(Math.max(...Array.from(out.data, Math.abs))).toBeLessThan(1000 * 1e-6);
  });

  it("gives σ²·∇²f = 2aσ² on a parabola f = a·x² (mm), with anisotropic spacing", () => {
    // Deriche's second-derivative filter is normalised to respond exactly 2 to k² (ITK alpha2); away from the
    // borders (edge effects decay as e^(−1.39·Δ/σ) per voxel) the result is exact up to float32 rounding.
    const a = 0.01, sigma = 2;
    const vol = volumeFrom([161, 6, 5], [0.5, 1.2, 3], (x) => a * (x - 40) ** 2);
    const out = logFilter(vol, sigma);
    const centre = 80 + 161 * (3 + 6 * 2);
    expect(out.data[centre]!).toBeCloseTo(2 * a * sigma * sigma, 5);
  });

  it("approximates the analytic LoG of a Gaussian blob within 2 % (Deriche's IIR approximation)", () => {
    // I = exp(−r²/2s²) ⇒ (G_σ * I)(r) = (s²/(s²+σ²))^{3/2} exp(−r²/2(s²+σ²)) and its Laplacian at r = 0 is
    // −3/(s²+σ²) times the peak, so LoG(0) = −3σ² s³ / (s²+σ²)^{5/2}. The 4th-order recursive approximation of
    // the second derivative of a Gaussian at σ = 2 voxels is not exact (about 1 % here, as SimpleITK's).
    const s = 3, sigma = 2, n = 61, c = 30;
    const vol = volumeFrom([n, n, n], [1, 1, 1], (x, y, z) => Math.exp(-((x - c) ** 2 + (y - c) ** 2 + (z - c) ** 2) / (2 * s * s)));
    const out = logFilter(vol, sigma);
    const expected = (-3 * sigma ** 2 * s ** 3) / (s * s + sigma * sigma) ** 2.5;
    const got = out.data[c + n * (c + n * c)]!;
    expect(Math.abs(got - expected) / Math.abs(expected)).toBeLessThan(2e-2);
  });

  it("names images as PyRadiomics does (Python str of the sigma, '.' → '-')", () => {
    // PyRadiomics: 'log-sigma-%s-mm-3D' % str(sigma).replace('.', '-') with sigma a float from the params file
    expect(logImageTypeName(2)).toBe("log-sigma-2-0-mm-3D");
    expect(logImageTypeName(0.5)).toBe("log-sigma-0-5-mm-3D");
    expect(logImageTypeName(1.25)).toBe("log-sigma-1-25-mm-3D");
    expect(logImageTypeName(1e-5)).toBe("log-sigma-1e-05-mm-3D");
    expect(logFilter(createVolume(new Float32Array(64), [4, 4, 4]), 1).metadata.imageType).toBe("log-sigma-1-0-mm-3D");
  });

  it("refuses sigmas PyRadiomics skips: image under 4 voxels, size < ⌈σ/Δ⌉ + 1, σ ≤ 0", () => {
    const small = createVolume(new Float32Array(3 * 10 * 10), [3, 10, 10]);
    expect(logSigmaProblem(small, 1)).toMatch(/at least 4 voxels/);
    const vol = createVolume(new Float32Array(10 * 10 * 5), [10, 10, 5], { spacing: [1, 1, 2] });
    expect(logSigmaProblem(vol, 8)).toBeNull(); // ⌈8/2⌉ + 1 = 5 ≤ 5
    expect(logSigmaProblem(vol, 8.5)).toMatch(/too large/); // ⌈8.5/2⌉ + 1 = 6 > 5
    expect(logSigmaProblem(vol, 0)).toMatch(/greater than 0/);
    expect(() => logFilter(vol, 8.5)).toThrow(/LoG filter: sigma 8.5 mm is too large/);
  });
});

const LOG_SCRIPT = `
im = sitk.ReadImage(sys.argv[2]); ma = sitk.ReadImage(sys.argv[3])
sigmas = [float(s) for s in json.loads(sys.argv[4])]  # floats, as in a params file
names = []
for img, name, kw in io.getLoGImage(im, ma, sigma=sigmas):
    save(name, img); names.append(name)
print(json.dumps({"names": names}))
`;

const PEER = hasRefdata() && hasPythonModules("radiomics", "SimpleITK");

describe.skipIf(!PEER)("logFilter vs PyRadiomics getLoGImage (SimpleITK), needs the venv", () => {
  const cases = [
    { name: "brain1", sigmas: [1.0, 3.0, 200.0] }, // 200 mm: skipped (z has 25 voxels of 6.5 mm)
    { name: "breast1", sigmas: [0.5, 1.5, 4.0] },
  ];
  const runs = new Map<string, PeerRun<{ names: string[] }>>();
  beforeAll(async () => {
    for (const c of cases) {
      const img = refPath("pyradiomics", `${c.name}_image.nrrd`), msk = refPath("pyradiomics", `${c.name}_label.nrrd`);
      runs.set(c.name, await runPeer<{ names: string[] }>(LOG_SCRIPT, [img, msk, JSON.stringify(c.sigmas)]));
    }
  });
  afterAll(() => runs.forEach((r) => r.cleanup()));

  for (const c of cases) {
    it(`${c.name}: same images and names, voxels within 1e-6 of the range (float32 rounding)`, () => {
      const run = runs.get(c.name)!;
      const vol = readImage(refPath("pyradiomics", `${c.name}_image.nrrd`));
      const ours = c.sigmas.filter((s) => logSigmaProblem(vol, s) === null);
      expect(ours.map((s) => logImageTypeName(s))).toEqual(run.meta.names);
      for (const sigma of ours) {
        const d = difference(logFilter(vol, sigma).data, run.read(logImageTypeName(sigma)));
        // measured: max |Δ| 1.2e-7 (one float32 ulp) on a range of ~1000, i.e. ~1e-10 relative
        expect(d.rel, `${logImageTypeName(sigma)}: max |Δ| ${d.maxAbs} of ${d.range}`).toBeLessThan(1e-6);
      }
    });
  }
});
