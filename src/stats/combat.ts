/**
 * ComBat harmonisation: removing additive and multiplicative batch (scanner, site, protocol) effects from a
 * features × samples matrix while keeping the effects of biological covariates — Johnson, Li & Rabinovic
 * (2007), "Adjusting batch effects in microarray expression data using empirical Bayes methods",
 * Biostatistics 8:118–127, step for step as R `sva::ComBat` implements it (and neuroCombat, Fortin 2018).
 *
 * Model, for feature g, sample j in batch i: Y_gij = α_g + Xβ_g + γ_ig + δ_ig·ε_gij, ε ~ N(0, σ²_g).
 * 1. Standardise: least squares of Y_g on the design [batch indicators | covariates] gives B̂_g; grand mean
 *    α̂_g = Σᵢ (nᵢ/N)·B̂_ig (or B̂ of the reference batch), pooled variance σ̂²_g = (1/N)Σ(Y − design·B̂)²
 *    (over the reference batch only, when there is one); Z = (Y − α̂ − Xβ̂)/σ̂.
 * 2. Batch estimates: γ̂_ig = batch means of Z (least squares on the batch columns), δ̂²_ig = their sample
 *    variances (n − 1).
 * 3. Empirical Bayes, per batch, over features: γ ~ N(γ̄ᵢ, τ²ᵢ) with γ̄ᵢ, τ²ᵢ the mean and variance of γ̂ᵢ·;
 *    δ² ~ InverseGamma(aᵢ, bᵢ) by moments of δ̂²ᵢ· (a = (2s² + m²)/s², b = (m s² + m³)/s²).
 *    - parametric: iterate γ* = (τ²nγ̂ + δ²*γ̄)/(τ²n + δ²*), δ²* = (½Σ(Z − γ*)² + b)/(n/2 + a − 1) until the
 *      largest relative change is below 1e-4 (sva's `it.sol`, including its signed denominators);
 *    - non-parametric: γ*, δ²* are the likelihood-weighted averages of the other features' γ̂, δ̂² (sva's
 *      `int.eprior`; the likelihoods are computed in log space, which cannot underflow).
 *    `meanOnly` keeps δ² = 1 (only the location is adjusted).
 * 4. Adjust: Y* = σ̂·(Z − γ*ᵢ)/δ*ᵢ + α̂ + Xβ̂; samples of the reference batch are returned unchanged.
 * Like sva, features with zero variance within a batch (of more than one sample) are left unadjusted and
 * named in `notes`, and a batch with a single sample forces `meanOnly`.
 */
import { RadiogxError } from "../errors";
import { columnsOf, isColumns, numericColumns, type TableInput } from "../cohort/table";

export interface CombatOptions {
  /**
   * Biological covariates to preserve, one value per sample: `{ age: [...], sex: ["F", "M", ...] }`.
   * Numeric columns enter the design as they are; string columns as indicators of every level but the first
   * (sorted), as R's `model.matrix` does with factors.
   */
  covariates?: Readonly<Record<string, ArrayLike<number | string>>>;
  /** Parametric (default true) or non-parametric empirical Bayes priors. */
  parametric?: boolean;
  /** Adjust the batch means only, not the variances. Default false. */
  meanOnly?: boolean;
  /** A reference batch: its samples are kept as they are and the others are mapped onto it. */
  refBatch?: string | number;
  /** Empirical Bayes shrinkage (default true); false uses the per-batch estimates γ̂, δ̂² directly. */
  eb?: boolean;
  /** Convergence threshold of the parametric iterations (sva: 1e-4). */
  tolerance?: number;
}

export interface CombatResult {
  /** Feature names (row names). */
  features: string[];
  /** Harmonised values: one Float64Array per feature, over the samples. */
  data: Float64Array[];
  /** Batch levels in the order used by the estimates below. */
  batches: string[];
  /** Per batch, per feature: estimated and posterior location and scale. */
  gammaHat: Float64Array[];
  deltaHat: Float64Array[];
  gammaStar: Float64Array[];
  deltaStar: Float64Array[];
  /** Per batch: prior parameters (NaN when not used). */
  priors: { gammaBar: number; tau2: number; a: number; b: number }[];
  /** Parametric iterations per batch. */
  iterations: number[];
  notes: string[];
  /** The harmonised data as `{feature: values}` (samples in input order). */
  toColumns(): Record<string, number[]>;
}

/** The data matrix as rows of features over samples, from any accepted input. */
function featureRows(data: readonly ArrayLike<number>[] | TableInput, context: string): { names: string[]; rows: Float64Array[] } {
  if (Array.isArray(data) && (data.length === 0 || typeof data[0] !== "object" || (data[0] as object) instanceof Float64Array || Array.isArray(data[0]))) {
    const rows = (data as readonly ArrayLike<number>[]).map((r) => Float64Array.from(r));
    return { names: rows.map((_, i) => `feature${i}`), rows };
  }
  const cols = isColumns(data) ? data : columnsOf(data as TableInput, context);
  const num = numericColumns(cols, context);
  return { names: num.names, rows: num.data.map((c) => Float64Array.from(c)) };
}

/** Solves the symmetric positive-definite system A x = b (A p × p, row-major) in place by Cholesky. */
function choleskyFactor(A: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let s = A[j * p + j]!;
    for (let k = 0; k < j; k++) s -= A[j * p + k]! * A[j * p + k]!;
    if (!(s > 1e-10 * Math.max(1, Math.abs(A[j * p + j]!)))) return false;
    const d = Math.sqrt(s);
    A[j * p + j] = d;
    for (let i = j + 1; i < p; i++) {
      let t = A[i * p + j]!;
      for (let k = 0; k < j; k++) t -= A[i * p + k]! * A[j * p + k]!;
      A[i * p + j] = t / d;
    }
  }
  return true;
}

function choleskySolve(L: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * b[k]!;
    b[i] = s / L[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * b[k]!;
    b[i] = s / L[i * p + i]!;
  }
}

/**
 * Least squares of every row of `Y` (features × n) on the columns of `X` (n × p, row-major): B (features × p).
 * @throws RadiogxError when XᵀX is singular.
 */
function leastSquares(X: Float64Array, n: number, p: number, Y: readonly Float64Array[], what: string): Float64Array[] {
  const xtx = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[i * p + a]! * X[i * p + b]!;
      xtx[a * p + b] = s;
      xtx[b * p + a] = s;
    }
  }
  if (!choleskyFactor(xtx, p)) {
    throw new RadiogxError("INVALID_ARGUMENT", `combat: the ${what} design is singular: a covariate is confounded with batch or constant`, {
      key: "covariates",
      hint: "remove the covariate that is (a combination of) batch indicators and rerun",
    });
  }
  return Y.map((y) => {
    const b = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[i * p + a]! * y[i]!;
      b[a] = s;
    }
    choleskySolve(xtx, p, b);
    return b;
  });
}

function meanAndVar(v: ArrayLike<number>): [number, number] {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i]!;
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i]! - m) * (v[i]! - m);
  return [m, s / (n - 1)];
}

/**
 * ComBat-harmonises a features × samples matrix (see module comment).
 * @param data rows of features over samples (`number[][]`, `Float64Array[]`), or a table whose numeric
 *   columns are the features and whose rows are the samples (DataFrame, `{feature: values}`, records).
 * @param batch the batch of every sample (scanner, site), strings or numbers.
 * @throws RadiogxError for a length mismatch, missing values, fewer than 2 batches, an unknown reference
 *   batch, or covariates confounded with batch.
 * @example combat(features, scanner, { covariates: { sex } }).toColumns()
 */
export function combat(data: readonly ArrayLike<number>[] | TableInput, batch: ArrayLike<string | number>, options: CombatOptions = {}): CombatResult {
  const { names, rows: Y } = featureRows(data, "combat");
  const G = Y.length;
  const N = batch.length;
  const notes: string[] = [];
  if (G === 0) throw new RadiogxError("INVALID_ARGUMENT", "combat: no numeric features in the data", { key: "data" });
  Y.forEach((y, g) => {
    if (y.length !== N) throw new RadiogxError("INVALID_ARGUMENT", `combat: feature "${names[g]}" has ${y.length} values but there are ${N} batch labels`, { key: "batch" });
    for (let j = 0; j < N; j++) {
      if (!Number.isFinite(y[j]!)) {
        throw new RadiogxError("INVALID_ARGUMENT", `combat: feature "${names[g]}" has a missing or infinite value at sample ${j}`, {
          key: "data",
          hint: "impute or remove missing values before harmonising",
        });
      }
    }
  });
  // Batches (sorted like R's factor levels).
  const labels = Array.from(batch, (b) => String(b));
  const levels = [...new Set(labels)].sort((a, b) => {
    const x = Number(a);
    const y = Number(b);
    return !Number.isNaN(x) && !Number.isNaN(y) ? x - y : a < b ? -1 : a > b ? 1 : 0;
  });
  const nBatch = levels.length;
  if (nBatch < 2) throw new RadiogxError("INVALID_ARGUMENT", `combat: only one batch ("${levels[0]}"); at least 2 are needed`, { key: "batch" });
  const batchOf = Int32Array.from(labels, (l) => levels.indexOf(l));
  const members: number[][] = levels.map(() => []);
  batchOf.forEach((b, j) => members[b]!.push(j));
  const sizes = members.map((m) => m.length);
  let ref = -1;
  if (options.refBatch !== undefined) {
    ref = levels.indexOf(String(options.refBatch));
    if (ref < 0) throw new RadiogxError("INVALID_ARGUMENT", `combat: reference batch "${options.refBatch}" is not among the batches ${levels.join(", ")}`, { key: "refBatch" });
  }
  let meanOnly = options.meanOnly ?? false;
  if (!meanOnly && sizes.some((s) => s === 1)) {
    meanOnly = true;
    notes.push("a batch has a single sample: only batch means are adjusted (meanOnly), as sva does");
  }
  const parametric = options.parametric ?? true;
  const eb = options.eb ?? true;
  const tol = options.tolerance ?? 1e-4;

  // Design: batch indicators (the reference column all ones), then covariates.
  const covCols: Float64Array[] = [];
  const covNames: string[] = [];
  for (const [name, values] of Object.entries(options.covariates ?? {})) {
    if (values.length !== N) throw new RadiogxError("INVALID_ARGUMENT", `combat: covariate "${name}" has ${values.length} values for ${N} samples`, { key: name });
    const allNumeric = Array.from(values).every((v) => typeof v === "number");
    if (allNumeric) {
      const v = Float64Array.from(values as ArrayLike<number>);
      if (v.some((x) => !Number.isFinite(x))) throw new RadiogxError("INVALID_ARGUMENT", `combat: covariate "${name}" has missing values`, { key: name });
      covCols.push(v);
      covNames.push(name);
    } else {
      const lv = [...new Set(Array.from(values, String))].sort();
      for (const l of lv.slice(1)) {
        covCols.push(Float64Array.from(values as ArrayLike<unknown>, (v) => (String(v) === l ? 1 : 0)));
        covNames.push(`${name}=${l}`);
      }
    }
  }
  // sva drops covariate columns that are all ones (an intercept) — they duplicate the batch indicators.
  const kept = covCols.map((c, k) => ({ c, name: covNames[k]! })).filter(({ c }) => !c.every((x) => x === 1));
  const P = nBatch + kept.length;
  const X = new Float64Array(N * P);
  for (let j = 0; j < N; j++) {
    for (let b = 0; b < nBatch; b++) X[j * P + b] = b === batchOf[j] || b === ref ? 1 : 0;
    kept.forEach(({ c }, k) => (X[j * P + nBatch + k] = c[j]!));
  }

  // Features with zero variance within a batch of more than one sample are left unadjusted (sva).
  const adjustable: number[] = [];
  const frozen: string[] = [];
  for (let g = 0; g < G; g++) {
    const y = Y[g]!;
    let constant = false;
    for (const m of members) {
      if (m.length < 2) continue;
      let same = true;
      for (const j of m) if (y[j] !== y[m[0]!]) same = false;
      if (same) constant = true;
    }
    if (constant) frozen.push(names[g]!);
    else adjustable.push(g);
  }
  if (frozen.length > 0) notes.push(`features constant within a batch, left unadjusted: ${frozen.slice(0, 10).join(", ")}${frozen.length > 10 ? ", …" : ""}`);
  const Ya = adjustable.map((g) => Y[g]!);
  const Ga = Ya.length;

  // 1. Standardise.
  const B = leastSquares(X, N, P, Ya, "batch + covariate");
  const grand = new Float64Array(Ga);
  const varPooled = new Float64Array(Ga);
  const modMean: Float64Array[] = [];
  const S: Float64Array[] = [];
  const refMembers = ref >= 0 ? members[ref]! : null;
  for (let g = 0; g < Ga; g++) {
    const b = B[g]!;
    const y = Ya[g]!;
    let gm = 0;
    if (ref >= 0) gm = b[ref]!;
    else for (let k = 0; k < nBatch; k++) gm += (sizes[k]! / N) * b[k]!;
    grand[g] = gm;
    const mm = new Float64Array(N);
    let ss = 0;
    for (let j = 0; j < N; j++) {
      let fit = 0;
      for (let k = 0; k < P; k++) fit += X[j * P + k]! * b[k]!;
      let cov = 0;
      for (let k = nBatch; k < P; k++) cov += X[j * P + k]! * b[k]!;
      mm[j] = cov;
      if (refMembers === null) ss += (y[j]! - fit) * (y[j]! - fit);
    }
    if (refMembers !== null) {
      for (const j of refMembers) {
        let fit = 0;
        for (let k = 0; k < P; k++) fit += X[j * P + k]! * b[k]!;
        ss += (y[j]! - fit) * (y[j]! - fit);
      }
      varPooled[g] = ss / refMembers.length;
    } else varPooled[g] = ss / N;
    modMean.push(mm);
    const sd = Math.sqrt(varPooled[g]!);
    const z = new Float64Array(N);
    for (let j = 0; j < N; j++) z[j] = (y[j]! - gm - mm[j]!) / sd;
    S.push(z);
  }

  // 2. Batch location and scale estimates.
  const Xb = new Float64Array(N * nBatch);
  for (let j = 0; j < N; j++) for (let b = 0; b < nBatch; b++) Xb[j * nBatch + b] = X[j * P + b]!;
  const gammaRows = leastSquares(Xb, N, nBatch, S, "batch");
  const gammaHat = levels.map((_, i) => Float64Array.from(gammaRows, (r) => r[i]!));
  const deltaHat = levels.map((_, i) =>
    Float64Array.from(S, (z) => {
      if (meanOnly) return 1;
      const m = members[i]!;
      return meanAndVar(m.map((j) => z[j]!))[1];
    }),
  );

  // 3. Empirical Bayes.
  const gammaStar: Float64Array[] = [];
  const deltaStar: Float64Array[] = [];
  const priors: CombatResult["priors"] = [];
  const iterations: number[] = [];
  for (let i = 0; i < nBatch; i++) {
    const gh = gammaHat[i]!;
    const dh = deltaHat[i]!;
    const [gammaBar, tau2] = meanAndVar(gh);
    let a = NaN;
    let b = NaN;
    if (!meanOnly) {
      const [m, s2] = meanAndVar(dh);
      a = (2 * s2 + m * m) / s2;
      b = (m * s2 + m * m * m) / s2;
    }
    priors.push({ gammaBar, tau2, a, b });
    const m = members[i]!;
    const nI = m.length;
    let gs: Float64Array;
    let ds: Float64Array;
    let its = 0;
    if (!eb) {
      gs = Float64Array.from(gh);
      ds = Float64Array.from(dh);
    } else if (parametric) {
      if (meanOnly) {
        gs = Float64Array.from(gh, (g) => (tau2 * g + gammaBar) / (tau2 + 1)); // postmean(γ̂, γ̄, 1, 1, τ²)
        ds = new Float64Array(Ga).fill(1);
      } else {
        // sva it.sol
        let gOld = Float64Array.from(gh);
        let dOld = Float64Array.from(dh);
        let gNew = gOld;
        let dNew = dOld;
        let change = 1;
        while (change > tol) {
          gNew = new Float64Array(Ga);
          dNew = new Float64Array(Ga);
          change = -Infinity;
          for (let g = 0; g < Ga; g++) {
            const gn = (tau2 * nI * gh[g]! + dOld[g]! * gammaBar) / (tau2 * nI + dOld[g]!);
            let sum2 = 0;
            const z = S[g]!;
            for (const j of m) sum2 += (z[j]! - gn) * (z[j]! - gn);
            const dn = (0.5 * sum2 + b) / (nI / 2 + a - 1);
            gNew[g] = gn;
            dNew[g] = dn;
            change = Math.max(change, Math.abs(gn - gOld[g]!) / gOld[g]!, Math.abs(dn - dOld[g]!) / dOld[g]!);
          }
          gOld = gNew;
          dOld = dNew;
          its++;
          if (its > 10000) {
            notes.push(`batch "${levels[i]}": the parametric iterations did not converge in 10000 steps`);
            break;
          }
        }
        gs = gNew;
        ds = dNew;
      }
    } else {
      // sva int.eprior: weights ∝ (2πδ̂²_k)^(−n/2) exp(−Σ(z − γ̂_k)²/(2δ̂²_k)) over the other features k.
      gs = new Float64Array(Ga);
      ds = new Float64Array(Ga);
      const logw = new Float64Array(Ga);
      for (let g = 0; g < Ga; g++) {
        const z = S[g]!;
        let sz = 0;
        let szz = 0;
        for (const j of m) {
          sz += z[j]!;
          szz += z[j]! * z[j]!;
        }
        let maxW = -Infinity;
        for (let k = 0; k < Ga; k++) {
          if (k === g) continue;
          const gk = gh[k]!;
          const dk = dh[k]!;
          const sum2 = szz - 2 * gk * sz + nI * gk * gk; // Σ(z − γ̂_k)²
          const lw = -0.5 * nI * Math.log(2 * Math.PI * dk) - sum2 / (2 * dk);
          logw[k] = lw;
          if (lw > maxW) maxW = lw;
        }
        let sw = 0;
        let sg = 0;
        let sd = 0;
        for (let k = 0; k < Ga; k++) {
          if (k === g) continue;
          const w = Math.exp(logw[k]! - maxW);
          sw += w;
          sg += w * gh[k]!;
          sd += w * dh[k]!;
        }
        gs[g] = sg / sw;
        ds[g] = sd / sw;
      }
    }
    if (i === ref) {
      gs = new Float64Array(Ga);
      ds = new Float64Array(Ga).fill(1);
    }
    gammaStar.push(gs);
    deltaStar.push(ds);
    iterations.push(its);
  }

  // 4. Adjust.
  const out: Float64Array[] = Y.map((y) => Float64Array.from(y));
  for (let ga = 0; ga < Ga; ga++) {
    const g = adjustable[ga]!;
    const z = S[ga]!;
    const sd = Math.sqrt(varPooled[ga]!);
    const o = out[g]!;
    for (let j = 0; j < N; j++) {
      const bi = batchOf[j]!;
      if (bi === ref) continue; // reference batch unchanged
      let shift = 0;
      for (let k = 0; k < nBatch; k++) shift += Xb[j * nBatch + k]! * gammaStar[k]![ga]!;
      o[j] = ((z[j]! - shift) / Math.sqrt(deltaStar[bi]![ga]!)) * sd + grand[ga]! + modMean[ga]![j]!;
    }
  }
  const expand = (rows: Float64Array[]) =>
    rows.map((r) => {
      const full = new Float64Array(G).fill(NaN);
      adjustable.forEach((g, ga) => (full[g] = r[ga]!));
      return full;
    });
  return {
    features: names,
    data: out,
    batches: levels,
    gammaHat: expand(gammaHat),
    deltaHat: expand(deltaHat),
    gammaStar: expand(gammaStar),
    deltaStar: expand(deltaStar),
    priors,
    iterations,
    notes,
    toColumns() {
      const o: Record<string, number[]> = {};
      names.forEach((n, g) => (o[n] = Array.from(out[g]!)));
      return o;
    },
  };
}
