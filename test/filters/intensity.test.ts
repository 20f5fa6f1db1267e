/**
 * Square, SquareRoot, Logarithm, Exponential: hand-computed values of PyRadiomics' formulas (scaling by the
 * largest absolute intensity M), and agreement with PyRadiomics' getSquareImage … getExponentialImage in the
 * venv on brain1 and on an image with negative intensities.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exponentialFilter, logarithmFilter, squareFilter, squareRootFilter } from "../../src/filters";
import { createVolume } from "../../src/io/volume";
import { readImage } from "../../src/io/read";
import { hasPythonModules, hasRefdata, refPath } from "../refdata";
import { difference, runPeer, type PeerRun } from "./peer";

const vol = () => createVolume(new Int16Array([0, -2, 4]), [3, 1, 1]);

describe("intensity transforms (PyRadiomics formulas, M = max|x| = 4)", () => {
  it("square: (x/√M)² → 0, 1, 4, leaving the input untouched", () => {
    const v = vol();
    const out = squareFilter(v);
    expect(Array.from(out.data)).toEqual([0, 1, 4]);
    expect(out.metadata.imageType).toBe("square");
    expect(Array.from(v.data)).toEqual([0, -2, 4]);
  });
  it("squareroot: ±√(M|x|) → 0, −2√2, 4", () => {
    const d = squareRootFilter(vol()).data;
    expect(d[0]).toBe(0);
    expect(d[1]).toBeCloseTo(-2 * Math.SQRT2, 15);
    expect(d[2]).toBe(4);
  });
  it("logarithm: ±ln(|x| + 1)·M / max|…| → 0, −4·ln3/ln5, 4", () => {
    const d = logarithmFilter(vol()).data;
    expect(d[0]).toBe(0);
    expect(d[1]).toBeCloseTo((-4 * Math.log(3)) / Math.log(5), 14);
    expect(d[2]).toBeCloseTo(4, 14);
  });
  it("exponential: exp(x·ln M / M) → 1, ½, 4", () => {
    const d = exponentialFilter(vol()).data;
    expect(d[0]).toBe(1);
    expect(d[1]).toBeCloseTo(0.5, 15);
    expect(d[2]).toBeCloseTo(4, 14);
  });
  it("refuses an all-zero image (PyRadiomics would give NaN everywhere)", () => {
    const zero = createVolume(new Float32Array(8), [2, 2, 2]);
    expect(() => squareFilter(zero)).toThrow(/Square filter: the image is all zeros/);
    expect(() => exponentialFilter(zero)).toThrow(/all zeros/);
  });
});

const SCRIPT = `
im = sitk.ReadImage(sys.argv[2]); ma = sitk.ReadImage(sys.argv[3])
# a second image with negative intensities (float64), saved as input for the TypeScript side
a = ((np.arange(20 * 30 * 10) * 7919) % 2001 - 1000).astype(np.float64).reshape(10, 30, 20) / 3.0
neg = sitk.GetImageFromArray(a); save("neg-input", a)
names = []
for fn in ["Square", "SquareRoot", "Logarithm", "Exponential"]:
    for img, name, _ in getattr(io, "get%sImage" % fn)(im, ma):
        save("brain1-" + name, img); names.append(name)
    for img, name, _ in getattr(io, "get%sImage" % fn)(neg, neg):
        save("neg-" + name, img)
print(json.dumps({"names": names}))
`;

const PEER = hasRefdata() && hasPythonModules("radiomics", "SimpleITK");

describe.skipIf(!PEER)("intensity transforms vs PyRadiomics, needs the venv", () => {
  let run: PeerRun<{ names: string[] }>;
  beforeAll(async () => {
    run = await runPeer(SCRIPT, [refPath("pyradiomics", "brain1_image.nrrd"), refPath("pyradiomics", "brain1_label.nrrd")]);
  });
  afterAll(() => run.cleanup());

  it("same names, voxels within 1e-14 of the range on brain1 (int16) and on a float image with negatives", () => {
    expect(run.meta.names).toEqual(["square", "squareroot", "logarithm", "exponential"]);
    const brain = readImage(refPath("pyradiomics", "brain1_image.nrrd"));
    const neg = createVolume(Float64Array.from(run.read("neg-input")), [20, 30, 10]);
    const filters = { square: squareFilter, squareroot: squareRootFilter, logarithm: logarithmFilter, exponential: exponentialFilter };
    for (const [name, f] of Object.entries(filters)) {
      for (const [label, v] of [["brain1", brain], ["neg", neg]] as const) {
        const d = difference(f(v).data, run.read(`${label}-${name}`));
        // same double-precision formulas; only log/exp may differ in the last bit (measured ≤ 1.5e-16)
        expect(d.rel, `${label} ${name}: max |Δ| ${d.maxAbs} of ${d.range}`).toBeLessThan(1e-14);
      }
    }
  });
});
