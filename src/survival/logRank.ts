/**
 * The log-rank test and its weighted relatives for k groups, optionally stratified, as R
 * `survival::survdiff` and lifelines' `multivariate_logrank_test`.
 *
 * At each distinct event time t_i (within a stratum) with n_i at risk (n_gi in group g) and d_i events
 * (d_gi in group g), and a weight w_i:
 *   O_g − E_g = Σ_i w_i (d_gi − d_i n_gi / n_i),
 *   V_gh     = Σ_i w_i² d_i (n_i − d_i)/(n_i − 1) · (n_gi / n_i)(δ_gh − n_hi / n_i).
 * Sums run over strata; the statistic is χ² = (O − E)ᵀ V⁻ (O − E) on the first k − 1 groups, with k − 1
 * degrees of freedom.
 * Weights: "logrank" w = 1 (Mantel 1966); "wilcoxon" w = n_i (Gehan–Breslow); "tarone-ware" w = √n_i;
 * "peto" w = Π_{t_j ≤ t_i} (1 − d_j / (n_j + 1)) (Peto & Peto 1972, as lifelines);
 * `{ rho, gamma }` Fleming–Harrington w = Ŝ(t_i−)^ρ (1 − Ŝ(t_i−))^γ with Ŝ the pooled Kaplan–Meier
 * estimate just before t_i (R survdiff's `rho` is `{ rho, gamma: 0 }`).
 */
import { checkOptions } from "../models/options";
import { RadiogxError } from "../errors";
import { htmlTable } from "../models/html";
import { choleskyInPlace, choleskySolveInPlace } from "../models/linalg";
import { encodeGroups } from "../models/table";
import { chiSquareSf } from "../stats/distributions";
import { survivalData } from "./input";

export type LogRankWeights = "logrank" | "wilcoxon" | "tarone-ware" | "peto" | { readonly rho: number; readonly gamma?: number };

export interface LogRankOptions {
  /** Strata (any values): the test is computed within each and the sums pooled. Default none. */
  strata?: ArrayLike<unknown>;
  /** Weight function. Default "logrank". */
  weights?: LogRankWeights;
}

export interface LogRankGroup {
  readonly level: string | number | boolean;
  readonly n: number;
  readonly observed: number;
  readonly expected: number;
}

export interface LogRankResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  readonly groups: readonly LogRankGroup[];
  /** The (k × k, row-major) variance matrix of O − E. */
  readonly variance: Float64Array;
  readonly weights: string;
  readonly nDropped: number;
  toHTML(): string;
}

/**
 * Compares the survival of k ≥ 2 groups.
 * @param group group label of each subject (any values); subjects with a missing label are dropped.
 * @throws RadiogxError INVALID_ARGUMENT when fewer than two groups remain or the variance is singular.
 * @example logRankTest(lung.time, lung.status, lung.sex).statistic // 10.33 (R survdiff)
 */
export function logRankTest(
  time: ArrayLike<unknown>,
  event: ArrayLike<unknown>,
  group: ArrayLike<unknown>,
  options: LogRankOptions = {},
): LogRankResult {
  checkOptions("logRankTest", options, ["strata", "weights"]);
  const required: Record<string, ArrayLike<unknown>> = { group };
  if (options.strata !== undefined) required.strata = options.strata;
  const data = survivalData(time, event, "logRankTest", required);
  const n = data.time.length;
  const gAll = new Array<unknown>(n);
  const sAll = new Array<unknown>(n);
  for (let r = 0; r < n; r++) {
    gAll[r] = group[data.kept[r]!];
    sAll[r] = options.strata === undefined ? 0 : options.strata[data.kept[r]!];
  }
  const groups = encodeGroups(gAll);
  const strata = encodeGroups(sAll);
  const k = groups.levels.length;
  if (k < 2) throw new RadiogxError("INVALID_ARGUMENT", `logRankTest: needs at least two groups, found ${k}`, { key: "group" });
  const weights = options.weights ?? "logrank";
  const weightName = typeof weights === "string" ? weights : `fleming-harrington(rho=${weights.rho}, gamma=${weights.gamma ?? 0})`;
  if (typeof weights === "string" && !["logrank", "wilcoxon", "tarone-ware", "peto"].includes(weights)) {
    throw new RadiogxError("INVALID_SETTING", `logRankTest: weights "${weights}" is not logrank, wilcoxon, tarone-ware, peto or { rho, gamma }`, { key: "weights" });
  }

  // Sort by stratum, then time.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const t = data.time;
  const sc = strata.codes;
  order.sort((a, b) => sc[a]! - sc[b]! || t[a]! - t[b]! || a - b);

  const oMinusE = new Float64Array(k);
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const V = new Float64Array(k * k);
  const nAtRisk = new Float64Array(k);
  const dGroup = new Float64Array(k);
  const nGroup = new Float64Array(k);
  for (let i = 0; i < n; i++) nGroup[groups.codes[i]!]!++;

  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n && sc[order[end]!] === sc[order[start]!]) end++;
    nAtRisk.fill(0);
    for (let r = start; r < end; r++) nAtRisk[groups.codes[order[r]!]!]!++;
    let nRisk = end - start;
    let kmBefore = 1; // pooled KM just before the current time
    let petoS = 1;
    let r = start;
    while (r < end) {
      const ti = t[order[r]!]!;
      dGroup.fill(0);
      let d = 0;
      let leaving = r;
      while (leaving < end && t[order[leaving]!] === ti) {
        const idx = order[leaving]!;
        if (data.event[idx] === 1) {
          dGroup[groups.codes[idx]!]!++;
          d++;
        }
        leaving++;
      }
      if (d > 0) {
        let w = 1;
        if (weights === "wilcoxon") w = nRisk;
        else if (weights === "tarone-ware") w = Math.sqrt(nRisk);
        else if (weights === "peto") {
          petoS *= 1 - d / (nRisk + 1);
          w = petoS;
        } else if (typeof weights === "object") w = Math.pow(kmBefore, weights.rho) * Math.pow(1 - kmBefore, weights.gamma ?? 0);
        const factor = nRisk > 1 ? (d * (nRisk - d)) / (nRisk - 1) : 0;
        for (let g = 0; g < k; g++) {
          const eg = (d * nAtRisk[g]!) / nRisk;
          observed[g]! += w * dGroup[g]!;
          expected[g]! += w * eg;
          oMinusE[g]! += w * (dGroup[g]! - eg);
          const pg = nAtRisk[g]! / nRisk;
          for (let h = 0; h < k; h++) {
            V[g * k + h]! += w * w * factor * pg * ((g === h ? 1 : 0) - nAtRisk[h]! / nRisk);
          }
        }
        kmBefore *= 1 - d / nRisk;
      }
      for (let q = r; q < leaving; q++) nAtRisk[groups.codes[order[q]!]!]!--;
      nRisk -= leaving - r;
      r = leaving;
    }
    start = end;
  }

  const df = k - 1;
  const sub = new Float64Array(df * df);
  for (let g = 0; g < df; g++) for (let h = 0; h < df; h++) sub[g * df + h] = V[g * k + h]!;
  const failed = choleskyInPlace(sub, df);
  if (failed >= 0) {
    throw new RadiogxError("INVALID_ARGUMENT", `logRankTest: the variance of group "${String(groups.levels[failed])}" is zero (no subject of it at risk at any event time, or no events)`, {
      key: "group",
    });
  }
  const x = oMinusE.slice(0, df);
  choleskySolveInPlace(sub, df, x);
  let statistic = 0;
  for (let g = 0; g < df; g++) statistic += oMinusE[g]! * x[g]!;
  const pValue = chiSquareSf(statistic, df);
  const groupRows: LogRankGroup[] = groups.levels.map((level, g) =>
    Object.freeze({ level, n: nGroup[g]!, observed: observed[g]!, expected: expected[g]! }),
  );
  return Object.freeze({
    statistic,
    df,
    pValue,
    groups: Object.freeze(groupRows),
    variance: V,
    weights: weightName,
    nDropped: data.nDropped,
    toHTML(): string {
      return htmlTable({
        title: `${weightName === "logrank" ? "Log-rank" : `Weighted log-rank (${weightName})`} test, ${k} groups${strata.levels.length > 1 ? `, ${strata.levels.length} strata` : ""}`,
        header: [
          ["chi-square", statistic],
          ["df", df],
          ["p", pValue],
        ],
        columns: ["group", "N", "observed", "expected", "(O-E)^2/E"],
        rows: groupRows.map((g) => [String(g.level), g.n, g.observed, g.expected, (g.observed - g.expected) ** 2 / g.expected]),
        notes: data.nDropped > 0 ? [`${data.nDropped} subjects dropped for missing values`] : [],
      });
    },
  });
}
