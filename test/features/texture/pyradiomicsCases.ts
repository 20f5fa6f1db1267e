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
export function runPyradiomics(family: "glcm" | "glrlm", runs: readonly PyradiomicsRun[]): Record<string, number>[] {
  return runPythonJson<Record<string, number>[]>(SCRIPT, [refPath("pyradiomics"), family, JSON.stringify(runs)]);
}
