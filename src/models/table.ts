/**
 * Reading columns from the tables users pass to the model and survival functions: an array of records
 * (`[{ week: 20, arrest: 1, ... }]`) or a danfo.js DataFrame (detected by shape — `.columns` and `.values` —
 * so danfo is never imported here). Missing cells (`null`, `undefined`, `""`, `NaN`, `"NA"`) become NaN in
 * numeric columns; the callers decide whether to drop such rows (and say how many they dropped).
 */
import { RadiogxError, nearest } from "../errors";

/** What a danfo.js DataFrame (or anything shaped like one) offers: column names and row-major values. */
export interface DataFrameLike {
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

/** A table: an array of records or a DataFrame-like object. */
export type Table = readonly Readonly<Record<string, unknown>>[] | DataFrameLike;

export function isDataFrameLike(x: unknown): x is DataFrameLike {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const o = x as { columns?: unknown; values?: unknown };
  return Array.isArray(o.columns) && Array.isArray(o.values);
}

/** Number of rows of a table. */
export function tableRows(table: Table): number {
  return isDataFrameLike(table) ? table.values.length : table.length;
}

/** The column names of a table (for records, the keys of the first record). */
export function tableColumnNames(table: Table): string[] {
  if (isDataFrameLike(table)) return [...table.columns];
  const first = table[0];
  return first === undefined ? [] : Object.keys(first);
}

/** The raw cells of one column, with an error naming the nearest existing column when it is absent. */
export function rawColumn(table: Table, name: string, context: string): unknown[] {
  if (isDataFrameLike(table)) {
    const j = table.columns.indexOf(name);
    if (j < 0) throw missingColumn(name, table.columns, context);
    const out = new Array<unknown>(table.values.length);
    for (let i = 0; i < table.values.length; i++) out[i] = table.values[i]![j];
    return out;
  }
  if (table.length > 0 && !(name in table[0]!)) throw missingColumn(name, Object.keys(table[0]!), context);
  const out = new Array<unknown>(table.length);
  for (let i = 0; i < table.length; i++) out[i] = table[i]![name];
  return out;
}

function missingColumn(name: string, columns: readonly string[], context: string): RadiogxError {
  const near = nearest(name, columns);
  return new RadiogxError("INVALID_ARGUMENT", `${context}: the table has no column "${name}"`, {
    key: name,
    hint: near !== undefined ? `did you mean "${near}"?` : `columns are: ${columns.slice(0, 12).join(", ")}${columns.length > 12 ? ", …" : ""}`,
  });
}

/** True for the cells treated as missing: null, undefined, NaN, "", "NA", "NaN". */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) || v === "" || v === "NA" || v === "NaN";
}

/**
 * Converts one cell to a number: numbers as they are, booleans to 1/0, numeric strings parsed, missing
 * cells to NaN. Anything else is an error naming the column and the value.
 */
export function toNumber(v: unknown, column: string, context: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (isMissing(v)) return NaN;
  if (typeof v === "string") {
    const x = Number(v);
    if (!Number.isNaN(x)) return x;
  }
  throw new RadiogxError("INVALID_ARGUMENT", `${context}: column "${column}" holds ${JSON.stringify(v)}, which is not a number`, {
    key: column,
    hint: "encode categorical covariates as 0/1 indicator columns",
  });
}

/** One numeric column (missing cells as NaN). */
export function numericColumn(table: Table, name: string, context: string): Float64Array {
  const raw = rawColumn(table, name, context);
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = toNumber(raw[i], name, context);
  return out;
}

/**
 * Several numeric columns read in one pass over the rows (missing cells as NaN), without intermediate
 * arrays: the fast path for wide tables.
 */
export function numericColumns(table: Table, names: readonly string[], context: string): Float64Array[] {
  const n = tableRows(table);
  const out = names.map(() => new Float64Array(n));
  const m = names.length;
  if (isDataFrameLike(table)) {
    const idx = names.map((name) => {
      const j = table.columns.indexOf(name);
      if (j < 0) throw missingColumn(name, table.columns, context);
      return j;
    });
    for (let i = 0; i < n; i++) {
      const row = table.values[i]!;
      for (let c = 0; c < m; c++) {
        const v = row[idx[c]!];
        out[c]![i] = typeof v === "number" ? v : toNumber(v, names[c]!, context);
      }
    }
    return out;
  }
  if (n > 0) for (const name of names) if (!(name in table[0]!)) throw missingColumn(name, Object.keys(table[0]!), context);
  for (let i = 0; i < n; i++) {
    const row = table[i]!;
    for (let c = 0; c < m; c++) {
      const v = row[names[c]!];
      out[c]![i] = typeof v === "number" ? v : toNumber(v, names[c]!, context);
    }
  }
  return out;
}

/** Converts a plain array or typed array of cells to a Float64Array, naming `what` in errors. */
export function toFloat64(values: ArrayLike<unknown>, what: string, context: string): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toNumber(values[i], what, context);
  return out;
}

/** Throws unless every array has length `n`. */
export function checkLengths(context: string, n: number, arrays: Record<string, ArrayLike<unknown> | undefined>): void {
  for (const [name, a] of Object.entries(arrays)) {
    if (a !== undefined && a.length !== n) {
      throw new RadiogxError("INVALID_ARGUMENT", `${context}: "${name}" has ${a.length} values but there are ${n} subjects`, { key: name });
    }
  }
}

/**
 * Encodes group labels (any values) as integer codes 0..k−1 in sorted order of the distinct labels
 * (numbers numerically, otherwise as strings). Missing labels get code −1.
 */
export function encodeGroups(values: ArrayLike<unknown>): { levels: (string | number | boolean)[]; codes: Int32Array } {
  const seen = new Map<string, string | number | boolean>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    const key = typeof v + ":" + String(v);
    if (!seen.has(key)) seen.set(key, v as string | number | boolean);
  }
  const levels = [...seen.values()];
  const allNumeric = levels.every((l) => typeof l === "number");
  levels.sort(allNumeric ? (a, b) => (a as number) - (b as number) : (a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const index = new Map<string, number>();
  levels.forEach((l, i) => index.set(typeof l + ":" + String(l), i));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    codes[i] = isMissing(v) ? -1 : index.get(typeof v + ":" + String(v))!;
  }
  return { levels, codes };
}
