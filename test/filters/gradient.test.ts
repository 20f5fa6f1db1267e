/**
 * Gradient magnitude: central differences with edge replication on a ramp (hand values), and agreement with
 * PyRadiomics' getGradientImage (SimpleITK GradientMagnitudeImageFilter) in the venv, with and without spacing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradientFilter } from "../../src/filters";
import { createVolume } from "../../src/io/volume";
import { readImage } from "../../src/io/read";
import { hasPythonModules, hasRefdata, refPath } from "../refdata";
import { difference, runPeer, type PeerRun } from "./peer";

describe("gradientFilter", () => {
  // f = 3·x (mm) along x with spacing 0.5 mm: |∇f| = 3 inside; at the two x borders the edge voxel is repeated,
  // so the central difference spans one voxel instead of two: 1.5.
  const ramp = () => {
    const data = new Float32Array(5 * 3 * 2);
    for (let p = 0; p < data.length; p++) data[p] = 3 * 0.5 * (p % 5);
    return createVolume(data, [5, 3, 2], { spacing: [0.5, 1, 2] });
  };
  it("uses the spacing by default: 3 inside, 1.5 on the x borders", () => {
    const g = gradientFilter(ramp());
    expect(g.metadata.imageType).toBe("gradient");
    expect(Array.from(g.data.slice(0, 5))).toEqual([1.5, 3, 3, 3, 1.5]);
  });
  it("works per voxel without spacing (gradientUseSpacing: false): 1.5 inside, 0.75 on the borders", () => {
    expect(Array.from(gradientFilter(ramp(), { useSpacing: false }).data.slice(5, 10))).toEqual([0.75, 1.5, 1.5, 1.5, 0.75]);
  });
});

const SCRIPT = `
im = sitk.ReadImage(sys.argv[2]); ma = sitk.ReadImage(sys.argv[3])
for use in [True, False]:
    for img, name, _ in io.getGradientImage(im, ma, gradientUseSpacing=use):
        save("%s-%s" % (name, use), img)
print(json.dumps({"name": name}))
`;

const PEER = hasRefdata() && hasPythonModules("radiomics", "SimpleITK");

describe.skipIf(!PEER)("gradientFilter vs PyRadiomics getGradientImage (SimpleITK), needs the venv", () => {
  let run: PeerRun<{ name: string }>;
  beforeAll(async () => {
    run = await runPeer(SCRIPT, [refPath("pyradiomics", "brain1_image.nrrd"), refPath("pyradiomics", "brain1_label.nrrd")]);
  });
  afterAll(() => run.cleanup());

  it("brain1, with and without spacing: voxels within 1e-6 of the range (float32 output)", () => {
    expect(run.meta.name).toBe("gradient");
    const vol = readImage(refPath("pyradiomics", "brain1_image.nrrd"));
    for (const use of [true, false]) {
      const d = difference(gradientFilter(vol, { useSpacing: use }).data, run.read(`gradient-${use ? "True" : "False"}`));
      // measured: identical (0 difference)
      expect(d.rel, `useSpacing ${use}: max |Δ| ${d.maxAbs} of ${d.range}`).toBeLessThan(1e-6);
    }
  });
});
