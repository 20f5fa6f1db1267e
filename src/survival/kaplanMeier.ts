/**
 * Kaplan–Meier estimate of the survival function with Greenwood standard errors and pointwise confidence
 * intervals, as R `survival::survfit` and lifelines' `KaplanMeierFitter`.
 *
 * At each distinct observed time t_i (event or censoring) with n_i subjects at risk and d_i events:
 *   Ŝ(t) = Π_{t_i ≤ t} (1 − d_i / n_i),
 *   Greenwood: σ²(t) = Σ_{t_i ≤ t} d_i / (n_i (n_i − d_i))   (the variance of log Ŝ, i.e. se of H).
 * Confidence intervals (z = Φ⁻¹(1 − α/2)):
 *   "log-log" (default, lifelines' "exponential Greenwood", R conf.type = "log-log"):
 *       exp(−exp(log(−log Ŝ) ± z σ / log Ŝ));
 *   "log" (R's default): Ŝ exp(± z σ), capped at 1;
 *   "plain": Ŝ (1 ± z σ), clipped to [0, 1].
 * Where Ŝ = 1 the interval is [1, 1]; where Ŝ = 0 it is [0, 0].
 * The median is the first time Ŝ ≤ ½; where Ŝ equals ½ exactly over an interval it is the midpoint of that
 * interval (R's rule); its CI is where the upper and lower curves cross ½ (Brookmeyer & Crowley 1982 as
 * implemented by R `quantile.survfit`).
 * References: Kaplan & Meier, JASA 1958; Greenwood 1926; Kalbfleisch & Prentice 2002 §1.3.
 */
import { checkOptions } from "../models/options";
import { RadiogxError } from "../errors";
import { htmlTable, formatNumber } from "../models/html";
import { normalQuantile } from "../stats/distributions";
import { survivalData, orderByTime } from "./input";

export type KaplanMeierConfType = "log-log" | "log" | "plain";

export interface KaplanMeierOptions {
  /** Confidence-interval transform. Default "log-log". */
  confType?: KaplanMeierConfType;
  /** 1 − confidence level. Default 0.05 (95% intervals). */
  alpha?: number;
  /** A label for the curve (a group name), used by plots and `toHTML`. */
  label?: string;
}

export interface KaplanMeierResult {
  readonly label: string;
  /** Distinct observed times (events or censorings), ascending. */
  readonly time: Float64Array;
  readonly atRisk: Float64Array;
  readonly events: Float64Array;
  readonly censored: Float64Array;
  readonly survival: Float64Array;
  /** Greenwood standard error of Ŝ (R's `std.err` is σ, the se of log Ŝ; this is Ŝσ). */
  readonly standardError: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Median survival time (NaN when Ŝ never reaches ½, see `notes`). */
  readonly median: number;
  readonly medianLower: number;
  readonly medianUpper: number;
  readonly n: number;
  readonly nEvents: number;
  /** Subjects dropped for a missing time or event. */
  readonly nDropped: number;
  readonly confType: KaplanMeierConfType;
  readonly alpha: number;
  readonly notes: readonly string[];
  /** Ŝ(t), the step function evaluated at any time (1 before the first time). */
  survivalAt(t: number): number;
  toHTML(): string;
}

const CONF_TYPES: readonly KaplanMeierConfType[] = ["log-log", "log", "plain"];

/**
 * Kaplan–Meier survival curve.
 * @param time follow-up times (≥ 0); missing values drop the subject.
 * @param event 1 for an event, 0 for censored (booleans accepted); omitted means every time is an event.
 * @throws RadiogxError INVALID_ARGUMENT for negative times, event codes other than 0/1, a bad option.
 * @example kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]).survival // Float64Array [0.75, 0.5, 0]
 */
export function kaplanMeier(time: ArrayLike<unknown>, event?: ArrayLike<unknown>, options: KaplanMeierOptions = {}): KaplanMeierResult {
  checkOptions("kaplanMeier", options, ["confType", "alpha", "label"]);
  const confType = options.confType ?? "log-log";
  const alpha = options.alpha ?? 0.05;
  if (!CONF_TYPES.includes(confType)) {
    throw new RadiogxError("INVALID_SETTING", `kaplanMeier: confType "${String(confType)}" is not one of ${CONF_TYPES.join(", ")}`, { key: "confType" });
  }
  if (!(alpha > 0 && alpha < 1)) throw new RadiogxError("INVALID_SETTING", `kaplanMeier: alpha must be in (0, 1), got ${alpha}`, { key: "alpha" });
  const data = survivalData(time, event, "kaplanMeier");
  return kaplanMeierSorted(data.time, data.event, orderByTime(data.time), { confType, alpha, label: options.label ?? "all", nDropped: data.nDropped });
}

/** The estimator on validated data with a precomputed ascending order (used by risk groups and plots). */
export function kaplanMeierSorted(
  t: Float64Array,
  e: Uint8Array,
  order: ArrayLike<number>,
  o: { confType: KaplanMeierConfType; alpha: number; label: string; nDropped: number },
): KaplanMeierResult {
  const n = order.length;
  // Count distinct times.
  let m = 0;
  for (let r = 0; r < n; r++) if (r === 0 || t[order[r]!] !== t[order[r - 1]!]) m++;
  const time = new Float64Array(m);
  const atRisk = new Float64Array(m);
  const events = new Float64Array(m);
  const censored = new Float64Array(m);
  const survival = new Float64Array(m);
  const se = new Float64Array(m);
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  const sigma = new Float64Array(m);
  const z = normalQuantile(1 - o.alpha / 2);
  let s = 1;
  let greenwood = 0;
  let nRisk = n;
  let nEvents = 0;
  let r = 0;
  for (let k = 0; k < m; k++) {
    const tk = t[order[r]!]!;
    let d = 0;
    let c = 0;
    while (r < n && t[order[r]!] === tk) {
      if (e[order[r]!] === 1) d++;
      else c++;
      r++;
    }
    time[k] = tk;
    atRisk[k] = nRisk;
    events[k] = d;
    censored[k] = c;
    if (d > 0) {
      s *= 1 - d / nRisk;
      greenwood += nRisk > d ? d / (nRisk * (nRisk - d)) : Infinity;
    }
    nEvents += d;
    survival[k] = s;
    sigma[k] = Math.sqrt(greenwood);
    se[k] = s > 0 ? s * Math.sqrt(greenwood) : 0;
    const [lo, hi] = interval(s, Math.sqrt(greenwood), z, o.confType);
    lower[k] = lo;
    upper[k] = hi;
    nRisk -= d + c;
  }
  const notes: string[] = [];
  const median = crossing(time, survival);
  const medianLower = crossing(time, lower);
  const medianUpper = crossing(time, upper);
  if (Number.isNaN(median)) notes.push("median not reached: the curve stays above 0.5");
  else if (Number.isNaN(medianUpper)) notes.push("upper confidence limit of the median not reached: the upper band stays above 0.5");
  const result: KaplanMeierResult = {
    label: o.label,
    time,
    atRisk,
    events,
    censored,
    survival,
    standardError: se,
    lower,
    upper,
    median,
    // The lower band crosses ½ first, so it gives the lower limit of the median.
    medianLower,
    medianUpper,
    n,
    nEvents,
    nDropped: o.nDropped,
    confType: o.confType,
    alpha: o.alpha,
    notes: Object.freeze(notes),
    survivalAt(x: number): number {
      return stepAt(time, survival, x, 1);
    },
    toHTML(): string {
      const rows: (string | number)[][] = [];
      for (let k = 0; k < m; k++) rows.push([time[k]!, atRisk[k]!, events[k]!, censored[k]!, survival[k]!, se[k]!, lower[k]!, upper[k]!]);
      const level = `${formatNumber(100 * (1 - o.alpha))}%`;
      return htmlTable({
        title: `Kaplan–Meier estimate "${o.label}": ${n} subjects, ${nEvents} events${o.nDropped > 0 ? `, ${o.nDropped} dropped (missing)` : ""}`,
        header: [
          ["median", median],
          [`median ${level} CI`, `${formatNumber(medianLower)} – ${formatNumber(medianUpper)}`],
          ["confidence interval", `${o.confType}, ${level}`],
        ],
        columns: ["time", "at risk", "events", "censored", "survival", "se", `lower ${level}`, `upper ${level}`],
        rows,
        notes,
      });
    },
  };
  return Object.freeze(result);
}

function interval(s: number, sigma: number, z: number, type: KaplanMeierConfType): [number, number] {
  if (s >= 1) return [1, 1];
  if (s <= 0) return [0, 0];
  if (type === "log-log") {
    const ls = Math.log(s);
    const v = Math.log(-ls);
    const h = (z * sigma) / Math.abs(ls);
    return [Math.exp(-Math.exp(v + h)), Math.exp(-Math.exp(v - h))];
  }
  if (type === "log") return [s * Math.exp(-z * sigma), Math.min(1, s * Math.exp(z * sigma))];
  return [Math.max(0, s * (1 - z * sigma)), Math.min(1, s * (1 + z * sigma))];
}

/**
 * The first time a non-increasing step curve reaches ½: the midpoint of the flat interval when it sits at
 * ½ exactly (R's rule, with tolerance √ε), NaN when it never gets there.
 */
function crossing(time: Float64Array, curve: Float64Array): number {
  const tol = Math.sqrt(Number.EPSILON);
  for (let k = 0; k < time.length; k++) {
    const v = curve[k]!;
    if (Math.abs(v - 0.5) < tol) {
      for (let j = k + 1; j < time.length; j++) if (curve[j]! < v - tol) return (time[k]! + time[j]!) / 2;
      return NaN;
    }
    if (v < 0.5) return time[k]!;
  }
  return NaN;
}

/** Right-continuous step function value at x: y at the last time ≤ x, `before` when x precedes all times. */
export function stepAt(time: Float64Array, y: Float64Array, x: number, before: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? before : y[lo - 1]!;
}
