/**
 * `ROCExplorer`: the ROC curves of several models with their AUC and DeLong confidence interval, and a
 * threshold slider for one model showing sensitivity, specificity and the confusion matrix.
 *
 * The curves and counts are the library's `rocAuc` results, sent once; moving the threshold is computed
 * here (see operating.ts). The chosen model and threshold are written back to the model state.
 */
import { DOMWidgetModel, type ISerializers } from "@jupyter-widgets/base";
import { arrayFromWire } from "../common/array";
import { GROUP_COLORS } from "../common/colors";
import { h, perFrame, s } from "../common/dom";
import { formatNumber, formatP } from "../common/format";
import { RadiogxView } from "../common/view";
import { MODULE_NAME, MODULE_VERSION } from "../version";
import { nearestThresholdIndex, operatingPoint, youdenIndex, type RocCurveArrays } from "./operating";

export interface RocModelInfo {
  name: string;
  auc: number;
  ci_lower: number;
  ci_upper: number;
  alpha: number;
  n_positive: number;
  n_negative: number;
  positive: string;
  direction: string;
}

export interface RocComparison {
  a: string;
  b: string;
  p_value: number;
}

function curvesFromWire(value: unknown): RocCurveArrays[] {
  if (!Array.isArray(value)) return [];
  return value.map((c: Record<string, unknown>, i: number) => {
    const threshold = arrayFromWire(c.threshold)?.data;
    const sensitivity = arrayFromWire(c.sensitivity)?.data;
    const specificity = arrayFromWire(c.specificity)?.data;
    if (!threshold || !sensitivity || !specificity || threshold.length !== sensitivity.length || threshold.length !== specificity.length) {
      throw new Error(`curve ${i} needs threshold, sensitivity and specificity arrays of one length`);
    }
    return { threshold, sensitivity, specificity };
  });
}

export class ROCExplorerModel extends DOMWidgetModel {
  override defaults(): Backbone.ObjectHash {
    return {
      ...super.defaults(),
      _model_name: "ROCExplorerModel",
      _model_module: MODULE_NAME,
      _model_module_version: `^${MODULE_VERSION}`,
      _view_name: "ROCExplorerView",
      _view_module: MODULE_NAME,
      _view_module_version: `^${MODULE_VERSION}`,
      models: [],
      curves: [],
      comparisons: [],
      selected_model: "",
      threshold: null,
      title: "",
    };
  }

  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    curves: { deserialize: curvesFromWire },
  };
}

const SIZE = 340;
const M = { l: 44, r: 12, t: 12, b: 38 };

export class ROCExplorerView extends RadiogxView {
  declare model: ROCExplorerModel;
  private svg!: SVGSVGElement;
  private legend!: HTMLDivElement;
  private modelSelect!: HTMLSelectElement;
  private slider!: HTMLInputElement;
  private details!: HTMLDivElement;
  private readonly requestDraw = perFrame(() => this.guard(() => this.draw()));

  protected build(): void {
    this.el.classList.add("radiogx-roc-explorer");
    const title = String(this.model.get("title") ?? "");
    const models = this.model.get("models") as RocModelInfo[];
    if (models.length === 0) throw new Error("no ROC results to show");
    this.modelSelect = h("select", { class: "radiogx-select", "aria-label": "model" });
    for (const m of models) this.modelSelect.append(h("option", { value: m.name }, m.name));
    this.modelSelect.addEventListener("change", () => {
      this.model.set({ selected_model: this.modelSelect.value, threshold: null });
      this.model.save_changes();
    });
    this.slider = h("input", { type: "range", min: "0", step: "1", class: "radiogx-threshold-slider", "aria-label": "threshold" });
    this.slider.addEventListener("input", () => {
      const k = this.current();
      const t = k.curve.threshold[Number(this.slider.value)]!;
      this.model.set("threshold", t);
      this.model.save_changes();
    });
    this.svg = s("svg", { width: SIZE, height: SIZE, class: "radiogx-roc-plot", role: "img", "aria-label": "ROC curves" });
    this.legend = h("div", { class: "radiogx-legend" });
    this.details = h("div", { class: "radiogx-roc-details" });
    this.el.append(
      ...(title ? [h("div", { class: "radiogx-title" }, title)] : []),
      h("div", { class: "radiogx-toolbar" }, h("label", {}, "Model ", this.modelSelect), h("label", { class: "radiogx-grow" }, "Threshold ", this.slider)),
      h("div", { class: "radiogx-panels" }, h("div", {}, this.svg, this.legend), this.details),
    );
    this.model.on("change:selected_model change:threshold change:models change:curves", () => this.requestDraw());
    this.draw();
  }

  private current(): { info: RocModelInfo; curve: RocCurveArrays; index: number } {
    const models = this.model.get("models") as RocModelInfo[];
    const curves = this.model.get("curves") as RocCurveArrays[];
    if (curves.length !== models.length) throw new Error(`${models.length} models but ${curves.length} curves`);
    let index = models.findIndex((m) => m.name === this.model.get("selected_model"));
    if (index < 0) index = 0;
    return { info: models[index]!, curve: curves[index]!, index };
  }

  private draw(): void {
    const models = this.model.get("models") as RocModelInfo[];
    const curves = this.model.get("curves") as RocCurveArrays[];
    const comparisons = (this.model.get("comparisons") ?? []) as RocComparison[];
    const cur = this.current();
    this.modelSelect.value = cur.info.name;
    const t = this.model.get("threshold") as number | null;
    const k = t === null || t === undefined ? youdenIndex(cur.curve) : nearestThresholdIndex(cur.curve.threshold, t);
    this.slider.max = String(cur.curve.threshold.length - 1);
    if (document.activeElement !== this.slider) this.slider.value = String(k);
    const op = operatingPoint(cur.curve, cur.info.n_positive, cur.info.n_negative, k);

    // Plot.
    const W = SIZE - M.l - M.r;
    const H = SIZE - M.t - M.b;
    const X = (fpr: number) => M.l + fpr * W;
    const Y = (tpr: number) => M.t + (1 - tpr) * H;
    const nodes: SVGElement[] = [];
    for (let g = 0; g <= 10; g += 2) {
      const v = g / 10;
      nodes.push(s("line", { x1: X(v), y1: Y(0), x2: X(v), y2: Y(1), class: "radiogx-grid" }), s("line", { x1: X(0), y1: Y(v), x2: X(1), y2: Y(v), class: "radiogx-grid" }));
      nodes.push(s("text", { x: X(v), y: Y(0) + 14, "text-anchor": "middle", class: "radiogx-tick" }, String(v)));
      nodes.push(s("text", { x: X(0) - 4, y: Y(v) + 3, "text-anchor": "end", class: "radiogx-tick" }, String(v)));
    }
    nodes.push(s("line", { x1: X(0), y1: Y(0), x2: X(1), y2: Y(1), class: "radiogx-diagonal" }));
    nodes.push(s("text", { x: M.l + W / 2, y: SIZE - 6, "text-anchor": "middle", class: "radiogx-axis-label" }, "1 − specificity"));
    nodes.push(s("text", { x: 12, y: M.t + H / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${M.t + H / 2})`, class: "radiogx-axis-label" }, "sensitivity"));
    curves.forEach((c, i) => {
      let d = "";
      // Thresholds ascend, so the curve runs from (1, 1) to (0, 0).
      for (let j = 0; j < c.threshold.length; j++) d += `${j === 0 ? "M" : "L"}${X(1 - c.specificity[j]!).toFixed(2)},${Y(c.sensitivity[j]!).toFixed(2)}`;
      const selected = i === cur.index;
      nodes.push(s("path", { d, fill: "none", stroke: GROUP_COLORS[i % GROUP_COLORS.length]!, "stroke-width": selected ? 2.5 : 1.5, opacity: selected ? 1 : 0.75, "data-model": models[i]!.name, class: "radiogx-roc-curve" }));
    });
    nodes.push(s("circle", { cx: X(1 - op.specificity), cy: Y(op.sensitivity), r: 5, class: "radiogx-operating-point", stroke: GROUP_COLORS[cur.index % GROUP_COLORS.length]! }));
    this.svg.replaceChildren(...nodes);

    // Legend: AUC with its DeLong CI.
    this.legend.replaceChildren(
      ...models.map((m, i) =>
        h(
          "div",
          { class: "radiogx-legend-item", "data-model": m.name },
          h("span", { class: "radiogx-swatch", style: `background:${GROUP_COLORS[i % GROUP_COLORS.length]}` }),
          `${m.name}: AUC ${m.auc.toFixed(3)} (${formatNumber(100 * (1 - m.alpha), 3)}% CI ${m.ci_lower.toFixed(3)}–${m.ci_upper.toFixed(3)}, DeLong)`,
        ),
      ),
      ...comparisons.map((c) => h("div", { class: "radiogx-legend-note" }, `DeLong test ${c.a} vs ${c.b}: p = ${formatP(c.p_value)}`)),
    );

    // Operating point and confusion matrix.
    const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)}%`);
    const m = cur.info;
    this.details.replaceChildren(
      h("div", { class: "radiogx-op-head" }, `${m.name} at threshold ${formatNumber(op.threshold, 4)}`),
      h("div", { class: "radiogx-op-line" }, `called positive (${m.positive}) when the score is ${m.direction === "lower" ? "below" : "above"} it`),
      h(
        "table",
        { class: "radiogx-metrics" },
        h("tr", {}, h("th", {}, "sensitivity"), h("td", { "data-metric": "sensitivity" }, pct(op.sensitivity))),
        h("tr", {}, h("th", {}, "specificity"), h("td", { "data-metric": "specificity" }, pct(op.specificity))),
        h("tr", {}, h("th", {}, "PPV"), h("td", {}, pct(op.ppv))),
        h("tr", {}, h("th", {}, "NPV"), h("td", {}, pct(op.npv))),
        h("tr", {}, h("th", {}, "accuracy"), h("td", {}, pct(op.accuracy))),
        h("tr", {}, h("th", {}, "Youden J"), h("td", {}, op.youden.toFixed(3))),
      ),
      h(
        "table",
        { class: "radiogx-confusion", "aria-label": "confusion matrix" },
        h("tr", {}, h("th", {}, ""), h("th", {}, "predicted +"), h("th", {}, "predicted −")),
        h("tr", {}, h("th", {}, `actual + (${m.n_positive})`), h("td", { "data-cell": "tp" }, String(op.tp)), h("td", { "data-cell": "fn" }, String(op.fn))),
        h("tr", {}, h("th", {}, `actual − (${m.n_negative})`), h("td", { "data-cell": "fp" }, String(op.fp)), h("td", { "data-cell": "tn" }, String(op.tn))),
      ),
    );
    const ds = this.el.dataset;
    ds.model = m.name;
    ds.thresholdIndex = String(op.index);
    ds.sensitivity = String(op.sensitivity);
    ds.specificity = String(op.specificity);
  }
}
