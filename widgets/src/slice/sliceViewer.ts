/**
 * `SliceViewer`: axial, coronal and sagittal slices of a volume with an optional label mask.
 *
 * The voxels arrive once, as binary buffers: the state describes the volume (`image_meta`), and the
 * model asks the kernel for the voxels, which come back in slabs of axial slices, the one at the
 * crosshair first (see kernel-ext/src/widgets/sliceViewer.ts). The first slice shows as soon as its slab
 * has arrived; slices still on their way are drawn dark. Everything after that — scrolling,
 * window/level, the overlay, the crosshair readout — is computed here, so moving through slices never
 * waits for the kernel. The crosshair position (`cursor`), the plane and the
 * window are written back to the model (and so to the kernel) a quarter second after the user stops,
 * so the kernel always knows what is being looked at without being asked on every frame.
 *
 * Display size: each screen pixel column/row of the slice is drawn with the physical extent of its
 * voxel (spacing along that array axis), so anisotropic CT (0.7 × 0.7 × 5 mm) keeps true proportions.
 */
import { DOMWidgetModel, type ISerializers } from "@jupyter-widgets/base";
import { HeldChangesModel } from "../common/model";
import { allocate, bytesOf, type DType, type NumericArray } from "../common/array";
import { LABEL_COLORS, cssColor } from "../common/colors";
import { fitCanvas, h, perFrame } from "../common/dom";
import { formatNumber } from "../common/format";
import { RadiogxView } from "../common/view";
import { MODULE_NAME, MODULE_VERSION } from "../version";
import { PLANES, indexToWorld, planeMapping, type Plane, type PlaneMapping } from "./orientation";
import { GreyLut, PRESETS, finiteRange, renderSlice, samplePercentiles, screenToIndex, indexToScreen, sliceGeometry, type LabelColorTable, type PresetName, type SliceGeometry } from "./render";

/** The volume's description in the state (kernel-ext/src/widgets/sliceViewer.ts `VolumeMeta`). */
export interface VolumeMeta {
  dtype: DType;
  size: [number, number, number];
  range: [number, number];
  p1: number;
  p99: number;
  slab: number;
}

/** The voxels as received so far. */
export interface LoadedVolume {
  readonly size: [number, number, number];
  readonly image: NumericArray;
  readonly mask: NumericArray | null;
  /** 1 for each axial slice (k) whose voxels have arrived. */
  readonly loaded: Uint8Array;
  loadedSlices: number;
  /** Voxel bytes received (image and mask), for the benchmark. */
  receivedBytes: number;
}

export class SliceViewerModel extends HeldChangesModel {
  override defaults(): Backbone.ObjectHash {
    return {
      ...super.defaults(),
      _model_name: "SliceViewerModel",
      _model_module: MODULE_NAME,
      _model_module_version: `^${MODULE_VERSION}`,
      _view_name: "SliceViewerView",
      _view_module: MODULE_NAME,
      _view_module_version: `^${MODULE_VERSION}`,
      image_meta: null,
      first_slice: null,
      mask_dtype: null,
      spacing: [1, 1, 1],
      origin: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      plane: "axial",
      cursor: null,
      preset: "full-range",
      window_level: null,
      window_width: null,
      overlay_opacity: 0.4,
      show_overlay: true,
      show_crosshair: true,
      label_colors: {},
      label_names: {},
      units: "",
      title: "",
      height: 420,
    };
  }

  static override serializers: ISerializers = { ...DOMWidgetModel.serializers };

  #volume: LoadedVolume | null = null;
  #requested = false;

  /** When the model was created (epoch ms), for the benchmark's timeline. */
  readonly createdAt = Date.now();

  override initialize(attributes: Backbone.ObjectHash, options: { model_id: string; comm?: unknown; widget_manager: unknown }): void {
    super.initialize(attributes, options as never);
    this.on("msg:custom", (content: { kind?: string; k0?: number; k1?: number; mask?: boolean }, buffers: unknown[]) => this.#onSlab(content, buffers));
  }

  /** The description of the image (throws when the state has none). */
  meta(): VolumeMeta {
    const m = this.get("image_meta") as VolumeMeta | null;
    if (!m || !Array.isArray(m.size) || m.size.length !== 3) throw new Error("the state has no image description (image_meta)");
    return m;
  }

  /** The voxels received so far (zero where not yet arrived); asks the kernel for them once. */
  volume(firstSlice: number): LoadedVolume {
    const meta = this.meta();
    if (!this.#volume) {
      const [nx, ny, nz] = meta.size;
      const maskType = this.get("mask_dtype") as DType | null;
      this.#volume = { size: meta.size, image: allocate(meta.dtype, nx * ny * nz), mask: maskType ? allocate(maskType, nx * ny * nz) : null, loaded: new Uint8Array(nz), loadedSlices: 0, receivedBytes: 0 };
      // The slice that came with the state.
      const first = this.get("first_slice") as { k: number; image: unknown; mask: unknown } | null;
      if (first && bytesOf(first.image)) this.#onSlab({ kind: "slab", k0: first.k, k1: first.k + 1, mask: bytesOf(first.mask) !== null }, [first.image, first.mask]);
    }
    if (!this.#requested) {
      this.#requested = true;
      const first = this.get("first_slice") as { k: number } | null;
      this.send({ kind: "request-slabs", first: first ? first.k : firstSlice, skip: first ? first.k : null }, {});
    }
    return this.#volume;
  }

  #onSlab(content: { kind?: string; k0?: number; k1?: number; mask?: boolean }, buffers: unknown[]): void {
    if (content.kind !== "slab" || !this.#volume) return;
    const v = this.#volume;
    const k0 = Number(content.k0);
    const k1 = Number(content.k1);
    const plane = v.size[0] * v.size[1];
    const put = (target: NumericArray, b: unknown) => {
      const bytes = bytesOf(b);
      if (!bytes) throw new Error("a slab arrived without its bytes");
      const dst = new Uint8Array(target.buffer, target.byteOffset + k0 * plane * target.BYTES_PER_ELEMENT, (k1 - k0) * plane * target.BYTES_PER_ELEMENT);
      if (bytes.byteLength !== dst.byteLength) throw new Error(`slab ${k0}–${k1} has ${bytes.byteLength} bytes, expected ${dst.byteLength}`);
      dst.set(bytes);
      v.receivedBytes += bytes.byteLength;
    };
    put(v.image, buffers[0]);
    if (content.mask && v.mask) put(v.mask, buffers[1]);
    for (let k = k0; k < k1; k++) {
      if (!v.loaded[k]) {
        v.loaded[k] = 1;
        v.loadedSlices++;
      }
    }
    this.trigger("slabs");
  }
}

export class SliceViewerView extends RadiogxView {
  declare model: SliceViewerModel;

  private canvas!: HTMLCanvasElement;
  private offscreen!: HTMLCanvasElement;
  private slider!: HTMLInputElement;
  private sliceLabel!: HTMLSpanElement;
  private readout!: HTMLDivElement;
  private presetSelect!: HTMLSelectElement;
  private levelInput!: HTMLInputElement;
  private widthInput!: HTMLInputElement;
  private opacityInput!: HTMLInputElement;
  private overlayBox!: HTMLInputElement;
  private crossBox!: HTMLInputElement;
  private planeButtons = new Map<Plane, HTMLButtonElement>();
  private lut = new GreyLut();
  private image: ImageData | null = null;
  private renderCount = 0;
  private cssSize: [number, number] = [0, 0];
  private hover: [number, number, number] | null = null;
  private readonly requestDraw = perFrame(() => this.guard(() => this.draw()));

  private builtAt = 0;

  protected build(): void {
    this.builtAt = Date.now();
    this.el.classList.add("radiogx-slice-viewer");
    const title = String(this.model.get("title") ?? "");
    const toolbar = h("div", { class: "radiogx-toolbar" });
    const planes = h("div", { class: "radiogx-segmented", role: "group", "aria-label": "plane" });
    for (const p of PLANES) {
      const b = h("button", { type: "button", class: "radiogx-button", "data-plane": p }, p[0]!.toUpperCase() + p.slice(1));
      b.addEventListener("click", () => this.setPlane(p));
      this.planeButtons.set(p, b);
      planes.append(b);
    }
    this.presetSelect = h("select", { class: "radiogx-select", title: "window preset" });
    for (const [key, p] of Object.entries(PRESETS)) this.presetSelect.append(h("option", { value: key }, p.label));
    this.presetSelect.append(h("option", { value: "custom" }, "Custom"));
    this.presetSelect.addEventListener("change", () => this.applyPreset(this.presetSelect.value));
    this.levelInput = h("input", { type: "number", class: "radiogx-number", title: "window level (centre)", step: "any" });
    this.widthInput = h("input", { type: "number", class: "radiogx-number", title: "window width", step: "any", min: "0" });
    const onWindow = () => {
      const l = Number(this.levelInput.value);
      const w = Number(this.widthInput.value);
      if (Number.isFinite(l) && Number.isFinite(w) && w > 0) this.setWindow(l, w, "custom");
    };
    this.levelInput.addEventListener("change", onWindow);
    this.widthInput.addEventListener("change", onWindow);
    this.overlayBox = h("input", { type: "checkbox", title: "show the label overlay" });
    this.overlayBox.addEventListener("change", () => this.setAndSave({ show_overlay: this.overlayBox.checked }));
    this.opacityInput = h("input", { type: "range", min: "0", max: "1", step: "0.05", class: "radiogx-opacity", title: "overlay opacity" });
    this.opacityInput.addEventListener("input", () => this.setAndSave({ overlay_opacity: Number(this.opacityInput.value) }));
    this.crossBox = h("input", { type: "checkbox", title: "show the crosshair" });
    this.crossBox.addEventListener("change", () => this.setAndSave({ show_crosshair: this.crossBox.checked }));
    const hasMask = this.model.get("mask_dtype") !== null;
    toolbar.append(
      planes,
      h("label", {}, "Window ", this.presetSelect),
      h("label", {}, "L ", this.levelInput),
      h("label", {}, "W ", this.widthInput),
      ...(hasMask ? [h("label", {}, this.overlayBox, " labels"), h("label", {}, "opacity ", this.opacityInput)] : []),
      h("label", {}, this.crossBox, " crosshair"),
    );
    this.canvas = h("canvas", { class: "radiogx-slice-canvas", tabindex: 0, "aria-label": "slice" });
    this.offscreen = document.createElement("canvas");
    this.slider = h("input", { type: "range", min: "0", step: "1", class: "radiogx-slice-slider", "aria-label": "slice index" });
    this.slider.addEventListener("input", () => this.setSlice(Number(this.slider.value)));
    this.sliceLabel = h("span", { class: "radiogx-slice-label" });
    this.readout = h("div", { class: "radiogx-readout" }, "\u00a0");
    this.el.append(
      ...(title ? [h("div", { class: "radiogx-title" }, title)] : []),
      toolbar,
      h("div", { class: "radiogx-canvas-box" }, this.canvas),
      h("div", { class: "radiogx-slice-row" }, this.slider, this.sliceLabel),
      this.readout,
    );
    this.bindCanvas();
    if (this.model.get("window_level") === null || this.model.get("window_width") === null) this.applyPreset(String(this.model.get("preset")), false);
    this.model.on("slabs change:image_meta", () => this.requestDraw());
    this.model.on("change:plane change:cursor change:window_level change:window_width change:overlay_opacity change:show_overlay change:show_crosshair change:label_colors", () => this.requestDraw());
    this.model.on("change:preset", () => {
      const p = String(this.model.get("preset"));
      if (p !== "custom") this.applyPreset(p);
    });
    this.draw();
  }

  protected override onResize(): void {
    this.requestDraw();
  }

  // ------------------------------------------------------------------------------------------
  // State helpers

  private mapping(): PlaneMapping {
    return planeMapping(this.model.get("direction") as number[], this.model.get("plane") as Plane);
  }

  private cursor(size: readonly number[]): [number, number, number] {
    const c = this.model.get("cursor") as number[] | null;
    const clamp = (x: number | undefined, n: number) => Math.max(0, Math.min(n - 1, Math.round(Number.isFinite(x) ? x! : (n - 1) / 2)));
    return [clamp(c?.[0], size[0]!), clamp(c?.[1], size[1]!), clamp(c?.[2], size[2]!)];
  }

  /** A user's change: shown at once, sent to the kernel 250 ms after the user stops. */
  private setAndSave(values: Record<string, unknown>): void {
    this.model.setFromView(values, 250);
  }

  private setPlane(p: Plane): void {
    this.setAndSave({ plane: p });
  }

  /** Moves the slice of the current plane to `index` (clamped). */
  setSlice(index: number): void {
    const size = this.model.meta().size;
    const m = this.mapping();
    const c = this.cursor(size);
    const next = Math.max(0, Math.min(size[m.normal] - 1, Math.round(index)));
    if (next === c[m.normal]) return;
    c[m.normal] = next;
    this.setAndSave({ cursor: c });
  }

  private step(delta: number): void {
    const c = this.cursor(this.model.meta().size);
    this.setSlice(c[this.mapping().normal] + delta);
  }

  private setWindow(level: number, width: number, preset: string): void {
    this.setAndSave({ window_level: level, window_width: width, preset });
  }

  /** Sets level and width from a preset name ("custom" keeps them). */
  private applyPreset(name: string, save = true): void {
    if (!(name in PRESETS)) return;
    const p = PRESETS[name as PresetName];
    let level: number = p.level;
    let width: number = p.width;
    if (name === "mr-auto" || name === "full-range") {
      const st = this.model.meta();
      const lo = name === "mr-auto" ? st.p1 : st.range[0];
      const hi = name === "mr-auto" ? st.p99 : st.range[1];
      level = (lo + hi) / 2;
      width = Math.max(hi - lo, 1e-6);
    }
    if (save) this.setWindow(level, width, name);
    else this.model.set({ window_level: level, window_width: width, preset: name });
  }

  // ------------------------------------------------------------------------------------------
  // Interaction

  private bindCanvas(): void {
    const c = this.canvas;
    c.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        if (e.deltaY === 0) return;
        this.step((e.deltaY > 0 ? 1 : -1) * (e.shiftKey ? 5 : 1));
      },
      { passive: false },
    );
    c.addEventListener("keydown", (e) => {
      const d = e.key === "ArrowUp" ? -1 : e.key === "ArrowDown" ? 1 : e.key === "PageUp" ? -10 : e.key === "PageDown" ? 10 : 0;
      if (d !== 0) {
        e.preventDefault();
        this.step(d);
      }
    });
    let drag: { x: number; y: number; level: number; width: number; mode: "cursor" | "window" } | null = null;
    c.addEventListener("pointerdown", (e) => {
      c.focus();
      c.setPointerCapture(e.pointerId);
      if (e.shiftKey) {
        drag = { x: e.clientX, y: e.clientY, level: Number(this.model.get("window_level")), width: Number(this.model.get("window_width")), mode: "window" };
      } else {
        drag = { x: e.clientX, y: e.clientY, level: 0, width: 0, mode: "cursor" };
        this.moveCursorTo(e);
      }
    });
    c.addEventListener("pointermove", (e) => {
      this.hover = this.voxelAt(e);
      this.updateReadout();
      if (!drag) return;
      if (drag.mode === "cursor") this.moveCursorTo(e);
      else {
        // Horizontal drag changes the width, vertical the level, in proportion to the current width.
        const k = Math.max(drag.width, 1) / 200;
        this.setWindow(drag.level + (e.clientY - drag.y) * k, Math.max(1e-6, drag.width + (e.clientX - drag.x) * k), "custom");
      }
    });
    const end = () => {
      drag = null;
    };
    c.addEventListener("pointerup", end);
    c.addEventListener("pointercancel", end);
    c.addEventListener("pointerleave", () => {
      this.hover = null;
      this.updateReadout();
    });
  }

  /** The voxel under a pointer event, or null outside the slice. */
  private voxelAt(e: PointerEvent | MouseEvent): [number, number, number] | null {
    if (this.cssSize[0] === 0) return null;
    const size = this.model.meta().size;
    const m = this.mapping();
    const geo = sliceGeometry(size, m);
    const r = this.canvas.getBoundingClientRect();
    const u = Math.floor(((e.clientX - r.left) / r.width) * geo.width);
    const v = Math.floor(((e.clientY - r.top) / r.height) * geo.height);
    if (u < 0 || v < 0 || u >= geo.width || v >= geo.height) return null;
    return screenToIndex(size, m, this.cursor(size)[m.normal], u, v);
  }

  private moveCursorTo(e: PointerEvent): void {
    const idx = this.voxelAt(e);
    if (idx) this.setAndSave({ cursor: idx });
  }

  // ------------------------------------------------------------------------------------------
  // Drawing

  private labelColors(): LabelColorTable {
    const given = (this.model.get("label_colors") ?? {}) as Record<string, string>;
    const table: LabelColorTable = new Map();
    for (const [k, v] of Object.entries(given)) table.set(Number(k), cssColor(v, [255, 0, 0]));
    return table;
  }

  private colorOf(label: number, table: LabelColorTable): [number, number, number] {
    return table.get(label) ?? cssColor(LABEL_COLORS[(label - 1 + LABEL_COLORS.length) % LABEL_COLORS.length]!, [255, 0, 0]);
  }

  private draw(): void {
    const t0 = performance.now();
    const meta = this.model.meta();
    const size = meta.size;
    const vol = this.model.volume(this.cursor(size)[2]);
    const plane = this.model.get("plane") as Plane;
    const m = this.mapping();
    const geo: SliceGeometry = sliceGeometry(size, m);
    const cur = this.cursor(size);
    const slice = cur[m.normal];
    const spacing = this.model.get("spacing") as number[];

    // Controls reflect the model.
    for (const [p, b] of this.planeButtons) b.classList.toggle("radiogx-active", p === plane);
    this.slider.max = String(geo.depth - 1);
    if (this.slider.value !== String(slice)) this.slider.value = String(slice);
    this.sliceLabel.textContent = `slice ${slice} / ${geo.depth - 1}`;
    const level = Number(this.model.get("window_level"));
    const width = Number(this.model.get("window_width"));
    const preset = String(this.model.get("preset"));
    this.presetSelect.value = preset in PRESETS ? preset : "custom";
    if (document.activeElement !== this.levelInput) this.levelInput.value = formatNumber(level, 5);
    if (document.activeElement !== this.widthInput) this.widthInput.value = formatNumber(width, 5);
    this.overlayBox.checked = Boolean(this.model.get("show_overlay"));
    this.opacityInput.value = String(this.model.get("overlay_opacity"));
    this.crossBox.checked = Boolean(this.model.get("show_crosshair"));

    // Pixels.
    if (!this.image || this.image.width !== geo.width || this.image.height !== geo.height) {
      this.image = new ImageData(geo.width, geo.height);
      this.offscreen.width = geo.width;
      this.offscreen.height = geo.height;
    }
    const table = this.labelColors();
    if (vol.mask) {
      // Give every label that appears in the table a colour; unknown labels get the palette's.
      for (let l = 1; l < 256; l++) if (!table.has(l)) table.set(l, this.colorOf(l, table));
    }
    const showOverlay = Boolean(this.model.get("show_overlay"));
    const overlayPixels = renderSlice(vol.image, geo, slice, this.image.data, {
      level,
      width,
      range: meta.range,
      mask: vol.mask && showOverlay ? vol.mask : null,
      colors: table,
      opacity: Number(this.model.get("overlay_opacity")),
    }, this.lut);
    const octx = this.offscreen.getContext("2d")!;
    octx.putImageData(this.image, 0, 0);

    // Physical aspect: width in mm = columns × spacing along the x axis, likewise for rows.
    const mmW = geo.width * (spacing[m.xAxis] ?? 1);
    const mmH = geo.height * (spacing[m.yAxis] ?? 1);
    const availW = Math.max(160, (this.el.clientWidth || 520) - 4);
    const availH = Math.max(120, Number(this.model.get("height")) || 420);
    const scale = Math.min(availW / mmW, availH / mmH);
    const cssW = Math.max(1, Math.round(mmW * scale));
    const cssH = Math.max(1, Math.round(mmH * scale));
    this.cssSize = [cssW, cssH];
    const ctx = fitCanvas(this.canvas, cssW, cssH);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.offscreen, 0, 0, cssW, cssH);
    // Slices still on their way: dark, with a note.
    const complete = vol.loadedSlices === size[2];
    let shownLoaded = true;
    if (!complete) {
      ctx.fillStyle = "rgba(0, 0, 0, 0.85)";
      if (m.normal === 2) {
        shownLoaded = vol.loaded[slice] === 1;
        if (!shownLoaded) ctx.fillRect(0, 0, cssW, cssH);
      } else {
        // Rows (or columns) of the plane that belong to missing axial slices.
        const along = m.yAxis === 2 ? geo.height : geo.width;
        for (let t = 0; t < along; t++) {
          const k = (m.yAxis === 2 ? m.yFlip : m.xFlip) ? size[2] - 1 - t : t;
          if (vol.loaded[k]) continue;
          if (m.yAxis === 2) ctx.fillRect(0, (t / geo.height) * cssH, cssW, cssH / geo.height + 0.5);
          else ctx.fillRect((t / geo.width) * cssW, 0, cssW / geo.width + 0.5, cssH);
        }
      }
      ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
      ctx.font = "12px sans-serif";
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText(`loading ${vol.loadedSlices} / ${size[2]} slices…`, 6, 16);
    }

    if (this.model.get("show_crosshair")) {
      const [u, v] = indexToScreen(size, m, cur);
      const x = ((u + 0.5) / geo.width) * cssW;
      const y = ((v + 0.5) / geo.height) * cssH;
      ctx.strokeStyle = "rgba(255, 200, 0, 0.85)";
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(0, y);
      ctx.lineTo(cssW, y);
      ctx.moveTo(x, 0);
      ctx.lineTo(x, cssH);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    // Orientation letters (radiological convention, see orientation.ts).
    const letters: Record<Plane, [string, string, string, string]> = {
      axial: ["R", "L", "A", "P"],
      coronal: ["R", "L", "S", "I"],
      sagittal: ["A", "P", "S", "I"],
    };
    const [left, right, top, bottom] = letters[plane];
    ctx.fillStyle = "rgba(255, 255, 255, 0.8)";
    ctx.font = "11px sans-serif";
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ctx.fillText(left, 3, cssH / 2);
    ctx.textAlign = "right";
    ctx.fillText(right, cssW - 3, cssH / 2);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(top, cssW / 2, 2);
    ctx.textBaseline = "bottom";
    ctx.fillText(bottom, cssW / 2, cssH - 2);

    this.renderCount++;
    const ms = performance.now() - t0;
    const ds = this.el.dataset;
    ds.plane = plane;
    ds.slice = String(slice);
    ds.depth = String(geo.depth);
    ds.renderCount = String(this.renderCount);
    ds.renderMs = ms.toFixed(2);
    ds.overlayPixels = String(overlayPixels);
    ds.loadedSlices = String(vol.loadedSlices);
    ds.receivedBytes = String(vol.receivedBytes);
    // Whether the slice on screen had arrived (an axial slice still on its way is drawn dark).
    ds.sliceLoaded = shownLoaded ? "1" : "0";
    if (shownLoaded && ds.firstFrame === undefined) {
      // Epoch milliseconds of the model's creation, the view's first build and its first drawn slice.
      ds.firstFrame = String(Date.now());
      ds.modelCreated = String(this.model.createdAt);
      ds.viewBuilt = String(this.builtAt);
      // And once that frame has been presented: the second animation frame after it.
      requestAnimationFrame(() => requestAnimationFrame(() => (ds.firstPaint = String(Date.now()))));
    }
    this.updateReadout();
  }

  private updateReadout(): void {
    const size = this.model.meta().size;
    const cursor = this.cursor(size);
    const vol = this.model.volume(cursor[2]);
    // The pointer stays over the same screen pixel while the slice changes under it.
    if (this.hover) this.hover[this.mapping().normal] = cursor[this.mapping().normal];
    const idx = this.hover ?? cursor;
    const off = idx[0] + size[0] * (idx[1] + size[1] * idx[2]);
    const value = vol.image[off]!;
    const world = indexToWorld(this.model.get("origin") as number[], this.model.get("spacing") as number[], this.model.get("direction") as number[], idx);
    const units = String(this.model.get("units") ?? "");
    let label = "";
    if (vol.mask) {
      const l = vol.mask[off]!;
      const names = (this.model.get("label_names") ?? {}) as Record<string, string>;
      label = ` · label ${l}${l !== 0 && names[String(l)] ? ` (${names[String(l)]})` : ""}`;
    }
    const valueText = vol.loaded[idx[2]] ? `${formatNumber(value, 6)}${units ? " " + units : ""}${label}` : "(loading)";
    this.readout.textContent =
      `${this.hover ? "pointer" : "crosshair"} (${idx.join(", ")}) = ${valueText}` +
      ` · world LPS (${world.map((w) => w.toFixed(1)).join(", ")}) mm`;
    this.readout.dataset.value = String(value);
    this.readout.dataset.index = idx.join(",");
  }
}
