/**
 * The IBSI 1 conformance suite: extracts every feature family from the IBSI digital phantom and from the
 * IBSI CT phantom under configurations A–E (reference data README; IBSI 1 manual, chapter 5), and compares
 * each value with the consensus reference (rounded to 3 significant digits, within the tolerance).
 * `radiogx conformance` prints the compliance table (family × data set, matched/total).
 */
import { join } from "node:path";
import { extractFromFiles } from "../extract";
import { FAMILIES } from "../features/families";
import type { IbsiFamily } from "../features/types";
import { validateParams } from "../settings/params";
import { isCompliant, loadIbsiReference, refdataDir, roundSignificant, type IbsiDataset } from "./reference";

export const IBSI_FAMILIES: readonly IbsiFamily[] = ["morph", "loc", "stat", "ih", "ivh", "cm", "rlm", "szm", "dzm", "ngt", "ngl"];

const ALL_2D = ["2D, averaged", "2D, slice-merged", "2.5D, direction-merged", "2.5D, merged"];
const ALL_3D = ["3D, averaged", "3D, merged"];

/** The IBSI configurations as radiogx params (reference data README, table of configurations A–E). */
export const IBSI_CONFIGURATIONS: { id: string; dataset: IbsiDataset; phantom: "digital-phantom" | "ct-phantom"; setting: Record<string, unknown> }[] = [
  { id: "digital phantom", dataset: "dig_phantom", phantom: "digital-phantom", setting: { discretize: false, ivhDiscretize: false, aggregation: [...ALL_2D, ...ALL_3D], minimumROIDimensions: 1 } },
  { id: "A", dataset: "chest_config_a", phantom: "ct-phantom", setting: { roundIntensities: true, resegmentRange: [-500, 400], binWidth: 25, ivhDiscretize: false, aggregation: ALL_2D } },
  { id: "B", dataset: "chest_config_b", phantom: "ct-phantom", setting: { resampledPixelSpacing: [2, 2, 0], interpolator: "linear", roundIntensities: true, resegmentRange: [-500, 400], binCount: 32, ivhDiscretize: false, aggregation: ALL_2D } },
  { id: "C", dataset: "chest_config_c", phantom: "ct-phantom", setting: { resampledPixelSpacing: [2, 2, 2], interpolator: "linear", roundIntensities: true, resegmentRange: [-1000, 400], binWidth: 25, ivhBinWidth: 2.5, aggregation: ALL_3D } },
  { id: "D", dataset: "chest_config_d", phantom: "ct-phantom", setting: { resampledPixelSpacing: [2, 2, 2], interpolator: "linear", roundIntensities: true, removeOutliers: 3, binCount: 32, ivhDiscretize: false, aggregation: ALL_3D } },
  { id: "E", dataset: "chest_config_e", phantom: "ct-phantom", setting: { resampledPixelSpacing: [2, 2, 2], interpolator: "bspline", roundIntensities: true, resegmentRange: [-1000, 400], removeOutliers: 3, binCount: 32, ivhBinCount: 1000, aggregation: ALL_3D } },
];

export interface ComplianceCell {
  matched: number;
  total: number;
  /** Tags that did not match: reference, tolerance, ours. */
  misses: { tag: string; reference: number; tolerance: number; value: number | null }[];
  /** Why the family was not computed (not available, error). */
  error?: string;
}

export interface ComplianceReport {
  configurations: string[];
  families: readonly IbsiFamily[];
  /** cells[family][configuration] */
  cells: Record<string, Record<string, ComplianceCell>>;
  allMatched: boolean;
  refdata: string;
}

/** Runs the whole suite (a few seconds). */
export function runConformance(dir = refdataDir()): ComplianceReport {
  const cells: ComplianceReport["cells"] = {};
  for (const f of IBSI_FAMILIES) cells[f] = {};
  for (const cfg of IBSI_CONFIGURATIONS) {
    const ref = loadIbsiReference(cfg.dataset, dir);
    const available = IBSI_FAMILIES.filter((f) => FAMILIES[f] !== undefined);
    const values = new Map<string, number>();
    const errors = new Map<string, string>();
    // One extraction per family keeps one family's failure from hiding the others.
    for (const fam of available) {
      try {
        const params = validateParams({ conventions: "ibsi", featureClass: { [fam]: null }, setting: cfg.setting });
        const r = extractFromFiles(join(dir, "ibsi1", cfg.phantom, "image.nii.gz"), join(dir, "ibsi1", cfg.phantom, "mask.nii.gz"), params);
        for (const f of r.features) values.set(f.name.replace(/^original_/, ""), f.value);
      } catch (e) {
        errors.set(fam, (e as Error).message);
      }
    }
    for (const fam of IBSI_FAMILIES) {
      const cell: ComplianceCell = { matched: 0, total: 0, misses: [] };
      if (!FAMILIES[fam]) cell.error = "not available";
      else if (errors.has(fam)) cell.error = errors.get(fam);
      for (const r of ref.values()) {
        if (!r.tag.startsWith(`${fam}_`) || r.value === null) continue;
        if (fam === "morph" && /_(init|interp|reseg)_roi$/.test(r.tag)) continue; // processing diagnostics, not features
        cell.total++;
        const v = values.get(r.tag);
        if (v !== undefined && isCompliant(v, r)) cell.matched++;
        else cell.misses.push({ tag: r.tag, reference: r.value, tolerance: r.tolerance, value: v ?? null });
      }
      cells[fam]![cfg.id] = cell;
    }
  }
  const allMatched = Object.values(cells).every((row) => Object.values(row).every((c) => c.matched === c.total));
  return { configurations: IBSI_CONFIGURATIONS.map((c) => c.id), families: IBSI_FAMILIES, cells, allMatched, refdata: dir };
}

/** The compliance table as text, followed by the values that did not match. */
export function formatCompliance(r: ComplianceReport, maxMisses = 40): string {
  const w = 17;
  const lines = [`IBSI 1 compliance (reference data: ${r.refdata})`, "", ["family".padEnd(8), ...r.configurations.map((c) => c.padStart(w))].join(" ")];
  let m = 0, t = 0;
  for (const f of r.families) {
    const row = [f.padEnd(8)];
    for (const c of r.configurations) {
      const cell = r.cells[f]![c]!;
      m += cell.matched;
      t += cell.total;
      const text = cell.total === 0 ? "–" : `${cell.matched}/${cell.total}${cell.matched === cell.total ? "" : " ✗"}`;
      row.push(text.padStart(w));
    }
    lines.push(row.join(" "));
  }
  lines.push("", `matched ${m} of ${t} reference values`);
  const misses = r.families.flatMap((f) => r.configurations.flatMap((c) => {
    const cell = r.cells[f]![c]!;
    return [
      ...(cell.error ? [`  ${c} ${f}: ${cell.error}`] : []),
      ...cell.misses.map((x) => `  ${c} ${x.tag}: reference ${x.reference} ± ${x.tolerance}, radiogx ${x.value === null ? "missing" : roundSignificant(x.value, 4)}`),
    ];
  }));
  if (misses.length > 0) {
    lines.push("", "not matched:", ...misses.slice(0, maxMisses));
    if (misses.length > maxMisses) lines.push(`  … and ${misses.length - maxMisses} more`);
  }
  return lines.join("\n") + "\n";
}

if (require.main === module) {
  const report = runConformance();
  process.stdout.write(formatCompliance(report, 1000));
  process.exitCode = report.allMatched ? 0 : 3;
}
