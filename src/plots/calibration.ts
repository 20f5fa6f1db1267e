/**
 * Vega-Lite (v5) calibration plot: observed event rate against mean predicted probability per bin, with
 * Wilson 95% intervals, the ideal diagonal, and the Brier score, slope and intercept in the subtitle.
 */
import type { CalibrationResult } from "../models/calibration";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./roc";

export interface CalibrationPlotOptions {
  title?: string;
  width?: number;
  height?: number;
}

/** Reliability diagram of a `calibration()` result. */
export function calibrationPlot(cal: CalibrationResult, options: CalibrationPlotOptions = {}): VegaLiteSpec {
  const values = cal.bins.map((b) => ({ predicted: b.meanPredicted, observed: b.observed, lower: b.lower, upper: b.upper, n: b.count }));
  const x = { field: "predicted", type: "quantitative", title: "mean predicted probability", scale: { domain: [0, 1] } };
  const y = { field: "observed", type: "quantitative", title: "observed frequency", scale: { domain: [0, 1] } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: options.title ?? "Calibration",
      subtitle: `Brier ${cal.brier.toFixed(3)}, ${Number.isFinite(cal.slope) ? `slope ${cal.slope.toFixed(2)}, intercept ${cal.intercept.toFixed(2)}` : "slope and intercept not computable (see notes)"}`,
    },
    width: options.width ?? 360,
    height: options.height ?? 360,
    layer: [
      {
        data: { values: [{ predicted: 0, observed: 0 }, { predicted: 1, observed: 1 }] },
        mark: { type: "line", strokeDash: [4, 4], color: "#999999" },
        encoding: { x, y },
      },
      { data: { values }, mark: { type: "rule" }, encoding: { x, y: { field: "lower", type: "quantitative" }, y2: { field: "upper" } } },
      { data: { values }, mark: { type: "line", point: true }, encoding: { x, y, tooltip: [{ field: "n", type: "quantitative" }] } },
    ],
  };
}
