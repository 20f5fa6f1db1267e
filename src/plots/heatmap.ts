/**
 * Vega-Lite (v5) clustered heatmap of a correlation map: one cell per (x, y) pair coloured by r on a
 * diverging red–blue scale fixed to [−1, 1], significant pairs marked (* q < 0.05, ** q < 0.01 by default),
 * rows and columns in dendrogram order with the dendrograms drawn beside the map when the map was clustered.
 * A plain JSON spec: render it with any Vega-Lite v5 renderer (JupyterLab, vega-embed, Altair).
 */
import { RadiogxError } from "../errors";
import type { Dendrogram } from "../stats/cluster";
import type { CorrelationMapResult } from "../stats/correlationMap";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./roc";

export interface HeatmapOptions {
  title?: string;
  /** Size of one cell in pixels. Default 14. */
  cellSize?: number;
  /** Use the clustered order and draw the dendrograms when the map has trees. Default true. */
  clustered?: boolean;
  /** q-value thresholds for one and two stars. Default [0.05, 0.01]. */
  stars?: [number, number];
  /** Axis titles. Default "feature" (rows) and "gene" (columns). */
  rowTitle?: string;
  columnTitle?: string;
  /** Refuse maps with more cells than this (a browser struggles beyond). Default 250 000. */
  maxCells?: number;
}

/** The segments of a dendrogram drawn with leaves at positions 0…n−1 (in `order`) and merge heights. */
export function dendrogramSegments(tree: Dendrogram): { pos: number; pos2: number; height: number; height2: number }[] {
  const n = tree.n;
  const position = new Float64Array(2 * n - 1);
  const height = new Float64Array(2 * n - 1);
  tree.order.forEach((leaf, i) => (position[leaf] = i));
  const segs: { pos: number; pos2: number; height: number; height2: number }[] = [];
  tree.merges.forEach(([a, b, h], m) => {
    const id = n + m;
    position[id] = (position[a]! + position[b]!) / 2;
    height[id] = h;
    // Two uprights and the crossbar.
    segs.push({ pos: position[a]!, pos2: position[a]!, height: height[a]!, height2: h });
    segs.push({ pos: position[b]!, pos2: position[b]!, height: height[b]!, height2: h });
    segs.push({ pos: position[a]!, pos2: position[b]!, height: h, height2: h });
  });
  return segs;
}

/**
 * Clustered heatmap of a `correlationMap` result.
 * @throws RadiogxError for an empty map or one with more than `maxCells` cells.
 * @example heatmapPlot(correlationMap(features, genes, { cluster: true }))
 */
export function heatmapPlot(map: CorrelationMapResult, options: HeatmapOptions = {}): VegaLiteSpec {
  const p = map.xNames.length;
  const q = map.yNames.length;
  if (p === 0 || q === 0) throw new RadiogxError("INVALID_ARGUMENT", "heatmapPlot: the map has no rows or no columns", { key: "map" });
  const maxCells = options.maxCells ?? 250_000;
  if (p * q > maxCells) {
    throw new RadiogxError("INVALID_ARGUMENT", `heatmapPlot: ${p} × ${q} = ${p * q} cells is more than ${maxCells}`, {
      key: "map",
      hint: "select the rows/columns of interest (xColumns/yColumns), or raise maxCells",
    });
  }
  const cell = options.cellSize ?? 14;
  const [s1, s2] = options.stars ?? [0.05, 0.01];
  const clustered = options.clustered ?? true;
  const rowOrder = clustered && map.rowTree ? map.rowTree.order : [...Array(p).keys()];
  const colOrder = clustered && map.columnTree ? map.columnTree.order : [...Array(q).keys()];
  const values: Record<string, unknown>[] = [];
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      const k = i * q + j;
      const r = map.r[k]!;
      const qv = map.qValue[k]!;
      values.push({
        row: map.xNames[i],
        column: map.yNames[j],
        r: Number.isFinite(r) ? r : null,
        p: Number.isFinite(map.pValue[k]!) ? map.pValue[k] : null,
        q: Number.isFinite(qv) ? qv : null,
        n: map.n[k],
        star: qv < s2 ? "**" : qv < s1 ? "*" : "",
      });
    }
  }
  const rowSort = rowOrder.map((i) => map.xNames[i]!);
  const colSort = colOrder.map((j) => map.yNames[j]!);
  const width = cell * q;
  const height = cell * p;
  const x = { field: "column", type: "nominal", sort: colSort, title: options.columnTitle ?? "gene", axis: { labelAngle: -60 } };
  const y = { field: "row", type: "nominal", sort: rowSort, title: options.rowTitle ?? "feature" };
  const heat = {
    width,
    height,
    data: { values },
    encoding: { x, y },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          color: { field: "r", type: "quantitative", title: map.method === "kendall" ? "τ" : map.method === "spearman" ? "ρ" : "r", scale: { scheme: "redblue", domain: [-1, 1], reverse: true } },
          tooltip: [
            { field: "row", type: "nominal", title: options.rowTitle ?? "feature" },
            { field: "column", type: "nominal", title: options.columnTitle ?? "gene" },
            { field: "r", type: "quantitative", format: ".3f" },
            { field: "p", type: "quantitative", format: ".2e" },
            { field: "q", type: "quantitative", format: ".2e" },
            { field: "n", type: "quantitative" },
          ],
        },
      },
      { mark: { type: "text", baseline: "middle", fontSize: Math.max(7, cell * 0.6) }, encoding: { text: { field: "star", type: "nominal" } } },
    ],
  };
  const title = { text: options.title ?? `${map.method[0]!.toUpperCase()}${map.method.slice(1)} correlation map`, subtitle: `${map.adjust.toUpperCase()}-adjusted: * q < ${s1}, ** q < ${s2}; ${map.samples} samples` };
  const drawTrees = clustered && (map.rowTree !== undefined || map.columnTree !== undefined);
  if (!drawTrees) return { $schema: VEGA_LITE_SCHEMA, title, ...heat };
  const treeSize = 60;
  const colTree = map.columnTree
    ? {
        width,
        height: treeSize,
        data: { values: dendrogramSegments(map.columnTree) },
        mark: { type: "rule", color: "#555555" },
        encoding: {
          x: { field: "pos", type: "quantitative", scale: { domain: [-0.5, q - 0.5], nice: false, zero: false }, axis: null },
          x2: { field: "pos2" },
          y: { field: "height", type: "quantitative", axis: null },
          y2: { field: "height2" },
        },
      }
    : null;
  const rowTree = map.rowTree
    ? {
        width: treeSize,
        height,
        data: { values: dendrogramSegments(map.rowTree) },
        mark: { type: "rule", color: "#555555" },
        encoding: {
          y: { field: "pos", type: "quantitative", scale: { domain: [p - 0.5, -0.5], nice: false, zero: false }, axis: null },
          y2: { field: "pos2" },
          x: { field: "height", type: "quantitative", scale: { reverse: true }, axis: null },
          x2: { field: "height2" },
        },
      }
    : null;
  const body = rowTree ? { hconcat: [rowTree, heat], spacing: 2 } : heat;
  // An empty corner above the row dendrogram keeps the column dendrogram aligned with the map.
  const corner = { width: treeSize, height: treeSize, data: { values: [] }, mark: { type: "point" } };
  const top = colTree ? (rowTree ? { hconcat: [corner, colTree], spacing: 2 } : colTree) : null;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    vconcat: top ? [top, body] : [body],
    spacing: 2,
    config: { view: { stroke: null } },
  };
}
