/**
 * Vega-Lite specifications as display values. A spec is recognised by its `$schema` naming
 * vega-lite (`https://vega.github.io/schema/vega-lite/v5.json`), or offered by a value's
 * `toVegaLite()` method. It is displayed as `application/vnd.vegalite.v5+json` — rendered by
 * JupyterLab's built-in Vega extension — and the kernel adds an `image/svg+xml` rendering for static
 * viewers (nbconvert, GitHub), see the launcher's `vegaSvg`.
 */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

export function isVegaLiteSpec(x: unknown): x is Record<string, unknown> & { $schema: string } {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const s = (x as { $schema?: unknown }).$schema;
  return typeof s === "string" && /vega-lite/i.test(s);
}

/** A one-line description of a spec for `text/plain`. */
export function describeVegaLite(spec: Record<string, unknown>): string {
  const mark = spec.mark;
  const kind = typeof mark === "string" ? mark : mark && typeof mark === "object" ? String((mark as { type?: unknown }).type ?? "?") : spec.layer ? "layered" : spec.hconcat || spec.vconcat || spec.concat ? "concatenated" : spec.facet ? "faceted" : "composite";
  const title = typeof spec.title === "string" ? `: ${spec.title}` : spec.title && typeof spec.title === "object" && typeof (spec.title as { text?: unknown }).text === "string" ? `: ${(spec.title as { text: string }).text}` : "";
  return `<VegaLite ${kind} chart${title}>`;
}
