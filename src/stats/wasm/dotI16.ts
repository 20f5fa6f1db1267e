/**
 * Exact integer dot products of int16 rows on WebAssembly SIMD (`i32x4.dot_i16x8_s`, 8 multiply-adds per
 * instruction): the kernel of the Spearman fast path of `correlationMap`. The source is dotI16.wat; its
 * compiled bytes are embedded in dotI16.bytes.ts by `node scripts/build-wasm.mjs`.
 *
 * The rows are packed (zero-padded) so the kernel's 4 × 2 register tiles walk memory with fixed offsets:
 * the left rows in panels of 4 (`packRowI16(…, 4, …)`), the right rows in pairs (`packRowI16(…, 2, …)`); see
 * dotI16.wat for the layouts. The products are exact while no partial sum leaves the int32 range — e.g. when
 * √(Σa²·Σb²) < 2³¹ for every pair of rows (Cauchy–Schwarz bounds every partial sum of |aₖbₖ| by it).
 */
import { dotI16Wasm } from "./dotI16.bytes";

/** The parts of the WebAssembly API used here (the project's TS libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
type DotFn = (pA: number, nPanels: number, pB: number, nPairs: number, kSteps: number, pOut: number, ldo: number) => void;

const PAGE = 65536;

/** 8-value blocks of a row of n values (n padded with zeros to a multiple of 8). */
export function kSteps(n: number): number {
  return Math.ceil(n / 8);
}

/** Length (int16 elements) of `rows` packed rows of `steps` blocks in groups of `group` (4 or 2) rows. */
export function packedLength(rows: number, steps: number, group: 4 | 2): number {
  return Math.ceil(rows / group) * group * steps * 8;
}

/**
 * Writes row `row` (n values, integers in [−32768, 32767]) into `dst`, packed in groups of `group` rows
 * (4: the left operand's panels, 2: the right operand's pairs) of `steps` 8-value blocks.
 */
export function packRowI16(dst: Int16Array, group: 4 | 2, steps: number, row: number, values: ArrayLike<number>, n: number): void {
  const stride = 8 * group;
  const base = Math.floor(row / group) * steps * stride + (row % group) * 8;
  for (let k0 = 0, blk = base; k0 < n; k0 += 8, blk += stride) {
    const m = Math.min(8, n - k0);
    for (let j = 0; j < m; j++) dst[blk + j] = values[k0 + j]!;
  }
}

let compiled: object | null | undefined;

/** The compiled module, or null when this engine has no WebAssembly SIMD. Compiled once per thread. */
function compiledModule(): object | null {
  if (compiled !== undefined) return compiled;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const bytes = Uint8Array.from(atob(dotI16Wasm), (c) => c.charCodeAt(0));
  compiled = api && api.validate(bytes) ? new api.Module(bytes) : null;
  return compiled;
}

/** True when the int16 kernel can run here (WebAssembly with SIMD). */
export function hasDotI16(): boolean {
  return compiledModule() !== null;
}

/**
 * One instance of the kernel with its own memory: load the left operand once (`setLeft`), then multiply by
 * chunks of the right operand's pairs (`multiply`).
 */
export class DotI16 {
  private readonly memory: WasmMemory;
  private readonly dot: DotFn;
  private panels = 0;
  private steps = 0;
  private leftBytes = 0;

  private constructor(exports: Record<string, unknown>) {
    this.memory = exports.memory as WasmMemory;
    this.dot = exports.dot as DotFn;
  }

  /** A new instance, or null when this engine has no WebAssembly SIMD. */
  static create(): DotI16 | null {
    const module = compiledModule();
    if (module === null) return null;
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!;
    return new DotI16(new api.Instance(module, {}).exports);
  }

  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  /** Copies the left operand: `rows` rows packed in panels of 4 (`packRowI16(…, 4, steps, …)`). */
  setLeft(packed: Int16Array, rows: number, steps: number): void {
    this.panels = Math.ceil(rows / 4);
    this.steps = steps;
    this.leftBytes = this.panels * steps * 64;
    this.ensure(this.leftBytes);
    new Int16Array(this.memory.buffer, 0, this.leftBytes / 2).set(packed.subarray(0, this.leftBytes / 2));
  }

  /**
   * out[a·(2·(pair1 − pair0)) + b] = ⟨left row a, right row 2·pair0 + b⟩ for the right operand packed in pairs
   * (`packRowI16(…, 2, steps, …)`): every left row (4·⌈rows/4⌉, the padding rows give 0) against right pairs
   * [pair0, pair1). The returned view is valid until the next call.
   */
  multiply(right: Int16Array, pair0: number, pair1: number): Int32Array {
    const pairs = pair1 - pair0;
    const pairLen = this.steps * 16;
    const bOff = this.leftBytes;
    const outOff = bOff + pairs * pairLen * 2;
    const outLen = this.panels * 4 * 2 * pairs;
    this.ensure(outOff + outLen * 4);
    new Int16Array(this.memory.buffer, bOff, pairs * pairLen).set(right.subarray(pair0 * pairLen, pair1 * pairLen));
    this.dot(0, this.panels, bOff, pairs, this.steps, outOff, 2 * pairs);
    return new Int32Array(this.memory.buffer, outOff, outLen);
  }
}
