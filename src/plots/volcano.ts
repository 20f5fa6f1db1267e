/**
 * Vega-Lite (v5) volcano plot: effect (correlation r, rank-biserial, Hedges' g, …) against −log₁₀ p, the
 * points passing the q threshold (and the effect threshold, if any) coloured by direction, the smallest
 * p-values labelled, and a dashed line at the largest p-value still significant after adjustment.
 */
import { RadiogxError } from "../errors";
import type { CorrelationMapResult } from "../stats/correlationMap";
import type { FeatureTestResult } from "../stats/featureTests";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./roc";

/** One point: a name, an effect, its p- and q-value. */
export interface VolcanoPoint {
  name: string;
  effect: number;
  pValue: number;
  qValue: number;
}

export interface VolcanoOptions {
  title?: string;
  /** Title of the x axis. Default: "r" for maps, the effect size's name for feature tests. */
  effectTitle?: string;
  /** Significance threshold on q. Default 0.05. */
  qThreshold?: number;
  /** Minimum |effect| for a point to count as a hit. Default 0. */
  effectThreshold?: number;
  /** Label this many points with the smallest p-values. Default 10. */
  label?: number;
  width?: number;
  height?: number;
}

function isMap(x: unknown): x is CorrelationMapResult {
  return typeof x === "object" && x !== null && (x as CorrelationMapResult).r instanceof Float64Array;
}

function isFeatureTests(x: unknown): x is FeatureTestResult {
  return typeof x === "object" && x !== null && Array.isArray((x as FeatureTestResult).rows) && typeof (x as FeatureTestResult).test === "string";
}

/**
 * Volcano plot of a correlation map (every pair), a `testFeatures` result, or plain points.
 * @example volcanoPlot(testFeatures(table, "EGFR"), { qThreshold: 0.1 })
 */
export function volcanoPlot(input: CorrelationMapResult | FeatureTestResult | readonly VolcanoPoint[], options: VolcanoOptions = {}): VegaLiteSpec {
  let points: VolcanoPoint[];
  let effectTitle: string;
  if (isMap(input)) {
    points = input.table().map((r) => ({ name: `${r.x} ~ ${r.y}`, effect: r.r, pValue: r.pValue, qValue: r.qValue }));
    effectTitle = input.method === "kendall" ? "Kendall τ" : input.method === "spearman" ? "Spearman ρ" : "Pearson r";
  } else if (isFeatureTests(input)) {
    points = input.rows.map((r) => ({ name: r.feature, effect: r.effect, pValue: r.pValue, qValue: r.qValue }));
    effectTitle = input.rows[0]?.effectName ?? "effect";
  } else {
    points = [...input];
    effectTitle = "effect";
  }
  const usable = points.filter((pt) => Number.isFinite(pt.effect) && pt.pValue > 0 && pt.pValue <= 1);
  const zeroP = points.filter((pt) => pt.pValue === 0).length;
  if (usable.length === 0) throw new RadiogxError("INVALID_ARGUMENT", "volcanoPlot: no point has a finite effect and a p-value in (0, 1]", { key: "input" });
  const qt = options.qThreshold ?? 0.05;
  const et = options.effectThreshold ?? 0;
  const nLabel = options.label ?? 10;
  const byP = [...usable].sort((a, b) => a.pValue - b.pValue);
  const labelled = new Set(byP.slice(0, nLabel).filter((pt) => pt.qValue < qt).map((pt) => pt.name));
  const values = usable.map((pt) => {
    const hit = pt.qValue < qt && Math.abs(pt.effect) >= et;
    return {
      name: pt.name,
      effect: pt.effect,
      p: pt.pValue,
      q: pt.qValue,
      minusLog10p: -Math.log10(pt.pValue),
      status: hit ? (pt.effect > 0 ? "higher" : "lower") : "not significant",
      label: labelled.has(pt.name) ? pt.name : "",
    };
  });
  const sig = byP.filter((pt) => pt.qValue < qt);
  const x = { field: "effect", type: "quantitative", title: options.effectTitle ?? effectTitle };
  const y = { field: "minusLog10p", type: "quantitative", title: "−log₁₀ p" };
  const layers: Record<string, unknown>[] = [
    {
      data: { values },
      mark: { type: "point", filled: true, opacity: 0.7, size: 30 },
      encoding: {
        x,
        y,
        color: { field: "status", type: "nominal", title: null, scale: { domain: ["higher", "lower", "not significant"], range: ["#c0392b", "#2e6da4", "#b0b0b0"] } },
        tooltip: [
          { field: "name", type: "nominal" },
          { field: "effect", type: "quantitative", format: ".3f" },
          { field: "p", type: "quantitative", format: ".2e" },
          { field: "q", type: "quantitative", format: ".2e" },
        ],
      },
    },
    { data: { values }, mark: { type: "text", align: "left", dx: 5, dy: -5, fontSize: 10 }, encoding: { x, y, text: { field: "label", type: "nominal" } } },
  ];
  if (sig.length > 0) {
    const pMax = sig[sig.length - 1]!.pValue;
    layers.push({ data: { values: [{ y: -Math.log10(pMax) }] }, mark: { type: "rule", strokeDash: [4, 4], color: "#777777" }, encoding: { y: { field: "y", type: "quantitative" } } });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: options.title ?? "Volcano plot",
      subtitle: `${sig.filter((pt) => Math.abs(pt.effect) >= et).length} of ${points.length} with q < ${qt}${et > 0 ? ` and |effect| ≥ ${et}` : ""}${zeroP > 0 ? `; ${zeroP} with p = 0 not drawn` : ""}`,
    },
    width: options.width ?? 420,
    height: options.height ?? 360,
    layer: layers,
  };
}
