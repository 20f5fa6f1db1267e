/**
 * `CorrelationMap`: a clustered heatmap of features × genes (or metagenes, gene sets), an FDR slider,
 * hover details, and the per-patient scatter behind a clicked cell.
 *
 * The heatmap is drawn as one pixel per cell into an `ImageData` that the canvas scales to the
 * available size, so 20,000 cells (or a million) cost one pass over the cells per redraw and no DOM
 * nodes. The per-patient values of every row and column arrive once (`x_values`, `y_values`), so the
 * scatter of any cell is drawn here without asking the kernel; the clicked pair is written back to
 * the model (`selected`), so the next cell in the notebook can use it.
 */
import { DOMWidgetModel, type ISerializers } from "@jupyter-widgets/base";
import { arraySerializer, type NDArray, type NumericArray } from "../common/array";
import { fitCanvas, h, perFrame } from "../common/dom";
import { formatNumber, formatP, niceTicks } from "../common/format";
import { RadiogxView } from "../common/view";
import { MODULE_NAME, MODULE_VERSION } from "../version";
import { divergingColor } from "../common/colors";
import { DENDROGRAM_PX, MAX_NAME_PX, dendrogramSegments, heatmapLayout, heatmapPixels, orderOrIdentity, passes, sliderToThreshold, thresholdToSlider } from "./heatmap";

/** `text`, cut with an ellipsis to at most `maxPx` wide in the context's font. */
function fitText(ctx: CanvasRenderingContext2D, text: string, maxPx: number): string {
  if (ctx.measureText(text).width <= maxPx) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + "…").width <= maxPx) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + "…";
}

export interface SelectedPair {
  row: string;
  column: string;
}

export class CorrelationMapModel extends DOMWidgetModel {
  override defaults(): Backbone.ObjectHash {
    return {
      ...super.defaults(),
      _model_name: "CorrelationMapModel",
      _model_module: MODULE_NAME,
      _model_module_version: `^${MODULE_VERSION}`,
      _view_name: "CorrelationMapView",
      _view_module: MODULE_NAME,
      _view_module_version: `^${MODULE_VERSION}`,
      rows: [],
      columns: [],
      r: null,
      p: null,
      q: null,
      n: null,
      row_order: null,
      column_order: null,
      row_linkage: null,
      column_linkage: null,
      x_values: null,
      y_values: null,
      patient_ids: [],
      row_label: "feature",
      column_label: "gene",
      method: "",
      fdr_threshold: 0.05,
      selected: null,
      title: "",
      height: 460,
    };
  }

  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    r: arraySerializer,
    p: arraySerializer,
    q: arraySerializer,
    n: arraySerializer,
    x_values: arraySerializer,
    y_values: arraySerializer,
  };
}

const NAME_FONT = "10px sans-serif";
const TITLE_FONT = "11px sans-serif";
const SCATTER_W = 340;
const SCATTER_H = 300;

export class CorrelationMapView extends RadiogxView {
  declare model: CorrelationMapModel;

  private canvas!: HTMLCanvasElement;
  private offscreen = document.createElement("canvas");
  private tooltip!: HTMLDivElement;
  private slider!: HTMLInputElement;
  private thresholdLabel!: HTMLSpanElement;
  private countLabel!: HTMLSpanElement;
  private scatterBox!: HTMLDivElement;
  private scatterCanvas!: HTMLCanvasElement;
  private scatterTitle!: HTMLDivElement;
  private scatterTip!: HTMLDivElement;
  private rowOrder: Int32Array = new Int32Array(0);
  private colOrder: Int32Array = new Int32Array(0);
  private layout = { x0: 0, y0: 0, w: 0, h: 0 };
  private scatterPoints: { x: number; y: number; id: string; vx: number; vy: number }[] = [];
  private readonly requestDraw = perFrame(() => this.guard(() => this.draw()));
  private pixels: ImageData | null = null;
  private measured: { rows: string[]; cols: string[]; widths: { rows: number; cols: number } } | null = null;

  protected build(): void {
    this.el.classList.add("radiogx-correlation-map");
    const title = String(this.model.get("title") ?? "");
    this.slider = h("input", { type: "range", min: "0", max: "100", step: "0.5", class: "radiogx-fdr-slider", "aria-label": "FDR threshold" });
    this.slider.addEventListener("input", () => {
      this.model.set("fdr_threshold", sliderToThreshold(Number(this.slider.value)));
      this.model.save_changes();
    });
    this.thresholdLabel = h("span", { class: "radiogx-threshold-label" });
    this.countLabel = h("span", { class: "radiogx-count-label" });
    const hasQ = this.model.get("q") !== null || this.model.get("p") !== null;
    const controls = h("div", { class: "radiogx-toolbar" }, ...(hasQ ? [h("label", {}, "FDR q ≤ ", this.slider), this.thresholdLabel] : []), this.countLabel, this.colorScale(hasQ));
    this.canvas = h("canvas", { class: "radiogx-heatmap-canvas", "aria-label": "correlation heatmap" });
    this.tooltip = h("div", { class: "radiogx-tooltip", hidden: true });
    const heat = h("div", { class: "radiogx-heatmap-box" }, this.canvas, this.tooltip);
    this.scatterTitle = h("div", { class: "radiogx-scatter-title" });
    this.scatterCanvas = h("canvas", { class: "radiogx-scatter-canvas", "aria-label": "scatter of the selected pair" });
    this.scatterTip = h("div", { class: "radiogx-tooltip", hidden: true });
    this.scatterBox = h("div", { class: "radiogx-scatter-box", hidden: true }, this.scatterTitle, h("div", { class: "radiogx-scatter-plot" }, this.scatterCanvas, this.scatterTip));
    this.el.append(...(title ? [h("div", { class: "radiogx-title" }, title)] : []), controls, h("div", { class: "radiogx-panels" }, heat, this.scatterBox));
    this.bindHeatmap();
    this.bindScatter();
    this.model.on("change:fdr_threshold change:selected change:r change:q change:row_order change:column_order", () => this.requestDraw());
    this.draw();
  }

  protected override onResize(): void {
    this.requestDraw();
  }

  /** The colour key: r from −1 to +1 on RdBu, and the colour of the cells the threshold hides. */
  private colorScale(hasQ: boolean): HTMLElement {
    const bar = h("canvas", { class: "radiogx-colorbar", "aria-label": "colour scale: r from −1 (blue) to +1 (red)" });
    const W = 120;
    const H = 10;
    const ctx = fitCanvas(bar, W, H);
    for (let x = 0; x < W; x++) {
      const [cr, cg, cb] = divergingColor(-1 + (2 * (x + 0.5)) / W);
      ctx.fillStyle = `rgb(${cr}, ${cg}, ${cb})`;
      ctx.fillRect(x, 0, 1, H);
    }
    const method = String(this.model.get("method") || "");
    return h(
      "span",
      { class: "radiogx-legend-scale" },
      `${method ? method + " " : ""}r  −1 `,
      bar,
      " +1",
      ...(hasQ ? [h("span", { class: "radiogx-swatch radiogx-hidden-swatch" }), "q above the threshold"] : []),
    );
  }

  /** Widths (px) of the longest row and column names in the name font, measured once per name list. */
  private nameWidths(rows: string[], cols: string[]): { rows: number; cols: number } {
    if (this.measured && this.measured.rows === rows && this.measured.cols === cols) return this.measured.widths;
    const ctx = this.offscreen.getContext("2d")!;
    ctx.font = NAME_FONT;
    const longest = (names: string[]) => {
      let m = 0;
      for (const n of names) m = Math.max(m, ctx.measureText(n).width);
      return Math.min(m, MAX_NAME_PX);
    };
    const widths = { rows: longest(rows), cols: longest(cols) };
    this.measured = { rows, cols, widths };
    return widths;
  }

  private dims(): { nRows: number; nCols: number; r: NDArray } {
    const r = this.model.get("r") as NDArray | null;
    const rows = this.model.get("rows") as string[];
    const cols = this.model.get("columns") as string[];
    if (!r) throw new Error("no correlation matrix (r)");
    if (r.data.length !== rows.length * cols.length) {
      throw new Error(`r has ${r.data.length} values, expected ${rows.length} rows × ${cols.length} columns`);
    }
    return { nRows: rows.length, nCols: cols.length, r };
  }

  private qValues(): NumericArray | null {
    const q = (this.model.get("q") ?? this.model.get("p")) as NDArray | null;
    return q ? q.data : null;
  }

  /** The cell (row index, column index in the result's order) under a pointer, or null. */
  private cellAt(e: MouseEvent): { i: number; j: number; a: number; b: number } | null {
    const { nRows, nCols } = this.dims();
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left - this.layout.x0;
    const y = e.clientY - rect.top - this.layout.y0;
    if (x < 0 || y < 0 || x >= this.layout.w || y >= this.layout.h) return null;
    const b = Math.min(nCols - 1, Math.floor((x / this.layout.w) * nCols));
    const a = Math.min(nRows - 1, Math.floor((y / this.layout.h) * nRows));
    return { i: this.rowOrder[a]!, j: this.colOrder[b]!, a, b };
  }

  private bindHeatmap(): void {
    this.canvas.addEventListener("mousemove", (e) => {
      const cell = this.cellAt(e);
      if (!cell) {
        this.tooltip.hidden = true;
        return;
      }
      const { nCols } = this.dims();
      const c = cell.i * nCols + cell.j;
      const rows = this.model.get("rows") as string[];
      const cols = this.model.get("columns") as string[];
      const get = (k: string) => (this.model.get(k) as NDArray | null)?.data[c];
      const r = get("r")!;
      const p = get("p");
      const q = get("q");
      const n = get("n");
      const method = String(this.model.get("method") || "r");
      this.tooltip.replaceChildren(
        h("div", { class: "radiogx-tooltip-head" }, `${rows[cell.i]} × ${cols[cell.j]}`),
        h("div", {}, `${method} r = ${formatNumber(r, 3)}`),
        ...(p !== undefined ? [h("div", {}, `p = ${formatP(p)}`)] : []),
        ...(q !== undefined ? [h("div", {}, `q (FDR) = ${formatP(q)}`)] : []),
        ...(n !== undefined ? [h("div", {}, `n = ${n}`)] : []),
        h("div", { class: "radiogx-hint" }, passes(this.qValues(), c, Number(this.model.get("fdr_threshold"))) ? "click for the scatter" : "above the FDR threshold"),
      );
      const rect = this.canvas.getBoundingClientRect();
      this.tooltip.style.left = `${e.clientX - rect.left + 12}px`;
      this.tooltip.style.top = `${e.clientY - rect.top + 12}px`;
      this.tooltip.hidden = false;
    });
    this.canvas.addEventListener("mouseleave", () => {
      this.tooltip.hidden = true;
    });
    this.canvas.addEventListener("click", (e) => {
      const cell = this.cellAt(e);
      if (!cell) return;
      const rows = this.model.get("rows") as string[];
      const cols = this.model.get("columns") as string[];
      const pair: SelectedPair = { row: rows[cell.i]!, column: cols[cell.j]! };
      this.model.set("selected", pair);
      this.model.save_changes();
    });
  }

  private bindScatter(): void {
    this.scatterCanvas.addEventListener("mousemove", (e) => {
      const rect = this.scatterCanvas.getBoundingClientRect();
      const x = e.clientX - rect.left;
      const y = e.clientY - rect.top;
      let best = -1;
      let bestD = 36; // within 6 px
      for (let k = 0; k < this.scatterPoints.length; k++) {
        const p = this.scatterPoints[k]!;
        const d = (p.x - x) ** 2 + (p.y - y) ** 2;
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      }
      if (best < 0) {
        this.scatterTip.hidden = true;
        return;
      }
      const p = this.scatterPoints[best]!;
      this.scatterTip.replaceChildren(h("div", { class: "radiogx-tooltip-head" }, p.id), h("div", {}, `x = ${formatNumber(p.vx, 4)}`), h("div", {}, `y = ${formatNumber(p.vy, 4)}`));
      this.scatterTip.style.left = `${p.x + 10}px`;
      this.scatterTip.style.top = `${p.y + 10}px`;
      this.scatterTip.hidden = false;
      this.scatterTip.dataset.patient = p.id;
    });
    this.scatterCanvas.addEventListener("mouseleave", () => {
      this.scatterTip.hidden = true;
    });
  }

  private draw(): void {
    const t0 = performance.now();
    const { nRows, nCols, r } = this.dims();
    this.rowOrder = orderOrIdentity(this.model.get("row_order") as number[] | null, nRows, "row_order");
    this.colOrder = orderOrIdentity(this.model.get("column_order") as number[] | null, nCols, "column_order");
    const q = this.qValues();
    const t = Number(this.model.get("fdr_threshold"));
    if (document.activeElement !== this.slider) this.slider.value = String(thresholdToSlider(t));
    this.thresholdLabel.textContent = formatP(t);

    // One pixel per cell, scaled to the heat map's area.
    if (this.offscreen.width !== nCols || this.offscreen.height !== nRows) {
      this.offscreen.width = nCols;
      this.offscreen.height = nRows;
    }
    const octx = this.offscreen.getContext("2d")!;
    // One ImageData for every redraw of a map (every pixel is written each time).
    if (!this.pixels || this.pixels.width !== nCols || this.pixels.height !== nRows) this.pixels = octx.createImageData(nCols, nRows);
    const img = this.pixels;
    const shown = heatmapPixels(r.data, q, nRows, nCols, this.rowOrder, this.colOrder, t, img.data);
    octx.putImageData(img, 0, 0);
    this.countLabel.textContent = `${shown.toLocaleString("en-US")} of ${(nRows * nCols).toLocaleString("en-US")} cells shown`;

    const rowLink = this.model.get("row_linkage") as number[][] | null;
    const colLink = this.model.get("column_linkage") as number[][] | null;
    const selected = this.model.get("selected") as SelectedPair | null;
    const rows = this.model.get("rows") as string[];
    const cols = this.model.get("columns") as string[];
    const scatterBeside = (this.el.clientWidth || 900) >= 760 && selected !== null;
    const availW = Math.max(200, (this.el.clientWidth || 900) - (scatterBeside ? SCATTER_W + 24 : 0) - 8);
    const availH = Math.max(160, Number(this.model.get("height")) || 460);
    const names = this.nameWidths(rows, cols);
    // Cells fill the width and the height asked for (at most 24 px a side), so a map of many rows and
    // few columns is not squeezed into a narrow strip; names where the cells are tall / wide enough.
    const L = heatmapLayout({ nRows, nCols, availW, availH, rowDendrogram: rowLink !== null, colDendrogram: colLink !== null, rowNamePx: names.rows, colNamePx: names.cols });
    const { x0, y0, w } = L;
    const hh = L.h;
    this.layout = { x0, y0, w, h: hh };
    const ctx = fitCanvas(this.canvas, L.totalW, L.totalH);
    ctx.clearRect(0, 0, L.totalW, L.totalH);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.offscreen, x0, y0, w, hh);

    // Dendrograms: rows on the left (leaves at the heat map's edge), columns on top.
    ctx.strokeStyle = "#666";
    ctx.lineWidth = 1;
    if (rowLink) {
      ctx.beginPath();
      for (const [p1, h1, p2, h2] of dendrogramSegments(rowLink, this.rowOrder) as [number, number, number, number][]) {
        ctx.moveTo(x0 - h1 * (DENDROGRAM_PX - 2), y0 + (p1 / nRows) * hh);
        ctx.lineTo(x0 - h2 * (DENDROGRAM_PX - 2), y0 + (p2 / nRows) * hh);
      }
      ctx.stroke();
    }
    if (colLink) {
      ctx.beginPath();
      for (const [p1, h1, p2, h2] of dendrogramSegments(colLink, this.colOrder) as [number, number, number, number][]) {
        ctx.moveTo(x0 + (p1 / nCols) * w, y0 - h1 * (DENDROGRAM_PX - 2));
        ctx.lineTo(x0 + (p2 / nCols) * w, y0 - h2 * (DENDROGRAM_PX - 2));
      }
      ctx.stroke();
    }

    // Names (rows at the right, columns underneath written upwards) and the axis titles.
    const ink = getComputedStyle(this.el).color || "#222";
    ctx.fillStyle = ink;
    ctx.font = NAME_FONT;
    if (L.rowNames) {
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      for (let a = 0; a < nRows; a++) ctx.fillText(fitText(ctx, rows[this.rowOrder[a]!]!, MAX_NAME_PX), x0 + w + 4, y0 + (a + 0.5) * L.cellH);
    }
    if (L.colNames) {
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      for (let b = 0; b < nCols; b++) {
        ctx.save();
        ctx.translate(x0 + (b + 0.5) * L.cellW, y0 + hh + 4);
        ctx.rotate(-Math.PI / 2);
        ctx.fillText(fitText(ctx, cols[this.colOrder[b]!]!, MAX_NAME_PX), 0, 0);
        ctx.restore();
      }
    }
    ctx.font = TITLE_FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    const rowTitle = `${String(this.model.get("row_label") || "rows")} (${nRows.toLocaleString("en-US")})`;
    const colTitle = `${String(this.model.get("column_label") || "columns")} (${nCols.toLocaleString("en-US")})`;
    ctx.fillText(colTitle, x0 + w / 2, L.totalH - 2);
    // Turned a quarter clockwise, reading downwards; "top" baseline: the glyphs extend leftwards from the edge.
    ctx.save();
    ctx.translate(L.totalW - 2, y0 + hh / 2);
    ctx.rotate(Math.PI / 2);
    ctx.textBaseline = "top";
    ctx.fillText(rowTitle, 0, 0);
    ctx.restore();

    // The selected cell.
    if (selected) {
      const i = rows.indexOf(selected.row);
      const j = cols.indexOf(selected.column);
      const a = this.rowOrder.indexOf(i);
      const b = this.colOrder.indexOf(j);
      if (a >= 0 && b >= 0) {
        ctx.strokeStyle = "#000";
        ctx.lineWidth = 2;
        const cw = w / nCols;
        const ch = hh / nRows;
        ctx.strokeRect(x0 + b * cw - 1, y0 + a * ch - 1, Math.max(cw, 3) + 2, Math.max(ch, 3) + 2);
      }
      this.drawScatter(i, j);
    } else {
      this.scatterBox.hidden = true;
    }
    const ds = this.el.dataset;
    ds.visibleCells = String(shown);
    ds.totalCells = String(nRows * nCols);
    ds.threshold = String(t);
    ds.selected = selected ? `${selected.row}|${selected.column}` : "";
    ds.rowNames = L.rowNames ? "shown" : "hidden";
    ds.columnNames = L.colNames ? "shown" : "hidden";
    ds.drawMs = (performance.now() - t0).toFixed(2);
    // Epoch milliseconds of the first drawn map (for the benchmark).
    if (ds.firstDraw === undefined) ds.firstDraw = String(Date.now());
  }

  /** Scatter of row i's values (x) against column j's values (y), one point per patient. */
  private drawScatter(i: number, j: number): void {
    const xs = this.model.get("x_values") as NDArray | null;
    const ys = this.model.get("y_values") as NDArray | null;
    const ids = this.model.get("patient_ids") as string[];
    const rows = this.model.get("rows") as string[];
    const cols = this.model.get("columns") as string[];
    this.scatterBox.hidden = false;
    if (!xs || !ys || i < 0 || j < 0) {
      this.scatterTitle.textContent = "no per-patient values were sent for this map";
      this.scatterPoints = [];
      return;
    }
    const nP = ids.length;
    if (xs.data.length !== rows.length * nP || ys.data.length !== cols.length * nP) {
      throw new Error(`x_values/y_values must hold ${rows.length}×${nP} and ${cols.length}×${nP} values`);
    }
    const vx: number[] = [];
    const vy: number[] = [];
    const pid: string[] = [];
    for (let k = 0; k < nP; k++) {
      const a = xs.data[i * nP + k]!;
      const b = ys.data[j * nP + k]!;
      if (Number.isFinite(a) && Number.isFinite(b)) {
        vx.push(a);
        vy.push(b);
        pid.push(ids[k]!);
      }
    }
    const c = i * cols.length + j;
    const r = (this.model.get("r") as NDArray).data[c]!;
    const q = (this.model.get("q") as NDArray | null)?.data[c];
    this.scatterTitle.textContent = `${rows[i]} × ${cols[j]}: r = ${formatNumber(r, 3)}${q !== undefined ? `, q = ${formatP(q)}` : ""}, n = ${vx.length}`;
    const W = SCATTER_W;
    const H = SCATTER_H;
    const m = { l: 48, r: 10, t: 10, b: 36 };
    const ctx = fitCanvas(this.scatterCanvas, W, H);
    ctx.clearRect(0, 0, W, H);
    const ext = (v: number[]) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const x of v) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      if (!(hi > lo)) {
        lo -= 1;
        hi += 1;
      }
      const pad = (hi - lo) * 0.05;
      return [lo - pad, hi + pad] as const;
    };
    const [x0, x1] = ext(vx);
    const [y0, y1] = ext(vy);
    const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
    const sy = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
    ctx.strokeStyle = "#999";
    ctx.fillStyle = "#444";
    ctx.font = "10px sans-serif";
    ctx.beginPath();
    ctx.moveTo(m.l, m.t);
    ctx.lineTo(m.l, H - m.b);
    ctx.lineTo(W - m.r, H - m.b);
    ctx.stroke();
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const t of niceTicks(x0, x1, 5)) ctx.fillText(formatNumber(t, 3), sx(t), H - m.b + 3);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const t of niceTicks(y0, y1, 5)) ctx.fillText(formatNumber(t, 3), m.l - 3, sy(t));
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(`${rows[i]} (${String(this.model.get("row_label"))})`, (m.l + W - m.r) / 2, H - 1);
    ctx.save();
    ctx.translate(10, (m.t + H - m.b) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText(`${cols[j]} (${String(this.model.get("column_label"))})`, 0, 0);
    ctx.restore();
    ctx.fillStyle = r >= 0 ? "rgba(178, 24, 43, 0.7)" : "rgba(33, 102, 172, 0.7)";
    this.scatterPoints = [];
    for (let k = 0; k < vx.length; k++) {
      const px = sx(vx[k]!);
      const py = sy(vy[k]!);
      ctx.beginPath();
      ctx.arc(px, py, 3, 0, 2 * Math.PI);
      ctx.fill();
      this.scatterPoints.push({ x: px, y: py, id: pid[k]!, vx: vx[k]!, vy: vy[k]! });
    }
    this.scatterBox.dataset.points = String(vx.length);
  }
}
