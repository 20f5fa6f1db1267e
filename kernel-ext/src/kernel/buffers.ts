/**
 * Binary buffers in widget state (Jupyter widget protocol 2.1.0, "buffer_paths").
 *
 * A state may hold binary values at any depth. On the wire they leave the JSON and travel as extra
 * ZeroMQ frames; `buffer_paths[i]` is the key/index path of `buffers[i]` in the state. Where a buffer
 * is taken out, a list slot becomes `null` and an object key is removed — the same rule as
 * ipywidgets' `_remove_buffers` / `_put_buffers` and @jupyter-widgets/base's `remove_buffers` /
 * `put_buffers`.
 *
 *     removeBuffers({ a: [1, bytes], b: { c: bytes2 } })
 *       → state { a: [1, null], b: {} }, buffer_paths [["a", 1], ["b", "c"]], buffers [bytes, bytes2]
 */
import type { SerializedState } from "./bridge";

/** A binary value: any typed array, DataView, or ArrayBuffer. */
export function isBinary(v: unknown): v is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(v) || v instanceof ArrayBuffer;
}

/** Bytes of a binary value, as a view (no copy). */
export function bytesOf(v: ArrayBufferView | ArrayBuffer): Uint8Array {
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/**
 * Splits binary values out of `state`. Objects and lists on a path to a binary value are copied;
 * everything else is shared with the input, which is never modified.
 */
export function removeBuffers(state: Record<string, unknown>): SerializedState {
  const buffer_paths: (string | number)[][] = [];
  const buffers: Uint8Array[] = [];
  const out = separate(state, [], buffer_paths, buffers) as Record<string, unknown>;
  return { state: out, buffer_paths, buffers };
}

function separate(value: unknown, path: (string | number)[], paths: (string | number)[][], buffers: Uint8Array[]): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (isBinary(v)) {
        copy ??= value.slice();
        copy[i] = null;
        paths.push([...path, i]);
        buffers.push(bytesOf(v));
      } else if (v !== null && typeof v === "object") {
        const s = separate(v, [...path, i], paths, buffers);
        if (s !== v) {
          copy ??= value.slice();
          copy[i] = s;
        }
      }
    }
    return copy ?? value;
  }
  if (value !== null && typeof value === "object" && isPlainObject(value)) {
    let copy: Record<string, unknown> | null = null;
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (isBinary(v)) {
        copy ??= { ...(value as Record<string, unknown>) };
        delete copy[key];
        paths.push([...path, key]);
        buffers.push(bytesOf(v));
      } else if (v !== null && typeof v === "object") {
        const s = separate(v, [...path, key], paths, buffers);
        if (s !== v) {
          copy ??= { ...(value as Record<string, unknown>) };
          copy[key] = s;
        }
      }
    }
    return copy ?? value;
  }
  return value;
}

/**
 * Puts received buffers back into a received state, in place (the state was just parsed from JSON
 * and belongs to the caller). A path that does not lead into the state is an error naming the path.
 */
export function putBuffers(state: Record<string, unknown>, bufferPaths: unknown, buffers: readonly Uint8Array[]): void {
  if (!Array.isArray(bufferPaths)) return;
  for (let i = 0; i < bufferPaths.length; i++) {
    const path = bufferPaths[i] as unknown;
    const buf = buffers[i];
    if (!Array.isArray(path) || path.length === 0 || buf === undefined) {
      throw new Error(`buffer_paths[${i}] = ${JSON.stringify(path)} has no matching buffer (${buffers.length} received)`);
    }
    let obj: unknown = state;
    for (let j = 0; j < path.length - 1; j++) {
      obj = (obj as Record<string | number, unknown> | undefined)?.[path[j] as string | number];
      if (obj === null || typeof obj !== "object") throw new Error(`buffer path ${JSON.stringify(path)} does not lead into the state`);
    }
    (obj as Record<string | number, unknown>)[path[path.length - 1] as string | number] = buf;
  }
}

/** True for `{}`-style objects (not class instances such as widgets or dates). */
export function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v) as object | null;
  return p === Object.prototype || p === null;
}

/**
 * Structural equality of two state values as JSON with buffers: plain objects and arrays compare
 * member by member, anything else with `Object.is`. Binary values compare byte by byte, or by
 * identity when `binaryByIdentity` (change detection on assignment: assigning a new array is a
 * change, and a megabyte slice is not scanned on every assignment).
 */
export function sameState(a: unknown, b: unknown, binaryByIdentity = false): boolean {
  if (Object.is(a, b)) return true;
  if (isBinary(a) || isBinary(b)) {
    if (binaryByIdentity || !isBinary(a) || !isBinary(b)) return false;
    const x = bytesOf(a);
    const y = bytesOf(b);
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameState(a[i], b[i], binaryByIdentity)) return false;
    return true;
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
      if (!sameState((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], binaryByIdentity)) return false;
    }
    return true;
  }
  return false;
}
