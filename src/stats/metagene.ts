/**
 * Metagenes and gene-set scores: one score per sample summarising a module or pathway of genes, to
 * correlate with radiomic features (or to test against subtypes) in place of thousands of single genes.
 *
 * With zᵢⱼ the expression of gene i in sample j standardised over samples ((x − mean)/SD, SD with n − 1):
 * - "mean": the module mean  s_j = (1/k) Σᵢ zᵢⱼ  (over the genes measured in sample j);
 * - "zscore": the combined z-score  s_j = Σᵢ zᵢⱼ / √k  (Lee et al. 2008, PLoS Comput Biol 4:e1000217);
 * - "pc1": the first principal component of the samples × genes matrix of z (the "eigengene" of WGCNA,
 *   Langfelder & Horvath 2007), scored as s = Z·v₁ with v₁ the leading eigenvector of ZᵀZ, signed so that it
 *   correlates positively with the module mean; `explained` gives λ₁/Σλ.
 * `standardize: false` uses the raw values (centred, for pc1) instead of z.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { RadiogxError } from "../errors";
import { columnsOf, isColumns, numericColumns, type Columns, type TableInput } from "../cohort/table";
import { isVariableBlock, type VariableBlock } from "./correlationMap";

export type GeneSetMethod = "mean" | "zscore" | "pc1";

export interface GeneSetOptions {
  /** Default "mean". */
  method?: GeneSetMethod;
  /** Standardise each gene over samples first. Default true. */
  standardize?: boolean;
  /** Sets with fewer measured genes get NaN scores (with a note). Default 2. */
  minGenes?: number;
}

export interface GeneSetScores {
  method: GeneSetMethod;
  /** Set names, in input order. */
  sets: string[];
  /** One score per sample for each set. */
  scores: Float64Array[];
  /** Sample ids, when the input has them. */
  samples?: string[];
  /** Genes of each set found in the data, and those not found. */
  used: Record<string, string[]>;
  missing: Record<string, string[]>;
  /** pc1 only: fraction of the variance of the set's (standardised) genes carried by the first component. */
  explained: Record<string, number>;
  notes: string[];
  /** The scores as a VariableBlock (for correlationMap) — names = sets. */
  block(): VariableBlock;
}

function geneVectors(expression: VariableBlock | TableInput | Columns): { names: string[]; values: Float64Array[]; samples?: string[] } {
  if (isVariableBlock(expression)) {
    return {
      names: [...expression.names],
      values: expression.values.map((v) => (v instanceof Float64Array ? v : Float64Array.from(v))),
      samples: expression.samples ? [...expression.samples] : undefined,
    };
  }
  const cols = isColumns(expression) ? expression : columnsOf(expression, "geneSetScores");
  const num = numericColumns(cols, "geneSetScores");
  return { names: num.names, values: num.data };
}

function standardised(v: Float64Array, scale: boolean): Float64Array {
  let n = 0;
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i]!)) continue;
    n++;
    m += v[i]!;
  }
  m /= n;
  let ss = 0;
  for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i]!)) ss += (v[i]! - m) ** 2;
  const sd = scale ? Math.sqrt(ss / (n - 1)) : 1;
  return Float64Array.from(v, (x) => (x - m) / sd);
}

/**
 * Scores gene sets (modules, pathways) per sample.
 * @param expression genes as variables over samples: an `ExpressionMatrix`/VariableBlock, or a table with
 *   samples as rows and genes as columns.
 * @param sets `{ set name: [gene, …] }`.
 * @example geneSetScores(expr, { hypoxia: ["VEGFA", "CA9", "SLC2A1"] }, { method: "pc1" }).scores[0]
 */
export function geneSetScores(expression: VariableBlock | TableInput | Columns, sets: Readonly<Record<string, readonly string[]>>, options: GeneSetOptions = {}): GeneSetScores {
  const method = options.method ?? "mean";
  if (!["mean", "zscore", "pc1"].includes(method)) {
    throw new RadiogxError("INVALID_ARGUMENT", `geneSetScores: unknown method "${method}"; expected "mean", "zscore" or "pc1"`, { key: "method" });
  }
  const scale = options.standardize ?? true;
  const minGenes = options.minGenes ?? 2;
  const { names, values, samples } = geneVectors(expression);
  const nSamples = values[0]?.length ?? 0;
  const index = new Map<string, number>();
  names.forEach((g, i) => {
    if (!index.has(g)) index.set(g, i);
  });
  const zCache = new Map<number, Float64Array>();
  const z = (i: number) => {
    let v = zCache.get(i);
    if (v === undefined) {
      v = standardised(values[i]!, scale);
      zCache.set(i, v);
    }
    return v;
  };
  const out: GeneSetScores = {
    method,
    sets: Object.keys(sets),
    scores: [],
    used: {},
    missing: {},
    explained: {},
    notes: [],
    block() {
      return { names: this.sets, values: this.scores, samples: this.samples };
    },
  };
  if (samples) out.samples = samples;
  for (const [name, genes] of Object.entries(sets)) {
    const found = genes.filter((g) => index.has(g));
    out.used[name] = found;
    out.missing[name] = genes.filter((g) => !index.has(g));
    const idx = found.map((g) => index.get(g)!).filter((i) => {
      const v = z(i);
      return v.some((x) => Number.isFinite(x)); // a constant gene has no z-score
    });
    if (idx.length < minGenes) {
      out.scores.push(new Float64Array(nSamples).fill(NaN));
      out.notes.push(`set "${name}": ${idx.length} usable genes (fewer than ${minGenes}); scores are NaN`);
      continue;
    }
    const k = idx.length;
    const meanScore = new Float64Array(nSamples);
    for (let j = 0; j < nSamples; j++) {
      let s = 0;
      let c = 0;
      for (const i of idx) {
        const v = z(i)[j]!;
        if (Number.isNaN(v)) continue;
        s += v;
        c++;
      }
      meanScore[j] = c > 0 ? (method === "zscore" ? s / Math.sqrt(c) : s / c) : NaN;
    }
    if (method !== "pc1") {
      out.scores.push(meanScore);
      continue;
    }
    // First principal component on the genes without missing values.
    const complete = idx.filter((i) => z(i).every((x) => !Number.isNaN(x)));
    if (complete.length < idx.length) out.notes.push(`set "${name}": ${idx.length - complete.length} genes with missing values left out of the first component`);
    if (complete.length < minGenes) {
      out.scores.push(new Float64Array(nSamples).fill(NaN));
      out.notes.push(`set "${name}": fewer than ${minGenes} complete genes for the first component; scores are NaN`);
      continue;
    }
    const Z = complete.map((i) => z(i)); // genes × samples
    const kc = Z.length;
    let score: Float64Array;
    let explained: number;
    if (kc <= nSamples) {
      // Gene covariance ZZᵀ (k × k): v₁ its leading eigenvector, s = Zᵀ v₁.
      const top = leadingEigen(kc, (a, b) => {
        let s = 0;
        for (let j = 0; j < nSamples; j++) s += Z[a]![j]! * Z[b]![j]!;
        return s;
      });
      const v = top.vector;
      score = new Float64Array(nSamples);
      for (let j = 0; j < nSamples; j++) {
        let s = 0;
        for (let a = 0; a < kc; a++) s += Z[a]![j]! * v[a]!;
        score[j] = s;
      }
      explained = top.explained;
    } else {
      // Sample Gram ZᵀZ (n × n): its leading eigenvector u₁ scaled by √λ₁ is the score.
      const top = leadingEigen(nSamples, (a, b) => {
        let s = 0;
        for (let g = 0; g < kc; g++) s += Z[g]![a]! * Z[g]![b]!;
        return s;
      });
      const s = Math.sqrt(Math.max(0, top.value));
      score = Float64Array.from(top.vector, (x) => x * s);
      explained = top.explained;
    }
    // Sign: positively correlated with the module mean.
    let dot = 0;
    for (let j = 0; j < nSamples; j++) dot += score[j]! * (Number.isNaN(meanScore[j]!) ? 0 : meanScore[j]!);
    if (dot < 0) for (let j = 0; j < nSamples; j++) score[j] = -score[j]!;
    out.scores.push(score);
    out.explained[name] = explained;
  }
  return out;
}

/**
 * Module metagenes: `geneSetScores` with the module mean (default) or the first principal component.
 * @example metagenes(expr, modules, { method: "pc1" }).block()  // → correlationMap(features, block)
 */
export function metagenes(expression: VariableBlock | TableInput | Columns, modules: Readonly<Record<string, readonly string[]>>, options: { method?: "mean" | "pc1"; standardize?: boolean; minGenes?: number } = {}): GeneSetScores {
  return geneSetScores(expression, modules, { ...options, method: options.method ?? "mean" });
}

/**
 * The leading eigenpair of the symmetric m × m matrix whose (a, b) entry is `entry(a, b)` (evaluated once per
 * pair, b ≤ a), with the share of the non-negative spectrum it explains.
 */
function leadingEigen(m: number, entry: (a: number, b: number) => number): { value: number; vector: number[]; explained: number } {
  const C = new Matrix(m, m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      const x = entry(a, b);
      C.set(a, b, x);
      C.set(b, a, x);
    }
  }
  const e = new EigenvalueDecomposition(C, { assumeSymmetric: true });
  const ev = e.realEigenvalues;
  let top = 0;
  for (let t = 1; t < ev.length; t++) if (ev[t]! > ev[top]!) top = t;
  return { value: ev[top]!, vector: e.eigenvectorMatrix.getColumn(top), explained: ev[top]! / ev.reduce((x, y) => x + Math.max(0, y), 0) };
}
