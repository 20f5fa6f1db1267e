/**
 * PyRadiomics GLCM conventions against PyRadiomics itself (`radiomics.glcm.RadiomicsGLCM`, run in the
 * project's venv): every default-enabled feature within 1e-5 relative, on PyRadiomics' test cases with
 * binWidth 25, under the default and each non-default setting (`distances`, `symmetricalGLCM`,
 * `weightingNorm`, `force2D`, `force2Ddimension`). Needs the reference data and the venv with
 * pyradiomics (CI makes it); skipped otherwise.
 */
import { describe, expect, it } from "vitest";
import { PYRADIOMICS_GLCM_FEATURES, pyradiomicsGlcmFeatures, symmetricEigenvalues } from "../../../src/features/pyradiomics/glcm";
import { hasPythonModules, hasRefdata } from "../../refdata";
import { PEER_RUNS, peerMismatches, pyradiomicsCase, runPyradiomics } from "./pyradiomicsCases";

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics", "SimpleITK"))("PyRadiomics GLCM vs PyRadiomics (venv and reference data required)", async () => {
  const peer = await runPyradiomics("glcm", PEER_RUNS);

  PEER_RUNS.forEach((run, r) => {
    const label = `${run.case}${run.onlySlice != null ? ` slice ${run.onlySlice}` : ""} ${JSON.stringify(run.settings)}`;
    it(label, () => {
      const ours = pyradiomicsGlcmFeatures(pyradiomicsCase(run.case, run.onlySlice ?? null), run.settings);
      expect(ours.map((f) => f.name).sort()).toEqual(Object.keys(peer[r]!).sort());
      expect(peerMismatches(ours, peer[r]!)).toEqual([]);
    });
  });

  it("emits PyRadiomics' 24 default-enabled GLCM features, family glcm", () => {
    expect(PYRADIOMICS_GLCM_FEATURES).toHaveLength(24);
    expect(Object.keys(peer[0]!)).toHaveLength(24);
  });
});

describe("symmetric eigenvalues (used by MCC)", () => {
  it("finds the eigenvalues of H diag(λ) H for a Householder reflection H", () => {
    const lambda = [3, -1, 0.5, 2, 1e-3, 7];
    const n = lambda.length;
    const u = [1, -2, 0.5, 3, 1, -1];
    const uu = u.reduce((s, x) => s + x * x, 0);
    const h = (i: number, j: number): number => (i === j ? 1 : 0) - (2 * u[i]! * u[j]!) / uu;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j]! += h(i, k) * lambda[k]! * h(k, j);
    const ev = Array.from(symmetricEigenvalues(a, n)).sort((x, y) => x - y);
    const expected = [...lambda].sort((x, y) => x - y);
    ev.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it("handles 1 × 1 and already diagonal matrices", () => {
    expect(Array.from(symmetricEigenvalues(Float64Array.of(4), 1))).toEqual([4]);
    expect(Array.from(symmetricEigenvalues(Float64Array.of(2, 0, 0, 5), 2)).sort()).toEqual([2, 5]);
  });
});
