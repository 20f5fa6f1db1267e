/**
 * A small HTML table renderer for results that show themselves in notebooks (`toHTML()`), in the style of
 * lifelines' summaries: a caption saying what was fitted on what, a header block of key = value lines,
 * then one table.
 */

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Formats a number for display: 4 significant digits for ordinary values, scientific for tiny p-values. */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax < 1e-4 || ax >= 1e6) return x.toExponential(digits - 2);
  return Number(x.toPrecision(digits)).toString();
}

export interface HtmlTableInput {
  /** What was fitted on what, e.g. "Cox proportional hazards (Efron ties), 432 subjects, 114 events". */
  title: string;
  /** Key–value lines shown above the table. */
  header?: readonly (readonly [string, string | number])[];
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
  /** Lines shown under the table (warnings, notes). */
  notes?: readonly string[];
}

/** Renders a titled table as an HTML fragment. */
export function htmlTable(input: HtmlTableInput): string {
  const cell = (v: string | number) => escapeHtml(typeof v === "number" ? formatNumber(v) : v);
  const parts: string[] = [`<div class="radiogx-result"><p><b>${escapeHtml(input.title)}</b></p>`];
  if (input.header && input.header.length > 0) {
    parts.push("<table><tbody>");
    for (const [k, v] of input.header) parts.push(`<tr><td>${escapeHtml(k)}</td><td>${cell(v)}</td></tr>`);
    parts.push("</tbody></table>");
  }
  parts.push("<table><thead><tr>");
  for (const c of input.columns) parts.push(`<th>${escapeHtml(c)}</th>`);
  parts.push("</tr></thead><tbody>");
  for (const r of input.rows) {
    parts.push("<tr>");
    for (const v of r) parts.push(`<td>${cell(v)}</td>`);
    parts.push("</tr>");
  }
  parts.push("</tbody></table>");
  for (const n of input.notes ?? []) parts.push(`<p><i>${escapeHtml(n)}</i></p>`);
  parts.push("</div>");
  return parts.join("");
}
