/**
 * The complete-columns block of a correlation map: r and p of every pair of columns of X and Y that have no
 * missing values, as one matrix product ("rank then multiply"), on this thread or on several.
 *
 * Two products:
 * - "i16" (Spearman, n ≤ SPEARMAN_INT_MAX_N, WebAssembly SIMD available): each column becomes its centred
 *   doubled average ranks cᵢ = 2·rankᵢ − (n + 1), integers with |cᵢ| ≤ n − 1 and Σcᵢ = 0; Σcₓc_y is computed
 *   exactly in int16 × int16 → int32 by the WebAssembly kernel (wasm/dotI16.wat) and
 *   r = Σcₓc_y / √(Σcₓ² · Σc_y²) in f64. Exact because every partial sum of Σcₓc_y is bounded by
 *   √(Σcₓ²·Σc_y²) ≤ n(n² − 1)/3 < 2³¹.
 * - "f64" (Pearson; Spearman otherwise): each column standardised to zᵢ = (vᵢ − v̄)/‖v − v̄‖ (Spearman: of
 *   its average ranks) and r = ⟨zₓ, z_y⟩ by a cache-blocked product with 4 × 2 register tiles.
 *
 * The work is two phases of chunks handed out through shared Atomics counters, so any number of threads
 * (the calling one and `jobs − 1` workers, see mapWorker.ts) can join, however late they start: (1) rank /
 * standardise and pack chunks of columns of X and Y, each column at its own row (incomplete and constant
 * columns stay zero rows, marked by their Σc²); (2) once every column is packed, products of all of X with
 * chunks of Y's rows, then r and p of the complete pairs into the shared matrices.
 */
import { correlationPValueFn } from "./correlation";
import { rankAverage } from "./rank";
import { DotI16, hasDotI16, kSteps, packRowI16, packedLength } from "./wasm/dotI16";

/**
 * Largest sample count of Spearman's integer product. Every partial sum of Σcₓc_y is bounded by
 * √(Σcₓ²·Σc_y²) ≤ n(n² − 1)/3 (the no-ties value; ties only lower it), which must stay below 2³¹; n = 1861
 * gives 2 148 412 840 > 2³¹ − 1. (The doubled ranks alone would fit int16 up to n = 32767.)
 */
export const SPEARMAN_INT_MAX_N = 1860;

/** The product used for a map of n samples: "i16" for Spearman within SPEARMAN_INT_MAX_N when the engine has WebAssembly SIMD. */
export function blockKind(spearman: boolean, n: number): "i16" | "f64" {
  return spearman && n <= SPEARMAN_INT_MAX_N && hasDotI16() ? "i16" : "f64";
}

/** Columns per packing chunk (a multiple of 4, so a panel of 4 rows or a pair is never split between threads). */
const PACK_COLUMNS = 32;
/** Most bytes of Y's packed rows per product chunk: the chunk stays in a core's L2 cache while all of X passes. */
const CHUNK_BYTES = 384 * 1024;

/** Control slots (Int32): the next packing chunk to take, packing chunks done, the same for products, failed threads. */
const PACK_NEXT = 0;
const PACK_DONE = 1;
const PROD_NEXT = 2;
const PROD_DONE = 3;
const FAILED = 4;
export const CONTROL_SLOTS = 5;

/** Everything the threads of one block share. Typed arrays over SharedArrayBuffers when workers take part. */
export interface BlockPlan {
  kind: "i16" | "f64";
  spearman: boolean;
  /** Samples, columns of X, columns of Y. */
  n: number;
  p: number;
  q: number;
  /** X packed as the left operand (i16: panels of 4; f64: rows of n), Y as the right one (i16: pairs). */
  A: Int16Array | Float64Array;
  B: Int16Array | Float64Array;
  /** Per column: Σc² (i16) or 1 (f64) when complete and non-constant, 0 when constant, NaN when it has a missing value. */
  ssA: Float64Array;
  ssB: Float64Array;
  /** The map's r and p, row-major p × q: written at the complete pairs only. */
  r: Float64Array;
  pv: Float64Array;
  /** Int32 counters, CONTROL_SLOTS of them (see above). */
  control: Int32Array;
}

/** A new plan; `shared` puts the buffers in shared memory (for worker threads). */
export function createPlan(kind: "i16" | "f64", spearman: boolean, n: number, p: number, q: number, r: Float64Array, pv: Float64Array, shared: boolean): BlockPlan {
  const make = <T extends Int16Array | Int32Array | Float64Array>(Ctor: { new (b: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, length: number): T =>
    new Ctor(shared ? new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT) : new ArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
  const steps = kSteps(n);
  return {
    kind,
    spearman,
    n,
    p,
    q,
    A: kind === "i16" ? make(Int16Array, packedLength(p, steps, 4)) : make(Float64Array, p * n),
    B: kind === "i16" ? make(Int16Array, packedLength(q, steps, 2)) : make(Float64Array, q * n),
    ssA: make(Float64Array, p),
    ssB: make(Float64Array, q),
    r,
    pv,
    control: make(Int32Array, CONTROL_SLOTS),
  };
}

function hasNaN(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i]!)) return true;
  return false;
}

/** Scratch buffers of one thread's packing. */
interface PackScratch {
  ranks: Float64Array;
  order: Float64Array;
  row: Float64Array;
}

/**
 * Packs column `col` of `values` as row `col` of the plan's A (left) or B, and records its Σc² (see BlockPlan).
 */
function packColumn(plan: BlockPlan, left: boolean, col: number, v: Float64Array, s: PackScratch): void {
  const ss = left ? plan.ssA : plan.ssB;
  const n = plan.n;
  if (hasNaN(v)) {
    ss[col] = NaN;
    return;
  }
  const src = plan.spearman ? rankAverage(v, s.ranks, s.order).ranks : v;
  const row = s.row;
  if (plan.kind === "i16") {
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const c = 2 * src[k]! - (n + 1);
      row[k] = c;
      sum += c * c;
    }
    ss[col] = sum;
    if (sum > 0) packRowI16(plan[left ? "A" : "B"] as Int16Array, left ? 4 : 2, kSteps(n), col, row, n);
    return;
  }
  let mean = 0;
  for (let k = 0; k < n; k++) mean += src[k]!;
  mean /= n;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const d = src[k]! - mean;
    row[k] = d;
    sum += d * d;
  }
  if (sum === 0) {
    ss[col] = 0;
    return;
  }
  const scale = 1 / Math.sqrt(sum);
  const dst = plan[left ? "A" : "B"] as Float64Array;
  for (let k = 0, o = col * n; k < n; k++) dst[o + k] = row[k]! * scale;
  ss[col] = 1;
}

/**
 * r[rowsA[a]·q + colsB[b]] = ⟨A_a, B_b⟩ for packed row-major A (na × n) and B (nb × n): a cache-blocked
 * product with 4 × 2 register tiles. (Each sum runs over k in order, whatever tile it falls in.)
 */
export function crossProductInto(A: Float64Array, na: number, B: Float64Array, nb: number, n: number, out: Float64Array, ldo: number): void {
  const TILE_B = Math.max(2, Math.min(nb, Math.floor(262144 / (8 * Math.max(1, n))) & ~1)); // ~256 KB of B per tile
  for (let b0 = 0; b0 < nb; b0 += TILE_B) {
    const b1 = Math.min(nb, b0 + TILE_B);
    let a = 0;
    for (; a + 4 <= na; a += 4) {
      const o0 = a * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      const r0 = a * ldo;
      const r1 = r0 + ldo;
      const r2 = r1 + ldo;
      const r3 = r2 + ldo;
      let b = b0;
      for (; b + 2 <= b1; b += 2) {
        const p0 = b * n;
        const p1 = p0 + n;
        let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
        for (let k = 0; k < n; k++) {
          const y0 = B[p0 + k]!;
          const y1 = B[p1 + k]!;
          const x0 = A[o0 + k]!;
          const x1 = A[o1 + k]!;
          const x2 = A[o2 + k]!;
          const x3 = A[o3 + k]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s20 += x2 * y0;
          s21 += x2 * y1;
          s30 += x3 * y0;
          s31 += x3 * y1;
        }
        out[r0 + b] = s00;
        out[r0 + b + 1] = s01;
        out[r1 + b] = s10;
        out[r1 + b + 1] = s11;
        out[r2 + b] = s20;
        out[r2 + b + 1] = s21;
        out[r3 + b] = s30;
        out[r3 + b + 1] = s31;
      }
      for (; b < b1; b++) {
        const p0 = b * n;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let k = 0; k < n; k++) {
          const y0 = B[p0 + k]!;
          s0 += A[o0 + k]! * y0;
          s1 += A[o1 + k]! * y0;
          s2 += A[o2 + k]! * y0;
          s3 += A[o3 + k]! * y0;
        }
        out[r0 + b] = s0;
        out[r1 + b] = s1;
        out[r2 + b] = s2;
        out[r3 + b] = s3;
      }
    }
    for (; a < na; a++) {
      const o0 = a * n;
      const r0 = a * ldo;
      for (let b = b0; b < b1; b++) {
        const p0 = b * n;
        let s = 0;
        for (let k = 0; k < n; k++) s += A[o0 + k]! * B[p0 + k]!;
        out[r0 + b] = s;
      }
    }
  }
}

/**
 * Rows of Y per product chunk: at most CHUNK_BYTES of them, and small enough for about 64 chunks, so threads
 * that start late still find work (at least 16 rows, even so i16 pairs are whole).
 */
function chunkRows(plan: BlockPlan): number {
  const rowBytes = plan.kind === "i16" ? kSteps(plan.n) * 16 : plan.n * 8;
  const rows = Math.min(Math.floor(CHUNK_BYTES / rowBytes), Math.max(16, Math.ceil(plan.q / 64)));
  return Math.max(2, rows + (rows & 1));
}

/** Waits (blocking) until control[slot] reaches target. False when a thread failed or the deadline passed. */
function waitFor(control: Int32Array, slot: number, target: number, deadline: number): boolean {
  for (;;) {
    const v = Atomics.load(control, slot);
    if (v >= target) return true;
    if (Atomics.load(control, FAILED) > 0 || Date.now() > deadline) return false;
    Atomics.wait(control, slot, v, 200);
  }
}

/**
 * One thread's part of the block: takes packing chunks, then (when all of X and Y are packed) product chunks,
 * until none are left. `x`/`y` are the columns of X and Y. Returns false when another thread failed or the
 * deadline passed while waiting for the others. Throws on its own failure (after marking it in the plan).
 */
export function takePart(plan: BlockPlan, x: readonly Float64Array[], y: readonly Float64Array[], deadline: number): boolean {
  const { control, p, q, n } = plan;
  try {
    const xChunks = Math.ceil(p / PACK_COLUMNS);
    const packChunks = xChunks + Math.ceil(q / PACK_COLUMNS);
    const scratch: PackScratch = { ranks: new Float64Array(n), order: new Float64Array(n), row: new Float64Array(n) };
    for (;;) {
      const c = Atomics.add(control, PACK_NEXT, 1);
      if (c >= packChunks) break;
      const left = c < xChunks;
      const cols = left ? x : y;
      const c0 = (left ? c : c - xChunks) * PACK_COLUMNS;
      const c1 = Math.min(cols.length, c0 + PACK_COLUMNS);
      for (let i = c0; i < c1; i++) packColumn(plan, left, i, cols[i]!, scratch);
      Atomics.add(control, PACK_DONE, 1);
      Atomics.notify(control, PACK_DONE);
    }
    if (!waitFor(control, PACK_DONE, packChunks, deadline)) return false;

    const rows = chunkRows(plan);
    const prodChunks = Math.ceil(q / rows);
    const pOf = correlationPValueFn(n, p * q); // every pair of the block: the tabulated p-value
    const { ssA, ssB, r, pv } = plan;
    let kernel: DotI16 | null = null;
    let scratchOut: Float64Array | null = null;
    for (;;) {
      const c = Atomics.add(control, PROD_NEXT, 1);
      if (c >= prodChunks) break;
      const b0 = c * rows;
      const b1 = Math.min(q, b0 + rows);
      const ldo = b1 - b0;
      let out: Int32Array | Float64Array;
      let oStride: number;
      if (plan.kind === "i16") {
        if (kernel === null) {
          kernel = DotI16.create();
          if (kernel === null) throw new Error("correlationMap: no WebAssembly SIMD in this thread");
          kernel.setLeft(plan.A as Int16Array, p, kSteps(n));
        }
        out = kernel.multiply(plan.B as Int16Array, b0 / 2, Math.ceil(b1 / 2));
        oStride = 2 * Math.ceil(ldo / 2);
      } else {
        scratchOut ??= new Float64Array(p * rows);
        crossProductInto(plan.A as Float64Array, p, (plan.B as Float64Array).subarray(b0 * n, b1 * n), ldo, n, scratchOut, ldo);
        out = scratchOut;
        oStride = ldo;
      }
      // r = Σcₓc_y/√(Σcₓ²·Σc_y²) (i16) or ⟨zₓ, z_y⟩ (f64, ss = 1), clamped to [−1, 1] against rounding.
      for (let a = 0; a < p; a++) {
        const ssa = ssA[a]!;
        if (!(ssa > 0)) continue;
        const o = a * oStride - b0;
        const row = a * q;
        for (let b = b0; b < b1; b++) {
          const ssb = ssB[b]!;
          if (!(ssb > 0)) continue;
          const v = Math.max(-1, Math.min(1, out[o + b]! / Math.sqrt(ssa * ssb)));
          r[row + b] = v;
          pv[row + b] = pOf(v);
        }
      }
      Atomics.add(control, PROD_DONE, 1);
      Atomics.notify(control, PROD_DONE);
    }
    return waitFor(control, PROD_DONE, prodChunks, deadline);
  } catch (e) {
    Atomics.add(control, FAILED, 1);
    Atomics.notify(control, PACK_DONE);
    Atomics.notify(control, PROD_DONE);
    throw e;
  }
}

/** Per column of X / Y: complete and non-constant (its pairs are in the block). */
export function completeColumns(plan: BlockPlan): { x: Uint8Array; y: Uint8Array } {
  return { x: Uint8Array.from(plan.ssA, (s) => (s > 0 ? 1 : 0)), y: Uint8Array.from(plan.ssB, (s) => (s > 0 ? 1 : 0)) };
}

/**
 * Estimated seconds of the block on one thread (conservative rates: 10¹⁰ integer or 10⁹ floating
 * multiply-adds per second, 2·10⁻⁷ s per p-value) and the default thread count: every CPU above 0.1 s.
 */
export function blockCost(kind: "i16" | "f64", n: number, p: number, q: number, cpus: number): { seconds: number; jobs: number } {
  const pairs = p * q;
  const seconds = (pairs * n) / (kind === "i16" ? 1e10 : 1e9) + pairs * 2e-7;
  return { seconds, jobs: seconds > 0.1 ? cpus : 1 };
}

/** What a map worker is handed (see mapWorker.ts): the plan's buffers, shared, and the raw columns. */
export interface MapWorkerData {
  kind: "i16" | "f64";
  spearman: boolean;
  n: number;
  p: number;
  q: number;
  /** X and Y, column after column (p·n and q·n Float64). */
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  A: SharedArrayBuffer;
  B: SharedArrayBuffer;
  ssA: SharedArrayBuffer;
  ssB: SharedArrayBuffer;
  r: SharedArrayBuffer;
  pv: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** Date.now() after which the worker gives up waiting for the others. */
  deadline: number;
}

/** The plan (over shared memory) and the data for workers. */
export function workerData(plan: BlockPlan, x: readonly Float64Array[], y: readonly Float64Array[], deadline: number): MapWorkerData {
  const columns = (cols: readonly Float64Array[]): SharedArrayBuffer => {
    const buf = new SharedArrayBuffer(cols.length * plan.n * 8);
    const all = new Float64Array(buf);
    cols.forEach((v, i) => all.set(v, i * plan.n));
    return buf;
  };
  const sab = (a: { buffer: ArrayBufferLike }) => a.buffer as SharedArrayBuffer;
  const { kind, spearman, n, p, q } = plan;
  return { kind, spearman, n, p, q, x: columns(x), y: columns(y), A: sab(plan.A), B: sab(plan.B), ssA: sab(plan.ssA), ssB: sab(plan.ssB), r: sab(plan.r), pv: sab(plan.pv), control: sab(plan.control), deadline };
}

/** A worker's side: the plan and the columns over the shared buffers, then its part. */
export function workerPart(d: MapWorkerData): boolean {
  const plan: BlockPlan = {
    kind: d.kind,
    spearman: d.spearman,
    n: d.n,
    p: d.p,
    q: d.q,
    A: d.kind === "i16" ? new Int16Array(d.A) : new Float64Array(d.A),
    B: d.kind === "i16" ? new Int16Array(d.B) : new Float64Array(d.B),
    ssA: new Float64Array(d.ssA),
    ssB: new Float64Array(d.ssB),
    r: new Float64Array(d.r),
    pv: new Float64Array(d.pv),
    control: new Int32Array(d.control),
  };
  const views = (buf: SharedArrayBuffer, count: number) => Array.from({ length: count }, (_, i) => new Float64Array(buf, i * d.n * 8, d.n));
  return takePart(plan, views(d.x, d.p), views(d.y, d.q), d.deadline);
}

/**
 * Waits (blocking) until every chunk of the block is done, by whichever threads, without taking part. False
 * when a thread failed or the deadline passed.
 */
export function awaitBlock(plan: BlockPlan, deadline: number): boolean {
  const rows = chunkRows(plan);
  const packChunks = Math.ceil(plan.p / PACK_COLUMNS) + Math.ceil(plan.q / PACK_COLUMNS);
  return waitFor(plan.control, PACK_DONE, packChunks, deadline) && waitFor(plan.control, PROD_DONE, Math.ceil(plan.q / rows), deadline);
}
