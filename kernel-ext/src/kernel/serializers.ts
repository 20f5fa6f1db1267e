/**
 * Per-attribute serializers: how a kernel-side value becomes widget state on the wire and back.
 *
 * The default for an attribute without a serializer is the identity: JSON values travel as JSON and
 * binary values (typed arrays, DataView, ArrayBuffer) are split out as buffers by `removeBuffers`.
 * The serializers here cover the conventions of the Jupyter widget ecosystem:
 *
 * - `widget` / `widgetList`: a reference to another widget is the string `"IPY_MODEL_<model id>"`
 *   (ipywidgets' `widget_serialization`, @jupyter-widgets/base `unpack_models`);
 * - `bytes`: a `Bytes` trait (Image.value) is one buffer; received as a view on the frame;
 * - `typedArray`: a numeric array is `{ dtype, shape, buffer }` with the buffer raw little-endian
 *   (the ipydatawidgets / bqplot convention), so a 512×512 Float32 slice is one 1 MiB frame and
 *   never base64 or a JSON list.
 */
import { getBridge } from "./bridge";
import { bytesOf, isBinary } from "./buffers";
import { KernelApiError } from "./errors";

export interface Serializer<T> {
  /** Kernel value → wire value (JSON, possibly containing binary values). */
  toJson(value: T): unknown;
  /** Wire value (buffers already put back as `Uint8Array`) → kernel value. */
  fromJson(json: unknown): T;
}

/** What any widget looks like to a serializer (any module instance of the kernel API). */
export interface WidgetRef {
  readonly modelId: string;
}

const PREFIX = "IPY_MODEL_";

function refOf(w: WidgetRef | null): string | null {
  return w === null ? null : PREFIX + w.modelId;
}

function widgetOf<T>(json: unknown): T | null {
  if (json === null) return null;
  if (typeof json !== "string" || !json.startsWith(PREFIX)) {
    throw new KernelApiError("INVALID_ARGUMENT", `expected a widget reference "IPY_MODEL_<id>", got ${JSON.stringify(json)}`);
  }
  const id = json.slice(PREFIX.length);
  const w = getBridge().widgets.get(id);
  if (!w) throw new KernelApiError("INVALID_ARGUMENT", `no live widget with model id ${id}`, { hint: "it was closed or belongs to another kernel" });
  return w as unknown as T;
}

/** A reference to one widget (or null). */
export function widget<T extends WidgetRef | null>(): Serializer<T> {
  return { toJson: (v) => refOf(v), fromJson: (j) => widgetOf<T>(j) as T };
}

/** A list of widget references (Box.children). */
export function widgetList<T extends WidgetRef>(): Serializer<T[]> {
  return {
    toJson: (v) => v.map((w) => refOf(w)),
    fromJson: (j) => {
      if (!Array.isArray(j)) throw new KernelApiError("INVALID_ARGUMENT", `expected a list of widget references, got ${JSON.stringify(j)}`);
      return j.map((x) => widgetOf<T>(x) as T);
    },
  };
}

/** Raw bytes (a `Bytes` trait): one buffer each way. */
export const bytes: Serializer<Uint8Array> = {
  toJson: (v) => v,
  fromJson: (j) => {
    if (isBinary(j)) return bytesOf(j);
    if (j === null || j === undefined) return new Uint8Array(0);
    throw new KernelApiError("INVALID_ARGUMENT", "expected bytes (a binary buffer)");
  },
};

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** dtype names as NumPy and ipydatawidgets spell them. */
export type DType = "int8" | "uint8" | "uint8clamped" | "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64" | "int64" | "uint64";

const CONSTRUCTORS: Record<DType, { new (b: ArrayBuffer, offset: number, length: number): TypedArray; BYTES_PER_ELEMENT: number }> = {
  int8: Int8Array,
  uint8: Uint8Array,
  uint8clamped: Uint8ClampedArray,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
} as never;

/** The dtype name of a typed array. */
export function dtypeOf(a: TypedArray): DType {
  if (a instanceof Int8Array) return "int8";
  if (a instanceof Uint8ClampedArray) return "uint8clamped";
  if (a instanceof Uint8Array) return "uint8";
  if (a instanceof Int16Array) return "int16";
  if (a instanceof Uint16Array) return "uint16";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Uint32Array) return "uint32";
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof BigInt64Array) return "int64";
  return "uint64";
}

/**
 * A typed array from bytes received in a frame. A view when the frame's offset is aligned for the
 * element size, else one copy (ZeroMQ frames carry no alignment guarantee).
 */
export function typedArrayFromBytes(dtype: DType, b: Uint8Array): TypedArray {
  const C = CONSTRUCTORS[dtype];
  if (!C) throw new KernelApiError("INVALID_ARGUMENT", `unknown dtype ${JSON.stringify(dtype)}`, { hint: `expected one of ${Object.keys(CONSTRUCTORS).join(", ")}` });
  const n = C.BYTES_PER_ELEMENT;
  if (b.byteLength % n !== 0) {
    throw new KernelApiError("INVALID_ARGUMENT", `${b.byteLength} bytes is not a whole number of ${dtype} elements`);
  }
  if (b.byteOffset % n === 0) return new C(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength / n);
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new C(copy.buffer, 0, b.byteLength / n);
}

/** A numeric array with its shape (row-major, first index slowest, as NumPy's default). */
export interface NDArray<T extends TypedArray = TypedArray> {
  data: T;
  shape: number[];
}

/** `{ dtype, shape, buffer }` ↔ {@link NDArray}; the buffer travels as one raw frame. */
export const ndarray: Serializer<NDArray | null> = {
  toJson: (v) => (v === null ? null : { dtype: dtypeOf(v.data), shape: v.shape, buffer: v.data }),
  fromJson: (j) => {
    if (j === null || j === undefined) return null;
    const o = j as { dtype?: unknown; shape?: unknown; buffer?: unknown };
    if (typeof o.dtype !== "string" || !Array.isArray(o.shape) || !isBinary(o.buffer)) {
      throw new KernelApiError("INVALID_ARGUMENT", "expected an array as { dtype, shape, buffer } with a binary buffer");
    }
    const data = typedArrayFromBytes(o.dtype as DType, bytesOf(o.buffer));
    const shape = (o.shape as unknown[]).map(Number);
    const n = shape.reduce((a, b) => a * b, 1);
    if (n !== data.length) throw new KernelApiError("INVALID_ARGUMENT", `shape [${shape.join(", ")}] needs ${n} elements, the buffer has ${data.length}`);
    return { data, shape };
  },
};

/** A flat typed array as `{ dtype, shape: [length], buffer }`. */
export const typedArray: Serializer<TypedArray | null> = {
  toJson: (v) => (v === null ? null : { dtype: dtypeOf(v), shape: [v.length], buffer: v }),
  fromJson: (j) => ndarray.fromJson(j)?.data ?? null,
};
