/**
 * Vega-Lite (v5) specification of Kaplan–Meier curves: step lines per group, shaded confidence bands,
 * censoring ticks, the log-rank p-value in the subtitle, and a number-at-risk table under the plot aligned
 * on the same time axis.
 */
import { RadiogxError } from "../errors";
import type { KaplanMeierResult } from "../survival/kaplanMeier";
import type { LogRankResult } from "../survival/logRank";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./roc";

export interface KaplanMeierPlotOptions {
  /** Shade the confidence bands. Default true. */
  bands?: boolean;
  /** Mark censored times with ticks. Default true. */
  censorTicks?: boolean;
  /** Times at which to show the number at risk; default 6 evenly spaced ticks; [] hides the table. */
  atRiskTimes?: readonly number[];
  /** A log-rank result to print in the subtitle. */
  logRank?: LogRankResult;
  title?: string;
  /** Time axis title. Default "time". */
  timeLabel?: string;
  width?: number;
  height?: number;
}

function atRiskAt(km: KaplanMeierResult, t: number): number {
  // Subjects with time ≥ t: the at-risk count at the first observed time ≥ t, 0 after the last.
  for (let k = 0; k < km.time.length; k++) if (km.time[k]! >= t) return km.atRisk[k]!;
  return 0;
}

/**
 * Kaplan–Meier curves with bands and an at-risk table.
 * @example kaplanMeierPlot([kmMale, kmFemale], { logRank: logRankTest(time, status, sex) })
 */
export function kaplanMeierPlot(curves: KaplanMeierResult | readonly KaplanMeierResult[], options: KaplanMeierPlotOptions = {}): VegaLiteSpec {
  const list = Array.isArray(curves) ? (curves as readonly KaplanMeierResult[]) : [curves as KaplanMeierResult];
  if (list.length === 0) throw new RadiogxError("INVALID_ARGUMENT", "kaplanMeierPlot: no curve given", { key: "curves" });
  const steps: Record<string, number | string>[] = [];
  const censors: Record<string, number | string>[] = [];
  let tMax = 0;
  for (const km of list) {
    steps.push({ group: km.label, time: 0, survival: 1, lower: 1, upper: 1 });
    for (let k = 0; k < km.time.length; k++) {
      steps.push({ group: km.label, time: km.time[k]!, survival: km.survival[k]!, lower: km.lower[k]!, upper: km.upper[k]! });
      if (km.censored[k]! > 0) censors.push({ group: km.label, time: km.time[k]!, survival: km.survival[k]! });
      tMax = Math.max(tMax, km.time[k]!);
    }
  }
  const width = options.width ?? 480;
  const timeAxis = { field: "time", type: "quantitative", title: options.timeLabel ?? "time", scale: { domain: [0, tMax], nice: false } };
  const color = { field: "group", type: "nominal", title: null };
  const layers: Record<string, unknown>[] = [];
  if (options.bands ?? true) {
    layers.push({
      mark: { type: "area", interpolate: "step-after", opacity: 0.2 },
      encoding: { x: timeAxis, y: { field: "lower", type: "quantitative" }, y2: { field: "upper" }, color },
    });
  }
  layers.push({
    mark: { type: "line", interpolate: "step-after" },
    encoding: { x: timeAxis, y: { field: "survival", type: "quantitative", title: "survival probability", scale: { domain: [0, 1] } }, color },
  });
  if ((options.censorTicks ?? true) && censors.length > 0) {
    layers.push({
      data: { values: censors },
      mark: { type: "point", shape: "cross", size: 30, filled: true },
      encoding: { x: timeAxis, y: { field: "survival", type: "quantitative" }, color },
    });
  }
  const lr = options.logRank;
  const main: Record<string, unknown> = {
    width,
    height: options.height ?? 300,
    data: { values: steps },
    layer: layers,
  };
  const ticks = options.atRiskTimes ?? Array.from({ length: 6 }, (_, i) => Math.round(((tMax * i) / 5) * 100) / 100);
  const title = { text: options.title ?? "Kaplan–Meier estimate", ...(lr ? { subtitle: `log-rank χ² = ${lr.statistic.toFixed(2)} on ${lr.df} df, p = ${lr.pValue < 1e-4 ? lr.pValue.toExponential(2) : lr.pValue.toFixed(4)}` } : {}) };
  if (ticks.length === 0) return { $schema: VEGA_LITE_SCHEMA, title, ...main };
  const table: Record<string, number | string>[] = [];
  for (const km of list) for (const t of ticks) table.push({ group: km.label, time: t, atRisk: atRiskAt(km, t) });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    vconcat: [
      main,
      {
        width,
        height: 18 * list.length,
        title: { text: "number at risk", fontSize: 11, anchor: "start" },
        data: { values: table },
        mark: { type: "text" },
        view: { stroke: null },
        encoding: {
          x: { ...timeAxis, axis: null },
          y: { field: "group", type: "nominal", title: null, axis: { labelPadding: 18, ticks: false, domain: false } },
          text: { field: "atRisk", type: "quantitative" },
          color,
        },
      },
    ],
    resolve: { scale: { color: "shared" } },
  };
}
