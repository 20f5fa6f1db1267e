/**
 * Vega-Lite v5 chart builders. Each returns a plain JSON spec (`$schema` vega-lite v5) that renders in
 * JupyterLab (application/vnd.vegalite.v5+json), in the radiogx kernel with an SVG fallback, or anywhere
 * vega-embed runs. No rendering happens here.
 */
export { rocPlot, type RocPlotOptions, type VegaLiteSpec } from "./roc";
export { kaplanMeierPlot, type KaplanMeierPlotOptions } from "./survival";
export { forestPlot, type ForestRow, type ForestPlotOptions } from "./forest";
export { calibrationPlot, type CalibrationPlotOptions } from "./calibration";
export { heatmapPlot, dendrogramSegments, type HeatmapOptions } from "./heatmap";
export { volcanoPlot, type VolcanoPoint, type VolcanoOptions } from "./volcano";
export { scatterPlot, featureGeneScatter, type ScatterOptions } from "./scatter";
