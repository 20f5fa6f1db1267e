/**
 * Vega-Lite (v5) specification of ROC curves: one line per model (1 − specificity against sensitivity),
 * an optional shaded confidence band of sensitivity (from `rocConfidenceBand`), the chance diagonal, and
 * AUCs with CIs in the legend. The builders return plain JSON objects; rendering is the notebook's job.
 */
import { RadiogxError } from "../errors";
import type { RocBand, RocResult } from "../models/roc";

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** A Vega-Lite specification (plain JSON). */
export interface VegaLiteSpec {
  readonly $schema: typeof VEGA_LITE_SCHEMA;
  readonly [key: string]: unknown;
}

export interface RocPlotOptions {
  /** Curve names (default "model 1", …), shown with their AUC and CI in the legend. */
  labels?: readonly string[];
  /** Sensitivity band for the first curve. */
  band?: RocBand;
  title?: string;
  /** Size in pixels. Default 360 × 360. */
  width?: number;
  height?: number;
}

const fmt = (x: number) => x.toFixed(3);

/**
 * ROC curves with an optional CI band.
 * @example rocPlot([rocAuc(y, s)], { band: rocConfidenceBand(y, s) })
 */
export function rocPlot(curves: RocResult | readonly RocResult[], options: RocPlotOptions = {}): VegaLiteSpec {
  const list = Array.isArray(curves) ? (curves as readonly RocResult[]) : [curves as RocResult];
  if (list.length === 0) throw new RadiogxError("INVALID_ARGUMENT", "rocPlot: no ROC curve given", { key: "curves" });
  const labels = options.labels ?? list.map((_, i) => `model ${i + 1}`);
  if (labels.length !== list.length) throw new RadiogxError("INVALID_ARGUMENT", `rocPlot: ${labels.length} labels for ${list.length} curves`, { key: "labels" });
  const names = list.map((r, i) => `${labels[i]} (AUC ${fmt(r.auc)}, ${fmt(r.ciLower)}–${fmt(r.ciUpper)})`);
  const points: Record<string, number | string>[] = [];
  list.forEach((r, i) => {
    // From (0, 0) at +∞ to (1, 1) at −∞: walk thresholds downwards.
    for (let k = r.curve.threshold.length - 1; k >= 0; k--) {
      points.push({ model: names[i]!, fpr: 1 - r.curve.specificity[k]!, tpr: r.curve.sensitivity[k]!, order: r.curve.threshold.length - 1 - k });
    }
  });
  const x = { field: "fpr", type: "quantitative", title: "1 − specificity", scale: { domain: [0, 1], nice: false } };
  const layers: Record<string, unknown>[] = [];
  if (options.band) {
    const b = options.band;
    const values = Array.from(b.specificity, (sp, q) => ({ fpr: 1 - sp, lower: b.lower[q]!, upper: b.upper[q]! })).sort((a, c) => a.fpr - c.fpr);
    layers.push({
      data: { values },
      // The band's sensitivities are interpolated linearly between curve points (pROC's ci.se), so is the area.
      mark: { type: "area", opacity: 0.25, interpolate: "linear", color: "#4c78a8" },
      encoding: {
        x,
        y: { field: "lower", type: "quantitative" },
        y2: { field: "upper" },
      },
    });
  }
  layers.push({
    data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] },
    mark: { type: "line", strokeDash: [4, 4], color: "#999999" },
    encoding: { x, y: { field: "tpr", type: "quantitative" } },
  });
  layers.push({
    data: { values: points },
    mark: { type: "line", interpolate: "linear" },
    encoding: {
      x,
      y: { field: "tpr", type: "quantitative", title: "sensitivity", scale: { domain: [0, 1], nice: false } },
      // Below the plot, one entry per line: entries carry the AUC and its CI (labelLimit 0: never cut to 160 px),
      // and inside the plot ("bottom-right") a long entry ran over the y axis.
      color: { field: "model", type: "nominal", title: null, legend: { orient: "bottom", direction: "vertical", labelLimit: 0 } },
      order: { field: "order", type: "quantitative" },
    },
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? "ROC curve",
    width: options.width ?? 360,
    height: options.height ?? 360,
    layer: layers,
  };
}
