/**
 * Rich display of danfo.js `DataFrame` and `Series` (danfojs-node 1.1): an HTML table in the shape
 * pandas gives notebooks (`<table class="dataframe">`, index as row headers, a "rows × columns"
 * line) and danfo's own text table as `text/plain`.
 *
 * danfo is recognised by shape, not by `instanceof`, so this module does not load danfo (and its
 * TensorFlow.js) and works with any danfo instance a notebook imported: a DataFrame has
 * `$isSeries === false` and array `columns`, `index` and `values`; a Series has `$isSeries === true`.
 */
import { escapeHtml } from "./html";

/** The part of a danfo DataFrame/Series used for display. */
export interface DanfoLike {
  $isSeries: boolean;
  columns: unknown[];
  index: unknown[];
  /** Row-major: rows of a DataFrame (arrays), values of a Series. */
  values: unknown[];
  shape: number[];
  toString(): string;
}

export function isDanfoFrame(x: unknown): x is DanfoLike {
  if (x === null || typeof x !== "object") return false;
  const o = x as Record<string, unknown>;
  return typeof o.$isSeries === "boolean" && Array.isArray(o.columns) && Array.isArray(o.index) && Array.isArray(o.values);
}

/** Display limits (pandas' `display.max_rows` 60 and `display.max_columns` 20). */
export interface TableLimits {
  /** Rows shown before eliding the middle (first half and last half kept). Default 60. */
  maxRows?: number;
  /** Columns shown before eliding the middle. Default 20. */
  maxColumns?: number;
}

/** A cell value as pandas prints it: numbers to 6 significant digits, NaN as "NaN". */
export function formatCell(v: unknown): string {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
    return String(Number(v.toPrecision(6)));
  }
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v) ?? String(v);
  return String(v);
}

/** Which positions of `n` to show under a limit of `max`: head, an ellipsis (-1), tail. */
function visible(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil(max / 2);
  const tail = Math.floor(max / 2);
  const out: number[] = [];
  for (let i = 0; i < head; i++) out.push(i);
  out.push(-1);
  for (let i = n - tail; i < n; i++) out.push(i);
  return out;
}

/** The HTML table of a danfo DataFrame or Series. */
export function danfoToHtml(df: DanfoLike, limits: TableLimits = {}): string {
  const maxRows = limits.maxRows ?? 60;
  const maxCols = limits.maxColumns ?? 20;
  const nRows = df.index.length;
  const series = df.$isSeries;
  const columns = series ? [df.columns[0] ?? ""] : df.columns;
  const nCols = columns.length;
  const rows = visible(nRows, maxRows);
  const cols = visible(nCols, maxCols);
  const parts: string[] = ['<div><table border="1" class="dataframe">', '<thead><tr style="text-align: right;"><th></th>'];
  for (const c of cols) parts.push(`<th>${c < 0 ? "…" : escapeHtml(formatCell(columns[c]))}</th>`);
  parts.push("</tr></thead><tbody>");
  for (const r of rows) {
    if (r < 0) {
      parts.push("<tr><th>…</th>");
      for (let k = 0; k < cols.length; k++) parts.push("<td>…</td>");
      parts.push("</tr>");
      continue;
    }
    parts.push(`<tr><th>${escapeHtml(formatCell(df.index[r]))}</th>`);
    const row = df.values[r];
    for (const c of cols) {
      const v = c < 0 ? "…" : series ? row : Array.isArray(row) ? row[c] : undefined;
      parts.push(`<td>${c < 0 ? "…" : escapeHtml(formatCell(v))}</td>`);
    }
    parts.push("</tr>");
  }
  parts.push("</tbody></table>");
  parts.push(series ? `<p>Series: ${nRows} rows</p>` : `<p>${nRows} rows × ${nCols} columns</p>`);
  parts.push("</div>");
  return parts.join("");
}
