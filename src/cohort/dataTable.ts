/**
 * Reading clinical, mutation and feature tables from CSV/TSV into typed columns, and handing them to danfo.js
 * on request. A column is numeric when every non-missing cell parses as a number (missing cells become NaN);
 * otherwise it holds strings (missing cells become null). "Missing" is {@link MISSING_TOKENS}
 * ("", "NA", "N/A", "Not collected", "[Not Available]", …).
 *
 * danfo.js is loaded only by `toDataFrame`, never at module load: reading a table costs nothing more.
 */
import type { DataFrame } from "danfojs-node";
import { RadiogxError } from "../errors";
import { cellToNumber, isMissingCell, readDelimited, type ParseOptions } from "./csv";
import { missingColumnError } from "./table";

export type Cell = number | string | null;

/** A table read from a file: named typed columns. Also accepted wherever a `{column: values}` table is. */
export interface DataTable {
  /** Column names in file order. */
  readonly columns: string[];
  /** The columns: numbers (NaN = missing) or strings (null = missing). */
  readonly data: Record<string, number[] | (string | null)[]>;
  readonly rows: number;
  /** The file read, when there is one. */
  readonly file?: string;
}

export interface ReadTableOptions {
  /** Delimiter, or "auto" (default: detected from the header line). */
  delimiter?: ParseOptions["delimiter"];
  /** Lines after the header to skip (e.g. TCGA clinical files have 2 more header lines). Default 0. */
  skipRows?: number;
  /** Keep only these columns (error for absent ones, naming the nearest). Default: all. */
  columns?: readonly string[];
  /** Read these columns as strings even when they look numeric (ids such as "001"). */
  stringColumns?: readonly string[];
  /**
   * Rename columns: `{ "Patient ID": "patient_id" }`. Applied after reading, before `columns` is checked
   * against the new names.
   */
  rename?: Readonly<Record<string, string>>;
}

/** Types a raw column: numbers when every non-missing cell is numeric, else strings. */
export function typeColumn(raw: readonly string[], forceString = false): number[] | (string | null)[] {
  if (!forceString) {
    const nums = new Array<number>(raw.length);
    let numeric = true;
    let any = false;
    for (let i = 0; i < raw.length; i++) {
      const v = cellToNumber(raw[i]);
      if (v === null) {
        numeric = false;
        break;
      }
      if (!Number.isNaN(v)) any = true;
      nums[i] = v;
    }
    if (numeric && any) return nums;
  }
  return raw.map((v) => (isMissingCell(v) ? null : v.trim()));
}

/**
 * Reads a CSV/TSV table into typed columns.
 * @throws RadiogxError naming the file for a missing/unreadable file, ragged lines, duplicate or absent columns.
 * @example readTable("clinical.csv", { rename: { "Patient ID": "patient_id" } }).data.patient_id
 */
export function readTable(path: string, options: ReadTableOptions = {}): DataTable {
  const parsed = readDelimited(path, { delimiter: options.delimiter });
  const skip = options.skipRows ?? 0;
  const rows = parsed.rows.slice(skip);
  let header = parsed.header.map((h) => options.rename?.[h] ?? h);
  const seen = new Map<string, number>();
  header.forEach((h, j) => {
    if (h === "" && j === 0) return; // pandas' unnamed index column
    if (seen.has(h)) {
      throw new RadiogxError("FILE_UNREADABLE", `column "${h}" appears twice (columns ${seen.get(h)! + 1} and ${j + 1})`, { file: path, key: h });
    }
    seen.set(h, j);
  });
  if (header[0] === "") header = ["", ...header.slice(1)];
  const wanted = options.columns ? [...options.columns] : header.filter((h, j) => !(h === "" && j === 0));
  for (const w of wanted) if (!seen.has(w)) throw missingColumnError(w, header, "readTable", path);
  const forceString = new Set(options.stringColumns ?? []);
  const data: Record<string, number[] | (string | null)[]> = {};
  for (const name of wanted) {
    const j = seen.get(name)!;
    data[name] = typeColumn(rows.map((r) => r[j]!), forceString.has(name));
  }
  return { columns: wanted, data, rows: rows.length, file: path };
}

/** A column of a DataTable, with an error naming the file and the nearest column when absent. */
export function tableColumn(table: DataTable, name: string, context: string): number[] | (string | null)[] {
  const c = table.data[name];
  if (c === undefined) throw missingColumnError(name, table.columns, context, table.file);
  return c;
}

/** Selects rows of a DataTable by index (in the given order). */
export function takeRows(table: DataTable, rows: ArrayLike<number>): DataTable {
  const data: Record<string, number[] | (string | null)[]> = {};
  for (const c of table.columns) {
    const col = table.data[c]!;
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]!];
    data[c] = out;
  }
  return { columns: [...table.columns], data, rows: rows.length, file: table.file };
}

let danfo: typeof import("danfojs-node") | undefined;

/** danfo.js, loaded on first use (it takes seconds to load and most of radiogx does not need it). */
export function loadDanfo(): typeof import("danfojs-node") {
  if (danfo === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      danfo = require("danfojs-node") as typeof import("danfojs-node");
    } catch (e) {
      throw new RadiogxError("INVALID_ARGUMENT", `danfojs-node could not be loaded (${(e as Error).message})`, {
        hint: "install it with `npm install danfojs-node`, or use the plain-object results",
      });
    }
  }
  return danfo;
}

/**
 * A DataTable (or any `{column: values}` object) as a danfo.js DataFrame; string columns keep null for
 * missing cells, numeric ones NaN.
 */
export function toDataFrame(table: DataTable | Readonly<Record<string, ArrayLike<Cell>>>, index?: readonly string[]): DataFrame {
  const dfd = loadDanfo();
  const isTable = (t: unknown): t is DataTable => typeof t === "object" && t !== null && Array.isArray((t as DataTable).columns) && typeof (t as DataTable).data === "object";
  const cols = isTable(table) ? table.columns : Object.keys(table);
  const src: Readonly<Record<string, ArrayLike<Cell>>> = isTable(table) ? table.data : table;
  const obj: Record<string, Cell[]> = {};
  for (const c of cols) obj[c] = Array.from(src[c]!);
  const options = index ? { index: [...index] } : undefined;
  return new dfd.DataFrame(obj, options);
}
