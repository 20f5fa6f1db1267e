/**
 * Vega-Lite (v5) forest plot of hazard ratios (or odds ratios): one row per covariate with the estimate
 * and its confidence interval on a log axis, a reference line at 1, and the numbers printed beside it.
 */
import { RadiogxError } from "../errors";
import type { CoxResult } from "../survival/cox";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./roc";

export interface ForestRow {
  readonly name: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly p?: number;
}

export interface ForestPlotOptions {
  title?: string;
  /** Axis title. Default "hazard ratio". */
  measure?: string;
  width?: number;
}

/**
 * Forest plot from a Cox fit (hazard ratios with CIs) or explicit rows.
 * @throws RadiogxError for a non-positive estimate or limit (log axis).
 */
export function forestPlot(fit: CoxResult | readonly ForestRow[], options: ForestPlotOptions = {}): VegaLiteSpec {
  const rows: ForestRow[] = Array.isArray(fit)
    ? [...(fit as readonly ForestRow[])]
    : (fit as CoxResult).coefficients.map((c) => ({ name: c.name, estimate: c.hazardRatio, lower: c.lower, upper: c.upper, p: c.p }));
  if (rows.length === 0) throw new RadiogxError("INVALID_ARGUMENT", "forestPlot: no rows", { key: "fit" });
  for (const r of rows) {
    if (!(r.estimate > 0 && r.lower > 0 && r.upper > 0) || !Number.isFinite(r.upper)) {
      throw new RadiogxError("INVALID_ARGUMENT", `forestPlot: "${r.name}" has estimate ${r.estimate} (${r.lower}–${r.upper}); ratios must be positive and finite for the log axis`, { key: r.name });
    }
  }
  const values = rows.map((r, i) => ({
    name: r.name,
    order: i,
    estimate: r.estimate,
    lower: r.lower,
    upper: r.upper,
    label: `${r.estimate.toFixed(2)} (${r.lower.toFixed(2)}–${r.upper.toFixed(2)})${r.p !== undefined ? `  p = ${r.p < 1e-3 ? r.p.toExponential(1) : r.p.toFixed(3)}` : ""}`,
  }));
  const lo = Math.min(...rows.map((r) => r.lower), 1);
  const hi = Math.max(...rows.map((r) => r.upper), 1);
  const y = { field: "name", type: "nominal", title: null, sort: { field: "order" } };
  const height = 24 * rows.length;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? "Hazard ratios",
    data: { values },
    hconcat: [
      {
        width: options.width ?? 320,
        height,
        layer: [
          { mark: { type: "rule", color: "#999999", strokeDash: [4, 4] }, data: { values: [{ ref: 1 }] }, encoding: { x: { field: "ref", type: "quantitative" } } },
          {
            mark: { type: "rule" },
            encoding: {
              y,
              x: { field: "lower", type: "quantitative", scale: { type: "log", domain: [lo / 1.1, hi * 1.1] }, title: options.measure ?? "hazard ratio" },
              x2: { field: "upper" },
            },
          },
          { mark: { type: "point", filled: true, shape: "square", size: 60 }, encoding: { y, x: { field: "estimate", type: "quantitative" } } },
        ],
      },
      {
        width: 200,
        height,
        view: { stroke: null },
        mark: { type: "text", align: "left", x: 0 },
        encoding: { y: { ...y, axis: null }, text: { field: "label", type: "nominal" } },
      },
    ],
  };
}
