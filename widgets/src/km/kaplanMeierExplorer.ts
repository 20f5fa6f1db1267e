/**
 * `KaplanMeierExplorer`: choose a feature (or a risk score) and a cut (the median, a typed value or a
 * slider); the two groups' Kaplan–Meier curves with confidence bands, an at-risk table, and the
 * log-rank p-value, all updated live.
 *
 * Design: the per-patient times, events and feature values arrive once; the curves and the log-rank
 * test for a new cut are computed here (survival.ts, the library's definitions), so dragging the slider
 * redraws at frame rate with no kernel round trip. The outcome (`result`: cut, group sizes, χ², p, the
 * medians) is written back to the model a moment after the user stops, so the kernel sees what is shown.
 */
import { DOMWidgetModel, type ISerializers } from "@jupyter-widgets/base";
import { HeldChangesModel } from "../common/model";
import { arraySerializer, type NDArray } from "../common/array";
import { GROUP_COLORS } from "../common/colors";
import { h, perFrame, s } from "../common/dom";
import { formatNumber, formatP, niceTicks } from "../common/format";
import { RadiogxView } from "../common/view";
import { MODULE_NAME, MODULE_VERSION } from "../version";
import { atRiskAt, groupsByCut, kaplanMeierCurve, logRank2, medianOf, sortByTime, validSubjects, type KmCurve } from "./survival";

export interface KmExplorerResult {
  feature: string;
  cut: number;
  cut_mode: string;
  n_low: number;
  n_high: number;
  events_low: number;
  events_high: number;
  median_low: number | null;
  median_high: number | null;
  statistic: number | null;
  p_value: number | null;
}

export class KaplanMeierExplorerModel extends HeldChangesModel {
  override defaults(): Backbone.ObjectHash {
    return {
      ...super.defaults(),
      _model_name: "KaplanMeierExplorerModel",
      _model_module: MODULE_NAME,
      _model_module_version: `^${MODULE_VERSION}`,
      _view_name: "KaplanMeierExplorerView",
      _view_module: MODULE_NAME,
      _view_module_version: `^${MODULE_VERSION}`,
      time: null,
      event: null,
      features: [],
      feature_values: null,
      feature: "",
      cut_mode: "median",
      cut: null,
      alpha: 0.05,
      time_label: "time",
      show_ci: true,
      result: null,
      title: "",
    };
  }

  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    time: arraySerializer,
    event: arraySerializer,
    feature_values: arraySerializer,
  };
}

const W = 600;
const PLOT_H = 300;
const M = { l: 56, r: 16, t: 12, b: 40 };
const ROW_H = 16;

export class KaplanMeierExplorerView extends RadiogxView {
  declare model: KaplanMeierExplorerModel;
  private featureSelect!: HTMLSelectElement;
  private modeSelect!: HTMLSelectElement;
  private valueInput!: HTMLInputElement;
  private slider!: HTMLInputElement;
  private cutLabel!: HTMLSpanElement;
  private svg!: SVGSVGElement;
  private stats!: HTMLDivElement;
  private sortedValues = new Float64Array(0);
  private sortedFor = "";
  private readonly requestDraw = perFrame(() => this.guard(() => this.draw()));
  /** A user's change (or the result drawn for it): shown at once, sent to the kernel 300 ms after the user stops. */
  private setSoon(values: Record<string, unknown>): void {
    this.model.setFromView(values, 300);
  }

  protected build(): void {
    this.el.classList.add("radiogx-km-explorer");
    const title = String(this.model.get("title") ?? "");
    const features = this.model.get("features") as string[];
    if (features.length === 0) throw new Error("no feature or risk score to split on");
    this.featureSelect = h("select", { class: "radiogx-select", "aria-label": "feature" });
    for (const f of features) this.featureSelect.append(h("option", { value: f }, f));
    this.featureSelect.addEventListener("change", () => {
      this.setSoon({ feature: this.featureSelect.value, cut_mode: "median", cut: null });
    });
    this.modeSelect = h("select", { class: "radiogx-select", "aria-label": "cut" }, h("option", { value: "median" }, "median"), h("option", { value: "value" }, "value"));
    this.modeSelect.addEventListener("change", () => {
      // "value" starts at the cut on screen, so the state names the cut the kernel is shown.
      const mode = this.modeSelect.value;
      this.setSoon(mode === "value" ? { cut_mode: mode, cut: Number(this.el.dataset.cut) } : { cut_mode: mode });
    });
    this.valueInput = h("input", { type: "number", step: "any", class: "radiogx-number", "aria-label": "cut value" });
    this.valueInput.addEventListener("change", () => {
      const v = Number(this.valueInput.value);
      if (Number.isFinite(v)) {
        this.setSoon({ cut_mode: "value", cut: v });
      }
    });
    this.slider = h("input", { type: "range", min: "0", step: "1", class: "radiogx-cut-slider", "aria-label": "cut slider" });
    this.slider.addEventListener("input", () => {
      const v = this.sortedValues[Number(this.slider.value)];
      if (v !== undefined) {
        this.setSoon({ cut_mode: "value", cut: v });
      }
    });
    this.cutLabel = h("span", { class: "radiogx-cut-label" });
    this.svg = s("svg", { width: W, class: "radiogx-km-plot", role: "img", "aria-label": "Kaplan–Meier curves" });
    this.stats = h("div", { class: "radiogx-km-stats" });
    this.el.append(
      ...(title ? [h("div", { class: "radiogx-title" }, title)] : []),
      h(
        "div",
        { class: "radiogx-toolbar" },
        h("label", {}, "Split by ", this.featureSelect),
        h("label", {}, "cut at ", this.modeSelect),
        this.valueInput,
        h("label", { class: "radiogx-grow" }, this.slider),
        this.cutLabel,
      ),
      this.stats,
      this.svg,
    );
    this.model.on("change:feature change:cut_mode change:cut change:alpha change:show_ci change:time change:event change:feature_values", () => this.requestDraw());
    this.draw();
  }

  private data(): { time: ArrayLike<number>; event: ArrayLike<number>; x: ArrayLike<number>; feature: string; ids: Int32Array } {
    const time = this.model.get("time") as NDArray | null;
    const event = this.model.get("event") as NDArray | null;
    const fv = this.model.get("feature_values") as NDArray | null;
    const features = this.model.get("features") as string[];
    if (!time || !event || !fv) throw new Error("time, event and feature_values are required");
    const n = time.data.length;
    if (event.data.length !== n || fv.data.length !== features.length * n) {
      throw new Error(`time has ${n} subjects, event ${event.data.length}, feature_values ${fv.data.length} (expected ${features.length} × ${n})`);
    }
    let feature = String(this.model.get("feature") || features[0]);
    let f = features.indexOf(feature);
    if (f < 0) {
      f = 0;
      feature = features[0]!;
    }
    const x = fv.data.subarray(f * n, (f + 1) * n);
    return { time: time.data, event: event.data, x, feature, ids: validSubjects(time.data, event.data) };
  }

  private draw(): void {
    const { time, event, x, feature, ids } = this.data();
    const alpha = Number(this.model.get("alpha")) || 0.05;
    const mode = String(this.model.get("cut_mode")) === "value" ? "value" : "median";
    const members = ids.filter((i) => Number.isFinite(x[i]!));
    // Distinct sorted values of the feature: the slider's stops (the last one would leave "high" empty).
    if (this.sortedFor !== feature) {
      const v = Float64Array.from(members, (i) => x[i]!).sort();
      const distinct: number[] = [];
      for (let k = 0; k < v.length; k++) if (k === 0 || v[k] !== v[k - 1]) distinct.push(v[k]!);
      this.sortedValues = Float64Array.from(distinct.slice(0, Math.max(1, distinct.length - 1)));
      this.sortedFor = feature;
    }
    const cutValue = this.model.get("cut") as number | null;
    const cut = mode === "median" || cutValue === null || !Number.isFinite(cutValue) ? medianOf(x, members) : cutValue;

    const group = groupsByCut(x, cut, new Int8Array(x.length));
    const order = sortByTime(time, members);
    const low = order.filter((i) => group[i] === 0);
    const high = order.filter((i) => group[i] === 1);
    const curves: KmCurve[] = [kaplanMeierCurve(time, event, low, alpha), kaplanMeierCurve(time, event, high, alpha)];
    const test = low.length > 0 && high.length > 0 ? logRank2(time, event, group, order) : null;

    // Controls.
    this.featureSelect.value = feature;
    this.modeSelect.value = mode;
    if (document.activeElement !== this.valueInput) this.valueInput.value = formatNumber(cut, 6);
    this.slider.max = String(this.sortedValues.length - 1);
    if (document.activeElement !== this.slider) {
      let k = 0;
      while (k + 1 < this.sortedValues.length && this.sortedValues[k + 1]! <= cut) k++;
      this.slider.value = String(k);
    }
    this.cutLabel.textContent = `low ${low.length} · high ${high.length}`;
    const labels = [`low: ${feature} ≤ ${formatNumber(cut, 4)}`, `high: ${feature} > ${formatNumber(cut, 4)}`];
    const p = test?.pValue ?? NaN;
    this.stats.replaceChildren(
      h("span", { class: "radiogx-km-p", "data-p-value": String(p) }, test ? `log-rank χ² = ${test.statistic.toFixed(3)}, p = ${formatP(p)}` : "log-rank: one group is empty"),
      ...curves.map((c, g) => h("span", { class: "radiogx-km-group" }, h("span", { class: "radiogx-swatch", style: `background:${GROUP_COLORS[g]}` }), `${labels[g]}: n = ${c.n}, ${c.nEvents} events, median ${Number.isNaN(c.median) ? "not reached" : formatNumber(c.median, 4)}`)),
    );

    this.drawPlot(curves, time, [low, high]);

    const result: KmExplorerResult = {
      feature,
      cut,
      cut_mode: mode,
      n_low: low.length,
      n_high: high.length,
      events_low: curves[0]!.nEvents,
      events_high: curves[1]!.nEvents,
      median_low: Number.isNaN(curves[0]!.median) ? null : curves[0]!.median,
      median_high: Number.isNaN(curves[1]!.median) ? null : curves[1]!.median,
      statistic: test && Number.isFinite(test.statistic) ? test.statistic : null,
      p_value: Number.isFinite(p) ? p : null,
    };
    const prev = this.model.get("result") as KmExplorerResult | null;
    if (JSON.stringify(prev) !== JSON.stringify(result)) {
      this.setSoon({ result });
    }
    const ds = this.el.dataset;
    ds.pValue = String(p);
    ds.cut = String(cut);
    ds.nLow = String(low.length);
    ds.nHigh = String(high.length);
  }

  private drawPlot(curves: KmCurve[], time: ArrayLike<number>, groups: Int32Array[]): void {
    let tMax = 0;
    for (const c of curves) if (c.time.length) tMax = Math.max(tMax, c.time[c.time.length - 1]!);
    if (!(tMax > 0)) tMax = 1;
    const ticks = niceTicks(0, tMax, 6).filter((t) => t <= tMax);
    const pw = W - M.l - M.r;
    const ph = PLOT_H - M.t - M.b;
    const X = (t: number) => M.l + (t / tMax) * pw;
    const Y = (sv: number) => M.t + (1 - sv) * ph;
    const nodes: SVGElement[] = [];
    for (const t of ticks) {
      nodes.push(s("line", { x1: X(t), y1: Y(0), x2: X(t), y2: Y(1), class: "radiogx-grid" }));
      nodes.push(s("text", { x: X(t), y: Y(0) + 14, "text-anchor": "middle", class: "radiogx-tick" }, formatNumber(t, 4)));
    }
    for (let g = 0; g <= 10; g += 2) {
      const v = g / 10;
      nodes.push(s("line", { x1: X(0), y1: Y(v), x2: X(tMax), y2: Y(v), class: "radiogx-grid" }));
      nodes.push(s("text", { x: X(0) - 4, y: Y(v) + 3, "text-anchor": "end", class: "radiogx-tick" }, String(v)));
    }
    nodes.push(s("text", { x: M.l + pw / 2, y: PLOT_H - 6, "text-anchor": "middle", class: "radiogx-axis-label" }, String(this.model.get("time_label") || "time")));
    nodes.push(s("text", { x: 12, y: M.t + ph / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${M.t + ph / 2})`, class: "radiogx-axis-label" }, "survival probability"));
    const showCi = Boolean(this.model.get("show_ci"));
    curves.forEach((c, g) => {
      const color = GROUP_COLORS[g]!;
      if (c.time.length === 0) return;
      // Step function from (0, 1); the band as a polygon along the upper steps and back along the lower.
      let d = `M${X(0)},${Y(1)}`;
      let up = `M${X(0)},${Y(1)}`;
      let lo = "";
      let prevL = 1;
      for (let k = 0; k < c.time.length; k++) {
        const x = X(c.time[k]!);
        d += `H${x.toFixed(2)}V${Y(c.survival[k]!).toFixed(2)}`;
        up += `H${x.toFixed(2)}V${Y(c.upper[k]!).toFixed(2)}`;
        lo = `H${x.toFixed(2)}V${Y(prevL).toFixed(2)}` + lo;
        prevL = c.lower[k]!;
      }
      const xEnd = X(c.time[c.time.length - 1]!);
      if (showCi) {
        const band = `${up}H${xEnd.toFixed(2)}V${Y(prevL).toFixed(2)}${lo}Z`;
        nodes.push(s("path", { d: band, fill: color, opacity: 0.15, stroke: "none", class: "radiogx-km-band" }));
      }
      nodes.push(s("path", { d, fill: "none", stroke: color, "stroke-width": 2, class: "radiogx-km-curve", "data-group": String(g) }));
      // Censoring marks.
      let marks = "";
      for (let k = 0; k < c.time.length; k++) {
        if (c.censored[k]! > 0) {
          const x = X(c.time[k]!);
          const y = Y(c.survival[k]!);
          marks += `M${x.toFixed(2)},${(y - 4).toFixed(2)}V${(y + 4).toFixed(2)}`;
        }
      }
      if (marks) nodes.push(s("path", { d: marks, stroke: color, "stroke-width": 1.2, fill: "none" }));
    });
    // At-risk table under the plot, aligned with the time ticks.
    const tableTop = PLOT_H + 6;
    nodes.push(s("text", { x: 4, y: tableTop + 10, class: "radiogx-axis-label" }, "at risk"));
    groups.forEach((members, g) => {
      const counts = atRiskAt(time, members, ticks);
      const y = tableTop + 10 + (g + 1) * ROW_H;
      nodes.push(s("text", { x: 4, y, "text-anchor": "start", fill: GROUP_COLORS[g]!, class: "radiogx-tick" }, g === 0 ? "low" : "high"));
      counts.forEach((n, k) => nodes.push(s("text", { x: X(ticks[k]!), y, "text-anchor": "middle", class: "radiogx-tick radiogx-at-risk", "data-group": String(g) }, String(n))));
    });
    const totalH = tableTop + 10 + (groups.length + 1) * ROW_H;
    this.svg.setAttribute("height", String(totalH));
    this.svg.setAttribute("viewBox", `0 0 ${W} ${totalH}`);
    this.svg.replaceChildren(...nodes);
  }
}
