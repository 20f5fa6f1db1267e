/**
 * Cells and columns for the model and survival functions, on top of the cohort layer's table reader
 * (`columnsOf`, `numericColumns`): a table may be a danfo.js DataFrame (detected by shape, never
 * imported), a cohort table from `readTable`, an object of columns, or an array of records. Missing cells
 * (`null`, `undefined`, `NaN`, `""`, `"NA"`, …) become NaN in numeric columns; the callers decide whether
 * to drop such rows (and say how many they dropped).
 */
import { RadiogxError } from "../errors";
import { cellToNumber, isMissingCell } from "../cohort/csv";
import { type TableInput } from "../cohort/table";

export { isDataFrameLike, type DataFrameLike } from "../cohort/table";

/** Any table the cohort layer reads. */
export type Table = TableInput;

/** True for the cells treated as missing (the cohort layer's rule). */
export function isMissing(v: unknown): boolean {
  return isMissingCell(v);
}

/**
 * One cell as a number: numbers as they are, booleans 1/0, numeric strings parsed, missing cells NaN.
 * @throws RadiogxError naming the column and the value for anything else.
 */
export function toNumber(v: unknown, column: string, context: string): number {
  if (typeof v === "number") return v;
  const x = cellToNumber(v);
  if (x !== null) return x;
  throw new RadiogxError("INVALID_ARGUMENT", `${context}: column "${column}" holds ${JSON.stringify(v)}, which is not a number`, {
    key: column,
    hint: "encode categorical covariates as 0/1 indicator columns",
  });
}

/** Converts a plain array or typed array of cells to a Float64Array, naming `what` in errors. */
export function toFloat64(values: ArrayLike<unknown>, what: string, context: string): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toNumber(values[i], what, context);
  return out;
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
