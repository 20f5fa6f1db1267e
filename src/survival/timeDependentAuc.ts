/**
 * Cumulative/dynamic time-dependent AUC for a risk score and censored survival times, with inverse
 * probability of censoring weights (Uno, Cai, Tian & Wei, JASA 2007; Hung & Chiang, Can J Stat 2010), as
 * scikit-survival's `cumulative_dynamic_auc`:
 *   AUC(t) = Σ_i Σ_j ω_i I(T_i ≤ t, δ_i = 1) I(T_j > t) [I(r_i > r_j) + ½ I(r_i = r_j)]
 *            / [(Σ_i ω_i I(T_i ≤ t, δ_i = 1)) · #{j : T_j > t}],
 * where risks closer than `tiedTolerance` (chained along the sorted scores) count as equal,
 * with ω_i = 1 / Ĝ(T_i) and Ĝ the Kaplan–Meier estimate of the censoring distribution (censorings
 * counted after events at tied times), from the training data when given. Cases: events by t;
 * controls: subjects still event-free after t.
 * The summary `meanAuc` integrates AUC(t) over the Kaplan–Meier estimate S of the evaluation data
 * (Lambert & Chevret 2014): Σ_k AUC(t_k) (S(t_{k−1}) − S(t_k)) / (1 − S(t_K)), S(t_0) = 1.
 */
import { checkOptions } from "../models/options";
import { RadiogxError } from "../errors";
import { htmlTable } from "../models/html";
import { survivalData, orderByTime } from "./input";
import { kaplanMeierSorted, stepAt } from "./kaplanMeier";

export interface TimeDependentAucOptions {
  /** Training times and events for the censoring distribution. Default: the evaluation data. */
  trainTime?: ArrayLike<unknown>;
  trainEvent?: ArrayLike<unknown>;
  /** Risk scores whose consecutive sorted differences are ≤ this count as tied (scikit-survival's
   *  tied_tol), so floating-point noise does not break ties. Default 1e-8. */
  tiedTolerance?: number;
}

export interface TimeDependentAucResult {
  readonly times: Float64Array;
  readonly auc: Float64Array;
  readonly meanAuc: number;
  readonly nCases: Int32Array;
  readonly nControls: Int32Array;
  toHTML(): string;
}

/**
 * @param times evaluation times, inside the follow-up range (each needs a case and a control).
 * @throws RadiogxError when a time has no case or no control, or the censoring survival is 0 at a case.
 */
export function timeDependentAuc(
  time: ArrayLike<unknown>,
  event: ArrayLike<unknown>,
  risk: ArrayLike<unknown>,
  times: ArrayLike<number>,
  options: TimeDependentAucOptions = {},
): TimeDependentAucResult {
  checkOptions("timeDependentAuc", options, ["trainTime", "trainEvent", "tiedTolerance"]);
  const data = survivalData(time, event, "timeDependentAuc", { risk });
  const n = data.time.length;
  const r = Float64Array.from(data.kept, (i) => Number(risk[i]));
  const train = options.trainTime !== undefined ? survivalData(options.trainTime, options.trainEvent, "timeDependentAuc (training)") : data;
  // Reverse Kaplan–Meier (censoring survival), censorings after events at tied times.
  const order = orderByTime(train.time);
  const gTimes: number[] = [];
  const gValues: number[] = [];
  let atRisk = train.time.length;
  let g = 1;
  let q = 0;
  while (q < order.length) {
    const t = train.time[order[q]!]!;
    let d = 0;
    let c = 0;
    while (q < order.length && train.time[order[q]!] === t) {
      if (train.event[order[q]!] === 1) d++;
      else c++;
      q++;
    }
    const risk2 = atRisk - d;
    if (c > 0 && risk2 > 0) g *= 1 - c / risk2;
    gTimes.push(t);
    gValues.push(g);
    atRisk -= d + c;
  }
  const gT = Float64Array.from(gTimes);
  const gV = Float64Array.from(gValues);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (data.event[i] !== 1) continue;
    const gi = stepAt(gT, gV, data.time[i]!, 1);
    if (!(gi > 0)) throw new RadiogxError("INVALID_ARGUMENT", `timeDependentAuc: the censoring survival is 0 at time ${data.time[i]}; evaluate at earlier times`, { key: "times" });
    weight[i] = 1 / gi;
  }
  const tt = Float64Array.from(times);
  const tol = options.tiedTolerance ?? 1e-8;
  const auc = new Float64Array(tt.length);
  const nCases = new Int32Array(tt.length);
  const nControls = new Int32Array(tt.length);
  // Sort by risk once; for each t, sweep risk groups from low to high.
  const byRisk = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => r[a]! - r[b]!);
  for (let k = 0; k < tt.length; k++) {
    const t = tt[k]!;
    let wCases = 0;
    let controls = 0;
    let num = 0;
    let controlsBelow = 0;
    let s = 0;
    while (s < n) {
      let e = s;
      let groupCasesW = 0;
      let groupControls = 0;
      while (e < n && (e === s || r[byRisk[e]!]! - r[byRisk[e - 1]!]! <= tol)) {
        const i = byRisk[e]!;
        if (data.time[i]! <= t && data.event[i] === 1) {
          groupCasesW += weight[i]!;
          nCases[k]!++;
        } else if (data.time[i]! > t) groupControls++;
        e++;
      }
      num += groupCasesW * (controlsBelow + 0.5 * groupControls);
      controlsBelow += groupControls;
      wCases += groupCasesW;
      controls += groupControls;
      s = e;
    }
    if (wCases === 0 || controls === 0) {
      throw new RadiogxError("INVALID_ARGUMENT", `timeDependentAuc: at time ${t} there are ${nCases[k]} cases and ${controls} controls; both are needed`, { key: "times", hint: "choose times inside the follow-up range" });
    }
    nControls[k] = controls;
    auc[k] = num / (wCases * controls);
  }
  let meanAuc = auc[0]!;
  if (tt.length > 1) {
    const km = kaplanMeierSorted(data.time, data.event, orderByTime(data.time), { confType: "log-log", alpha: 0.05, label: "all", nDropped: 0 });
    let prev = 1;
    let integral = 0;
    for (let k = 0; k < tt.length; k++) {
      const sk = km.survivalAt(tt[k]!);
      integral += auc[k]! * (prev - sk);
      prev = sk;
    }
    meanAuc = integral / (1 - prev);
  }
  return Object.freeze({
    times: tt,
    auc,
    meanAuc,
    nCases,
    nControls,
    toHTML: () =>
      htmlTable({
        title: `Cumulative/dynamic time-dependent AUC (IPCW), ${n} subjects; integrated mean AUC ${meanAuc.toFixed(3)}`,
        columns: ["time", "AUC", "cases", "controls"],
        rows: Array.from(tt, (t, k) => [t, auc[k]!, nCases[k]!, nControls[k]!]),
      }),
  });
}
