/**
 * `SliceViewer(volume, mask?)`: axial, coronal and sagittal slices of a volume with its label mask,
 * rendered by the `@radiogx/widgets` JupyterLab extension.
 *
 *     import { readImage } from "radiogx";
 *     import { SliceViewer } from "radiogx/kernel";
 *     const ct = readImage("ct.nii.gz"), gtv = readImage("gtv.nii.gz");
 *     const viewer = new SliceViewer(ct, gtv, { preset: "ct-lung" });
 *     viewer                       // shows it (last expression), or display(viewer)
 *     viewer.cursor                // [i, j, k] of the crosshair, updated as the user clicks/scrolls
 *
 * Transfer: the voxels travel once, in their own element type, as binary buffers. The state carries
 * the volume's description (`image_meta`: dtype, size, range, percentiles) and the axial slice at the
 * crosshair (`first_slice`, a buffer or two), so the view draws at once; the frontend model then asks
 * for the rest (custom message `{ kind: "request-slabs", first, skip }`) and the kernel answers with
 * slabs of whole axial slices (about 4 MB each, `{ kind: "slab", k0, k1, mask }` with the image bytes
 * and, where the slab holds labels, the mask bytes), nearest the crosshair first. So a 512 × 512 × 300
 * CT opens as soon as one slice has crossed, while the rest streams in; a reloaded page asks again. All drawing, scrolling and windowing then
 * happens in the browser. The plane, crosshair (`cursor`) and window come back as widget state once
 * the user pauses, so the kernel knows what is on screen. Float64 volumes are sent as Float32 (display
 * only: 7 significant digits in the readout), halving the transfer.
 */
import { DOMWidget, DOM_ACCESSORS, type DOMWidgetOptions, type DOMWidgetTraits } from "../kernel/domWidget";
import { KernelApiError } from "../kernel/errors";
import { dtypeOf, type DType, type TypedArray } from "../kernel/serializers";
import { defineTraitAccessors, type TraitAccessors } from "../kernel/widget";
import { radiogxSpec } from "./module";

/** A volume as the library's `Volume` (io/volume.ts): first axis fastest, LPS millimetres. */
export interface VolumeLike {
  readonly size: readonly number[];
  readonly spacing: readonly number[];
  readonly origin: readonly number[];
  readonly direction: readonly number[];
  readonly data: TypedArray;
  readonly metadata?: Record<string, unknown>;
}

export type Plane = "axial" | "coronal" | "sagittal";
/** Window presets: CT lung (L −600, W 1500), CT soft tissue (L 40, W 400), MR auto (1st–99th percentile), full range. */
export type WindowPreset = "ct-lung" | "ct-soft-tissue" | "mr-auto" | "full-range" | "custom";

/** What the frontend needs to know about a volume before its voxels arrive. */
export interface VolumeMeta {
  dtype: DType;
  /** [nx, ny, nz]. */
  size: number[];
  /** Minimum and maximum voxel value. */
  range: [number, number];
  /** 1st and 99th percentiles (from a strided sample of at most 2^18 voxels), for the "MR auto" window. */
  p1: number;
  p99: number;
  /** Axial slices per slab message. */
  slab: number;
}

/** One axial slice of the image (and of the mask), as bytes. */
export interface SliceBytes {
  k: number;
  image: Uint8Array;
  mask: Uint8Array | null;
}

export interface SliceViewerTraits extends DOMWidgetTraits {
  image_meta: VolumeMeta | null;
  /** The axial slice at the initial crosshair, sent with the state so that the first frame needs no request. */
  first_slice: SliceBytes | null;
  /** dtype of the mask, or null without a mask. */
  mask_dtype: DType | null;
  spacing: number[];
  origin: number[];
  direction: number[];
  /** The plane shown. */
  plane: Plane;
  /** Crosshair voxel [i, j, k]; its component along the plane's normal is the slice shown. */
  cursor: number[] | null;
  preset: WindowPreset;
  /** Window centre and width, in image units (null: from the preset). */
  window_level: number | null;
  window_width: number | null;
  overlay_opacity: number;
  show_overlay: boolean;
  show_crosshair: boolean;
  /** Label → CSS colour; labels not listed get the ITK-SNAP palette (1 red, 2 green, 3 blue, …). */
  label_colors: Record<string, string>;
  /** Label → name shown in the readout. */
  label_names: Record<string, string>;
  /** Units of the voxel values shown in the readout ("HU"). */
  units: string;
  title: string;
  /** Height of the image area in CSS pixels. */
  height: number;
}

export interface SliceViewerOptions extends Omit<DOMWidgetOptions<SliceViewerTraits>, "image_meta" | "first_slice" | "mask_dtype" | "spacing" | "origin" | "direction" | "label_colors" | "label_names"> {
  /** Label → CSS colour (keys may be numbers). */
  label_colors?: Record<string | number, string>;
  /** Label → name. */
  label_names?: Record<string | number, string>;
}

export interface SliceViewer extends TraitAccessors<Omit<SliceViewerTraits, "image_meta" | "first_slice" | "mask_dtype" | "spacing" | "origin" | "direction">> {}

const PLANES: readonly Plane[] = ["axial", "coronal", "sagittal"];
const PRESETS: readonly WindowPreset[] = ["ct-lung", "ct-soft-tissue", "mr-auto", "full-range", "custom"];

function checkVolume(v: VolumeLike, what: string): void {
  const ok3 = (a: readonly number[] | undefined) => Array.isArray(a) && a.length === 3 && a.every((x) => Number.isFinite(x));
  if (!v || !ok3(v.size as number[]) || !ok3(v.spacing as number[]) || !ok3(v.origin as number[]) || !Array.isArray(v.direction) || v.direction.length !== 9) {
    throw new KernelApiError("INVALID_ARGUMENT", `SliceViewer: ${what} must be a Volume ({ size, spacing, origin, direction, data }) as readImage returns`, { key: what });
  }
  const n = v.size[0]! * v.size[1]! * v.size[2]!;
  if (!ArrayBuffer.isView(v.data) || (v.data as TypedArray).length !== n) {
    throw new KernelApiError("INVALID_ARGUMENT", `SliceViewer: ${what} has ${(v.data as TypedArray | undefined)?.length ?? "no"} voxels, its size ${v.size.join("×")} needs ${n}`, { key: what });
  }
  if (v.spacing.some((s) => !(s > 0))) {
    throw new KernelApiError("INVALID_ARGUMENT", `SliceViewer: ${what} spacing must be positive, got (${v.spacing.join(", ")})`, { key: what });
  }
}

/** The voxels as sent: the volume's own array, Float64 as Float32. */
function sendable(data: TypedArray): TypedArray {
  if (data instanceof Float64Array) return Float32Array.from(data);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    throw new KernelApiError("INVALID_ARGUMENT", "SliceViewer: 64-bit integer volumes are not supported; convert to Int32Array or Float32Array");
  }
  return data;
}

/**
 * The window (level, width) of a preset, as the frontend applies it (widgets/src/slice/render.ts
 * `PRESETS`): CT lung L −600 W 1500, CT soft tissue L 40 W 400, MR auto the 1st–99th percentiles, full
 * range the minimum–maximum. Null for "custom" or without the volume's description.
 */
export function presetWindow(preset: WindowPreset, meta: VolumeMeta | null): { level: number; width: number } | null {
  if (preset === "ct-lung") return { level: -600, width: 1500 };
  if (preset === "ct-soft-tissue") return { level: 40, width: 400 };
  if (!meta || (preset !== "mr-auto" && preset !== "full-range")) return null;
  const lo = preset === "mr-auto" ? meta.p1 : meta.range[0];
  const hi = preset === "mr-auto" ? meta.p99 : meta.range[1];
  return { level: (lo + hi) / 2, width: Math.max(hi - lo, 1e-6) };
}

/** Bytes per slab message (whole axial slices). */
const SLAB_BYTES = 4 << 20;

/**
 * One pass over the image (range) and one over the mask (the centre of its bounding box, the labels,
 * which axial slices hold labels); percentiles from an evenly strided sample of at most 2^18 voxels,
 * by linear interpolation between order statistics (NumPy's default).
 */
function survey(image: TypedArray, mask: TypedArray | null, size: readonly number[]): { min: number; max: number; p1: number; p99: number; centre: number[] | null; labelled: Uint8Array } {
  let min = Infinity;
  let max = -Infinity;
  const n = image.length;
  for (let i = 0; i < n; i++) {
    const x = image[i] as number;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const step = Math.max(1, Math.floor(n / (1 << 18)));
  const sample = new Float64Array(Math.ceil(n / step));
  let m = 0;
  for (let i = 0; i < n; i += step) {
    const x = image[i] as number;
    if (x === x) sample[m++] = x;
  }
  const sorted = sample.subarray(0, m).sort();
  const pct = (p: number) => {
    if (m === 0) return NaN;
    const pos = (p / 100) * (m - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(m - 1, lo + 1);
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
  };
  const nz = size[2]!;
  const labelled = new Uint8Array(nz);
  if (!mask) return { min, max, p1: pct(1), p99: pct(99), centre: null, labelled };
  const nx = size[0]!;
  const ny = size[1]!;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  const visit = (idx: number) => {
    const i = idx % nx;
    const j = Math.floor(idx / nx) % ny;
    const k = Math.floor(idx / (nx * ny));
    labelled[k] = 1;
    if (i < lo[0]!) lo[0] = i;
    if (i > hi[0]!) hi[0] = i;
    if (j < lo[1]!) lo[1] = j;
    if (j > hi[1]!) hi[1] = j;
    if (k < lo[2]!) lo[2] = k;
    if (k > hi[2]!) hi[2] = k;
  };
  const total = mask.length;
  if ((mask instanceof Uint8Array || mask instanceof Int8Array) && mask.byteOffset % 4 === 0) {
    // Byte masks are mostly zero: test four voxels per 32-bit word, look closer only at non-zero words.
    const words = new Uint32Array(mask.buffer, mask.byteOffset, total >> 2);
    for (let w = 0; w < words.length; w++) {
      if (words[w] === 0) continue;
      for (let b = 4 * w; b < 4 * w + 4; b++) if (mask[b] !== 0) visit(b);
    }
    for (let b = words.length * 4; b < total; b++) if (mask[b] !== 0) visit(b);
  } else {
    for (let idx = 0; idx < total; idx++) {
      const v = mask[idx] as number;
      if (v !== 0 && v === v) visit(idx);
    }
  }
  const centre = lo[0] === Infinity ? null : [0, 1, 2].map((a) => Math.round((lo[a]! + hi[a]!) / 2));
  return { min, max, p1: pct(1), p99: pct(99), centre, labelled };
}

export class SliceViewer extends DOMWidget<SliceViewerTraits> {
  static readonly spec = radiogxSpec("SliceViewer");

  /**
   * @param volume the image (the library's `Volume`).
   * @param mask optional label mask on the same grid (0 = background).
   * @param options plane (default "axial"), preset (default "ct-soft-tissue" when the image looks like CT
   *   — minimum ≤ −500 — else "mr-auto"), window_level/window_width, overlay_opacity (0.4), show_overlay,
   *   show_crosshair (true), label_colors, label_names, units ("HU" for CT), title, height (420 px).
   * @throws KernelApiError when the volume is malformed or the mask is on another grid.
   */
  constructor(volume: VolumeLike, mask?: VolumeLike | null, options: SliceViewerOptions = {}) {
    checkVolume(volume, "volume");
    if (mask) {
      checkVolume(mask, "mask");
      if (mask.size.some((s, a) => s !== volume.size[a])) {
        throw new KernelApiError("INVALID_ARGUMENT", `SliceViewer: mask size ${mask.size.join("×")} differs from the volume's ${volume.size.join("×")}`, {
          key: "mask",
          hint: "resample the mask onto the image grid",
        });
      }
    }
    const image = sendable(volume.data);
    const maskData = mask ? sendable(mask.data) : null;
    const s = survey(image, maskData, volume.size);
    const sliceBytes = volume.size[0]! * volume.size[1]! * image.BYTES_PER_ELEMENT;
    const slab = Math.max(1, Math.min(volume.size[2]!, Math.floor(SLAB_BYTES / sliceBytes)));
    const looksCt = s.min <= -500;
    const labelColors: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.label_colors ?? {})) labelColors[String(k)] = v;
    const labelNames: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.label_names ?? {})) labelNames[String(k)] = v;
    const { label_colors: _c, label_names: _n, ...rest } = options;
    const centre = s.centre ?? volume.size.map((n) => Math.floor((n - 1) / 2));
    const plane = volume.size[0]! * volume.size[1]!;
    const sliceOf = (a: TypedArray, k: number) => new Uint8Array(a.buffer, a.byteOffset + k * plane * a.BYTES_PER_ELEMENT, plane * a.BYTES_PER_ELEMENT);
    const k = centre[2]!;
    super(
      SliceViewer.spec,
      {
        image_meta: { dtype: dtypeOf(image), size: [...volume.size], range: [s.min, s.max], p1: s.p1, p99: s.p99, slab },
        first_slice: { k, image: sliceOf(image, k), mask: maskData && s.labelled[k] ? sliceOf(maskData, k) : null },
        mask_dtype: maskData ? dtypeOf(maskData) : null,
        spacing: [...volume.spacing],
        origin: [...volume.origin],
        direction: [...volume.direction],
        plane: "axial",
        cursor: centre,
        preset: looksCt ? "ct-soft-tissue" : "mr-auto",
        window_level: null,
        window_width: null,
        overlay_opacity: 0.4,
        show_overlay: true,
        show_crosshair: true,
        label_colors: labelColors,
        label_names: labelNames,
        units: looksCt ? "HU" : "",
        title: "",
        height: 420,
      },
      rest as DOMWidgetOptions<SliceViewerTraits>,
    );
    this.#image = image;
    this.#mask = maskData;
    this.#labelled = s.labelled;
    this.onMsg((content) => {
      if (content.kind === "request-slabs") this.#sendSlabs(Number(content.first), content.skip === undefined || content.skip === null ? -1 : Number(content.skip));
    });
  }

  readonly #image: TypedArray;
  readonly #mask: TypedArray | null;
  readonly #labelled: Uint8Array;

  /**
   * Sends every slab, the one holding axial slice `first` first, then alternately the next slab above
   * and below it; slice `skip` (already received with the state) is left out. Each message has the
   * image bytes and, when the slab holds labels, the mask bytes (views on the volume: nothing is
   * copied kernel-side).
   */
  #sendSlabs(first: number, skip: number): void {
    const meta = this.get("image_meta")!;
    const [nx, ny, nz] = meta.size as [number, number, number];
    const nSlabs = Math.ceil(nz / meta.slab);
    const start = Math.max(0, Math.min(nSlabs - 1, Math.floor((Number.isFinite(first) ? first : 0) / meta.slab)));
    const order: number[] = [start];
    for (let d = 1; order.length < nSlabs; d++) {
      if (start + d < nSlabs) order.push(start + d);
      if (start - d >= 0) order.push(start - d);
    }
    const plane = nx * ny;
    const bytes = (a: TypedArray, k0: number, k1: number) => new Uint8Array(a.buffer, a.byteOffset + k0 * plane * a.BYTES_PER_ELEMENT, (k1 - k0) * plane * a.BYTES_PER_ELEMENT);
    const ranges: [number, number][] = [];
    for (const s of order) {
      const k0 = s * meta.slab;
      const k1 = Math.min(nz, k0 + meta.slab);
      if (skip >= k0 && skip < k1) {
        if (skip + 1 < k1) ranges.push([skip + 1, k1]);
        if (skip > k0) ranges.push([k0, skip]);
      } else ranges.push([k0, k1]);
    }
    for (const [k0, k1] of ranges) {
      let labels = false;
      for (let k = k0; k < k1 && !labels; k++) labels = this.#labelled[k] === 1;
      const buffers = [bytes(this.#image, k0, k1)];
      if (labels && this.#mask) buffers.push(bytes(this.#mask, k0, k1));
      this.send({ kind: "slab", k0, k1, mask: labels && this.#mask !== null }, buffers);
    }
  }

  protected override coerce(next: SliceViewerTraits, assigned: ReadonlySet<keyof SliceViewerTraits>): void {
    if (!PLANES.includes(next.plane)) {
      throw new KernelApiError("INVALID_ARGUMENT", `SliceViewer.plane must be one of ${PLANES.join(", ")}, got ${JSON.stringify(next.plane)}`, { key: "plane" });
    }
    if (!PRESETS.includes(next.preset)) {
      throw new KernelApiError("INVALID_ARGUMENT", `SliceViewer.preset must be one of ${PRESETS.join(", ")}, got ${JSON.stringify(next.preset)}`, { key: "preset" });
    }
    if (!(next.overlay_opacity >= 0 && next.overlay_opacity <= 1)) {
      throw new KernelApiError("INVALID_ARGUMENT", `SliceViewer.overlay_opacity must be in [0, 1], got ${next.overlay_opacity}`, { key: "overlay_opacity" });
    }
    // A window set without a preset is a custom window, unless it is the current preset's own window
    // (the frontend fills in a preset's level and width and sends them back with the next change).
    if ((assigned.has("window_level") || assigned.has("window_width")) && !assigned.has("preset") && next.preset !== "custom") {
      const own = presetWindow(next.preset, next.image_meta);
      const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
      const l = next.window_level;
      const w = next.window_width;
      if (l !== null && w !== null && !(own !== null && near(l, own.level) && near(w, own.width))) next.preset = "custom";
    }
    if (next.cursor !== null) {
      const size = next.image_meta ? next.image_meta.size : [1, 1, 1];
      if (!Array.isArray(next.cursor) || next.cursor.length !== 3) {
        throw new KernelApiError("INVALID_ARGUMENT", `SliceViewer.cursor must be [i, j, k], got ${JSON.stringify(next.cursor)}`, { key: "cursor" });
      }
      next.cursor = next.cursor.map((c, a) => Math.max(0, Math.min(size[a]! - 1, Math.round(Number(c)))));
    }
  }

  /** The slice index shown along the plane's normal array axis (k for an axial plane of an axial scan). */
  get sliceIndex(): number | null {
    const c = this.get("cursor");
    if (!c) return null;
    const d = this.get("direction");
    // The array axis whose direction is closest to the plane's normal world axis (S, P or L).
    const w = this.get("plane") === "axial" ? 2 : this.get("plane") === "coronal" ? 1 : 0;
    let best = 0;
    for (let a = 1; a < 3; a++) if (Math.abs(d[w * 3 + a]!) > Math.abs(d[w * 3 + best]!)) best = a;
    return c[best]!;
  }
}
defineTraitAccessors(SliceViewer, [
  ...DOM_ACCESSORS,
  "plane",
  "cursor",
  "preset",
  "window_level",
  "window_width",
  "overlay_opacity",
  "show_overlay",
  "show_crosshair",
  "label_colors",
  "label_names",
  "units",
  "title",
  "height",
]);
