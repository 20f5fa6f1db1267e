/**
 * Test helpers for the PyRadiomics peer comparisons: the PyRadiomics test cases (brain1, brain2, breast1;
 * label 1) discretised with PyRadiomics' fixed bin width 25 (`src/preprocess/discretise.ts`, PyRadiomics
 * conventions), and a script that runs one PyRadiomics feature class on the same cases in the venv.
 */
import { readImage } from "../../../src/io/read";
import { discretise } from "../../../src/preprocess/discretise";
import type { DiscretisedImage, PreparedRoi } from "../../../src/features/types";
import { refPath, runPythonJson } from "../../refdata";

export const PYRADIOMICS_CASES = ["brain1", "brain2", "breast1"] as const;

/**
 * A PyRadiomics test case as PyRadiomics sees it without resampling: the whole image, ROI = label 1
 * (restricted to the slice k = `onlySlice` when given), binWidth 25.
 */
export function pyradiomicsCase(name: string, onlySlice: number | null = null): DiscretisedImage {
  const image = readImage(refPath("pyradiomics", `${name}_image.nrrd`));
  const label = readImage(refPath("pyradiomics", `${name}_label.nrrd`));
  const mask = new Uint8Array(label.data.length);
  const plane = image.size[0] * image.size[1];
  for (let p = 0; p < mask.length; p++) {
    mask[p] = label.data[p] === 1 && (onlySlice === null || Math.floor(p / plane) === onlySlice) ? 1 : 0;
  }
  const roi: PreparedRoi = {
    size: image.size, spacing: image.spacing, origin: image.origin, direction: image.direction,
    intensities: Float64Array.from(image.data), morphMask: mask, intensityMask: mask,
  };
  return discretise(roi, { method: "fbs", binWidth: 25, conventions: "pyradiomics" });
}

/** One PyRadiomics run: a case, optionally one slice of its ROI, and the class settings. */
export interface PyradiomicsRun {
  case: string;
  onlySlice?: number | null;
  settings: Record<string, unknown>;
}

const SCRIPT = `
import json, sys, logging
import numpy, SimpleITK as sitk
import radiomics
from radiomics import glcm, glrlm
radiomics.setVerbosity(logging.ERROR)
base, family = sys.argv[1], sys.argv[2]
runs = json.loads(sys.argv[3])
cls = {"glcm": glcm.RadiomicsGLCM, "glrlm": glrlm.RadiomicsGLRLM}[family]
out = []
for run in runs:
    image = sitk.ReadImage(f"{base}/{run['case']}_image.nrrd")
    mask = sitk.ReadImage(f"{base}/{run['case']}_label.nrrd")
    if run.get("onlySlice") is not None:
        m = sitk.GetArrayFromImage(mask)
        keep = numpy.zeros_like(m)
        keep[run["onlySlice"]] = m[run["onlySlice"]]
        m2 = sitk.GetImageFromArray(keep)
        m2.CopyInformation(mask)
        mask = m2
    f = cls(image, mask, binWidth=25, label=1, **run["settings"])
    out.append({k: float(v) for k, v in f.execute().items()})
print(json.dumps(out))
`;

/** Runs PyRadiomics' GLCM or GLRLM class (its default-enabled features) for each run. */
export async function runPyradiomics(family: "glcm" | "glrlm", runs: readonly PyradiomicsRun[]): Promise<Record<string, number>[]> {
  return await runPythonJson<Record<string, number>[]>(SCRIPT, [refPath("pyradiomics"), family, JSON.stringify(runs)]);
}

/**
 * The peer runs of the GLCM and GLRLM tests: PyRadiomics' defaults on the three cases; a single-slice ROI
 * (angles across it are empty or degenerate and dropped); and brain2 under each non-default setting.
 */
export const PEER_RUNS: readonly PyradiomicsRun[] = [
  { case: "brain1", settings: {} },
  { case: "brain2", settings: {} },
  { case: "breast1", settings: {} },
  { case: "brain1", onlySlice: 14, settings: {} },
  { case: "brain2", settings: { force2D: true } },
  { case: "brain2", settings: { weightingNorm: "euclidean" } },
  { case: "brain2", settings: { weightingNorm: "manhattan", symmetricalGLCM: false } },
  { case: "brain2", settings: { distances: [1, 2], weightingNorm: "infinity" } },
  { case: "brain2", settings: { distances: [2], force2D: true, force2Ddimension: 1 } },
  { case: "breast1", settings: { weightingNorm: "no_weighting", force2D: true, force2Ddimension: 2 } },
  { case: "breast1", settings: { symmetricalGLCM: false } },
];

/** `|ours − peer| ≤ 1e-5 |peer|` (plus 1e-12 for values at 0), as a list of the features that are not. */
export function peerMismatches(ours: readonly { name: string; value: number }[], peer: Record<string, number>): string[] {
  const off: string[] = [];
  for (const f of ours) {
    const v = peer[f.name];
    if (v === undefined || !(Math.abs(f.value - v) <= 1e-5 * Math.abs(v) + 1e-12)) off.push(`${f.name}: radiogx ${f.value}, PyRadiomics ${v}`);
  }
  return off;
}
