/**
 * Numeric arrays as they arrive in widget state.
 *
 * The kernel sends an array as `{ dtype, shape, buffer }` (the ipydatawidgets / bqplot convention used by
 * `radiogx/kernel`'s `ndarray` serializer): the JSON part names the element type and the row-major shape,
 * and the raw little-endian bytes travel as one binary frame that the widget manager puts back in place
 * as a `DataView`. {@link arrayFromWire} turns that into a typed array without copying when the bytes are
 * aligned for the element size (one copy otherwise).
 */

export type NumericArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export type DType = "int8" | "uint8" | "uint8clamped" | "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64" | "int64" | "uint64";

/** A typed array with its row-major shape (first index slowest). */
export interface NDArray<T extends NumericArray = NumericArray> {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: T;
}

type Ctor = { new (buffer: ArrayBuffer, byteOffset: number, length: number): NumericArray; BYTES_PER_ELEMENT: number };

const CTORS: Record<Exclude<DType, "int64" | "uint64">, Ctor> = {
  int8: Int8Array,
  uint8: Uint8Array,
  uint8clamped: Uint8ClampedArray,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/** The bytes of a binary value (DataView, typed array or ArrayBuffer), as a view. */
export function bytesOf(b: unknown): Uint8Array | null {
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  if (ArrayBuffer.isView(b)) return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
  return null;
}

/**
 * `{ dtype, shape, buffer }` → {@link NDArray}. int64/uint64 become float64 (exact up to 2^53).
 * Returns null for null; throws with what was expected for anything else malformed.
 */
export function arrayFromWire(value: unknown): NDArray | null {
  if (value === null || value === undefined) return null;
  const o = value as { dtype?: unknown; shape?: unknown; buffer?: unknown };
  const bytes = bytesOf(o.buffer);
  if (typeof o.dtype !== "string" || !Array.isArray(o.shape) || bytes === null) {
    throw new Error("expected an array as { dtype, shape, buffer } with a binary buffer");
  }
  const shape = (o.shape as unknown[]).map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  const dtype = o.dtype as DType;
  let data: NumericArray;
  if (dtype === "int64" || dtype === "uint64") {
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const big = dtype === "int64" ? new BigInt64Array(copy.buffer) : new BigUint64Array(copy.buffer);
    data = Float64Array.from(big, (x) => Number(x));
  } else {
    const C = CTORS[dtype];
    if (!C) throw new Error(`unknown dtype "${dtype}"`);
    const k = C.BYTES_PER_ELEMENT;
    if (bytes.byteLength % k !== 0) throw new Error(`${bytes.byteLength} bytes is not a whole number of ${dtype} elements`);
    if (bytes.byteOffset % k === 0) {
      data = new C(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / k);
    } else {
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      data = new C(copy.buffer, 0, bytes.byteLength / k);
    }
  }
  if (data.length !== n) throw new Error(`shape [${shape.join(", ")}] needs ${n} elements, the buffer has ${data.length}`);
  return { dtype, shape, data };
}

/** A zero-filled typed array of `n` elements of `dtype` (int64/uint64 as float64). */
export function allocate(dtype: DType, n: number): NumericArray {
  if (dtype === "int64" || dtype === "uint64") return new Float64Array(n);
  const C = CTORS[dtype];
  if (!C) throw new Error(`unknown dtype "${dtype}"`);
  return new C(new ArrayBuffer(n * C.BYTES_PER_ELEMENT), 0, n);
}

/** {@link NDArray} → `{ dtype, shape, buffer }` (the inverse, for state sent back to the kernel). */
export function arrayToWire(a: NDArray | null): unknown {
  if (a === null) return null;
  return { dtype: a.dtype, shape: [...a.shape], buffer: new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength) };
}

/** Widget-manager serializer pair for an array trait. */
export const arraySerializer = {
  deserialize: (value: unknown): NDArray | null => arrayFromWire(value),
  serialize: (value: NDArray | null): unknown => arrayToWire(value),
};
