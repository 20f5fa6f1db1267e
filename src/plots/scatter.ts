/**
 * Vega-Lite (v5) scatter plot of one feature against one gene (or any two variables), with a least-squares
 * line, optional colouring by a group (subtype, mutation status), and the correlation in the subtitle.
 */
import { RadiogxError } from "../errors";
import { correlation, type CorrelationMethod } from "../stats/correlation";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./roc";

export interface ScatterOptions {
  /** Axis titles. Default "x" and "y". */
  xTitle?: string;
  yTitle?: string;
  title?: string;
  /** One label per point (e.g. patient ids) for the tooltip. */
  labels?: ArrayLike<string>;
  /** One group per point (coloured). */
  groups?: ArrayLike<string | number | null>;
  /** Correlation in the subtitle. Default "spearman"; null for none. */
  method?: CorrelationMethod | null;
  /** Draw the least-squares line. Default true. */
  line?: boolean;
  width?: number;
  height?: number;
}

/**
 * Scatter plot of y against x (pairs with a missing value are left out and counted in the subtitle).
 * @throws RadiogxError when x and y differ in length or fewer than 2 complete pairs remain.
 * @example featureGeneScatter(features.original_glcm_Contrast, expr.values[g], { xTitle: "GLCM contrast", yTitle: "VEGFA" })
 */
export function scatterPlot(x: ArrayLike<number>, y: ArrayLike<number>, options: ScatterOptions = {}): VegaLiteSpec {
  if (x.length !== y.length) throw new RadiogxError("INVALID_ARGUMENT", `scatterPlot: x has ${x.length} values and y has ${y.length}`, { key: "y" });
  const values: Record<string, unknown>[] = [];
  let dropped = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) {
      dropped++;
      continue;
    }
    const v: Record<string, unknown> = { x: x[i], y: y[i] };
    if (options.labels) v.label = options.labels[i];
    if (options.groups) v.group = options.groups[i] === null ? "missing" : String(options.groups[i]);
    values.push(v);
  }
  if (values.length < 2) throw new RadiogxError("INVALID_ARGUMENT", `scatterPlot: ${values.length} complete pairs; at least 2 are needed`, { key: "x" });
  const method = options.method === undefined ? "spearman" : options.method;
  let subtitle = `n = ${values.length}${dropped > 0 ? ` (${dropped} incomplete pairs left out)` : ""}`;
  if (method !== null) {
    const c = correlation(x, y, method);
    if (Number.isFinite(c.r)) subtitle = `${method === "kendall" ? "τ" : method === "spearman" ? "ρ" : "r"} = ${c.r.toFixed(3)}, p = ${c.pValue < 1e-4 ? c.pValue.toExponential(1) : c.pValue.toFixed(4)}; ${subtitle}`;
  }
  const xe = { field: "x", type: "quantitative", title: options.xTitle ?? "x", scale: { zero: false } };
  const ye = { field: "y", type: "quantitative", title: options.yTitle ?? "y", scale: { zero: false } };
  const tooltip = [...(options.labels ? [{ field: "label", type: "nominal" }] : []), { field: "x", type: "quantitative", title: options.xTitle ?? "x" }, { field: "y", type: "quantitative", title: options.yTitle ?? "y" }];
  const point: Record<string, unknown> = {
    mark: { type: "point", filled: true, opacity: 0.75 },
    encoding: { x: xe, y: ye, tooltip, ...(options.groups ? { color: { field: "group", type: "nominal", title: null } } : {}) },
  };
  const layers: Record<string, unknown>[] = [point];
  if (options.line ?? true) {
    layers.push({ transform: [{ regression: "y", on: "x" }], mark: { type: "line", color: "#333333" }, encoding: { x: xe, y: ye } });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? `${options.yTitle ?? "y"} vs ${options.xTitle ?? "x"}`, subtitle },
    width: options.width ?? 360,
    height: options.height ?? 320,
    data: { values },
    layer: layers,
  };
}

/** `scatterPlot` under the name notebooks look for: one feature against one gene. */
export const featureGeneScatter = scatterPlot;
