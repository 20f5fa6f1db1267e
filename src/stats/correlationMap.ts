/**
 * Correlation maps: every column of X (e.g. radiomic features) against every column of Y (e.g. genes,
 * clinical variables), with two-sided p-values, multiple-testing adjustment over the whole map, a tidy table,
 * matrices and optional hierarchical clustering of both axes.
 *
 * Computation. For Pearson and Spearman, columns without missing values are standardised once (Spearman:
 * average ranks first) to zᵢ = (vᵢ − v̄)/‖v − v̄‖, and the whole block of r is one matrix product Zₓᵀ·Z_y
 * (cache-blocked, 4 × 2 register tiles) — the "rank then multiply" method, O(pqn) with a small constant.
 * Pairs that involve a column with missing values are computed pairwise on their complete cases, so `n` can
 * differ per pair. Kendall's τ-b is computed per pair in O(n log n). P-values as in `correlation()`.
 *
 * Clustering (`cluster`) orders rows and columns by hierarchical clustering of their r-profiles in the map
 * with the 1 − r (Pearson) distance between profiles — pheatmap's `clustering_distance = "correlation"`.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { RadiogxError } from "../errors";
import { spawnModuleWorker } from "../cohort/workerThreads";
import { columnsOf, getColumn, isColumns, labelColumn, numericColumns, type NumericColumns, type TableInput } from "../cohort/table";
import { adjustPValues, checkAdjustMethod, type AdjustMethod } from "./adjust";
import { correlationDistances, hclust, type Dendrogram, type Linkage } from "./cluster";
import { CORRELATION_METHODS, correlation, correlationPValueFn, kendallTau, type CorrelationMethod } from "./correlation";
import { rankAverage } from "./rank";

/** A block of named numeric variables over the same samples (what `loadExpression` also returns). */
export interface VariableBlock {
  /** Variable names (features, genes). */
  names: readonly string[];
  /** One array per variable, each over the samples. */
  values: readonly ArrayLike<number>[];
  /** Sample ids, in the order of the values (needed for `on`). */
  samples?: readonly string[];
}

export function isVariableBlock(x: unknown): x is VariableBlock {
  return typeof x === "object" && x !== null && Array.isArray((x as VariableBlock).names) && Array.isArray((x as VariableBlock).values);
}

export type MapInput = TableInput | VariableBlock;

export interface CorrelationMapOptions {
  /** Default "spearman". */
  method?: CorrelationMethod;
  /** Multiple-testing adjustment over all pairs of the map. Default "bh". */
  adjust?: AdjustMethod;
  /**
   * Align the samples of X and Y by this id column (for a VariableBlock: its `samples`) instead of by row
   * position. Ids present in only one of them are reported in `join`, not silently dropped.
   */
  on?: string;
  /** Use only these columns of X / Y (default: every numeric column except `on`). */
  xColumns?: readonly string[];
  yColumns?: readonly string[];
  /** Pairs with fewer complete observations get NaN r and p (reported in `notes`). Default 3. */
  minN?: number;
  /**
   * Worker threads for the matrix product and p-values of the complete columns. Default: every CPU when the
   * map needs more than 10⁹ multiply-adds (where starting the threads pays off), else 1. The main thread waits (blocks) for them.
   */
  jobs?: number;
  /** Cluster rows and/or columns of the map. true = both, average linkage. Default false. */
  cluster?: boolean | { rows?: boolean; columns?: boolean; linkage?: Linkage };
}

/** One pair of the map. */
export interface CorrelationRow {
  x: string;
  y: string;
  r: number;
  pValue: number;
  qValue: number;
  n: number;
}

export interface JoinReport {
  on: string;
  matched: number;
  /** Ids found only in X / only in Y (dropped from the map). */
  onlyInX: string[];
  onlyInY: string[];
  /** Ids that occur more than once in X or Y (the first occurrence is used). */
  duplicated: string[];
}

export interface CorrelationMapResult {
  method: CorrelationMethod;
  adjust: AdjustMethod;
  xNames: string[];
  yNames: string[];
  /** Row-major p × q matrices: the pair (x i, y j) at [i·q + j]. */
  r: Float64Array;
  pValue: Float64Array;
  qValue: Float64Array;
  n: Int32Array;
  /** Sample count after alignment. */
  samples: number;
  join?: JoinReport;
  /** Columns left out of X / Y because they are not numeric (e.g. ids, labels). */
  skipped: { x: string[]; y: string[] };
  rowTree?: Dendrogram;
  columnTree?: Dendrogram;
  notes: string[];
  /** The pairs as records, optionally only those with q (or p) below a threshold, sorted by p. */
  table(filter?: { qBelow?: number; pBelow?: number; sortByP?: boolean }): CorrelationRow[];
  /** One of the matrices as rows of numbers (x by y), in clustered order when `clustered`. */
  matrix(which?: "r" | "pValue" | "qValue" | "n", clustered?: boolean): number[][];
  /** Count of pairs with q below the threshold (default 0.05). */
  significant(threshold?: number): number;
}

/** Converts an input to numeric columns plus its sample ids (when `on` is given). */
function toBlock(input: MapInput, which: "X" | "Y", on: string | undefined, select: readonly string[] | undefined): { num: NumericColumns; ids: string[] | null } {
  const context = `correlationMap (${which})`;
  if (isVariableBlock(input)) {
    const n = input.values[0]?.length ?? 0;
    let names = [...input.names];
    let data = input.values.map((v) => (v instanceof Float64Array ? v : Float64Array.from(v)));
    if (select) {
      const idx = select.map((s) => {
        const i = names.indexOf(s);
        if (i < 0) throw new RadiogxError("INVALID_ARGUMENT", `${context}: there is no variable "${s}"`, { key: s });
        return i;
      });
      names = idx.map((i) => names[i]!);
      data = idx.map((i) => data[i]!);
    }
    if (on !== undefined && !input.samples) {
      throw new RadiogxError("INVALID_ARGUMENT", `${context}: "on" needs sample ids, and this block has none`, { key: "on" });
    }
    return { num: { names, data, n, skipped: [] }, ids: on !== undefined ? [...input.samples!] : null };
  }
  const cols = isColumns(input) ? input : columnsOf(input, context);
  const ids = on !== undefined ? labelColumn(getColumn(cols, on, context)).map((v) => v ?? "") : null;
  const num = numericColumns(cols, context, { select, exclude: on !== undefined ? [on] : [] });
  return { num, ids };
}

/** Row indices of X and Y that share an id, in X's order. */
function alignIds(xIds: string[], yIds: string[], on: string): { xi: Int32Array; yi: Int32Array; report: JoinReport } {
  const yPos = new Map<string, number>();
  const duplicated = new Set<string>();
  yIds.forEach((id, i) => {
    if (id === "") return;
    if (yPos.has(id)) duplicated.add(id);
    else yPos.set(id, i);
  });
  const seenX = new Set<string>();
  const xi: number[] = [];
  const yi: number[] = [];
  const onlyInX: string[] = [];
  xIds.forEach((id, i) => {
    if (id === "") return;
    if (seenX.has(id)) {
      duplicated.add(id);
      return;
    }
    seenX.add(id);
    const j = yPos.get(id);
    if (j === undefined) onlyInX.push(id);
    else {
      xi.push(i);
      yi.push(j);
    }
  });
  const onlyInY = [...yPos.keys()].filter((id) => !seenX.has(id));
  return { xi: Int32Array.from(xi), yi: Int32Array.from(yi), report: { on, matched: xi.length, onlyInX, onlyInY, duplicated: [...duplicated] } };
}

function subset(data: Float64Array[], idx: Int32Array): Float64Array[] {
  return data.map((v) => {
    const out = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = v[idx[i]!]!;
    return out;
  });
}

function hasNaN(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i]!)) return true;
  return false;
}

/**
 * Standardises a complete column for the matrix product: (v − v̄)/‖v − v̄‖ of the values (Pearson) or of
 * their average ranks (Spearman). Returns null for a constant column.
 */
function standardise(v: Float64Array, spearman: boolean, rankBuf: Float64Array, orderBuf: Float64Array): Float64Array | null {
  const n = v.length;
  const src = spearman ? rankAverage(v, rankBuf, orderBuf).ranks : v;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += src[i]!;
  mean /= n;
  const out = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = src[i]! - mean;
    out[i] = d;
    ss += d * d;
  }
  if (ss === 0) return null;
  const s = 1 / Math.sqrt(ss);
  for (let i = 0; i < n; i++) out[i] = out[i]! * s;
  return out;
}

/**
 * r[rowsA[a]·q + colsB[b]] = ⟨A_a, B_b⟩ for packed row-major A (na × n) and B (nb × n): a cache-blocked
 * product with 4 × 2 register tiles.
 */
export function crossProductInto(A: Float64Array, na: number, B: Float64Array, nb: number, n: number, out: Float64Array, q: number, rowsA: Int32Array, colsB: Int32Array): void {
  const TILE_B = Math.max(2, Math.min(nb, Math.floor(262144 / (8 * Math.max(1, n))) & ~1)); // ~256 KB of B per tile
  for (let b0 = 0; b0 < nb; b0 += TILE_B) {
    const b1 = Math.min(nb, b0 + TILE_B);
    let a = 0;
    for (; a + 4 <= na; a += 4) {
      const o0 = a * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      const r0 = rowsA[a]! * q;
      const r1 = rowsA[a + 1]! * q;
      const r2 = rowsA[a + 2]! * q;
      const r3 = rowsA[a + 3]! * q;
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
        const c0 = colsB[b]!;
        const c1 = colsB[b + 1]!;
        out[r0 + c0] = s00;
        out[r0 + c1] = s01;
        out[r1 + c0] = s10;
        out[r1 + c1] = s11;
        out[r2 + c0] = s20;
        out[r2 + c1] = s21;
        out[r3 + c0] = s30;
        out[r3 + c1] = s31;
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
        const c0 = colsB[b]!;
        out[r0 + c0] = s0;
        out[r1 + c0] = s1;
        out[r2 + c0] = s2;
        out[r3 + c0] = s3;
      }
    }
    for (; a < na; a++) {
      const o0 = a * n;
      const r0 = rowsA[a]! * q;
      for (let b = b0; b < b1; b++) {
        const p0 = b * n;
        let s = 0;
        for (let k = 0; k < n; k++) s += A[o0 + k]! * B[p0 + k]!;
        out[r0 + colsB[b]!] = s;
      }
    }
  }
}

/**
 * The r block and its p-values on `jobs` worker threads sharing memory with this one, which blocks on an
 * Atomics counter until they are done. Returns false (and the caller computes single-threaded) when a worker
 * fails or does not finish in a generous time.
 */
function parallelBlock(A: { idx: Int32Array; packed: Float64Array }, B: { idx: Int32Array; packed: Float64Array }, n: number, q: number, r: Float64Array, pv: Float64Array, jobs: number, work: number): boolean {
  const share = (src: Float64Array | Int32Array): SharedArrayBuffer => {
    const buf = new SharedArrayBuffer(src.byteLength);
    new Uint8Array(buf).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
    return buf;
  };
  const signal = new SharedArrayBuffer(8);
  const counter = new Int32Array(signal);
  const base = { A: share(A.packed), B: share(B.packed), rowsA: share(A.idx), colsB: share(B.idx), r: r.buffer as SharedArrayBuffer, p: pv.buffer as SharedArrayBuffer, signal, na: A.idx.length, n, q };
  const nb = B.idx.length;
  const workers: Worker[] = [];
  try {
    for (let j = 0; j < jobs; j++) {
      const bStart = Math.floor((j * nb) / jobs);
      const bEnd = Math.floor(((j + 1) * nb) / jobs);
      workers.push(spawnModuleWorker(__dirname, "mapWorker", __filename.endsWith(".ts"), { ...base, bStart, bEnd }));
    }
  } catch {
    for (const w of workers) void w.terminate();
    return false;
  }
  // A pessimistic 2·10⁷ multiply-adds per second per worker, plus a minute to start.
  const deadline = Date.now() + 60_000 + (work / jobs / 2e7) * 1000;
  for (;;) {
    const done = Atomics.load(counter, 0);
    if (done >= jobs) break;
    if (Date.now() > deadline) {
      for (const w of workers) void w.terminate();
      return false;
    }
    Atomics.wait(counter, 0, done, 1000);
  }
  for (const w of workers) void w.terminate();
  return Atomics.load(counter, 1) === 0;
}

/**
 * Correlates every column of X with every column of Y.
 * @param X table (DataFrame, `{column: number[]}`, records) or a VariableBlock; rows are samples.
 * @param Y the same kinds; rows are the same samples (by position, or matched through `on`).
 * @throws RadiogxError for unknown options, columns, or X and Y with different sample counts.
 * @example
 * const map = correlationMap({ a: [1, 2, 3, 4] }, { g: [2, 4, 5, 9] }, { method: "pearson" });
 * map.table() // [{ x: "a", y: "g", r: 0.9621…, pValue: 0.0378…, qValue: 0.0378…, n: 4 }]
 */
export function correlationMap(X: MapInput, Y: MapInput, options: CorrelationMapOptions = {}): CorrelationMapResult {
  const method = options.method ?? "spearman";
  if (!(CORRELATION_METHODS as readonly string[]).includes(method)) {
    throw new RadiogxError("INVALID_ARGUMENT", `correlationMap: unknown method "${method}"; expected "spearman", "pearson" or "kendall"`, { key: "method" });
  }
  const adjust = checkAdjustMethod(options.adjust ?? "bh");
  const minN = Math.max(3, options.minN ?? 3);
  const bx = toBlock(X, "X", options.on, options.xColumns);
  const by = toBlock(Y, "Y", options.on, options.yColumns);
  let xData = bx.num.data;
  let yData = by.num.data;
  let join: JoinReport | undefined;
  if (options.on !== undefined) {
    const { xi, yi, report } = alignIds(bx.ids!, by.ids!, options.on);
    join = report;
    xData = subset(xData, xi);
    yData = subset(yData, yi);
    if (report.matched === 0) {
      throw new RadiogxError("INVALID_ARGUMENT", `correlationMap: no ids of "${options.on}" are shared by X and Y`, {
        key: "on",
        hint: `X ids look like "${bx.ids![0] ?? ""}", Y ids like "${by.ids![0] ?? ""}"`,
      });
    }
  } else if (bx.num.n !== by.num.n) {
    throw new RadiogxError("INVALID_ARGUMENT", `correlationMap: X has ${bx.num.n} rows and Y has ${by.num.n}; rows must be the same samples`, {
      key: "Y",
      hint: 'pass { on: "patient_id" } to match rows by an id column',
    });
  }
  const samples = xData[0]?.length ?? yData[0]?.length ?? 0;
  const p = xData.length;
  const q = yData.length;
  const size = p * q;
  // Shared memory, so worker threads can fill the matrices in place (an ordinary Float64Array to users).
  const r = new Float64Array(new SharedArrayBuffer(size * 8)).fill(NaN);
  const pv = new Float64Array(new SharedArrayBuffer(size * 8)).fill(NaN);
  const nn = new Int32Array(size);
  const notes: string[] = [];

  if (method !== "kendall" && samples >= minN) {
    // Fast path: complete, non-constant columns through one blocked matrix product.
    const spearman = method === "spearman";
    const rankBuf = new Float64Array(samples);
    const orderBuf = new Float64Array(samples);
    const pack = (data: Float64Array[]) => {
      const idx: number[] = [];
      const vecs: Float64Array[] = [];
      data.forEach((v, i) => {
        if (hasNaN(v)) return;
        const z = standardise(v, spearman, rankBuf, orderBuf);
        if (z === null) return;
        idx.push(i);
        vecs.push(z);
      });
      const packed = new Float64Array(vecs.length * samples);
      vecs.forEach((z, k) => packed.set(z, k * samples));
      return { idx: Int32Array.from(idx), packed };
    };
    const A = pack(xData);
    const B = pack(yData);
    const work = A.idx.length * B.idx.length * samples;
    const jobs = Math.max(1, Math.floor(options.jobs ?? (work >= 1e9 ? availableParallelism() : 1)));
    const parallel = jobs > 1 && B.idx.length >= 2 * jobs && parallelBlock(A, B, samples, q, r, pv, jobs, work);
    if (!parallel) {
      crossProductInto(A.packed, A.idx.length, B.packed, B.idx.length, samples, r, q, A.idx, B.idx);
      const pOf = correlationPValueFn(samples);
      for (let a = 0; a < A.idx.length; a++) {
        const row = A.idx[a]! * q;
        for (let b = 0; b < B.idx.length; b++) {
          const k = row + B.idx[b]!;
          const v = Math.max(-1, Math.min(1, r[k]!));
          r[k] = v;
          pv[k] = pOf(v);
        }
      }
    } else notes.push(`r and p of the complete columns computed on ${jobs} worker threads`);
    for (let a = 0; a < A.idx.length; a++) {
      const row = A.idx[a]! * q;
      for (let b = 0; b < B.idx.length; b++) nn[row + B.idx[b]!] = samples;
    }
  }
  // Pairwise path: Kendall, and pairs involving a column with missing values or a constant column.
  let constantPairs = 0;
  let smallPairs = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      const k = i * q + j;
      if (nn[k]! > 0) continue;
      const res = method === "kendall" && !hasNaN(xData[i]!) && !hasNaN(yData[j]!) ? kendallTau(xData[i]!, yData[j]!) : correlation(xData[i]!, yData[j]!, method);
      nn[k] = res.n;
      if (res.n < minN) {
        smallPairs++;
        continue;
      }
      if (Number.isNaN(res.r)) constantPairs++;
      r[k] = res.r;
      pv[k] = res.pValue;
    }
  }
  if (smallPairs > 0) notes.push(`${smallPairs} pairs have fewer than ${minN} complete observations: r and p are NaN`);
  if (constantPairs > 0) notes.push(`${constantPairs} pairs involve a variable that is constant over the complete observations: r and p are NaN`);
  if (bx.num.skipped.length > 0) notes.push(`X columns left out as not numeric: ${bx.num.skipped.map((s) => s.name).join(", ")}`);
  if (by.num.skipped.length > 0) notes.push(`Y columns left out as not numeric: ${by.num.skipped.map((s) => s.name).join(", ")}`);
  const qv = adjustPValues(pv, adjust);

  const xNames = [...bx.num.names];
  const yNames = [...by.num.names];
  let rowTree: Dendrogram | undefined;
  let columnTree: Dendrogram | undefined;
  if (options.cluster) {
    const c = options.cluster === true ? {} : options.cluster;
    const linkage = c.linkage ?? "average";
    const doRows = c.rows ?? true;
    const doCols = c.columns ?? true;
    const MAX = 10000;
    if ((doRows && p > MAX) || (doCols && q > MAX)) {
      throw new RadiogxError("INVALID_ARGUMENT", `correlationMap: clustering ${Math.max(p, q)} variables needs ${Math.max(p, q) ** 2 * 4} bytes of distances; the limit is ${MAX} per axis`, {
        key: "cluster",
        hint: "select the variables of interest first (e.g. the significant ones) or cluster one axis only",
      });
    }
    const profile = (rows: boolean): number[][] => {
      const out: number[][] = [];
      const len = rows ? p : q;
      for (let a = 0; a < len; a++) {
        const v: number[] = [];
        for (let b = 0; b < (rows ? q : p); b++) {
          const val = rows ? r[a * q + b]! : r[b * q + a]!;
          v.push(Number.isNaN(val) ? 0 : val);
        }
        out.push(v);
      }
      return out;
    };
    const tree = (rows: boolean): Dendrogram => {
      const d = correlationDistances(profile(rows));
      for (let i = 0; i < d.length; i++) if (Number.isNaN(d[i]!)) d[i] = 1; // a constant profile: uncorrelated
      return hclust(d, rows ? p : q, linkage);
    };
    if (doRows && p > 1) rowTree = tree(true);
    if (doCols && q > 1) columnTree = tree(false);
  }

  const result: CorrelationMapResult = {
    method,
    adjust,
    xNames,
    yNames,
    r,
    pValue: pv,
    qValue: qv,
    n: nn,
    samples,
    skipped: { x: bx.num.skipped.map((s) => s.name), y: by.num.skipped.map((s) => s.name) },
    notes,
    table(filter = {}) {
      const rows: CorrelationRow[] = [];
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < q; j++) {
          const k = i * q + j;
          if (filter.qBelow !== undefined && !(qv[k]! < filter.qBelow)) continue;
          if (filter.pBelow !== undefined && !(pv[k]! < filter.pBelow)) continue;
          rows.push({ x: xNames[i]!, y: yNames[j]!, r: r[k]!, pValue: pv[k]!, qValue: qv[k]!, n: nn[k]! });
        }
      }
      if (filter.sortByP) rows.sort((a, b) => (Number.isNaN(a.pValue) ? 1 : Number.isNaN(b.pValue) ? -1 : a.pValue - b.pValue));
      return rows;
    },
    matrix(which = "r", clustered = false) {
      const src = which === "r" ? r : which === "pValue" ? pv : which === "qValue" ? qv : nn;
      const ro = clustered && rowTree ? rowTree.order : [...Array(p).keys()];
      const co = clustered && columnTree ? columnTree.order : [...Array(q).keys()];
      return ro.map((i) => co.map((j) => src[i * q + j]!));
    },
    significant(threshold = 0.05) {
      let c = 0;
      for (let k = 0; k < size; k++) if (qv[k]! < threshold) c++;
      return c;
    },
  };
  if (join) result.join = join;
  if (rowTree) result.rowTree = rowTree;
  if (columnTree) result.columnTree = columnTree;
  return result;
}
