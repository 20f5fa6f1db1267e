/**
 * Feature matrices. Users pass rows as arrays (`number[][]`, `Float64Array[]`), an ml-matrix `Matrix`, or a
 * danfo DataFrame (duck-typed: `.columns` + `.values`); models work on `Dense`: a row-major Float64Array
 * with the column names. Missing cells become NaN; classifiers reject them (add an `Imputer` step).
 */
import { RadiogxError } from "../errors";
import { columnsOf, numericColumns } from "../cohort/table";
import { type DataFrameLike, type Table, isDataFrameLike, toNumber } from "./table";

/** What an ml-matrix `Matrix` offers. */
export interface MatrixLike {
  readonly rows: number;
  readonly columns: number;
  get(row: number, column: number): number;
}

/** Rows of numbers, an ml-matrix Matrix, or any table (DataFrame, cohort table, object of columns). */
export type FeatureMatrix = readonly (readonly number[])[] | readonly Float64Array[] | DataFrameLike | MatrixLike | Exclude<Table, readonly unknown[]>;

export interface Dense {
  readonly n: number;
  readonly p: number;
  /** Row-major values: sample i, feature j at data[i * p + j]. */
  readonly data: Float64Array;
  readonly names: readonly string[];
}

function isMatrixLike(x: unknown): x is MatrixLike {
  return typeof x === "object" && x !== null && typeof (x as MatrixLike).rows === "number" && typeof (x as MatrixLike).columns === "number" && typeof (x as MatrixLike).get === "function";
}

/**
 * Converts any accepted matrix to `Dense` (no copy when it already is one).
 * @param names column names for array input (default x0, x1, …).
 */
export function toDense(X: FeatureMatrix | Dense, context: string, names?: readonly string[]): Dense {
  if (isDense(X)) return X;
  if (isDataFrameLike(X)) {
    const n = X.values.length;
    const p = X.columns.length;
    const data = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      const row = X.values[i]!;
      for (let j = 0; j < p; j++) data[i * p + j] = toNumber(row[j], X.columns[j]!, context);
    }
    return { n, p, data, names: [...X.columns] };
  }
  if (isMatrixLike(X)) {
    const n = X.rows;
    const p = X.columns;
    const data = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) data[i * p + j] = X.get(i, j);
    return { n, p, data, names: names ? [...names] : defaultNames(p) };
  }
  if (!Array.isArray(X)) {
    if (X === null || typeof X !== "object") throw new RadiogxError("INVALID_ARGUMENT", `${context}: features must be an array of rows, an ml-matrix Matrix or a table`, { key: "X" });
    // A cohort table or an object of columns: every column must be numeric.
    const num = numericColumns(columnsOf(X as Table, context), context, { nonNumeric: "error" });
    const n = num.n;
    const p = num.names.length;
    const data = new Float64Array(n * p);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) data[i * p + j] = num.data[j]![i]!;
    return { n, p, data, names: num.names };
  }
  const rows = X as readonly ArrayLike<unknown>[];
  const n = rows.length;
  const p = n > 0 ? rows[0]!.length : (names?.length ?? 0);
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (row.length !== p) throw new RadiogxError("INVALID_ARGUMENT", `${context}: row ${i} has ${row.length} values, row 0 has ${p}`, { key: "X" });
    for (let j = 0; j < p; j++) data[i * p + j] = toNumber(row[j], names?.[j] ?? `x${j}`, context);
  }
  if (names && names.length !== p) throw new RadiogxError("INVALID_ARGUMENT", `${context}: ${names.length} feature names for ${p} columns`, { key: "featureNames" });
  return { n, p, data, names: names ? [...names] : defaultNames(p) };
}

export function isDense(x: unknown): x is Dense {
  return typeof x === "object" && x !== null && (x as Dense).data instanceof Float64Array && typeof (x as Dense).n === "number" && typeof (x as Dense).p === "number";
}

function defaultNames(p: number): string[] {
  return Array.from({ length: p }, (_, j) => `x${j}`);
}

/** The rows at `idx` (a copy). */
export function selectRows(X: Dense, idx: ArrayLike<number>): Dense {
  const { p } = X;
  const data = new Float64Array(idx.length * p);
  for (let r = 0; r < idx.length; r++) data.set(X.data.subarray(idx[r]! * p, idx[r]! * p + p), r * p);
  return { n: idx.length, p, data, names: X.names };
}

/** The columns at `cols` (a copy). */
export function selectColumns(X: Dense, cols: readonly number[]): Dense {
  const q = cols.length;
  const data = new Float64Array(X.n * q);
  for (let i = 0; i < X.n; i++) for (let k = 0; k < q; k++) data[i * q + k] = X.data[i * X.p + cols[k]!]!;
  return { n: X.n, p: q, data, names: cols.map((c) => X.names[c]!) };
}

/** @throws RadiogxError naming the first column with a missing (NaN) or infinite value. */
export function requireFinite(X: Dense, context: string): void {
  for (let i = 0; i < X.n; i++) {
    for (let j = 0; j < X.p; j++) {
      const v = X.data[i * X.p + j]!;
      if (!Number.isFinite(v)) {
        throw new RadiogxError("INVALID_ARGUMENT", `${context}: feature "${X.names[j]}" of sample ${i} is ${v}`, {
          key: X.names[j],
          hint: Number.isNaN(v) ? "put an Imputer step before the classifier in a Pipeline" : "remove or clip infinite values",
        });
      }
    }
  }
}

/** @throws unless X has the `p` columns a fitted model expects. */
export function requireColumns(X: Dense, names: readonly string[], context: string): void {
  if (X.p !== names.length) {
    throw new RadiogxError("INVALID_ARGUMENT", `${context}: the model was fitted on ${names.length} features, got ${X.p}`, { key: "X" });
  }
}
