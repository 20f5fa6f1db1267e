/**
 * IBSI chapter 1 phantoms for the intensity families' tests, prepared by the extraction pipeline
 * (`prepareRoi`), and the IBSI code check against `ibsi1_all_reference_values.csv`.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { readImage } from "../../src/io/read";
import { prepareRoi } from "../../src/preprocess/prepare";
import { isCompliant, loadIbsiReference, type IbsiDataset } from "../../src/conformance/reference";
import type { FeatureValue, PreparedRoi } from "../../src/features/types";
import { refPath } from "../refdata";

/**
 * The IBSI digital phantom (5×4×4, 2 mm): no interpolation, no re-segmentation, no discretisation
 * (intensities 1..6 are the grey levels).
 */
export function digitalPhantomRoi(): PreparedRoi {
  const image = readImage(refPath("ibsi1", "digital-phantom", "image.nii.gz"));
  const mask = readImage(refPath("ibsi1", "digital-phantom", "mask.nii.gz"));
  return prepareRoi(image, mask, { conventions: "ibsi" }).roi;
}

/**
 * The IBSI CT phantom, configuration A without interpolation: read as float, rounded to integers;
 * morphological mask = the mask; intensity mask = mask ∧ −500 ≤ HU ≤ 400.
 */
export function ctPhantomConfigARoi(): PreparedRoi {
  const image = readImage(refPath("ibsi1", "ct-phantom", "image.nii.gz"));
  const mask = readImage(refPath("ibsi1", "ct-phantom", "mask.nii.gz"));
  return prepareRoi(image, mask, { conventions: "ibsi", roundIntensities: true, resegmentRange: [-500, 400] }).roi;
}

/** Configuration A's re-segmentation range. */
export const CONFIG_A_RANGE = [-500, 400] as const;

/**
 * Compares every feature of `prefix` that has a reference value in the IBSI table of `dataset` with the IBSI
 * compliance rule (3 significant digits within the tolerance). Returns the number compared; fails listing
 * every non-compliant feature and every referenced feature that was not computed.
 */
export function expectCompliant(features: FeatureValue[], dataset: IbsiDataset, prefix: string): number {
  const ref = loadIbsiReference(dataset);
  const byName = new Map(features.map((f) => [f.name, f]));
  const failures: string[] = [];
  let compared = 0;
  for (const [tag, r] of ref) {
    if (!tag.startsWith(prefix) || r.value === null) continue;
    const f = byName.get(tag);
    compared++;
    if (!f) failures.push(`${tag}: not computed (reference ${r.value})`);
    else if (!isCompliant(f.value, r)) failures.push(`${tag}: ${f.value} vs reference ${r.value} ± ${r.tolerance}`);
  }
  expect(failures).toEqual([]);
  return compared;
}

/** Every emitted name is a tag of the IBSI digital phantom table (so the names are IBSI's). */
export function expectKnownTags(features: FeatureValue[]): void {
  const tags = loadIbsiReference("dig_phantom");
  expect(features.map((f) => f.name).filter((n) => !tags.has(n))).toEqual([]);
}

interface CodeRow { code: string; feature: string; title: string; data: string; value: number | null }

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "", quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { out.push(cur); cur = ""; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

function allReferenceRows(): CodeRow[] {
  const text = readFileSync(refPath("ibsi1", "reference-values", "ibsi1_all_reference_values.csv"), "utf8");
  const rows: CodeRow[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line.trim() === "") continue;
    const [, feature, title, code, data, , value] = parseCsvLine(line);
    const v = value === undefined || value.trim() === "" ? null : Number(value);
    rows.push({ code: code!, feature: feature!, title: title!, data: data!, value: v });
  }
  return rows;
}

const DATASETS: Array<[IbsiDataset, string]> = [
  ["dig_phantom", "dig. phantom"], ["chest_config_a", "config. A"], ["chest_config_b", "config. B"],
  ["chest_config_c", "config. C"], ["chest_config_d", "config. D"], ["chest_config_e", "config. E"],
];

/**
 * Checks each feature's IBSI code against `ibsi1_all_reference_values.csv`, which has codes but not tags: the
 * tag's reference values in the six per-data-set tables must equal the values of a feature row of the big
 * table that carries the feature's code. `exceptions` maps tags to the reason their code differs or is absent.
 */
export function expectIbsiCodes(features: FeatureValue[], exceptions: Record<string, string> = {}): void {
  const rows = allReferenceRows();
  const tables = DATASETS.map(([ds]) => loadIbsiReference(ds));
  // Feature rows grouped by (feature, title): code and values per data set.
  const groups = new Map<string, { code: string; values: Map<string, number | null> }>();
  for (const r of rows) {
    const key = `${r.feature}|${r.title}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { code: r.code, values: new Map() }));
    g.values.set(r.data, r.value);
  }
  const same = (a: number | null | undefined, b: number | null | undefined) =>
    (a ?? null) === null || (b ?? null) === null ? (a ?? null) === (b ?? null) : Math.abs(a! - b!) <= 1e-9 * Math.max(1, Math.abs(b!));
  const failures: string[] = [];
  for (const f of features) {
    if (f.name in exceptions) continue;
    const tagValues = tables.map((t) => t.get(f.name)?.value ?? null);
    const match = [...groups.values()].find((g) => g.code === f.ibsi && DATASETS.every(([, d], i) => same(g.values.get(d), tagValues[i])));
    if (!match) failures.push(`${f.name}: no row coded ${f.ibsi} has this tag's reference values ${JSON.stringify(tagValues)}`);
  }
  expect(failures).toEqual([]);
}
