/**
 * Helpers for comparing filtered images with PyRadiomics run in the project's venv: a Python script writes
 * each array as raw little-endian float64 (numpy z, y, x order = our first-axis-fastest order) into a
 * temporary folder and prints JSON metadata; the test reads the arrays back and measures the differences.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPythonJson } from "../refdata";

/**
 * Python prelude: quiet PyRadiomics, `save(name, sitkImageOrArray)` into the output folder (argv[1]), and
 * the SciPy ≥ 1.17 compatibility shim PyRadiomics' LBP3D needs: `scipy.special.sph_harm(m, n, azimuth, polar)`
 * was removed in favour of `sph_harm_y(n, m, polar, azimuth)`, which returns the same values.
 */
export const PRELUDE = `
import sys, json, logging, numpy as np, SimpleITK as sitk, scipy.special
import radiomics
from radiomics import imageoperations as io
radiomics.logger.setLevel(logging.ERROR)
if not hasattr(scipy.special, "sph_harm"):
    scipy.special.sph_harm = lambda m, n, theta, phi: scipy.special.sph_harm_y(n, m, phi, theta)
OUT = sys.argv[1]
def save(name, img):
    a = sitk.GetArrayFromImage(img) if isinstance(img, sitk.Image) else np.asarray(img)
    np.ascontiguousarray(a, dtype="<f8").tofile(OUT + "/" + name + ".f64")
`;

export interface PeerRun<M> {
  meta: M;
  read(name: string): Float64Array;
  cleanup(): void;
}

/** Runs `PRELUDE + script` with the output folder and `args`; the script must print one JSON value. */
export async function runPeer<M = unknown>(script: string, args: string[] = []): Promise<PeerRun<M>> {
  const dir = mkdtempSync(join(tmpdir(), "radiogx-filters-"));
  const meta = await runPythonJson<M>(PRELUDE + script, [dir, ...args]);
  return {
    meta,
    read(name: string): Float64Array {
      const buf = readFileSync(join(dir, `${name}.f64`));
      return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Difference {
  /** Largest |ours − reference| over the compared voxels (NaN pairs skipped). */
  maxAbs: number;
  /** Largest |reference| over the compared voxels. */
  range: number;
  /** maxAbs / range. */
  rel: number;
  /** Voxels where exactly one side is NaN. */
  nanMismatch: number;
  /** Voxels compared. */
  count: number;
}

/** Differences between our voxels and the reference, over all voxels or those where `include(i)`. */
export function difference(ours: ArrayLike<number>, ref: ArrayLike<number>, include?: (i: number) => boolean): Difference {
  if (ours.length !== ref.length) throw new Error(`length ${ours.length} vs reference ${ref.length}`);
  let maxAbs = 0, range = 0, nanMismatch = 0, count = 0;
  for (let i = 0; i < ref.length; i++) {
    if (include && !include(i)) continue;
    const a = ours[i]!, b = ref[i]!;
    count++;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) nanMismatch++;
      continue;
    }
    const d = Math.abs(a - b);
    if (d > maxAbs) maxAbs = d;
    if (Math.abs(b) > range) range = Math.abs(b);
  }
  return { maxAbs, range, rel: range > 0 ? maxAbs / range : maxAbs, nanMismatch, count };
}
