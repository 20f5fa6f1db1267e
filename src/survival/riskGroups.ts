/**
 * Risk groups from a continuous score (a radiomic signature, a Cox linear predictor): split subjects at the
 * median, at a given cut-off, or at quantiles; estimate each group's Kaplan–Meier curve; compare them with
 * the log-rank test; and give the hazard ratio of each group against the lowest one (Cox, Efron ties).
 * Subjects with a score strictly above a cut go to the higher group. A cut chosen on the same data
 * (e.g. the "optimal" cut-off) overstates separation; choose it on training data and apply it here.
 */
import { checkOptions } from "../models/options";
import { RadiogxError } from "../errors";
import { htmlTable } from "../models/html";
import { coxPH, type CoxResult } from "./cox";
import { kaplanMeierSorted, type KaplanMeierResult, type KaplanMeierConfType } from "./kaplanMeier";
import { logRankTest, type LogRankResult } from "./logRank";
import { survivalData, orderByTime } from "./input";

export interface RiskGroupOptions {
  /** "median" (default), one cut-off value, or quantile probabilities (e.g. [1/3, 2/3] for tertiles). */
  cut?: "median" | number | { readonly quantiles: readonly number[] };
  /** Group names, lowest risk first. Default ["low", "high"] for one cut, else ["G1", "G2", …]. */
  labels?: readonly string[];
  confType?: KaplanMeierConfType;
  alpha?: number;
}

export interface RiskGroupsResult {
  /** The cut-offs used (ascending). */
  readonly cuts: readonly number[];
  readonly labels: readonly string[];
  /** Group label per subject of the input (null for dropped subjects). */
  readonly group: readonly (string | null)[];
  readonly kaplanMeier: readonly KaplanMeierResult[];
  readonly logRank: LogRankResult;
  /** Cox model on group indicators (reference: the lowest group). */
  readonly cox: CoxResult;
  toHTML(): string;
}

/**
 * Splits subjects by risk score and compares the groups' survival.
 * @throws RadiogxError when a group would be empty.
 */
export function riskGroups(time: ArrayLike<unknown>, event: ArrayLike<unknown>, risk: ArrayLike<unknown>, options: RiskGroupOptions = {}): RiskGroupsResult {
  checkOptions("riskGroups", options, ["cut", "labels", "confType", "alpha"]);
  const data = survivalData(time, event, "riskGroups", { risk });
  const n = data.time.length;
  const score = Float64Array.from(data.kept, (i) => Number(risk[i]));
  for (let r = 0; r < n; r++) if (!Number.isFinite(score[r]!)) throw new RadiogxError("INVALID_ARGUMENT", `riskGroups: risk of subject ${data.kept[r]} is ${String(risk[data.kept[r]!])}`, { key: "risk" });
  const sorted = Float64Array.from(score).sort();
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * (sorted[Math.min(n - 1, lo + 1)]! - sorted[lo]!);
  };
  const cutOpt = options.cut ?? "median";
  const cuts = cutOpt === "median" ? [q(0.5)] : typeof cutOpt === "number" ? [cutOpt] : cutOpt.quantiles.map(q).sort((a, b) => a - b);
  const k = cuts.length + 1;
  const labels = options.labels ?? (k === 2 ? ["low", "high"] : Array.from({ length: k }, (_, g) => `G${g + 1}`));
  if (labels.length !== k) throw new RadiogxError("INVALID_ARGUMENT", `riskGroups: ${labels.length} labels for ${k} groups`, { key: "labels" });
  const code = Int32Array.from(score, (s) => {
    let g = 0;
    while (g < cuts.length && s > cuts[g]!) g++;
    return g;
  });
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let r = 0; r < n; r++) members[code[r]!]!.push(r);
  members.forEach((m, g) => {
    if (m.length === 0) throw new RadiogxError("INVALID_ARGUMENT", `riskGroups: group "${labels[g]}" is empty (cut-offs ${cuts.join(", ")})`, { key: "cut" });
  });
  const order = orderByTime(data.time);
  const kaplanMeier = members.map((_, g) => {
    const sub = Array.from(order).filter((i) => code[i] === g);
    return kaplanMeierSorted(data.time, data.event, sub, { confType: options.confType ?? "log-log", alpha: options.alpha ?? 0.05, label: labels[g]!, nDropped: 0 });
  });
  const groupLabels = Array.from(code, (g) => labels[g]!);
  const logRank = logRankTest(data.time, data.event, Array.from(code));
  const rows = Array.from({ length: n }, (_, r) => {
    const rec: Record<string, number> = { time: data.time[r]!, event: data.event[r]! };
    for (let g = 1; g < k; g++) rec[labels[g]!] = code[r] === g ? 1 : 0;
    return rec;
  });
  const cox = coxPH(rows, { duration: "time", event: "event", covariates: labels.slice(1) });
  const group: (string | null)[] = new Array(risk.length).fill(null);
  data.kept.forEach((i, r) => (group[i] = groupLabels[r]!));
  return Object.freeze({
    cuts: Object.freeze(cuts),
    labels: Object.freeze([...labels]),
    group: Object.freeze(group),
    kaplanMeier: Object.freeze(kaplanMeier),
    logRank,
    cox,
    toHTML(): string {
      return htmlTable({
        title: `Risk groups (${k}) split at ${cuts.map((c) => c.toPrecision(4)).join(", ")}: log-rank χ² = ${logRank.statistic.toFixed(2)} on ${logRank.df} df, p = ${logRank.pValue.toPrecision(3)}`,
        columns: ["group", "n", "events", "median survival", "HR vs " + labels[0], "HR lower", "HR upper"],
        rows: kaplanMeier.map((km, g) => {
          const c = g === 0 ? null : cox.coefficients[g - 1]!;
          return [labels[g]!, km.n, km.nEvents, km.median, c ? c.hazardRatio : 1, c ? c.lower : "", c ? c.upper : ""];
        }),
      });
    },
  });
}
