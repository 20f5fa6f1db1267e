/**
 * Mutation and status tables: categorical calls ("Mutant" / "Wildtype", "Yes" / "No", "Positive" /
 * "Negative") turned into 1 / 0 with missing calls as NaN, and the calls that match neither list reported
 * rather than guessed.
 */
import { RadiogxError } from "../errors";
import { isMissingCell } from "./csv";
import { readTable, type DataTable, type ReadTableOptions } from "./dataTable";

/** Calls read as 1 by default (case-insensitive). */
export const POSITIVE_CALLS: readonly string[] = ["mutant", "mutated", "mutation", "mut", "positive", "pos", "yes", "y", "true", "1", "present", "translocated", "amplified"];
/** Calls read as 0 by default (case-insensitive). */
export const NEGATIVE_CALLS: readonly string[] = ["wildtype", "wild-type", "wild type", "wt", "negative", "neg", "no", "n", "false", "0", "absent", "not mutated", "not amplified"];

export interface BinaryStatusOptions {
  /** Calls meaning 1 (replace the defaults). */
  positive?: readonly string[];
  /** Calls meaning 0 (replace the defaults). */
  negative?: readonly string[];
}

export interface BinaryStatus {
  /** 1, 0, or NaN for a missing or unrecognised call. */
  values: Float64Array;
  /** Non-missing calls that are in neither list, with their counts. */
  unrecognised: Record<string, number>;
  positives: number;
  negatives: number;
  missing: number;
}

/**
 * Turns status calls into 1/0/NaN.
 * @example binaryStatus(["Mutant", "Wildtype", "Not collected"]).values // [1, 0, NaN]
 */
export function binaryStatus(calls: ArrayLike<unknown>, options: BinaryStatusOptions = {}): BinaryStatus {
  const pos = new Set((options.positive ?? POSITIVE_CALLS).map((s) => s.toLowerCase()));
  const neg = new Set((options.negative ?? NEGATIVE_CALLS).map((s) => s.toLowerCase()));
  for (const p of pos) {
    if (neg.has(p)) throw new RadiogxError("INVALID_ARGUMENT", `binaryStatus: "${p}" is listed as both positive and negative`, { key: "positive" });
  }
  const values = new Float64Array(calls.length);
  const unrecognised: Record<string, number> = {};
  let positives = 0;
  let negatives = 0;
  let missing = 0;
  for (let i = 0; i < calls.length; i++) {
    const v = calls[i];
    if (isMissingCell(v)) {
      values[i] = NaN;
      missing++;
      continue;
    }
    const s = String(v).trim().toLowerCase();
    if (pos.has(s)) {
      values[i] = 1;
      positives++;
    } else if (neg.has(s)) {
      values[i] = 0;
      negatives++;
    } else {
      values[i] = NaN;
      unrecognised[String(v).trim()] = (unrecognised[String(v).trim()] ?? 0) + 1;
    }
  }
  return { values, unrecognised, positives, negatives, missing };
}

export interface StatusTable {
  /** The table as read, with each status column replaced by its 1/0/NaN values. */
  table: DataTable;
  /** Per status column: counts and unrecognised calls. */
  summary: Record<string, Omit<BinaryStatus, "values">>;
}

/**
 * Reads a mutation/status table and converts the named status columns to 1/0/NaN.
 * @example loadStatusTable("clinical.csv", ["EGFR mutation status", "KRAS mutation status"], { rename: { "Patient ID": "patient_id" } })
 */
export function loadStatusTable(path: string, statusColumns: readonly string[], options: ReadTableOptions & BinaryStatusOptions = {}): StatusTable {
  const t = readTable(path, { ...options, stringColumns: [...(options.stringColumns ?? []), ...statusColumns] });
  const data = { ...t.data };
  const summary: StatusTable["summary"] = {};
  for (const c of statusColumns) {
    if (!(c in data)) throw new RadiogxError("INVALID_ARGUMENT", `loadStatusTable: there is no column "${c}"`, { file: path, key: c });
    const b = binaryStatus(data[c]!, options);
    data[c] = Array.from(b.values);
    const { values: _values, ...rest } = b;
    summary[c] = rest;
  }
  return { table: { ...t, data }, summary };
}
