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

/**
 * zlib's output chunk for a gzip stream: the uncompressed size its trailer states (ISIZE, the size modulo 2³²,
 * exact for a single-member stream under 4 GiB) plus one byte, so the whole image inflates into one buffer
 * that is returned as is — no list of chunks concatenated into a second copy. A trailer that cannot be right
 * (beyond deflate's ~1032:1 ratio, or tiny) falls back to 1 MiB chunks; the result is the same either way.
 */
function gunzipChunkSize(b: Uint8Array): number {
  const fallback = 1 << 20;
  if (b.length < 18) return fallback;
  const n = b.length;
  const isize = (b[n - 4]! | (b[n - 3]! << 8) | (b[n - 2]! << 16) | (b[n - 1]! << 24)) >>> 0;
  if (isize < 64 || isize > 1032 * n || isize >= 0x7fffffff) return fallback;
  return isize + 1;
}

/** Gunzips, reporting a truncated or corrupt stream as such. */
export function gunzip(b: Uint8Array, file: string): Buffer {
  try {
    return gunzipSync(b, { chunkSize: gunzipChunkSize(b) });
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
  const nativeLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const swap = bpv > 1 && littleEndian !== nativeLE;
  const start = bytes.byteOffset + offset;
  // Native byte order, aligned, and a buffer of its own (a decompressed image, or a file read whole): the
  // voxels are a view on it — no copy of a CT-sized array. Otherwise one copy into a fresh, aligned buffer
  // (the source may be a small pooled Node Buffer at any offset).
  if (!swap && start % bpv === 0 && bytes.buffer.byteLength >= 1 << 16 && type !== "int64" && type !== "uint64") {
    const buf = bytes.buffer as ArrayBuffer;
    switch (type) {
      case "int8": return new Int8Array(buf, start, count);
      case "uint8": return new Uint8Array(buf, start, count);
      case "int16": return new Int16Array(buf, start, count);
      case "uint16": return new Uint16Array(buf, start, count);
      case "int32": return new Int32Array(buf, start, count);
      case "uint32": return new Uint32Array(buf, start, count);
      case "float32": return new Float32Array(buf, start, count);
      case "float64": return new Float64Array(buf, start, count);
    }
  }
  const raw = new Uint8Array(count * bpv);
  raw.set(bytes.subarray(offset, offset + count * bpv));
  if (swap) {
    for (let i = 0; i < raw.length; i += bpv) raw.subarray(i, i + bpv).reverse();
  }
  const buf = raw.buffer;
  switch (type) {
    case "int8": return new Int8Array(buf);
    case "uint8": return raw;
    case "int16": return new Int16Array(buf);
    case "uint16": return new Uint16Array(buf);
    case "int32": return new Int32Array(buf);
    case "uint32": return new Uint32Array(buf);
    case "float32": return new Float32Array(buf);
    case "float64": return new Float64Array(buf);
    case "int64": return Float64Array.from(new BigInt64Array(buf), (x) => Number(x));
    case "uint64": return Float64Array.from(new BigUint64Array(buf), (x) => Number(x));
  }
}
