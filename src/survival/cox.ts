/**
 * Cox proportional-hazards regression, fitted by Newton–Raphson on the partial likelihood with Efron's or
 * Breslow's handling of tied event times, optional strata and an elastic-net penalty. Results equal R
 * `survival::coxph` (unpenalised) and lifelines' `CoxPHFitter` (penalised, same parameterisation).
 *
 * Model: h(t | x) = h₀ₛ(t) exp(xᵀβ) in stratum s. At an event time t with risk set R, d tied events D and
 * r_j = exp(x_jᵀβ), with S₀ = Σ_R r_j, S₁ = Σ_R r_j x_j, S₂ = Σ_R r_j x_j x_jᵀ and D₀, D₁, D₂ the same sums
 * over D, the log partial likelihood contributes
 *   Σ_D x_iᵀβ − Σ_{l=0}^{d−1} log(S₀ − f_l D₀),   f_l = l/d (Efron) or 0 (Breslow),
 * with gradient Σ_D x_i − Σ_l a_l, a_l = (S₁ − f_l D₁)/(S₀ − f_l D₀), and information
 *   Σ_l [(S₂ − f_l D₂)/(S₀ − f_l D₀) − a_l a_lᵀ].
 * Covariates are centred and scaled (sample sd) internally, which leaves the unpenalised estimate unchanged
 * and is the scale on which the penalty acts (as lifelines):
 *   penalty = n · penalizer · ((1 − l1Ratio)/2 ‖b‖² + l1Ratio ‖b‖₁),  b = β · sd.
 * Ridge fits use Newton steps; fits with an L1 part use proximal Newton steps solved by coordinate descent
 * (exact L1, where lifelines uses a smooth approximation, so L1 coefficients agree to ~1e-4, not 1e-6).
 * Standard errors: the inverse information (unpenalised, as R); for penalised fits the inverse of the
 * information plus the ridge part of the penalty (as lifelines; an L1 part adds no curvature).
 * Tests: likelihood-ratio 2(ℓ(β̂) − ℓ(0)), Wald β̂ᵀ I(β̂) β̂, score U(0)ᵀ I(0)⁻¹ U(0), each χ² on p df.
 * Baseline hazard (at the covariate means): Breslow Σ d/S₀, or Efron Σ_l 1/(S₀ − f_l D₀) for Efron ties
 * (as R's survfit.coxph).
 * References: Cox, JRSS-B 1972; Efron, JASA 1977; Breslow 1974; Therneau & Grambsch, Modeling Survival
 * Data (2000) ch. 3; Simon, Friedman, Hastie & Tibshirani, J Stat Softw 2011 (penalised Cox).
 */
import { RadiogxError } from "../errors";
import { checkOptions } from "../models/options";
import { choleskyInPlace, choleskyInverse, choleskySolveInPlace, dot, symmetrizeFromUpper } from "../models/linalg";
import { ConvergenceError, convergenceWarning, type ConvergenceWarning } from "../models/convergence";
import { htmlTable, formatNumber } from "../models/html";
import { type Columns, columnsOf, getColumn, missingColumnError, numericColumns } from "../cohort/table";
import { type Table, isMissing, encodeGroups, toNumber } from "../models/table";
import { chiSquareSf, normalQuantile, normalSf } from "../stats/distributions";
import { concordanceCounts, concordanceVariance } from "./concordance";
import { stepAt } from "./kaplanMeier";
import { argsort } from "./argsort";

export type CoxTies = "efron" | "breslow";

export interface CoxOptions {
  /** Column of follow-up times. */
  duration: string;
  /** Column of event indicators (1 event, 0 censored). */
  event: string;
  /** Covariate columns. Default: every other column except `duration`, `event` and `strata`. */
  covariates?: readonly string[];
  /** Handling of tied event times. Default "efron" (R's and lifelines' default). */
  ties?: CoxTies;
  /** Elastic-net penalty strength on standardised coefficients (lifelines' `penalizer`). Default 0. */
  penalizer?: number;
  /** Share of the penalty that is L1 (lifelines' `l1_ratio`). Default 0 (ridge). */
  l1Ratio?: number;
  /** Stratification column(s): separate baseline hazards, shared coefficients. Default none. */
  strata?: string | readonly string[];
  /** 1 − confidence level of the intervals. Default 0.05. */
  alpha?: number;
  /** Newton–Raphson iteration limit. Default 50. */
  maxIterations?: number;
  /** Convergence tolerance on the largest step in standardised coefficients. Default 1e-10. */
  tolerance?: number;
}

export interface CoxCoefficient {
  readonly name: string;
  readonly coef: number;
  readonly se: number;
  readonly z: number;
  readonly p: number;
  /** exp(coef). */
  readonly hazardRatio: number;
  /** Confidence interval of the hazard ratio, exp(coef ± z se). */
  readonly lower: number;
  readonly upper: number;
  /** Confidence interval of the coefficient, coef ± z se. */
  readonly coefLower: number;
  readonly coefUpper: number;
}

export interface ChiSquareTest {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

/** One row of the lifelines-style summary table. */
export type CoxSummaryRow = Readonly<Record<string, string | number>>;

export interface BaselineHazard {
  readonly stratum: string | number | boolean | null;
  readonly time: Float64Array;
  readonly cumulativeHazard: Float64Array;
}

export interface CoxResult {
  readonly coefficients: readonly CoxCoefficient[];
  /** lifelines' column names: covariate, coef, exp(coef), se(coef), coef lower 95%, …, z, p, -log2(p). */
  readonly summary: readonly CoxSummaryRow[];
  readonly covariates: readonly string[];
  /** Variance–covariance matrix of the coefficients (p × p, row-major). */
  readonly variance: Float64Array;
  /** Log partial likelihood at the estimate, without the penalty (lifelines' `log_likelihood_` of a
   *  penalised fit subtracts it; R's coxph reports both). Equal to R's and lifelines' when unpenalised. */
  readonly logLikelihood: number;
  readonly logLikelihoodNull: number;
  readonly likelihoodRatioTest: ChiSquareTest;
  readonly waldTest: ChiSquareTest;
  readonly scoreTest: ChiSquareTest;
  /** Harrell's C of the linear predictor (within strata when stratified). */
  readonly concordance: number;
  /** Its standard error, by the infinitesimal jackknife (R's `se(C)` in `summary(coxph)`). */
  readonly concordanceSe: number;
  /** Partial AIC, −2ℓ + 2p. */
  readonly aic: number;
  readonly n: number;
  readonly nEvents: number;
  readonly nDropped: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly ties: CoxTies;
  readonly penalizer: number;
  readonly l1Ratio: number;
  readonly strata: readonly string[];
  readonly alpha: number;
  /** Covariate means (the reference point of the baseline hazard and of partial hazards). */
  readonly means: readonly number[];
  readonly baselineHazard: readonly BaselineHazard[];
  readonly warnings: readonly ConvergenceWarning[];
  /** (x − x̄)ᵀβ for each row of a table holding the covariates, x̄ the covariate means of the fitted data
   *  (lifelines' `predict_log_partial_hazard`). R's predict(type = "lp") differs by a constant: it centres
   *  0/1 covariates at 0 and, for stratified fits, uses each stratum's means. */
  predictLogPartialHazard(table: Table): Float64Array;
  /** exp((x − x̄)ᵀβ), as lifelines' `predict_partial_hazard` (R's predict(type = "risk") differs by a
   *  constant factor, see `predictLogPartialHazard`; survival curves do not depend on the centring). */
  predictPartialHazard(table: Table): Float64Array;
  /** Survival curves S(t | x) = exp(−H₀(t) exp((x − x̄)ᵀβ)) at `times` (default: the baseline event times). */
  predictSurvival(table: Table, times?: ArrayLike<number>): { time: Float64Array; survival: Float64Array[] };
  toHTML(): string;
}

interface Prepared {
  n: number;
  p: number;
  /** Standardised covariates, rows sorted by stratum then time descending (row-major n × p). */
  x: Float64Array;
  /** The same, column-major (covariate j at xCol[j·n + r]). */
  xCol: Float64Array;
  /** Scratch vectors of length n for `evaluate`. */
  scratch: { risk: Float64Array; eta: Float64Array; c0Of: Float64Array; c1Of: Float64Array; omega: Float64Array; wx: Float64Array };
  time: Float64Array;
  event: Uint8Array;
  /** Start index of each stratum block in the sorted order, plus n. */
  bounds: number[];
  strataLevels: (string | number | boolean | null)[];
  strataCodes: Int32Array;
}

interface Evaluation {
  ll: number;
  grad: Float64Array;
  info: Float64Array;
}

/**
 * Fits a Cox proportional-hazards model.
 * @param table an array of records or a danfo DataFrame. Rows with a missing value in any used column are
 *   dropped (R's `na.omit`), and counted in `nDropped`.
 * @throws ConvergenceError (code CONVERGENCE_FAILED, `reason` naming the cause) for a constant covariate,
 *   collinear covariates, complete separation (a monotone likelihood whose information becomes singular) or
 *   a non-finite likelihood; RadiogxError for unknown columns, bad values or bad options. Quasi-separation
 *   that still converges returns with a "separation" warning.
 * @example coxPH(rossi, { duration: "week", event: "arrest" }).coefficients[0].coef // fin: −0.3794 (R coxph)
 */
export function coxPH(table: Table, options: CoxOptions): CoxResult {
  const ties = options.ties ?? "efron";
  const penalizer = options.penalizer ?? 0;
  const l1Ratio = options.l1Ratio ?? 0;
  const alpha = options.alpha ?? 0.05;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  validateOptions(options, ties, penalizer, l1Ratio, alpha);
  const strataCols = options.strata === undefined ? [] : typeof options.strata === "string" ? [options.strata] : [...options.strata];
  // Arrays of records are read directly (one pass, no intermediate columns); other tables go through the
  // cohort layer's reader.
  const cols = Array.isArray(table) ? null : columnsOf(table, "coxPH");
  const names = cols ? cols.names : Object.keys((table as readonly Record<string, unknown>[])[0] ?? {});
  const covariates = options.covariates
    ? [...options.covariates]
    : names.filter((c) => c !== options.duration && c !== options.event && !strataCols.includes(c));
  if (covariates.length === 0) throw new RadiogxError("INVALID_ARGUMENT", "coxPH: no covariates to fit", { key: "covariates" });

  // Gather the used columns (one pass) and drop rows with missing values.
  const { time, event, xRaw, strataRaw, kept, nAll, n, p, nEvents } = gather(table, cols, names, options, covariates, strataCols);

  // Standardise.
  const means = new Float64Array(p);
  const sds = new Float64Array(p);
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) means[j]! += xRaw[r * p + j]!;
  for (let j = 0; j < p; j++) means[j]! /= n;
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) sds[j]! += (xRaw[r * p + j]! - means[j]!) ** 2;
  for (let j = 0; j < p; j++) {
    sds[j] = Math.sqrt(sds[j]! / Math.max(1, n - 1));
    if (!(sds[j]! > 1e-12 * Math.max(1, Math.abs(means[j]!)))) {
      throw new ConvergenceError("constant-column", `coxPH: covariate "${covariates[j]}" is constant (${formatNumber(means[j]!)}) among the ${n} rows used`, [covariates[j]!], "drop it, or check the rows dropped for missing values");
    }
  }

  // Strata codes and sort by (stratum, time descending).
  const prep = sortAndScale(time, event, xRaw, strataRaw, kept, means, sds, strataCols.length > 0);

  // Newton–Raphson.
  const lambda2 = n * penalizer * (1 - l1Ratio);
  const lambda1 = n * penalizer * l1Ratio;
  const objective = (ev: Evaluation, b: Float64Array) => {
    let pen = 0;
    for (let j = 0; j < p; j++) pen += 0.5 * lambda2 * b[j]! ** 2 + lambda1 * Math.abs(b[j]!);
    return ev.ll - pen;
  };
  let b = new Float64Array(p);
  let ev = evaluate(prep, b, ties);
  checkFinite(ev, covariates);
  const ev0 = ev;
  // The information at β = 0 is the covariance of the covariates over the risk sets: singular there means
  // collinear covariates. Singular later, after it was not, means the fit is running off to infinity
  // (monotone likelihood, separation).
  const info0 = ev0.info.slice();
  const singularAtZero = choleskyInPlace(info0, p);
  if (singularAtZero >= 0 && penalizer === 0) throw collinearity(prep, covariates, singularAtZero);
  let obj = objective(ev, b);
  let converged = false;
  let iterations = 0;
  const step = new Float64Array(p);
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    const singular = direction(ev, b, lambda2, lambda1, p, step);
    if (singular >= 0) throw singularInformation(prep, covariates, singular, b, singularAtZero);
    let scale = 1;
    let bNew = new Float64Array(p);
    let evNew: Evaluation | null = null;
    let objNew = -Infinity;
    for (let halving = 0; halving < 30; halving++) {
      for (let j = 0; j < p; j++) bNew[j] = b[j]! + scale * step[j]!;
      evNew = evaluate(prep, bNew, ties);
      objNew = objective(evNew, bNew);
      if (Number.isFinite(objNew) && objNew >= obj - 1e-12 * Math.abs(obj)) break;
      scale /= 2;
    }
    if (evNew === null || !Number.isFinite(objNew)) {
      throw new ConvergenceError("non-finite", "coxPH: the partial likelihood became non-finite during fitting", covariates, "check for extreme covariate values or separation");
    }
    let maxStep = 0;
    for (let j = 0; j < p; j++) maxStep = Math.max(maxStep, Math.abs(bNew[j]! - b[j]!));
    const change = Math.abs(objNew - obj);
    b = bNew;
    ev = evNew;
    obj = objNew;
    if (maxStep < tolerance || change <= 1e-14 * Math.abs(obj)) {
      converged = true;
      break;
    }
  }
  iterations = Math.min(iterations, maxIterations);

  // Variance: inverse of the (penalised) information, back on the original scale.
  const info = ev.info.slice();
  for (let j = 0; j < p; j++) info[j * p + j]! += lambda2;
  const warnings: ConvergenceWarning[] = [];
  const failed = choleskyInPlace(info, p);
  // Unpenalised, a singular information is an error; a penalised fit (e.g. a pure lasso with more
  // covariates than events) keeps its coefficients and reports that standard errors are not available.
  if (failed >= 0 && penalizer === 0) throw singularInformation(prep, covariates, failed, b, singularAtZero);
  const variance = new Float64Array(p * p).fill(NaN);
  const beta = new Float64Array(p);
  for (let j = 0; j < p; j++) beta[j] = b[j]! / sds[j]!;
  if (failed < 0) {
    const covB = choleskyInverse(info, p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) variance[i * p + j] = covB[i * p + j]! / (sds[i]! * sds[j]!);
  } else {
    warnings.push(
      convergenceWarning(
        "collinearity",
        `coxPH: standard errors, z and p are not available (NaN): the penalised information matrix is singular at "${covariates[failed]}" (more covariates than the data support, or collinear covariates); the coefficients are valid`,
        [covariates[failed]!],
      ),
    );
  }

  const huge = covariates.filter((_, j) => Math.abs(b[j]!) > 10);
  if (huge.length > 0) {
    warnings.push(convergenceWarning("separation", `coxPH: coefficient(s) of ${huge.map((c) => `"${c}"`).join(", ")} are very large (hazard ratio per SD beyond e^10): the likelihood is probably monotone because the covariate separates events from non-events; its estimate and standard error are not reliable`, huge));
  }
  if (!converged) {
    warnings.push(convergenceWarning(huge.length > 0 ? "separation" : "max-iterations", `coxPH: Newton–Raphson did not converge in ${maxIterations} iterations`, huge));
  }

  // Tests.
  const z = normalQuantile(1 - alpha / 2);
  const ll0 = ev0.ll;
  const lr = 2 * (ev.ll - ll0);
  const infoPlain = ev.info.slice();
  let wald = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) wald += b[i]! * infoPlain[i * p + j]! * b[j]!;
  let score = NaN;
  if (singularAtZero < 0) {
    const u = ev0.grad.slice();
    choleskySolveInPlace(info0, p, u);
    score = 0;
    for (let j = 0; j < p; j++) score += ev0.grad[j]! * u[j]!;
  }
  const test = (s: number): ChiSquareTest => Object.freeze({ statistic: s, df: p, pValue: chiSquareSf(s, p) });

  // Concordance of the linear predictor.
  const eta = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += prep.x[r * p + j]! * b[j]!;
    eta[r] = s;
  }
  const cc = concordanceCounts(prep.time, prep.event, eta, prep.strataCodes, true);
  const concordance = (cc.concordant + 0.5 * cc.tied) / (cc.concordant + cc.discordant + cc.tied);
  const concordanceSe = Math.sqrt(concordanceVariance(cc));

  const baselineHazard = baseline(prep, eta, ties);
  const level = `${formatNumber(100 * (1 - alpha))}%`;
  const coefficients: CoxCoefficient[] = covariates.map((name, j) => {
    const coef = beta[j]!;
    const se = Math.sqrt(variance[j * p + j]!);
    const zj = coef / se;
    return Object.freeze({
      name,
      coef,
      se,
      z: zj,
      p: 2 * normalSf(Math.abs(zj)),
      hazardRatio: Math.exp(coef),
      lower: Math.exp(coef - z * se),
      upper: Math.exp(coef + z * se),
      coefLower: coef - z * se,
      coefUpper: coef + z * se,
    });
  });
  const summary: CoxSummaryRow[] = coefficients.map((c) =>
    Object.freeze({
      covariate: c.name,
      coef: c.coef,
      "exp(coef)": c.hazardRatio,
      "se(coef)": c.se,
      [`coef lower ${level}`]: c.coefLower,
      [`coef upper ${level}`]: c.coefUpper,
      [`exp(coef) lower ${level}`]: c.lower,
      [`exp(coef) upper ${level}`]: c.upper,
      "cmp to": 0,
      z: c.z,
      p: c.p,
      "-log2(p)": -Math.log2(c.p),
    }),
  );
  const meansArr = Object.freeze(Array.from(means));
  const linear = (tbl: Table): { lp: Float64Array; strata: Int32Array } => {
    const given = columnsOf(tbl, "coxPH.predict");
    const m = given.n;
    const lp = new Float64Array(m);
    const x = numericColumns(given, "coxPH.predict", { select: covariates }).data;
    for (let j = 0; j < p; j++) {
      const xj = x[j]!;
      for (let i = 0; i < m; i++) {
        if (!Number.isFinite(xj[i]!)) {
          throw new RadiogxError("INVALID_ARGUMENT", `coxPH.predict: covariate "${covariates[j]}" of row ${i} is ${xj[i]}; predictions need every covariate`, { key: covariates[j], hint: "drop or impute rows with missing covariates first" });
        }
        lp[i]! += (xj[i]! - means[j]!) * beta[j]!;
      }
    }
    const st = new Int32Array(m);
    if (strataCols.length > 0) {
      const cols = strataCols.map((c) => getColumn(given, c, "coxPH.predict"));
      const levels = prep.strataLevels.map(String);
      for (let i = 0; i < m; i++) {
        const key = cols.map((col) => String(col[i])).join(", ");
        const s = levels.indexOf(key);
        if (s < 0) throw new RadiogxError("INVALID_ARGUMENT", `coxPH.predict: stratum "${key}" of row ${i} was not in the fitted data`, { key: strataCols[0] });
        st[i] = s;
      }
    }
    return { lp, strata: st };
  };
  const result: CoxResult = {
    coefficients: Object.freeze(coefficients),
    summary: Object.freeze(summary),
    covariates: Object.freeze([...covariates]),
    variance,
    logLikelihood: ev.ll,
    logLikelihoodNull: ll0,
    likelihoodRatioTest: test(lr),
    waldTest: test(wald),
    scoreTest: test(score),
    concordance,
    concordanceSe,
    aic: -2 * ev.ll + 2 * p,
    n,
    nEvents,
    nDropped: nAll - n,
    iterations,
    converged,
    ties,
    penalizer,
    l1Ratio,
    strata: Object.freeze(strataCols),
    alpha,
    means: meansArr,
    baselineHazard,
    warnings: Object.freeze(warnings),
    predictLogPartialHazard: (tbl) => linear(tbl).lp,
    predictPartialHazard(tbl) {
      const lp = linear(tbl).lp;
      for (let i = 0; i < lp.length; i++) lp[i] = Math.exp(lp[i]!);
      return lp;
    },
    predictSurvival(tbl, times) {
      const { lp, strata } = linear(tbl);
      const grid = times !== undefined ? Float64Array.from(times) : unionTimes(baselineHazard);
      const survival = Array.from(lp, (v, i) => {
        const bh = baselineHazard[strata[i]!]!;
        const s = new Float64Array(grid.length);
        const risk = Math.exp(v);
        for (let k = 0; k < grid.length; k++) s[k] = Math.exp(-stepAt(bh.time, bh.cumulativeHazard, grid[k]!, 0) * risk);
        return s;
      });
      return { time: grid, survival };
    },
    toHTML() {
      const cols = ["covariate", "coef", "exp(coef)", "se(coef)", `coef lower ${level}`, `coef upper ${level}`, `exp(coef) lower ${level}`, `exp(coef) upper ${level}`, "z", "p", "-log2(p)"];
      return htmlTable({
        title: `Cox proportional hazards (${ties} ties${strataCols.length ? `, strata ${strataCols.join(", ")}` : ""}${penalizer > 0 ? `, penalizer ${penalizer}, l1Ratio ${l1Ratio}` : ""}): "${options.duration}", "${options.event}"`,
        header: [
          ["subjects", n],
          ["events", nEvents],
          ["dropped (missing values)", nAll - n],
          ["partial log-likelihood", ev.ll],
          ["concordance", `${formatNumber(concordance)} (se ${formatNumber(concordanceSe)})`],
          ["partial AIC", -2 * ev.ll + 2 * p],
          [`likelihood-ratio test`, `${formatNumber(lr)} on ${p} df, p = ${formatNumber(chiSquareSf(lr, p))}`],
          [`Wald test`, `${formatNumber(wald)} on ${p} df, p = ${formatNumber(chiSquareSf(wald, p))}`],
          [`score test`, `${formatNumber(score)} on ${p} df, p = ${formatNumber(chiSquareSf(score, p))}`],
        ],
        columns: cols,
        rows: summary.map((row) => cols.map((c) => row[c]!)),
        notes: warnings.map((w) => w.message),
      });
    },
  };
  return Object.freeze(result);
}

function validateOptions(options: CoxOptions, ties: string, penalizer: number, l1Ratio: number, alpha: number): void {
  checkOptions("coxPH", options, ["duration", "event", "covariates", "ties", "penalizer", "l1Ratio", "strata", "alpha", "maxIterations", "tolerance"]);
  if (ties !== "efron" && ties !== "breslow") throw new RadiogxError("INVALID_SETTING", `coxPH: ties must be "efron" or "breslow", got "${ties}"`, { key: "ties" });
  if (!(penalizer >= 0)) throw new RadiogxError("INVALID_SETTING", `coxPH: penalizer must be ≥ 0, got ${penalizer}`, { key: "penalizer" });
  if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new RadiogxError("INVALID_SETTING", `coxPH: l1Ratio must be in [0, 1], got ${l1Ratio}`, { key: "l1Ratio" });
  if (!(alpha > 0 && alpha < 1)) throw new RadiogxError("INVALID_SETTING", `coxPH: alpha must be in (0, 1), got ${alpha}`, { key: "alpha" });
}

function checkFinite(ev: Evaluation, covariates: readonly string[]): void {
  if (!Number.isFinite(ev.ll)) throw new ConvergenceError("non-finite", "coxPH: the partial likelihood is not finite at β = 0", covariates);
}

/**
 * Log partial likelihood, gradient and information at b.
 *
 * One pass per stratum over subjects in decreasing time accumulates S₀, S₁ (and D₀, D₁ over tied events),
 * the likelihood, the gradient, and the rank-one parts of the information. Its S₂ and D₂ parts are
 * regrouped by subject instead of by event time:
 *   Σ_k (c₀ₖ S₂(tₖ) − c₁ₖ D₂(tₖ)) = Σ_j ω_j x_j x_jᵀ,  ω_j = r_j C₀(t_j) − [j a tied event] c₁ r_j,
 * with C₀(t) = Σ_{tₖ ≤ t} c₀ₖ (everyone at risk at tₖ has t_j ≥ tₖ), so they cost one weighted Gram
 * matrix (column-major dot products) instead of a p × p update per subject. With c_k, e_k as below,
 *   I = Σ_j ω_j x_j x_jᵀ − Σ_k [e₀ S₁S₁ᵀ − e₁(S₁D₁ᵀ + D₁S₁ᵀ) + e₂ D₁D₁ᵀ]ₖ.
 * Breslow (or one event): c₀ = d/S₀, e₀ = d/S₀², c₁ = e₁ = e₂ = 0. Efron: over l = 0..d−1 with
 * f = l/d and den = S₀ − f D₀, c₀ = Σ 1/den, c₁ = Σ f/den, e₀ = Σ 1/den², e₁ = Σ f/den², e₂ = Σ f²/den².
 * Risks are scaled by exp(−max η) per stratum; ω and the rank-one terms are invariant to that scale.
 */
function evaluate(d: Prepared, b: Float64Array, ties: CoxTies): Evaluation {
  const { n, p, x, xCol, time, event, bounds } = d;
  const grad = new Float64Array(p);
  const info = new Float64Array(p * p);
  const s1 = new Float64Array(p);
  const d1 = new Float64Array(p);
  // Per-subject scratch, allocated once per fit (a fit evaluates the likelihood several times).
  const { risk, eta, c0Of, c1Of, omega, wx } = d.scratch;
  c1Of.fill(0);
  // c0Of: c₀ of the block each subject's time belongs to (0 without events); c1Of: c₁ of tied events.
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += x[r * p + j]! * b[j]!;
    eta[r] = s;
  }
  const efron = ties === "efron";
  let ll = 0;
  for (let sIdx = 0; sIdx + 1 < bounds.length; sIdx++) {
    const start = bounds[sIdx]!;
    const end = bounds[sIdx + 1]!;
    let shift = -Infinity;
    for (let r = start; r < end; r++) if (eta[r]! > shift) shift = eta[r]!;
    let s0 = 0;
    s1.fill(0);
    let r = start;
    while (r < end) {
      const t = time[r]!;
      const blockStart = r;
      let dCount = 0;
      let dd0 = 0;
      d1.fill(0);
      while (r < end && time[r] === t) {
        const w = Math.exp(eta[r]! - shift);
        risk[r] = w;
        const row = r * p;
        s0 += w;
        for (let i = 0; i < p; i++) s1[i]! += w * x[row + i]!;
        if (event[r] === 1) {
          dCount++;
          dd0 += w;
          ll += eta[r]!;
          for (let i = 0; i < p; i++) {
            grad[i]! += x[row + i]!;
            d1[i]! += w * x[row + i]!;
          }
        }
        r++;
      }
      if (dCount === 0) {
        for (let q = blockStart; q < r; q++) c0Of[q] = 0;
        continue;
      }
      let c0 = 0;
      let c1 = 0;
      let e0 = 0;
      let e1 = 0;
      let e2 = 0;
      if (!efron || dCount === 1) {
        c0 = dCount / s0;
        e0 = c0 / s0;
        ll -= dCount * (Math.log(s0) + shift);
      } else {
        for (let l = 0; l < dCount; l++) {
          const f = l / dCount;
          const den = s0 - f * dd0;
          const inv = 1 / den;
          ll -= Math.log(den) + shift;
          c0 += inv;
          c1 += f * inv;
          e0 += inv * inv;
          e1 += f * inv * inv;
          e2 += f * f * inv * inv;
        }
      }
      for (let q = blockStart; q < r; q++) {
        c0Of[q] = c0;
        if (event[q] === 1) c1Of[q] = c1;
      }
      for (let i = 0; i < p; i++) {
        const si = s1[i]!;
        const di = d1[i]!;
        grad[i]! -= c0 * si - c1 * di;
        for (let j = i; j < p; j++) {
          const sj = s1[j]!;
          const dj = d1[j]!;
          info[i * p + j]! -= e0 * si * sj - e1 * (si * dj + di * sj) + e2 * di * dj;
        }
      }
    }
  }
  // ω_j = r_j C₀(t_j) − c₁ r_j: C₀ accumulates the blocks from the earliest time up, per stratum.
  for (let sIdx = 0; sIdx + 1 < bounds.length; sIdx++) {
    const start = bounds[sIdx]!;
    let cum = 0;
    for (let r = bounds[sIdx + 1]! - 1; r >= start; r--) {
      if (r === bounds[sIdx + 1]! - 1 || time[r] !== time[r + 1]) cum += c0Of[r]!;
      omega[r] = risk[r]! * (cum - c1Of[r]!);
    }
  }
  for (let i = 0; i < p; i++) {
    const ci = i * n;
    for (let r = 0; r < n; r++) wx[r] = omega[r]! * xCol[ci + r]!;
    for (let j = i; j < p; j++) info[i * p + j]! += dot(wx, 0, xCol, j * n, n);
  }
  symmetrizeFromUpper(info, p);
  return { ll, grad, info };
}

/**
 * The Newton (ridge) or proximal-Newton (elastic net) step from b, written into `step`. Returns −1, or the
 * index of the covariate at which the information matrix is singular.
 * Ridge: (I + λ₂) δ = U − λ₂ b. With λ₁ > 0: coordinate descent on the quadratic model
 *   q(β) = −Uᵀ(β − b) + ½ (β − b)ᵀ I (β − b) + ½ λ₂ ‖β‖² + λ₁ ‖β‖₁.
 */
function direction(ev: Evaluation, b: Float64Array, lambda2: number, lambda1: number, p: number, step: Float64Array): number {
  if (lambda1 === 0) {
    const h = ev.info.slice();
    for (let j = 0; j < p; j++) h[j * p + j]! += lambda2;
    const failed = choleskyInPlace(h, p);
    if (failed >= 0) return failed;
    for (let j = 0; j < p; j++) step[j] = ev.grad[j]! - lambda2 * b[j]!;
    choleskySolveInPlace(h, p, step);
    return -1;
  }
  const beta = b.slice();
  const I = ev.info;
  for (let sweep = 0; sweep < 1000; sweep++) {
    let maxChange = 0;
    for (let j = 0; j < p; j++) {
      // ∂q/∂β_j without the L1 term, at β_j = 0 contribution removed.
      let r = ev.grad[j]!;
      for (let k = 0; k < p; k++) r -= I[j * p + k]! * (beta[k]! - b[k]!);
      const hjj = I[j * p + j]! + lambda2;
      const zj = r + I[j * p + j]! * beta[j]!;
      const nb = softThreshold(zj, lambda1) / hjj;
      maxChange = Math.max(maxChange, Math.abs(nb - beta[j]!));
      beta[j] = nb;
    }
    if (maxChange < 1e-13) break;
  }
  for (let j = 0; j < p; j++) step[j] = beta[j]! - b[j]!;
  return -1;
}

function softThreshold(z: number, g: number): number {
  return z > g ? z - g : z < -g ? z + g : 0;
}

function collinearity(d: Prepared, covariates: readonly string[], failed: number): ConvergenceError {
  // Name the covariates most correlated with the failing one.
  const { n, p, x } = d;
  const partners: string[] = [];
  for (let k = 0; k < p; k++) {
    if (k === failed) continue;
    let s = 0;
    for (let r = 0; r < n; r++) s += x[r * p + failed]! * x[r * p + k]!;
    if (Math.abs(s / (n - 1)) > 0.95) partners.push(covariates[k]!);
  }
  const name = covariates[failed]!;
  return new ConvergenceError(
    "collinearity",
    `coxPH: covariate "${name}" is (nearly) a linear combination of the others${partners.length ? ` (|r| > 0.95 with ${partners.map((c) => `"${c}"`).join(", ")})` : ""}`,
    [name, ...partners],
    "drop one of the collinear covariates, or use a penalizer",
  );
}

/**
 * The error for an information matrix that became singular during fitting: collinearity when it was
 * singular at β = 0 already, otherwise separation (the coefficients named are the largest on the
 * standardised scale, where the likelihood kept improving towards infinity).
 */
function singularInformation(d: Prepared, covariates: readonly string[], failed: number, b: Float64Array, singularAtZero: number): ConvergenceError {
  if (singularAtZero >= 0) return collinearity(d, covariates, failed);
  const order = covariates.map((_, j) => j).sort((i, j) => Math.abs(b[j]!) - Math.abs(b[i]!));
  const largest = Math.abs(b[order[0]!]!);
  const named = order.filter((j) => Math.abs(b[j]!) >= 0.5 * largest).map((j) => covariates[j]!);
  return new ConvergenceError(
    "separation",
    `coxPH: the likelihood is monotone (no finite maximum): ${named.map((c) => `"${c}"`).join(", ")} ${named.length > 1 ? "separate" : "separates"} subjects with early events from the rest, so ${named.length > 1 ? "their coefficients run" : "its coefficient runs"} off to infinity (standardised coefficient ${formatNumber(b[order[0]!]!)} when the information became singular)`,
    named,
    "check the covariate against the event times (e.g. a Kaplan–Meier curve by its values), drop it, or use a penalizer",
  );
}

/** Baseline cumulative hazard per stratum at the covariate means (eta is centred already). */
function baseline(d: Prepared, eta: Float64Array, ties: CoxTies): BaselineHazard[] {
  const out: BaselineHazard[] = [];
  for (let sIdx = 0; sIdx + 1 < d.bounds.length; sIdx++) {
    const start = d.bounds[sIdx]!;
    const end = d.bounds[sIdx + 1]!;
    const times: number[] = [];
    const incs: number[] = [];
    let s0 = 0;
    let r = start;
    while (r < end) {
      const t = d.time[r]!;
      let dCount = 0;
      let dd0 = 0;
      while (r < end && d.time[r] === t) {
        const w = Math.exp(eta[r]!);
        s0 += w;
        if (d.event[r] === 1) {
          dCount++;
          dd0 += w;
        }
        r++;
      }
      if (dCount === 0) continue;
      let h = 0;
      if (ties === "efron") for (let l = 0; l < dCount; l++) h += 1 / (s0 - (l / dCount) * dd0);
      else h = dCount / s0;
      times.push(t);
      incs.push(h);
    }
    // Times were visited in decreasing order: reverse and accumulate.
    const m = times.length;
    const time = new Float64Array(m);
    const cumulativeHazard = new Float64Array(m);
    let acc = 0;
    for (let k = 0; k < m; k++) {
      time[k] = times[m - 1 - k]!;
      acc += incs[m - 1 - k]!;
      cumulativeHazard[k] = acc;
    }
    out.push(Object.freeze({ stratum: d.strataLevels[sIdx] ?? null, time, cumulativeHazard }));
  }
  return out;
}

function unionTimes(bh: readonly BaselineHazard[]): Float64Array {
  const set = new Set<number>();
  for (const b of bh) for (const t of b.time) set.add(t);
  return Float64Array.from([...set].sort((a, b) => a - b));
}

/** Numeric columns of an array of records, read in one pass (missing cells NaN). */
function recordColumns(records: readonly Readonly<Record<string, unknown>>[], used: readonly string[], names: readonly string[]): Float64Array[] {
  for (const name of used) if (!names.includes(name)) throw missingColumnError(name, names, "coxPH");
  const n = records.length;
  const m = used.length;
  const out = used.map(() => new Float64Array(n));
  // A column at a time: one property name per loop keeps the property lookups monomorphic.
  for (let c = 0; c < m; c++) {
    const name = used[c]!;
    const col = out[c]!;
    for (let i = 0; i < n; i++) {
      const v = records[i]![name];
      col[i] = typeof v === "number" ? v : toNumber(v, name, "coxPH");
    }
  }
  return out;
}

function recordColumn(records: readonly Readonly<Record<string, unknown>>[], name: string, names: readonly string[]): unknown[] {
  if (!names.includes(name)) throw missingColumnError(name, names, "coxPH");
  return records.map((r) => r[name]);
}

interface Gathered {
  time: Float64Array;
  event: Uint8Array;
  /** Covariates of the kept rows, row-major n × p. */
  xRaw: Float64Array;
  strataRaw: ArrayLike<unknown>[];
  /** Input row of each kept row. */
  kept: number[];
  nAll: number;
  n: number;
  p: number;
  nEvents: number;
}

/** Reads and validates the used columns, dropping rows with a missing value in any of them. */
function gather(table: Table, cols: Columns | null, names: readonly string[], options: CoxOptions, covariates: readonly string[], strataCols: readonly string[]): Gathered {
  const used = [options.duration, options.event, ...covariates];
  const [timeAll, eventAll, ...covAll] = cols ? numericColumns(cols, "coxPH", { select: used }).data : recordColumns(table as readonly Readonly<Record<string, unknown>>[], used, names);
  const nAll = timeAll!.length;
  const strataRaw = strataCols.map((c) => (cols ? getColumn(cols, c, "coxPH") : recordColumn(table as readonly Readonly<Record<string, unknown>>[], c, names)));
  const kept: number[] = [];
  for (let i = 0; i < nAll; i++) {
    let ok = !Number.isNaN(timeAll![i]!) && !Number.isNaN(eventAll![i]!);
    for (let j = 0; ok && j < covAll.length; j++) if (Number.isNaN(covAll[j]![i]!)) ok = false;
    for (let j = 0; ok && j < strataRaw.length; j++) if (isMissing(strataRaw[j]![i])) ok = false;
    if (ok) kept.push(i);
  }
  const n = kept.length;
  const p = covariates.length;
  if (n === 0) throw new RadiogxError("INVALID_ARGUMENT", "coxPH: no row has all of the used columns", { key: options.duration });
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const xRaw = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    const i = kept[r]!;
    const t = timeAll![i]!;
    if (!(t >= 0) || !Number.isFinite(t)) throw new RadiogxError("INVALID_ARGUMENT", `coxPH: "${options.duration}" of row ${i} is ${t}; times must be finite and ≥ 0`, { key: options.duration });
    time[r] = t;
    const e = eventAll![i]!;
    if (e !== 0 && e !== 1) throw new RadiogxError("INVALID_ARGUMENT", `coxPH: "${options.event}" of row ${i} is ${e}; events must be 1 or 0`, { key: options.event, hint: "data coded 1 = censored, 2 = dead (as R's lung) need `status - 1`" });
    event[r] = e;
    for (let j = 0; j < p; j++) {
      const v = covAll[j]![i]!;
      if (!Number.isFinite(v)) throw new RadiogxError("INVALID_ARGUMENT", `coxPH: covariate "${covariates[j]}" of row ${i} is ${v}`, { key: covariates[j] });
      xRaw[r * p + j] = v;
    }
  }
  let nEvents = 0;
  for (let r = 0; r < n; r++) nEvents += event[r]!;
  if (nEvents === 0) throw new RadiogxError("INVALID_ARGUMENT", `coxPH: no events in "${options.event}" (all censored)`, { key: options.event });

  return { time, event, xRaw, strataRaw, kept, nAll, n, p, nEvents };
}

/**
 * Sorts subjects by (stratum, time descending; equal times in input order) and standardises the
 * covariates, row-major and column-major.
 */
function sortAndScale(time: Float64Array, event: Uint8Array, xRaw: Float64Array, strataRaw: ArrayLike<unknown>[], kept: number[], means: Float64Array, sds: Float64Array, stratified: boolean): Prepared {
  const n = time.length;
  const p = means.length;
  let sc: Int32Array;
  let levels: (string | number | boolean | null)[];
  if (stratified) {
    const strataKey = new Array<unknown>(n);
    for (let r = 0; r < n; r++) strataKey[r] = strataRaw.map((col) => String(col[kept[r]!])).join(", ");
    const enc = encodeGroups(strataKey);
    sc = enc.codes;
    levels = enc.levels;
  } else {
    sc = new Int32Array(n);
    levels = [null];
  }
  // Time descending with ties in input order: the ascending stable order, read block by block from the end.
  const asc = argsort(time);
  const desc = new Int32Array(n);
  let w = 0;
  for (let hi = n; hi > 0; ) {
    let lo = hi - 1;
    while (lo > 0 && time[asc[lo - 1]!] === time[asc[hi - 1]!]) lo--;
    for (let q = lo; q < hi; q++) desc[w++] = asc[q]!;
    hi = lo;
  }
  // Then a stable counting sort by stratum.
  let order = desc;
  if (levels.length > 1) {
    const starts = new Int32Array(levels.length + 1);
    for (let i = 0; i < n; i++) starts[sc[i]! + 1]!++;
    for (let s = 0; s < levels.length; s++) starts[s + 1]! += starts[s]!;
    order = new Int32Array(n);
    for (let q = 0; q < n; q++) order[starts[sc[desc[q]!]!]!++] = desc[q]!;
  }
  const prep: Prepared = {
    n,
    p,
    x: new Float64Array(n * p),
    xCol: new Float64Array(n * p),
    scratch: { risk: new Float64Array(n), eta: new Float64Array(n), c0Of: new Float64Array(n), c1Of: new Float64Array(n), omega: new Float64Array(n), wx: new Float64Array(n) },
    time: new Float64Array(n),
    event: new Uint8Array(n),
    bounds: [],
    strataLevels: levels,
    strataCodes: new Int32Array(n),
  };
  const inv = Float64Array.from(sds, (v) => 1 / v);
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    prep.time[r] = time[i]!;
    prep.event[r] = event[i]!;
    prep.strataCodes[r] = sc[i]!;
    for (let j = 0; j < p; j++) {
      const v = (xRaw[i * p + j]! - means[j]!) * inv[j]!;
      prep.x[r * p + j] = v;
      prep.xCol[j * n + r] = v;
    }
    if (r === 0 || sc[i] !== sc[order[r - 1]!]) prep.bounds.push(r);
  }
  prep.bounds.push(n);
  return prep;
}
