/**
 * PyRadiomics GLRLM conventions against PyRadiomics itself (`radiomics.glrlm.RadiomicsGLRLM`, run in the
 * project's venv): every feature within 1e-5 relative, on PyRadiomics' test cases with binWidth 25, under
 * the default and each non-default setting (`weightingNorm`, `force2D`, `force2Ddimension`), and on a
 * single-slice ROI, where PyRadiomics drops the angles that cross the slice. Needs the reference data and
 * the venv with pyradiomics (CI makes it); skipped otherwise.
 */
import { describe, expect, it } from "vitest";
import { PYRADIOMICS_GLRLM_FEATURES, pyradiomicsGlrlmFeatures } from "../../../src/features/pyradiomics/glrlm";
import { hasPythonModules, hasRefdata } from "../../refdata";
import { PEER_RUNS, peerMismatches, pyradiomicsCase, runPyradiomics } from "./pyradiomicsCases";

describe.skipIf(!hasRefdata() || !hasPythonModules("radiomics", "SimpleITK"))("PyRadiomics GLRLM vs PyRadiomics (venv and reference data required)", async () => {
  const peer = await runPyradiomics("glrlm", PEER_RUNS);

  PEER_RUNS.forEach((run, r) => {
    const label = `${run.case}${run.onlySlice != null ? ` slice ${run.onlySlice}` : ""} ${JSON.stringify(run.settings)}`;
    it(label, () => {
      const ours = pyradiomicsGlrlmFeatures(pyradiomicsCase(run.case, run.onlySlice ?? null), run.settings);
      expect(ours.map((f) => f.name).sort()).toEqual(Object.keys(peer[r]!).sort());
      expect(peerMismatches(ours, peer[r]!)).toEqual([]);
      for (const f of ours) expect(f.family).toBe("glrlm");
    });
  });

  it("emits PyRadiomics' 16 GLRLM features", () => {
    expect(PYRADIOMICS_GLRLM_FEATURES).toHaveLength(16);
  });
});
