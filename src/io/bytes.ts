import { gunzipSync } from "node:zlib";
import { readFileSync, statSync } from "node:fs";
import { RadiogxError } from "../errors";
import type { VoxelArray } from "./volume";

/** Reads a whole file, turning a missing or unreadable file into a `RadiogxError` that names it. */
export function readFileBytes(path: string): Buffer {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new RadiogxError("FILE_NOT_FOUND", "file not found", { file: path });
  }
  if (st.isDirectory()) {
    throw new RadiogxError("FILE_UNREADABLE", "is a directory, expected an image file", { file: path });
  }
  try {
    return readFileSync(path);
  } catch (e) {
    throw new RadiogxError("FILE_UNREADABLE", `cannot read file (${(e as Error).message})`, { file: path });
  }
}

export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Gunzips, reporting a truncated or corrupt stream as such. */
export function gunzip(b: Uint8Array, file: string): Buffer {
  try {
    return gunzipSync(b);
  } catch (e) {
    const msg = (e as Error).message;
    if (/unexpected end/i.test(msg)) {
      throw new RadiogxError("TRUNCATED_FILE", "the gzip stream ends early: the file is truncated", { file });
    }
    throw new RadiogxError("NOT_AN_IMAGE", `the gzip stream is corrupt (${msg})`, { file });
  }
}

/** The numeric storage types images use on disk. */
export type ScalarType = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "float32" | "float64";

export const BYTES_PER: Record<ScalarType, number> = {
  int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, float32: 4, float64: 8,
};

/**
 * Decodes `count` scalars of `type` from `bytes` at `offset` into a typed array, swapping bytes when the
 * file's endianness differs from the machine's. 64-bit integers become Float64Array (exact to 2^53).
 */
export function decodeScalars(bytes: Uint8Array, offset: number, count: number, type: ScalarType, littleEndian: boolean): VoxelArray {
  const bpv = BYTES_PER[type];
  const src = bytes.subarray(offset, offset + count * bpv);
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const nativeLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const aligned = src.byteOffset % bpv === 0;
  const fast = littleEndian === nativeLE;
  const copy = (Ctor: new (n: number) => VoxelArray, ViewCtor: new (b: ArrayBufferLike, o: number, n: number) => VoxelArray) => {
    const out = new Ctor(count);
    if (fast && aligned) out.set(new ViewCtor(src.buffer, src.byteOffset, count));
    else if (fast) out.set(new ViewCtor(src.slice().buffer, 0, count));
    return out;
  };
  switch (type) {
    case "int8": return new Int8Array(src.buffer.slice(src.byteOffset, src.byteOffset + count));
    case "uint8": return new Uint8Array(src.buffer.slice(src.byteOffset, src.byteOffset + count));
    case "int16": {
      const out = copy(Int16Array, Int16Array as never);
      if (!fast) for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, littleEndian);
      return out;
    }
    case "uint16": {
      const out = copy(Uint16Array, Uint16Array as never);
      if (!fast) for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, littleEndian);
      return out;
    }
    case "int32": {
      const out = copy(Int32Array, Int32Array as never);
      if (!fast) for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, littleEndian);
      return out;
    }
    case "uint32": {
      const out = copy(Uint32Array, Uint32Array as never);
      if (!fast) for (let i = 0; i < count; i++) out[i] = view.getUint32(4 * i, littleEndian);
      return out;
    }
    case "float32": {
      const out = copy(Float32Array, Float32Array as never);
      if (!fast) for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, littleEndian);
      return out;
    }
    case "float64": {
      const out = copy(Float64Array, Float64Array as never);
      if (!fast) for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, littleEndian);
      return out;
    }
    case "int64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(8 * i, littleEndian));
      return out;
    }
    case "uint64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigUint64(8 * i, littleEndian));
      return out;
    }
  }
}
