/**
 * The tables the cohort and statistics functions accept, without importing danfo.js:
 * - a danfo.js DataFrame (detected by shape: `.columns` and row-major `.values`),
 * - a plain object of columns `{ age: [61, 70, …], EGFR: ["Mutant", …] }` (arrays or typed arrays),
 * - an array of records `[{ age: 61, EGFR: "Mutant" }, …]`.
 * `columnsOf` turns any of them into named columns; `numericColumns` into Float64Arrays (missing cells NaN).
 */
import { RadiogxError, nearest } from "../errors";
import { cellToNumber, isMissingCell } from "./csv";

/** What a danfo.js DataFrame offers (so danfo is never imported here). */
export interface DataFrameLike {
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
  readonly index?: readonly (string | number)[];
}

export type ColumnObject = Readonly<Record<string, ArrayLike<unknown>>>;
export type RecordArray = readonly Readonly<Record<string, unknown>>[];
/** What `readTable` returns: named typed columns (see dataTable.ts; declared here to keep imports downward). */
export interface DataTableLike {
  readonly columns: readonly string[];
  readonly data: Readonly<Record<string, ArrayLike<unknown>>>;
  readonly rows: number;
}
/** Any accepted table. */
export type TableInput = DataFrameLike | DataTableLike | ColumnObject | RecordArray;

export function isDataTableLike(x: unknown): x is DataTableLike {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const o = x as { columns?: unknown; data?: unknown; rows?: unknown };
  return Array.isArray(o.columns) && typeof o.data === "object" && o.data !== null && typeof o.rows === "number";
}

export function isDataFrameLike(x: unknown): x is DataFrameLike {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const o = x as { columns?: unknown; values?: unknown };
  return Array.isArray(o.columns) && Array.isArray(o.values);
}

/** A table as named columns of equal length. */
export interface Columns {
  names: string[];
  columns: Map<string, ArrayLike<unknown>>;
  n: number;
}

/** Converts any accepted table to named columns (no copy for a column object). */
export function columnsOf(table: TableInput, context: string): Columns {
  if (isDataTableLike(table)) {
    const names = [...table.columns];
    const columns = new Map<string, ArrayLike<unknown>>();
    for (const name of names) columns.set(name, table.data[name]!);
    return { names, columns, n: table.rows };
  }
  if (isDataFrameLike(table)) {
    const names = [...table.columns].map(String);
    const n = table.values.length;
    const columns = new Map<string, ArrayLike<unknown>>();
    names.forEach((name, j) => {
      const col = new Array<unknown>(n);
      for (let i = 0; i < n; i++) col[i] = table.values[i]![j];
      columns.set(name, col);
    });
    return { names, columns, n };
  }
  if (Array.isArray(table)) {
    const records = table as RecordArray;
    const names: string[] = [];
    const seen = new Set<string>();
    for (const r of records) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), names.push(k));
    const columns = new Map<string, ArrayLike<unknown>>();
    for (const name of names) columns.set(name, records.map((r) => r[name]));
    return { names, columns, n: records.length };
  }
  if (table === null || typeof table !== "object") {
    throw new RadiogxError("INVALID_ARGUMENT", `${context}: expected a DataFrame, an object of columns or an array of records, got ${table === null ? "null" : typeof table}`, { key: "table" });
  }
  const obj = table as ColumnObject;
  const names = Object.keys(obj);
  const columns = new Map<string, ArrayLike<unknown>>();
  let n = -1;
  for (const name of names) {
    const col = obj[name];
    if (col === null || col === undefined || typeof col !== "object" || typeof (col as ArrayLike<unknown>).length !== "number") {
      throw new RadiogxError("INVALID_ARGUMENT", `${context}: column "${name}" is not an array`, { key: name });
    }
    if (n >= 0 && col.length !== n) {
      throw new RadiogxError("INVALID_ARGUMENT", `${context}: column "${name}" has ${col.length} values, column "${names[0]}" has ${n}`, { key: name });
    }
    n = col.length;
    columns.set(name, col);
  }
  return { names, columns, n: Math.max(n, 0) };
}

/** One column by name, with an error naming the nearest existing column. */
export function getColumn(cols: Columns, name: string, context: string): ArrayLike<unknown> {
  const c = cols.columns.get(name);
  if (c === undefined) throw missingColumnError(name, cols.names, context);
  return c;
}

export function missingColumnError(name: string, names: readonly string[], context: string, file?: string): RadiogxError {
  const near = nearest(name, names);
  return new RadiogxError("INVALID_ARGUMENT", `${context}: there is no column "${name}"`, {
    key: name,
    file,
    hint: near !== undefined ? `did you mean "${near}"?` : `columns are: ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", …" : ""}`,
  });
}

/** Numeric columns as Float64Arrays. */
export interface NumericColumns {
  names: string[];
  data: Float64Array[];
  n: number;
  /** Columns left out because they hold non-numeric values (e.g. ids), with an example value. */
  skipped: { name: string; example: string }[];
}

export interface NumericColumnOptions {
  /** Use only these columns (errors for absent ones). Default: every column. */
  select?: readonly string[];
  /** Leave these out (e.g. an id column). */
  exclude?: readonly string[];
  /**
   * What to do with a column holding a non-numeric, non-missing value: "skip" it (default; it is listed in
   * `skipped`) or "error".
   */
  nonNumeric?: "skip" | "error";
}

/** The numeric columns of a table; missing cells (see `isMissingCell`) become NaN. */
export function numericColumns(table: TableInput | Columns, context: string, options: NumericColumnOptions = {}): NumericColumns {
  const cols = isColumns(table) ? table : columnsOf(table, context);
  const exclude = new Set(options.exclude ?? []);
  const names = options.select ? [...options.select] : cols.names.filter((c) => !exclude.has(c));
  const out: NumericColumns = { names: [], data: [], n: cols.n, skipped: [] };
  for (const name of names) {
    const col = getColumn(cols, name, context);
    if (col instanceof Float64Array) {
      out.names.push(name);
      out.data.push(col);
      continue;
    }
    const v = new Float64Array(cols.n);
    let bad: unknown;
    let badRow = -1;
    for (let i = 0; i < cols.n; i++) {
      const x = cellToNumber(col[i]);
      if (x === null) {
        bad = col[i];
        badRow = i;
        break;
      }
      v[i] = x;
    }
    if (badRow >= 0) {
      if (options.nonNumeric === "error" || options.select) {
        throw new RadiogxError("INVALID_ARGUMENT", `${context}: column "${name}" holds ${JSON.stringify(bad)} in row ${badRow}, which is not a number`, {
          key: name,
          hint: "encode categories as numbers or leave the column out",
        });
      }
      out.skipped.push({ name, example: String(bad) });
      continue;
    }
    out.names.push(name);
    out.data.push(v);
  }
  return out;
}

export function isColumns(x: unknown): x is Columns {
  return typeof x === "object" && x !== null && (x as Columns).columns instanceof Map && Array.isArray((x as Columns).names);
}

/** A column as strings with missing cells as null (for labels and ids). */
export function labelColumn(col: ArrayLike<unknown>): (string | null)[] {
  const out = new Array<string | null>(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    out[i] = isMissingCell(v) ? null : String(v).trim();
  }
  return out;
}
