/**
 * The rich representation of a value: a MIME bundle (`{ "text/html": …, "text/plain": … }`) for
 * `display_data` and `execute_result`.
 *
 * The value is asked, in order:
 *
 * 1. `_repr_mimebundle_()` (IPython's protocol; widgets implement it) or `toMimeBundle()`, each
 *    returning a bundle or `[bundle, metadata]`;
 * 2. danfo DataFrame / Series → HTML table + danfo's text table;
 * 3. a Vega-Lite spec, or a value's `toVegaLite()` → `application/vnd.vegalite.v5+json`;
 * 4. IPython's single-format methods `_repr_html_`, `_repr_markdown_`, `_repr_svg_`, `_repr_png_`,
 *    `_repr_jpeg_`, `_repr_latex_`, `_repr_json_`, `_repr_javascript_`, and the JavaScript
 *    convention `toHTML()` (binary results are base64-encoded, as the notebook format stores them);
 * 5. otherwise `text/plain` only, from `util.inspect` (what the Node REPL shows).
 *
 * Every bundle has `text/plain`, which static viewers and terminals fall back to.
 */
import { inspect } from "node:util";
import { danfoToHtml, isDanfoFrame } from "./dataframe";
import { VEGALITE_MIME, describeVegaLite, isVegaLiteSpec } from "./vegalite";

export type MimeBundle = { [mime: string]: unknown };

export interface MimeOutput {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** `text/plain` of any value: the Node REPL's `util.inspect`, bounded for huge values. */
export function plainText(value: unknown): string {
  if (typeof value === "string") return inspect(value, { maxStringLength: 10_000 });
  return inspect(value, { depth: 3, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100, colors: false });
}

const SINGLE_FORMAT: readonly [string, string][] = [
  ["_repr_html_", "text/html"],
  ["_repr_markdown_", "text/markdown"],
  ["_repr_svg_", "image/svg+xml"],
  ["_repr_png_", "image/png"],
  ["_repr_jpeg_", "image/jpeg"],
  ["_repr_latex_", "text/latex"],
  ["_repr_json_", "application/json"],
  ["_repr_javascript_", "application/javascript"],
  ["toHTML", "text/html"],
];

function encodeBinary(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
  if (v instanceof ArrayBuffer) return Buffer.from(v).toString("base64");
  return v;
}

function callMethod(value: object, name: string): unknown {
  const f = (value as Record<string, unknown>)[name];
  return typeof f === "function" ? (f as () => unknown).call(value) : undefined;
}

function fromBundleResult(result: unknown, value: unknown): MimeOutput | null {
  if (result === null || result === undefined) return null;
  let data: unknown = result;
  let metadata: unknown = {};
  if (Array.isArray(result)) [data, metadata] = result as [unknown, unknown];
  if (data === null || typeof data !== "object") return null;
  const out: MimeBundle = {};
  for (const [k, v] of Object.entries(data)) out[k] = encodeBinary(v);
  if (typeof out["text/plain"] !== "string") out["text/plain"] = plainText(value);
  return { data: out, metadata: (metadata && typeof metadata === "object" ? metadata : {}) as Record<string, unknown> };
}

/**
 * The MIME bundle of `value` (see the module comment for the order). A representation method that
 * throws is reported in the bundle's `text/plain`, not swallowed.
 */
export function toMimeBundle(value: unknown): MimeOutput {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    return { data: { "text/plain": plainText(value) }, metadata: {} };
  }
  try {
    for (const m of ["_repr_mimebundle_", "toMimeBundle"]) {
      const out = fromBundleResult(callMethod(value, m), value);
      if (out) return out;
    }
    if (isDanfoFrame(value)) {
      return { data: { "text/html": danfoToHtml(value), "text/plain": value.toString() }, metadata: {} };
    }
    const spec = isVegaLiteSpec(value) ? value : callMethod(value, "toVegaLite");
    if (isVegaLiteSpec(spec)) {
      return { data: { [VEGALITE_MIME]: spec, "text/plain": describeVegaLite(spec) }, metadata: {} };
    }
    const data: MimeBundle = {};
    for (const [method, mime] of SINGLE_FORMAT) {
      if (data[mime] !== undefined) continue;
      const r = callMethod(value, method);
      if (r !== undefined && r !== null) data[mime] = encodeBinary(r);
    }
    data["text/plain"] = plainText(value);
    return { data, metadata: {} };
  } catch (e) {
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { data: { "text/plain": `${plainText(value)}\n[rich display failed: ${why}]` }, metadata: {} };
  }
}
