/**
 * Test fixtures for the zone and neighbourhood families (GLSZM, GLDZM, NGTDM, NGLDM): the IBSI 1 phantoms
 * through the project's own preprocessing, the IBSI reference tables, and a tiny image builder.
 *
 * - Digital phantom (IBSI 1 §5.1): no discretisation, the intensities 1..6 are the grey levels.
 * - CT phantom configuration A (IBSI 1 Table 5.1): no interpolation, intensities read as float and rounded,
 *   morphological mask = the mask, intensity mask = mask ∧ −500 ≤ HU ≤ 400, FBS 25 HU from −500
 *   (level = ⌊(x + 500) / 25⌋ + 1).
 */
import { readFileSync } from "node:fs";
import { isCompliant, loadIbsiReference, type ReferenceValue } from "../../../src/conformance/reference";
import type { DiscretisedImage, FeatureValue } from "../../../src/features/types";
import { readImage } from "../../../src/io/read";
import { selectLabel, type Vec3 } from "../../../src/io/volume";
import { discretise } from "../../../src/preprocess/discretise";
import { prepareRoi } from "../../../src/preprocess/prepare";
import { refPath, runPythonJson } from "../../refdata";

export interface PhantomCase {
  img: DiscretisedImage;
  morphMask: Uint8Array;
  reference: Map<string, ReferenceValue>;
}

export function digitalPhantom(): PhantomCase {
  const image = readImage(refPath("ibsi1", "digital-phantom", "image.nii.gz"));
  const mask = readImage(refPath("ibsi1", "digital-phantom", "mask.nii.gz"));
  const { roi } = prepareRoi(image, selectLabel(mask, 1), { conventions: "ibsi" });
  const img = discretise(roi, { method: "none", conventions: "ibsi" });
  return { img, morphMask: roi.morphMask, reference: loadIbsiReference("dig_phantom") };
}

export function ctPhantomConfigA(): PhantomCase {
  const image = readImage(refPath("ibsi1", "ct-phantom", "image.nii.gz"));
  const mask = readImage(refPath("ibsi1", "ct-phantom", "mask.nii.gz"));
  const { roi } = prepareRoi(image, selectLabel(mask, 1), { conventions: "ibsi", roundIntensities: true, resegmentRange: [-500, 400] });
  const img = discretise(roi, { method: "fbs", binWidth: 25, lowerBound: -500, conventions: "ibsi" });
  return { img, morphMask: roi.morphMask, reference: loadIbsiReference("chest_config_a") };
}

/**
 * Compares features with an IBSI table: every table entry with `prefix` and one of `suffixes` must be
 * emitted and compliant; every emitted feature must have a table entry. Returns readable mismatches.
 */
export function ibsiMismatches(features: FeatureValue[], table: Map<string, ReferenceValue>, prefix: string, suffixes: string[]): string[] {
  const out: string[] = [];
  const emitted = new Map(features.map((f) => [f.name, f]));
  for (const f of features) if (!table.has(f.name)) out.push(`${f.name}: emitted but not in the IBSI table`);
  let expected = 0;
  for (const [tag, ref] of table) {
    if (!tag.startsWith(prefix) || !suffixes.some((s) => tag.endsWith(`_${s}`))) continue;
    expected++;
    const f = emitted.get(tag);
    if (f === undefined) out.push(`${tag}: not emitted`);
    else if (!isCompliant(f.value, ref)) out.push(`${tag}: ${f.value} vs ${ref.value} ± ${ref.tolerance}${f.note ? ` (${f.note})` : ""}`);
  }
  if (expected === 0) out.push(`no ${prefix}* reference values for ${suffixes.join(", ")}`);
  return out;
}

interface AllRow {
  family: string;
  code: string;
  data: string;
  aggregation: string;
  value: number;
}

/** `ibsi1_all_reference_values.csv`: IBSI code, data set, aggregation and value of every reference value. */
export function allReferenceRows(): AllRow[] {
  const text = readFileSync(refPath("ibsi1", "reference-values", "ibsi1_all_reference_values.csv"), "utf8");
  const rows: AllRow[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line.trim() === "") continue;
    const cells: string[] = [];
    let cur = "";
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === "," && !quoted) {
        cells.push(cur);
        cur = "";
      } else cur += ch;
    }
    cells.push(cur);
    rows.push({ family: cells[0]!, code: cells[3]!, data: cells[4]!, aggregation: cells[5]!, value: Number(cells[6]) });
  }
  return rows;
}

/**
 * Checks each definition's IBSI code against the consensus table: the row with that code, family, the
 * digital phantom and each aggregation must hold the value the per-tag table has for `<tag>_<suffix>`.
 */
export function codeMismatches(
  defs: readonly { tag: string; ibsi: string }[],
  familyTitle: string,
  table: Map<string, ReferenceValue>,
): string[] {
  const rows = allReferenceRows();
  const out: string[] = [];
  for (const d of defs) {
    for (const [aggr, suffix] of [["2D", "2D"], ["2.5D", "2_5D"], ["3D", "3D"]] as const) {
      const row = rows.find((r) => r.code === d.ibsi && r.data === "dig. phantom" && r.aggregation === aggr);
      const ref = table.get(`${d.tag}_${suffix}`);
      if (row === undefined || ref === undefined) out.push(`${d.tag} (${d.ibsi}) ${aggr}: no reference row`);
      else if (row.family !== familyTitle) out.push(`${d.tag} (${d.ibsi}): code belongs to "${row.family}"`);
      else if (row.value !== ref.value) out.push(`${d.tag} (${d.ibsi}) ${aggr}: code's value ${row.value} ≠ tag's ${ref.value}`);
    }
  }
  return out;
}

/**
 * A discretised image from slices written as rows of digits ("0" = outside the ROI), slices listed in k
 * order, rows in j order, characters in i order.
 */
export function imageOf(slices: string[][], nLevels = 9): DiscretisedImage {
  const nz = slices.length;
  const ny = slices[0]!.length;
  const nx = slices[0]![0]!.replace(/ /g, "").length;
  const levels = new Int32Array(nx * ny * nz);
  slices.forEach((rows, k) =>
    rows.forEach((row, j) => [...row.replace(/ /g, "")].forEach((c, i) => (levels[i + nx * (j + ny * k)] = Number(c)))),
  );
  return { size: [nx, ny, nz] as Vec3, spacing: [1, 1, 1], levels, nLevels };
}

/** Feature values by name. */
export function byName(fs: FeatureValue[]): Record<string, number> {
  return Object.fromEntries(fs.map((f) => [f.name, f.value]));
}

/** PyRadiomics' test cases used as peers. */
export const PYRADIOMICS_CASES = ["brain1", "brain2", "breast1"] as const;

/**
 * A PyRadiomics test case (label 1) prepared and discretised as PyRadiomics does by default: no
 * resampling, bin width 25 with PyRadiomics' edges (level = ⌊x/25⌋ − ⌊min/25⌋ + 1).
 */
export function pyradiomicsCase(name: string): DiscretisedImage {
  const image = readImage(refPath("pyradiomics", `${name}_image.nrrd`));
  const mask = selectLabel(readImage(refPath("pyradiomics", `${name}_label.nrrd`)), 1);
  const { roi } = prepareRoi(image, mask, { conventions: "pyradiomics" });
  return discretise(roi, { method: "fbs", binWidth: 25, conventions: "pyradiomics" });
}

const PYRADIOMICS_SCRIPT = `
import json, sys, logging
import radiomics
from radiomics import featureextractor
radiomics.setVerbosity(logging.ERROR)
folder, jobs = sys.argv[1], json.loads(sys.argv[2])
out = []
for job in jobs:
    cls, res = job["cls"], {}
    for case in job["cases"]:
        ext = featureextractor.RadiomicsFeatureExtractor(binWidth=25, label=1, **job["settings"])
        ext.disableAllFeatures()
        ext.enableFeatureClassByName(cls)
        r = ext.execute(f"{folder}/{case}_image.nrrd", f"{folder}/{case}_label.nrrd")
        prefix = f"original_{cls}_"
        res[case] = {k[len(prefix):]: float(v) for k, v in r.items() if k.startswith(prefix)}
    out.append(res)
print(json.dumps(out))`;

/** One PyRadiomics run: a feature class with extra settings (besides binWidth 25, label 1) on some cases. */
export interface PyradiomicsJob {
  cls: string;
  cases: readonly string[];
  settings?: Record<string, unknown>;
}

/**
 * Runs PyRadiomics jobs in one Python process (in the venv); for each job, features by case, then by
 * PyRadiomics name (without the `original_<class>_` prefix).
 */
export async function runPyradiomics(jobs: PyradiomicsJob[]): Promise<Record<string, Record<string, number>>[]> {
  const spec = jobs.map((j) => ({ cls: j.cls, cases: j.cases, settings: j.settings ?? {} }));
  return await runPythonJson(PYRADIOMICS_SCRIPT, [refPath("pyradiomics"), JSON.stringify(spec)]);
}

/** Features of `ours` further than `rel` (relative) from PyRadiomics', or missing on either side. */
export function peerMismatches(ours: FeatureValue[], theirs: Record<string, number>, rel = 1e-5): string[] {
  const got = byName(ours);
  const out: string[] = [];
  for (const k of Object.keys(got)) if (!(k in theirs)) out.push(`${k}: not computed by PyRadiomics`);
  for (const [k, v] of Object.entries(theirs)) {
    const g = got[k];
    if (g === undefined) out.push(`${k}: missing`);
    else if (!(Math.abs(g - v) <= rel * Math.max(Math.abs(v), 1e-12))) out.push(`${k}: ${g} vs PyRadiomics ${v}`);
  }
  return out;
}
