/**
 * Correlation maps: every column of X (e.g. radiomic features) against every column of Y (e.g. genes,
 * clinical variables), with two-sided p-values, multiple-testing adjustment over the whole map, a tidy table,
 * matrices and optional hierarchical clustering of both axes.
 *
 * Computation (mapBlock.ts). For Pearson and Spearman, the pairs of columns without missing values are one
 * matrix product — the "rank then multiply" method, O(pqn) with a small constant. Spearman with n ≤ 1860
 * multiplies the centred doubled average ranks cᵢ = 2·rankᵢ − (n + 1), integers, exactly in int16 × int16 →
 * int32 on WebAssembly SIMD (wasm/dotI16.wat) and r = Σcₓc_y / √(Σcₓ² · Σc_y²); Pearson (and Spearman with
 * more samples) standardises each column (Spearman: its average ranks) to zᵢ = (vᵢ − v̄)/‖v − v̄‖ and
 * r = ⟨zₓ, z_y⟩ by a cache-blocked f64 product. Large maps run on several threads (`jobs`). Pairs that
 * involve a column with missing values are computed pairwise on their complete cases, so `n` can differ per
 * pair. Kendall's τ-b is computed per pair in O(n log n). P-values as in `correlation()`.
 *
 * Clustering (`cluster`) orders rows and columns by hierarchical clustering of their r-profiles in the map
 * with the 1 − r (Pearson) distance between profiles — pheatmap's `clustering_distance = "correlation"`.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { RadiogxError } from "../errors";
import { spawnModuleWorker } from "../workers";
import { columnsOf, getColumn, isColumns, labelColumn, numericColumns, type NumericColumns, type TableInput } from "../cohort/table";
import { adjustPValues, checkAdjustMethod, type AdjustMethod } from "./adjust";
import { correlationDistances, hclust, type Dendrogram, type Linkage } from "./cluster";
import { CORRELATION_METHODS, correlation, kendallTau, type CorrelationMethod } from "./correlation";
import { blockCost, blockKind, completeColumns, createPlan, takePart, workerData, type BlockPlan } from "./mapBlock";

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
   * Threads for the ranks, matrix product and p-values of the complete columns: the calling thread and
   * `jobs − 1` worker threads, taking chunks of the work as they come (the calling thread blocks until all
   * are done). Default: every CPU when that work would take more than about 0.1 s on one thread (e.g.
   * 5·10⁵ pairs, or 10⁹ integer / 10⁸ floating multiply-adds; see `blockCost`), else 1.
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
 * The complete-columns block on `jobs` threads: this one and `jobs − 1` workers sharing memory with it (see
 * mapBlock.ts). Returns false (and the caller computes on this thread alone) when a worker fails or does not
 * finish in a generous time.
 */
function parallelBlock(plan: BlockPlan, x: Float64Array[], y: Float64Array[], jobs: number, seconds: number): boolean {
  // Fifty times the estimated time on one thread, plus a minute for the workers to start.
  const deadline = Date.now() + 60_000 + seconds * 50_000;
  const data = workerData(plan, x, y, deadline);
  const workers: Worker[] = [];
  try {
    for (let j = 1; j < jobs; j++) workers.push(spawnModuleWorker(__dirname, "mapWorker", __filename.endsWith(".ts"), data));
    return takePart(plan, x, y, deadline);
  } catch {
    return false;
  } finally {
    for (const w of workers) void w.terminate();
  }
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
  // Every pair is written once below, by the block or by the pairwise path.
  const r = new Float64Array(new SharedArrayBuffer(size * 8));
  const pv = new Float64Array(new SharedArrayBuffer(size * 8));
  const nn = new Int32Array(size);
  const notes: string[] = [];
  // Per column of X / Y: 1 when its pairs are in the block (complete and not constant).
  let inBlock: { x: Uint8Array; y: Uint8Array } = { x: new Uint8Array(p), y: new Uint8Array(q) };

  if (method !== "kendall" && samples >= minN) {
    // Fast path: complete, non-constant columns through one matrix product (mapBlock.ts).
    const spearman = method === "spearman";
    const kind = blockKind(spearman, samples);
    const cost = blockCost(kind, samples, p, q, availableParallelism());
    const jobs = Math.max(1, Math.floor(options.jobs ?? cost.jobs));
    let plan: BlockPlan | null = null;
    if (jobs > 1 && p > 0 && q > 0) {
      plan = createPlan(kind, spearman, samples, p, q, r, pv, true);
      if (parallelBlock(plan, xData, yData, jobs, cost.seconds)) notes.push(`r and p of the complete columns computed on ${jobs} worker threads (the calling thread counts as one)`);
      else plan = null;
    }
    if (plan === null) {
      plan = createPlan(kind, spearman, samples, p, q, r, pv, false);
      takePart(plan, xData, yData, Infinity);
    }
    inBlock = completeColumns(plan);
    const row = Int32Array.from(inBlock.y, (c) => c * samples);
    for (let i = 0; i < p; i++) if (inBlock.x[i] === 1) nn.set(row, i * q);
  }
  // Pairwise path: Kendall, and pairs involving a column with missing values or a constant column.
  let constantPairs = 0;
  let smallPairs = 0;
  const allY = Int32Array.from({ length: q }, (_, j) => j);
  const yOutside = allY.filter((j) => inBlock.y[j] === 0);
  for (let i = 0; i < p; i++) {
    for (const j of inBlock.x[i] === 1 ? yOutside : allY) {
      const k = i * q + j;
      const res = method === "kendall" && !hasNaN(xData[i]!) && !hasNaN(yData[j]!) ? kendallTau(xData[i]!, yData[j]!) : correlation(xData[i]!, yData[j]!, method);
      nn[k] = res.n;
      if (res.n < minN) {
        smallPairs++;
        r[k] = NaN;
        pv[k] = NaN;
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
