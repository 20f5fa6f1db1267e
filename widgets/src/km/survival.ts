/**
 * Kaplan–Meier curves and the two-group log-rank test, computed in the browser so that moving the cut
 * of the Kaplan–Meier explorer updates the curves and the p-value without a round trip to the kernel.
 * The same definitions as the library's `kaplanMeier` and `logRankTest` (R `survival::survfit` and
 * `survdiff`), checked against them and against lifelines in widgets/test/unit/survival.test.ts.
 *
 * Kaplan–Meier at the distinct observed times t_i with n_i at risk and d_i events:
 *   Ŝ(t) = Π_{t_i ≤ t} (1 − d_i / n_i),  Greenwood σ²(t) = Σ_{t_i ≤ t} d_i / (n_i (n_i − d_i)),
 *   "log-log" band: exp(−exp(log(−log Ŝ) ± z σ / log Ŝ)), z = Φ⁻¹(1 − α/2)  ([1, 1] where Ŝ = 1, [0, 0] where Ŝ = 0).
 * Median: the first time Ŝ ≤ ½; where Ŝ = ½ exactly over an interval, the midpoint of that interval.
 * Log-rank (Mantel 1966) for groups 1 and 2 over the distinct event times:
 *   O₁ − E₁ = Σ (d₁ᵢ − dᵢ n₁ᵢ / nᵢ),  V = Σ dᵢ (nᵢ − dᵢ)/(nᵢ − 1) · (n₁ᵢ/nᵢ)(1 − n₁ᵢ/nᵢ),
 *   χ² = (O₁ − E₁)² / V on 1 df,  p = P(χ²₁ > χ²).
 */
import { chiSquareSf, normalQuantile } from "./distributions";

export interface KmCurve {
  readonly time: Float64Array;
  readonly atRisk: Float64Array;
  readonly events: Float64Array;
  readonly censored: Float64Array;
  readonly survival: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly n: number;
  readonly nEvents: number;
  readonly median: number;
}

/** Indices of `members` (subject indices) sorted by time, ties by index. */
export function sortByTime(time: ArrayLike<number>, members: ArrayLike<number>): Int32Array {
  const order = Int32Array.from(members as ArrayLike<number>);
  order.sort((a, b) => time[a]! - time[b]! || a - b);
  return order;
}

/** The Kaplan–Meier curve of the subjects in `order` (sorted by time, see {@link sortByTime}). */
export function kaplanMeierCurve(time: ArrayLike<number>, event: ArrayLike<number>, order: ArrayLike<number>, alpha = 0.05): KmCurve {
  const n = order.length;
  let m = 0;
  for (let r = 0; r < n; r++) if (r === 0 || time[order[r]!] !== time[order[r - 1]!]) m++;
  const t = new Float64Array(m);
  const atRisk = new Float64Array(m);
  const events = new Float64Array(m);
  const censored = new Float64Array(m);
  const surv = new Float64Array(m);
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  const z = normalQuantile(1 - alpha / 2);
  let s = 1;
  let greenwood = 0;
  let nRisk = n;
  let nEvents = 0;
  let r = 0;
  for (let k = 0; k < m; k++) {
    const tk = time[order[r]!]!;
    let d = 0;
    let c = 0;
    while (r < n && time[order[r]!] === tk) {
      if (event[order[r]!] === 1) d++;
      else c++;
      r++;
    }
    t[k] = tk;
    atRisk[k] = nRisk;
    events[k] = d;
    censored[k] = c;
    if (d > 0) {
      s *= 1 - d / nRisk;
      greenwood += nRisk > d ? d / (nRisk * (nRisk - d)) : Infinity;
    }
    surv[k] = s;
    if (s >= 1) {
      lower[k] = 1;
      upper[k] = 1;
    } else if (s <= 0 || !Number.isFinite(greenwood)) {
      lower[k] = 0;
      upper[k] = s <= 0 ? 0 : 1;
    } else {
      const ls = Math.log(s);
      const sigma = Math.sqrt(greenwood);
      const a = Math.exp(-Math.exp(Math.log(-ls) + (z * sigma) / ls));
      const b = Math.exp(-Math.exp(Math.log(-ls) - (z * sigma) / ls));
      lower[k] = Math.min(a, b);
      upper[k] = Math.max(a, b);
    }
    nEvents += d;
    nRisk -= d + c;
  }
  // Median: first time Ŝ ≤ ½ (midpoint to the next time when Ŝ is exactly ½ there).
  let median = NaN;
  for (let k = 0; k < m; k++) {
    if (surv[k]! <= 0.5) {
      if (Math.abs(surv[k]! - 0.5) < 1e-12 && k + 1 < m) median = (t[k]! + t[k + 1]!) / 2;
      else median = t[k]!;
      break;
    }
  }
  return { time: t, atRisk, events, censored, survival: surv, lower, upper, n, nEvents, median };
}

export interface LogRank2 {
  readonly statistic: number;
  readonly pValue: number;
  readonly observed: [number, number];
  readonly expected: [number, number];
}

/**
 * Two-group log-rank test; `group[i]` is 0 or 1 for the subjects in `order` (sorted by time), anything
 * else leaves the subject out. The statistic is NaN when there is no event or a group is empty.
 */
export function logRank2(time: ArrayLike<number>, event: ArrayLike<number>, group: ArrayLike<number>, order: ArrayLike<number>): LogRank2 {
  let n1 = 0;
  let n = 0;
  for (let r = 0; r < order.length; r++) {
    const g = group[order[r]!];
    if (g === 0 || g === 1) {
      n++;
      if (g === 1) n1++;
    }
  }
  let oMinusE = 0;
  let v = 0;
  let o1 = 0;
  let e1 = 0;
  let dTotal = 0;
  let r = 0;
  const len = order.length;
  while (r < len) {
    const ti = time[order[r]!]!;
    let d = 0;
    let d1 = 0;
    let leave = 0;
    let leave1 = 0;
    while (r < len && time[order[r]!] === ti) {
      const idx = order[r]!;
      const g = group[idx];
      if (g === 0 || g === 1) {
        leave++;
        if (g === 1) leave1++;
        if (event[idx] === 1) {
          d++;
          if (g === 1) d1++;
        }
      }
      r++;
    }
    if (d > 0 && n > 0) {
      const e = (d * n1) / n;
      oMinusE += d1 - e;
      o1 += d1;
      e1 += e;
      dTotal += d;
      if (n > 1) v += ((d * (n - d)) / (n - 1)) * (n1 / n) * (1 - n1 / n);
    }
    n -= leave;
    n1 -= leave1;
  }
  const statistic = v > 0 ? (oMinusE * oMinusE) / v : NaN;
  return {
    statistic,
    pValue: Number.isNaN(statistic) ? NaN : chiSquareSf(statistic, 1),
    observed: [dTotal - o1, o1],
    expected: [dTotal - e1, e1],
  };
}

/** Median of the finite values of `x` at `members` (mean of the two middle values for even counts). */
export function medianOf(x: ArrayLike<number>, members: ArrayLike<number>): number {
  const v: number[] = [];
  for (let r = 0; r < members.length; r++) {
    const a = x[members[r]!]!;
    if (Number.isFinite(a)) v.push(a);
  }
  if (v.length === 0) return NaN;
  v.sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Group by a cut: 0 ("low", x ≤ cut), 1 ("high", x > cut), −1 for a missing x. */
export function groupsByCut(x: ArrayLike<number>, cut: number, out: Int8Array): Int8Array {
  for (let i = 0; i < out.length; i++) {
    const a = x[i]!;
    out[i] = Number.isFinite(a) ? (a > cut ? 1 : 0) : -1;
  }
  return out;
}

/** Subjects with a time, an event code of 0/1 (the others are left out), in index order. */
export function validSubjects(time: ArrayLike<number>, event: ArrayLike<number>): Int32Array {
  const keep: number[] = [];
  for (let i = 0; i < time.length; i++) {
    const t = time[i]!;
    const e = event[i];
    if (Number.isFinite(t) && t >= 0 && (e === 0 || e === 1)) keep.push(i);
  }
  return Int32Array.from(keep);
}

/** Number at risk (time ≥ t) among `order` for each tick time. */
export function atRiskAt(time: ArrayLike<number>, members: ArrayLike<number>, ticks: readonly number[]): number[] {
  return ticks.map((t) => {
    let c = 0;
    for (let r = 0; r < members.length; r++) if (time[members[r]!]! >= t) c++;
    return c;
  });
}
