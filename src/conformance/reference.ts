/**
 * IBSI reference values (IBSI 1 consensus tables, `reference-values/*.csv` in the reference data folder)
 * and the compliance rule IBSI uses: a value is compliant when, after rounding to 3 significant digits,
 * it lies within the tolerance of the reference.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RadiogxError } from "../errors";

export interface ReferenceValue {
  tag: string;
  /** null where IBSI reached no consensus (the table has an empty cell). */
  value: number | null;
  tolerance: number;
}

/** The reference data folder: `RADIOGX_REFDATA`, else `../shared/data` from the working directory. */
export function refdataDir(): string {
  return resolve(process.env.RADIOGX_REFDATA ?? join(process.cwd(), "..", "shared", "data"));
}

export function hasRefdata(): boolean {
  return existsSync(join(refdataDir(), "ibsi1", "reference-values"));
}

/** IBSI reference tables by data set. */
export type IbsiDataset = "dig_phantom" | "chest_config_a" | "chest_config_b" | "chest_config_c" | "chest_config_d" | "chest_config_e";

/** Reads one IBSI reference table (`ibsi_1_<dataset>.csv`) into a map from tag to value and tolerance. */
export function loadIbsiReference(dataset: IbsiDataset, dir = refdataDir()): Map<string, ReferenceValue> {
  const file = join(dir, "ibsi1", "reference-values", `ibsi_1_${dataset}.csv`);
  if (!existsSync(file)) throw new RadiogxError("FILE_NOT_FOUND", "IBSI reference table not found (set RADIOGX_REFDATA)", { file });
  const out = new Map<string, ReferenceValue>();
  const lines = readFileSync(file, "utf8").split(/\r?\n/).slice(1);
  for (const line of lines) {
    if (line.trim() === "") continue;
    const [v, t, tag] = line.split(";");
    if (tag === undefined) continue;
    out.set(tag.trim(), { tag: tag.trim(), value: v === "" ? null : Number(v), tolerance: t === "" ? 0 : Number(t) });
  }
  return out;
}

/** Rounds to `digits` significant digits. */
export function roundSignificant(x: number, digits = 3): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** IBSI's compliance rule: |round3(value) − reference| ≤ tolerance (with a little float slack). */
export function isCompliant(value: number, ref: ReferenceValue): boolean {
  if (ref.value === null || !Number.isFinite(value)) return false;
  const slack = 1e-9 * Math.max(1, Math.abs(ref.value));
  return Math.abs(roundSignificant(value) - ref.value) <= ref.tolerance + slack;
}
