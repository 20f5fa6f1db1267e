/**
 * Gene expression matrices from CSV/TSV, genes × samples or samples × genes.
 *
 * The first column holds the row ids (genes or samples); the header holds the column ids. Around the numeric
 * block there may be annotations, which are kept, not mistaken for data:
 * - annotation rows: rows whose cells are mostly not numbers (e.g. a "Subtype" row under the header giving
 *   each sample's subtype, as in the TCGA-GBM ClaNC file);
 * - annotation columns: columns whose cells are mostly not numbers (e.g. a gene description column).
 * Orientation is declared or detected: `"auto"` matches the row and column ids against `knownSamples` when
 * given (the axis that shares more ids holds the samples), and otherwise takes the longer axis for the genes
 * (expression studies measure more genes than samples). The result says which orientation was used.
 */
import type { DataFrame } from "danfojs-node";
import { RadiogxError } from "../errors";
import { cellToNumber, isMissingCell, readDelimited } from "./csv";
import { toDataFrame } from "./dataTable";

export type Orientation = "genes-by-samples" | "samples-by-genes";

export interface LoadExpressionOptions {
  /** Default "auto" (see module comment). */
  orientation?: Orientation | "auto";
  /** Sample ids expected (e.g. the cohort's patient ids), to detect the orientation. */
  knownSamples?: readonly string[];
  /**
   * Maps raw sample ids to cohort ids, e.g. TCGA aliquot barcodes to patients: a RegExp whose first match (or
   * first capture group) is the id (`/TCGA-\w\w-\w{4}/`), or a function. Samples mapping to the same id:
   * the first is kept and the others are listed in `notes`.
   */
  sampleId?: RegExp | ((raw: string) => string);
  /** Delimiter, default detected. */
  delimiter?: string;
}

/** An expression matrix. Also a `VariableBlock` for `correlationMap` (names = genes, values per gene). */
export interface ExpressionMatrix {
  genes: string[];
  samples: string[];
  /** Same as `genes` (VariableBlock). */
  names: string[];
  /** One Float64Array per gene, over the samples (NaN = missing). */
  values: Float64Array[];
  /** Per-sample annotations by name (e.g. "Subtype"), aligned with `samples`. */
  sampleAnnotations: Record<string, (string | null)[]>;
  /** Per-gene annotations by name, aligned with `genes`. */
  geneAnnotations: Record<string, (string | null)[]>;
  orientation: Orientation;
  /** How the orientation was decided. */
  orientationReason: string;
  file: string;
  notes: string[];
  /** Samples × genes danfo.js DataFrame (loads danfo), index = sample ids. */
  toDataFrame(): DataFrame;
}

const numericShare = (cells: readonly string[]): number => {
  let num = 0;
  let total = 0;
  for (const c of cells) {
    if (isMissingCell(c)) continue;
    total++;
    if (cellToNumber(c) !== null) num++;
  }
  return total === 0 ? 1 : num / total;
};

/**
 * Loads an expression matrix (see module comment).
 * @throws RadiogxError naming the file for a missing file, no numeric block, a non-numeric cell inside it,
 * or an unknown orientation.
 * @example loadExpression("tcga_gbm_expression.tsv", { sampleId: /TCGA-\w\w-\w{4}/ }).sampleAnnotations.Subtype
 */
export function loadExpression(path: string, options: LoadExpressionOptions = {}): ExpressionMatrix {
  const parsed = readDelimited(path, { delimiter: options.delimiter });
  const header = parsed.header;
  const rows = parsed.rows;
  const width = header.length;
  if (width < 2 || rows.length === 0) throw new RadiogxError("FILE_UNREADABLE", "an expression matrix needs a header, row ids and at least one value", { file: path });
  // Pass 1: annotation rows (mostly non-numeric beyond the id column).
  const annotationRow = rows.map((r) => numericShare(r.slice(1)) < 0.5);
  const dataRows = rows.map((_, i) => i).filter((i) => !annotationRow[i]);
  if (dataRows.length === 0) throw new RadiogxError("FILE_UNREADABLE", "no row of the file holds numbers", { file: path });
  // Pass 2: annotation columns (mostly non-numeric over the data rows).
  const dataCols: number[] = [];
  const annotationCols: number[] = [];
  for (let j = 1; j < width; j++) {
    if (numericShare(dataRows.map((i) => rows[i]![j]!)) < 0.5) annotationCols.push(j);
    else dataCols.push(j);
  }
  if (dataCols.length === 0) throw new RadiogxError("FILE_UNREADABLE", "no column of the file holds numbers", { file: path });
  const rowIds = dataRows.map((i) => rows[i]![0]!.trim());
  const colIds = dataCols.map((j) => header[j]!);
  // Orientation.
  let orientation: Orientation;
  let reason: string;
  const requested = options.orientation ?? "auto";
  if (requested === "genes-by-samples" || requested === "samples-by-genes") {
    orientation = requested;
    reason = "declared";
  } else if (requested !== "auto") {
    throw new RadiogxError("INVALID_ARGUMENT", `unknown orientation "${String(requested)}"; expected "genes-by-samples", "samples-by-genes" or "auto"`, { key: "orientation" });
  } else if (options.knownSamples && options.knownSamples.length > 0) {
    const known = new Set(options.knownSamples);
    const map = (id: string) => mapId(id, options.sampleId);
    const inCols = colIds.filter((id) => known.has(map(id))).length;
    const inRows = rowIds.filter((id) => known.has(map(id))).length;
    orientation = inRows > inCols ? "samples-by-genes" : "genes-by-samples";
    reason = `${Math.max(inRows, inCols)} known sample ids found in the ${inRows > inCols ? "rows" : "columns"}`;
  } else {
    orientation = rowIds.length >= colIds.length ? "genes-by-samples" : "samples-by-genes";
    reason = `more ${rowIds.length >= colIds.length ? "rows" : "columns"} than ${rowIds.length >= colIds.length ? "columns" : "rows"}: taken as genes`;
  }
  // Numeric block, data rows × data columns.
  const block: Float64Array[] = dataRows.map((i) => {
    const out = new Float64Array(dataCols.length);
    dataCols.forEach((j, k) => {
      const cell = rows[i]![j]!;
      const v = cellToNumber(cell);
      if (v === null) {
        throw new RadiogxError("FILE_UNREADABLE", `line ${parsed.lineOf[i]}, column "${header[j]}": "${cell}" is not a number`, {
          file: path,
          key: header[j],
          hint: "use an empty cell or NA for a missing value",
        });
      }
      out[k] = v;
    });
    return out;
  });
  const notes: string[] = [];
  const annotationRowIdx = rows.map((_, i) => i).filter((i) => annotationRow[i]);
  let genes: string[];
  let samplesRaw: string[];
  let values: Float64Array[];
  const sampleAnnotations: Record<string, (string | null)[]> = {};
  const geneAnnotations: Record<string, (string | null)[]> = {};
  const cell = (v: string | undefined) => (v === undefined || isMissingCell(v) ? null : v.trim());
  if (orientation === "genes-by-samples") {
    genes = rowIds;
    samplesRaw = colIds;
    values = block;
    for (const i of annotationRowIdx) sampleAnnotations[rows[i]![0]!.trim() || `row ${parsed.lineOf[i]}`] = dataCols.map((j) => cell(rows[i]![j]));
    for (const j of annotationCols) geneAnnotations[header[j]!] = dataRows.map((i) => cell(rows[i]![j]));
  } else {
    genes = colIds;
    samplesRaw = rowIds;
    values = dataCols.map((_, k) => Float64Array.from(block, (r) => r[k]!));
    for (const i of annotationRowIdx) geneAnnotations[rows[i]![0]!.trim() || `row ${parsed.lineOf[i]}`] = dataCols.map((j) => cell(rows[i]![j]));
    for (const j of annotationCols) sampleAnnotations[header[j]!] = dataRows.map((i) => cell(rows[i]![j]));
  }
  // Sample ids: map, and keep the first of duplicates.
  let samples = samplesRaw.map((s) => mapId(s, options.sampleId));
  const firstOf = new Map<string, number>();
  const keep: number[] = [];
  const dropped: string[] = [];
  samples.forEach((s, k) => {
    if (firstOf.has(s)) dropped.push(`${samplesRaw[k]} (same id ${s} as ${samplesRaw[firstOf.get(s)!]})`);
    else {
      firstOf.set(s, k);
      keep.push(k);
    }
  });
  if (dropped.length > 0) {
    notes.push(`${dropped.length} samples share an id with an earlier one and were left out: ${dropped.slice(0, 5).join("; ")}${dropped.length > 5 ? "; …" : ""}`);
    samples = keep.map((k) => samples[k]!);
    values = values.map((v) => Float64Array.from(keep, (k) => v[k]!));
    for (const key of Object.keys(sampleAnnotations)) sampleAnnotations[key] = keep.map((k) => sampleAnnotations[key]![k]!);
  }
  const seenGenes = new Set<string>();
  const dupGenes = new Set<string>();
  for (const g of genes) (seenGenes.has(g) ? dupGenes : seenGenes).add(g);
  if (dupGenes.size > 0) notes.push(`gene ids that occur more than once (kept as separate rows): ${[...dupGenes].slice(0, 10).join(", ")}`);
  const result: ExpressionMatrix = {
    genes,
    samples,
    names: genes,
    values,
    sampleAnnotations,
    geneAnnotations,
    orientation,
    orientationReason: reason,
    file: path,
    notes,
    toDataFrame() {
      const obj: Record<string, number[]> = {};
      genes.forEach((g, k) => {
        if (!(g in obj)) obj[g] = Array.from(values[k]!);
      });
      return toDataFrame(obj, samples);
    },
  };
  return result;
}

function mapId(raw: string, f: LoadExpressionOptions["sampleId"]): string {
  if (f === undefined) return raw;
  if (typeof f === "function") return f(raw);
  const m = f.exec(raw);
  if (!m) return raw;
  return m[1] ?? m[0];
}
