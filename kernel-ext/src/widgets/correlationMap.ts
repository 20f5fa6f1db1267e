/**
 * `CorrelationMap(result, data?)`: a clustered heatmap of features × genes with an FDR slider, hover
 * details and the per-patient scatter of a clicked cell, rendered by the `@radiogx/widgets` extension.
 *
 *     const cm = correlationMap(features, expression, { method: "spearman", adjust: "bh" });
 *     const map = new CorrelationMap(cm, { x: features, y: expression, patientIds });
 *     map                              // shows it
 *     // … the user clicks a cell …
 *     map.selected                     // { row: "original_firstorder_Entropy", column: "EGFR" }
 *
 * `result` gives the names and the matrices (r, and p/q for the FDR slider); its dendrogram order is
 * used when it has one (`rowTree`/`columnTree` of the library's `correlationMap(…, { cluster: true })`),
 * else rows and columns are clustered here (average linkage, 1 − r between correlation profiles, the
 * library's distance; clustering.ts). `data` gives each row's and column's values per patient, sent once as
 * Float32 buffers, so that the scatter of any cell is drawn without a round trip. The matrices travel
 * as binary buffers (Float32 for r, Float64 for p and q, whose small values matter).
 */
import { DOM_ACCESSORS, DOMWidget, type DOMWidgetOptions, type DOMWidgetTraits } from "../kernel/domWidget";
import { KernelApiError } from "../kernel/errors";
import { ndarray, type NDArray } from "../kernel/serializers";
import { defineTraitAccessors, type TraitAccessors } from "../kernel/widget";
import { averageLinkage, rowDistances } from "./clustering";
import { radiogxSpec, stringList } from "./module";

/**
 * A correlation map result. Names follow the library's `correlationMap` (issue 6): rows are the first
 * variable set (features), columns the second (genes); matrices are row-major rows × columns.
 * Alternative spellings accepted: `xNames`/`yNames` for rows/columns, `pValue`/`qValue` for p/q.
 */
export interface CorrelationResultLike {
  readonly rows?: ArrayLike<unknown>;
  readonly columns?: ArrayLike<unknown>;
  readonly xNames?: ArrayLike<unknown>;
  readonly yNames?: ArrayLike<unknown>;
  readonly r: ArrayLike<number>;
  readonly p?: ArrayLike<number>;
  readonly q?: ArrayLike<number>;
  readonly pValue?: ArrayLike<number>;
  readonly qValue?: ArrayLike<number>;
  readonly n?: ArrayLike<number>;
  readonly method?: string;
  readonly rowOrder?: ArrayLike<number>;
  readonly columnOrder?: ArrayLike<number>;
  readonly rowLinkage?: readonly (readonly number[])[];
  readonly columnLinkage?: readonly (readonly number[])[];
  /** The library's dendrograms (stats/cluster.ts `Dendrogram`): SciPy-format merges and leaf order. */
  readonly rowTree?: { readonly merges: readonly (readonly number[])[]; readonly order: ArrayLike<number> };
  readonly columnTree?: { readonly merges: readonly (readonly number[])[]; readonly order: ArrayLike<number> };
}

/** Values per patient: a `{ name: values }` object or a danfo-like frame (`columns`, `column(name).values`). */
export type ValuesByName = Record<string, ArrayLike<number>> | { columns: readonly string[]; column(name: string): { values: ArrayLike<unknown> } };

export interface CorrelationMapData {
  /** Values of each row variable (feature) per patient. */
  x: ValuesByName;
  /** Values of each column variable (gene) per patient. */
  y: ValuesByName;
  /** Patient ids, in the order of the values (shown on hover). Default "1", "2", …. */
  patientIds?: ArrayLike<unknown>;
}

export interface SelectedPair {
  row: string;
  column: string;
}

export interface CorrelationMapTraits extends DOMWidgetTraits {
  rows: string[];
  columns: string[];
  r: NDArray | null;
  p: NDArray | null;
  q: NDArray | null;
  n: NDArray | null;
  row_order: number[] | null;
  column_order: number[] | null;
  row_linkage: number[][] | null;
  column_linkage: number[][] | null;
  x_values: NDArray | null;
  y_values: NDArray | null;
  patient_ids: string[];
  row_label: string;
  column_label: string;
  method: string;
  /** Cells with q (or p when there is no q) above this are hidden. */
  fdr_threshold: number;
  /** The clicked cell, synced back from the frontend. */
  selected: SelectedPair | null;
  title: string;
  height: number;
}

export interface CorrelationMapOptions extends Partial<Pick<CorrelationMapTraits, "row_label" | "column_label" | "fdr_threshold" | "title" | "height" | "selected">> {
  /** Cluster rows/columns here when the result has no order (default true; limited to 5,000 each). */
  cluster?: boolean;
  layout?: DOMWidgetOptions<CorrelationMapTraits>["layout"];
}

export interface CorrelationMap extends TraitAccessors<Pick<CorrelationMapTraits, "fdr_threshold" | "selected" | "title" | "height" | "row_label" | "column_label">> {}

const MAX_CLUSTER = 5000;

function valuesOf(src: ValuesByName, name: string, what: string): ArrayLike<unknown> {
  const frame = src as { columns?: unknown; column?: unknown };
  if (Array.isArray(frame.columns) && typeof frame.column === "function") {
    if (!(frame.columns as string[]).includes(name)) throw new KernelApiError("INVALID_ARGUMENT", `CorrelationMap: ${what} has no column "${name}"`, { key: what });
    return (frame.column as (n: string) => { values: ArrayLike<unknown> })(name).values;
  }
  const v = (src as Record<string, ArrayLike<number>>)[name];
  if (v === undefined) throw new KernelApiError("INVALID_ARGUMENT", `CorrelationMap: ${what} has no values for "${name}"`, { key: what });
  return v;
}

/** names × patients, Float32, row-major. */
function valueMatrix(src: ValuesByName, names: readonly string[], nPatients: number | null, what: string): { m: Float32Array; n: number } {
  let n = nPatients;
  const cols = names.map((name) => valuesOf(src, name, what));
  for (const c of cols) {
    if (n === null) n = c.length;
    if (c.length !== n) throw new KernelApiError("INVALID_ARGUMENT", `CorrelationMap: ${what} columns have ${c.length} and ${n} values; every variable needs one value per patient`, { key: what });
  }
  const np = n ?? 0;
  const m = new Float32Array(names.length * np);
  cols.forEach((c, i) => {
    for (let k = 0; k < np; k++) {
      const v = c[k];
      m[i * np + k] = v === null || v === undefined || v === "" ? NaN : Number(v);
    }
  });
  return { m, n: np };
}

function orderList(o: ArrayLike<number> | undefined, n: number, what: string): number[] | null {
  if (o === undefined) return null;
  const list = Array.from(o, Number);
  const seen = new Set(list);
  if (list.length !== n || seen.size !== n || list.some((v) => !(v >= 0 && v < n && Number.isInteger(v)))) {
    throw new KernelApiError("INVALID_ARGUMENT", `CorrelationMap: ${what} must be a permutation of 0…${n - 1}`, { key: what });
  }
  return list;
}

export class CorrelationMap extends DOMWidget<CorrelationMapTraits> {
  static readonly spec = radiogxSpec("CorrelationMap");

  /**
   * @param result names and matrices (see {@link CorrelationResultLike}).
   * @param data per-patient values for the scatter (optional: without it a click shows no scatter).
   * @param options fdr_threshold (default 0.05), row_label ("feature"), column_label ("gene"), title, height (460 px), cluster (true).
   */
  constructor(result: CorrelationResultLike, data?: CorrelationMapData | null, options: CorrelationMapOptions = {}) {
    const rowsRaw = result.rows ?? result.xNames;
    const colsRaw = result.columns ?? result.yNames;
    if (!rowsRaw || !colsRaw || !result.r) {
      throw new KernelApiError("INVALID_ARGUMENT", "CorrelationMap: the result needs rows, columns and r (a rows × columns matrix)", { key: "result" });
    }
    const rows = stringList(rowsRaw);
    const columns = stringList(colsRaw);
    const nCells = rows.length * columns.length;
    const mat = (a: ArrayLike<number> | undefined, what: string, f64: boolean): NDArray | null => {
      if (a === undefined) return null;
      if (a.length !== nCells) throw new KernelApiError("INVALID_ARGUMENT", `CorrelationMap: ${what} has ${a.length} values, expected ${rows.length} × ${columns.length} = ${nCells}`, { key: what });
      return { data: f64 ? Float64Array.from(a) : Float32Array.from(a), shape: [rows.length, columns.length] };
    };
    const r = mat(result.r, "r", false)!;
    const p = mat(result.p ?? result.pValue, "p", true);
    const q = mat(result.q ?? result.qValue, "q", true);
    const n = mat(result.n, "n", false);

    let rowOrder = orderList(result.rowOrder ?? result.rowTree?.order, rows.length, "rowOrder");
    let columnOrder = orderList(result.columnOrder ?? result.columnTree?.order, columns.length, "columnOrder");
    const links = (l: readonly (readonly number[])[] | undefined) => (l ? l.map((m) => [...m]) : null);
    let rowLinkage = links(result.rowLinkage ?? result.rowTree?.merges);
    let columnLinkage = links(result.columnLinkage ?? result.columnTree?.merges);
    if (options.cluster !== false) {
      if (rowOrder === null && rows.length > 2 && rows.length <= MAX_CLUSTER) {
        const l = averageLinkage(rowDistances(result.r, rows.length, columns.length), rows.length);
        rowOrder = l.order;
        rowLinkage = l.merges;
      }
      if (columnOrder === null && columns.length > 2 && columns.length <= MAX_CLUSTER) {
        const t = new Float64Array(nCells);
        for (let i = 0; i < rows.length; i++) for (let j = 0; j < columns.length; j++) t[j * rows.length + i] = result.r[i * columns.length + j]!;
        const l = averageLinkage(rowDistances(t, columns.length, rows.length), columns.length);
        columnOrder = l.order;
        columnLinkage = l.merges;
      }
    }

    let xValues: NDArray | null = null;
    let yValues: NDArray | null = null;
    let patientIds: string[] = [];
    if (data) {
      const nIds = data.patientIds ? data.patientIds.length : null;
      const x = valueMatrix(data.x, rows, nIds, "data.x");
      const y = valueMatrix(data.y, columns, x.n, "data.y");
      xValues = { data: x.m, shape: [rows.length, x.n] };
      yValues = { data: y.m, shape: [columns.length, y.n] };
      patientIds = data.patientIds ? stringList(data.patientIds) : Array.from({ length: x.n }, (_, k) => String(k + 1));
    }
    const { cluster: _cluster, layout, ...rest } = options;
    super(
      CorrelationMap.spec,
      {
        rows,
        columns,
        r,
        p,
        q,
        n,
        row_order: rowOrder,
        column_order: columnOrder,
        row_linkage: rowLinkage,
        column_linkage: columnLinkage,
        x_values: xValues,
        y_values: yValues,
        patient_ids: patientIds,
        row_label: "feature",
        column_label: "gene",
        method: result.method ?? "",
        fdr_threshold: 0.05,
        selected: null,
        title: "",
        height: 460,
      },
      { ...rest, layout } as DOMWidgetOptions<CorrelationMapTraits>,
      { serializers: { r: ndarray, p: ndarray, q: ndarray, n: ndarray, x_values: ndarray, y_values: ndarray } },
    );
  }

  protected override coerce(next: CorrelationMapTraits): void {
    if (!(next.fdr_threshold >= 0 && next.fdr_threshold <= 1)) {
      throw new KernelApiError("INVALID_ARGUMENT", `CorrelationMap.fdr_threshold must be in [0, 1], got ${next.fdr_threshold}`, { key: "fdr_threshold" });
    }
    const s = next.selected;
    if (s !== null && (typeof s !== "object" || !next.rows.includes(s.row) || !next.columns.includes(s.column))) {
      throw new KernelApiError("INVALID_ARGUMENT", `CorrelationMap.selected must be { row, column } naming a row and a column of the map, got ${JSON.stringify(s)}`, { key: "selected" });
    }
  }

  /** The values of the selected pair per patient (NaN where missing), or null when nothing is selected. */
  selectedValues(): { row: string; column: string; patientIds: string[]; x: Float32Array; y: Float32Array } | null {
    const s = this.get("selected");
    const xs = this.get("x_values");
    const ys = this.get("y_values");
    if (!s || !xs || !ys) return null;
    const i = this.get("rows").indexOf(s.row);
    const j = this.get("columns").indexOf(s.column);
    const np = this.get("patient_ids").length;
    return {
      row: s.row,
      column: s.column,
      patientIds: this.get("patient_ids"),
      x: (xs.data as Float32Array).slice(i * np, (i + 1) * np),
      y: (ys.data as Float32Array).slice(j * np, (j + 1) * np),
    };
  }
}
defineTraitAccessors(CorrelationMap, [...DOM_ACCESSORS, "fdr_threshold", "selected", "title", "height", "row_label", "column_label"]);
