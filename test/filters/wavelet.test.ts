/**
 * Stationary wavelet decomposition: the filter tables against their defining properties (closed form of coif1,
 * orthonormality, vanishing moments), perfect reconstruction and energy conservation of the undecimated
 * transform, PyRadiomics' names and order, and voxel-by-voxel agreement with PyRadiomics' getWaveletImage
 * (pywt.swtn) in the venv.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAVELET_NAMES, waveletFilter, waveletFilterBank } from "../../src/filters";
import { ORTHOGONAL_SCALING_FILTERS } from "../../src/filters/waveletCoefficients";
import { createVolume, type Vec3 } from "../../src/io/volume";
import { readImage } from "../../src/io/read";
import { hasPythonModules, hasRefdata, refPath } from "../refdata";
import { difference, runPeer, type PeerRun } from "./peer";

function randomVolume(size: Vec3, seed = 7) {
  const data = new Float64Array(size[0] * size[1] * size[2]);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = (s / 2147483648) * 200 - 100;
  }
  return createVolume(data, size, { spacing: [0.7, 0.7, 2] });
}

/** Adjoint of the periodic convolution along `axis`: x[(o + ⌊F/2⌋ − j) mod N] += f[j]·y[o]. */
function adjointAlong(y: Float64Array, size: Vec3, axis: number, f: Float64Array): Float64Array {
  const x = new Float64Array(y.length);
  const N = size[axis]!, F = f.length, half = Math.floor(F / 2);
  const stride = axis === 0 ? 1 : axis === 1 ? size[0] : size[0] * size[1];
  for (let p = 0; p < y.length; p++) {
    const o = Math.floor(p / stride) % N;
    const base = p - o * stride;
    for (let j = 0; j < F; j++) {
      const n = (((o + half - j) % N) + N) % N;
      x[base + n * stride] = x[base + n * stride]! + f[j]! * y[p]!;
    }
  }
  return x;
}

describe("wavelet filter banks", () => {
  it("coif1 equals its closed form h = √2/32 · [1−√7, 5+√7, 14+2√7, 14−2√7, 1−√7, −3+√7]", () => {
    // Coiflet of order 1 (Daubechies, Ten Lectures on Wavelets, 1992, §8.2; e.g. Wikipedia "Coiflet")
    const r7 = Math.sqrt(7);
    const closed = [1 - r7, 5 + r7, 14 + 2 * r7, 14 - 2 * r7, 1 - r7, -3 + r7].map((v) => (v * Math.SQRT2) / 32);
    const h = ORTHOGONAL_SCALING_FILTERS.coif1!;
    closed.forEach((v, k) => expect(h[k]!).toBeCloseTo(v, 15));
    // PyRadiomics' analysis filters: decLo reversed, decHi alternating signs (pywt coif1 dec_lo/dec_hi)
    const bank = waveletFilterBank("coif1");
    expect(Array.from(bank.decLo)).toEqual([...h].reverse());
    expect(bank.decHi[0]).toBeCloseTo(0.07273261951252645, 16);
    expect(bank.decHi[2]).toBeCloseTo(-0.8525720202116004, 16);
  });

  it("orthogonal filters satisfy Σh = √2, Σh² = 1, Σ h[k]h[k+2m] = 0 and Σ decHi = 0", () => {
    for (const [name, h] of Object.entries(ORTHOGONAL_SCALING_FILTERS)) {
      const sum = h.reduce((a, b) => a + b, 0);
      expect(sum, name).toBeCloseTo(Math.SQRT2, 12);
      if (name === "dmey") continue; // the discrete Meyer FIR filter is only approximately orthonormal (2e-3)
      expect(h.reduce((a, b) => a + b * b, 0), name).toBeCloseTo(1, 10);
      for (let m = 1; 2 * m < h.length; m++) {
        let c = 0;
        for (let k = 0; k + 2 * m < h.length; k++) c += h[k]! * h[k + 2 * m]!;
        expect(Math.abs(c), `${name} shift ${m}`).toBeLessThan(1e-10);
      }
      expect(Math.abs(waveletFilterBank(name).decHi.reduce((a, b) => a + b, 0)), name).toBeLessThan(1e-10);
    }
  });

  it("dbN wavelets have N vanishing moments: Σ k^p decHi[k] = 0 for p < N", () => {
    for (let N = 1; N <= 6; N++) {
      const g = waveletFilterBank(`db${N}`).decHi;
      for (let p = 0; p < N; p++) {
        let m = 0, scale = 0;
        g.forEach((v, k) => { m += k ** p * v; scale += k ** p * Math.abs(v); });
        expect(Math.abs(m) / scale, `db${N} moment ${p}`).toBeLessThan(1e-10);
      }
    }
  });

  it("knows PyRadiomics' wavelet families and names the nearest one for a typo", () => {
    for (const n of ["haar", "db1", "db20", "sym2", "sym20", "coif1", "coif5", "dmey", "bior1.3", "rbio6.8"]) {
      expect(WAVELET_NAMES).toContain(n);
    }
    expect(() => waveletFilterBank("coif")).toThrow(/unknown wavelet "coif".*did you mean "coif1"/);
  });
});

describe("waveletFilter", () => {
  it("returns the 8 bands in PyRadiomics' order and names", () => {
    const bands = waveletFilter(randomVolume([6, 4, 4]));
    expect(bands.map((b) => b.imageType)).toEqual([
      "wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL", "wavelet-HLH", "wavelet-HHL", "wavelet-HHH", "wavelet-LLL",
    ]);
    const two = waveletFilter(randomVolume([6, 4, 4]), { level: 2 }).map((b) => b.imageType);
    expect(two).toHaveLength(15);
    expect(two.slice(7, 9)).toEqual(["wavelet2-LLH", "wavelet2-LHL"]);
    expect(two[14]).toBe("wavelet2-LLL");
    const flat = waveletFilter(randomVolume([6, 4, 4]), { force2D: true }).map((b) => b.imageType);
    expect(flat).toEqual(["wavelet-LH", "wavelet-HL", "wavelet-HH", "wavelet-LL"]);
  });

  it("maps a constant image to LLL = 2^{3/2}·c and zero details (Σ decLo = √2, Σ decHi = 0)", () => {
    const vol = createVolume(new Int16Array(5 * 4 * 3).fill(10), [5, 4, 3]);
    for (const b of waveletFilter(vol)) {
      const expected = b.band === "LLL" ? 10 * 2 ** 1.5 : 0;
      for (const v of b.volume.data) expect(Math.abs(v - expected)).toBeLessThan(1e-12);
    }
  });

  it("is a tight frame: Σ‖band‖² = 8‖x‖² and x = ⅛ Σ_b W_bᵀ band (perfect reconstruction)", () => {
    for (const name of ["coif1", "db3", "sym4", "haar"]) {
      const size: Vec3 = [8, 6, 4]; // even sizes: no padding, so the transform is exactly invertible
      const vol = randomVolume(size);
      const bank = waveletFilterBank(name);
      const bands = waveletFilter(vol, { wavelet: name });
      let e = 0, e0 = 0;
      for (const v of vol.data) e0 += v * v;
      const rec = new Float64Array(vol.data.length);
      for (const b of bands) {
        for (const v of b.volume.data) e += v * v;
        let y = b.volume.data;
        for (let axis = 2; axis >= 0; axis--) y = adjointAlong(y, size, axis, b.band[axis] === "L" ? bank.decLo : bank.decHi);
        y.forEach((v, i) => (rec[i] = rec[i]! + v / 8));
      }
      expect(e / e0, name).toBeCloseTo(8, 10);
      // intensities are in ±100; the tables are orthonormal to ~1e-12, so 1e-9 absolute (1e-11 relative)
      rec.forEach((v, i) => expect(Math.abs(v - vol.data[i]!), name).toBeLessThan(1e-9));
    }
  });

  it("rejects bad levels", () => {
    expect(() => waveletFilter(randomVolume([4, 4, 4]), { level: 0 })).toThrow(/level must be a whole number ≥ 1/);
    expect(() => waveletFilter(randomVolume([4, 4, 4]), { startLevel: -1 })).toThrow(/start_level/);
  });
});

const WAVELET_SCRIPT = `
im = sitk.ReadImage(sys.argv[2]); ma = sitk.ReadImage(sys.argv[3])
kw = json.loads(sys.argv[4])
if kw.pop("float32", False): im = sitk.Cast(im, sitk.sitkFloat32)
names = []
for img, name, _ in io.getWaveletImage(im, ma, **kw):
    save(name, img); names.append(name)
print(json.dumps({"names": names}))
`;

const PEER = hasRefdata() && hasPythonModules("radiomics", "SimpleITK", "pywt");

describe.skipIf(!PEER)("waveletFilter vs PyRadiomics getWaveletImage (pywt.swtn), needs the venv", () => {
  const cases = [
    { id: "brain1 coif1 (defaults; z has 25 slices: padded and cropped)", image: "brain1", py: {}, ours: {} },
    {
      id: "breast1 db2, level 2, start_level 1 (odd x and z)",
      image: "breast1",
      py: { wavelet: "db2", level: 2, start_level: 1 },
      ours: { wavelet: "db2", level: 2, startLevel: 1 },
    },
    { id: "breast1 bior2.2", image: "breast1", py: { wavelet: "bior2.2" }, ours: { wavelet: "bior2.2" } },
    {
      id: "breast1 sym4 with force2D across y",
      image: "breast1",
      py: { wavelet: "sym4", force2D: true, force2Ddimension: 1 },
      ours: { wavelet: "sym4", force2D: true, force2Ddimension: 1 },
    },
    { id: "breast1 coif1 on a float32 image", image: "breast1", py: { float32: true }, ours: {}, float32: true },
  ];
  const runs: PeerRun<{ names: string[] }>[] = [];
  beforeAll(async () => {
    for (const c of cases) {
      const img = refPath("pyradiomics", `${c.image}_image.nrrd`), msk = refPath("pyradiomics", `${c.image}_label.nrrd`);
      runs.push(await runPeer<{ names: string[] }>(WAVELET_SCRIPT, [img, msk, JSON.stringify(c.py)]));
    }
  });
  afterAll(() => runs.forEach((r) => r.cleanup()));

  cases.forEach((c, n) => {
    const tol = "float32" in c ? 5e-6 : 1e-12;
    it(`${c.id}: same bands and names, voxels within ${tol} of each band's range`, () => {
      const run = runs[n]!;
      const read = readImage(refPath("pyradiomics", `${c.image}_image.nrrd`));
      const vol = "float32" in c ? { ...read, data: Float32Array.from(read.data) } : read;
      const bands = waveletFilter(vol, c.ours);
      expect(bands.map((b) => b.imageType)).toEqual(run.meta.names);
      for (const b of bands) {
        const d = difference(b.volume.data, run.read(b.imageType));
        // double precision on both sides: measured ≤ 1e-16 relative (summation order only); for a float32 image
        // PyWavelets computes in single precision: measured 1.3e-6
        expect(d.rel, `${b.imageType}: max |Δ| ${d.maxAbs} of ${d.range}`).toBeLessThan(tol);
      }
    });
  });
});
