/**
 * Harrell's concordance index (C-index) for right-censored data, in O(n log n) with a Fenwick tree over
 * the ranks of the predictions.
 *
 * A pair (i, j) is comparable when the subject with the shorter time had an event: T_i < T_j and E_i = 1,
 * or T_i = T_j with E_i = 1 and E_j = 0 (a subject censored at t was still at risk at t). Pairs whose
 * times tie with both events are not comparable. With risk predictions r (higher = earlier event), the pair
 * is concordant when r_i > r_j, discordant when r_i < r_j, tied when equal:
 *   C = (concordant + ½ tied) / (concordant + discordant + tied).
 * This is the convention of R `survival::concordance` (its `concordance` field, with tied.y excluded) and
 * of lifelines' `concordance_index` (which takes predicted survival times: pass `direction: "survival"`).
 *
 * Its standard error is R's: the infinitesimal jackknife. Subject k's influence on C is
 *   ((c_k + ½ t_k) − C · (c_k + d_k + t_k)) / N,
 * where c_k, d_k, t_k count the concordant, discordant and tied comparable pairs k belongs to and N the
 * comparable pairs; the variance is the sum of the squared influences (R `concordance(...)$var`). The
 * confidence interval is C ± z·se, clipped to [0, 1].
 * Reference: Harrell, Califf, Pryor, Lee & Rosati, JAMA 1982; Harrell, Lee & Mark, Stat Med 1996;
 * Therneau & Atkinson, "Concordance", vignette of the R survival package.
 */
import { checkOptions } from "../models/options";
import { RadiogxError } from "../errors";
import { encodeGroups } from "../models/table";
import { survivalData } from "./input";
import { argsort } from "./argsort";
import { normalQuantile } from "../stats/distributions";

export interface ConcordanceOptions {
  /** "risk" (default): higher predictions mean earlier events (Cox linear predictors, hazards);
   *  "survival": higher predictions mean longer survival (predicted times, as lifelines expects). */
  direction?: "risk" | "survival";
  /** Compare pairs only within strata (as R does for a stratified Cox model). */
  strata?: ArrayLike<unknown>;
  /** 1 − confidence level of the interval. Default 0.05. */
  alpha?: number;
}

export interface ConcordanceResult {
  readonly cIndex: number;
  /** Infinitesimal-jackknife variance of C (R `concordance()$var`). */
  readonly variance: number;
  readonly se: number;
  /** C ± z·se, clipped to [0, 1]. */
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly concordant: number;
  readonly discordant: number;
  readonly tiedRisk: number;
  readonly comparable: number;
  readonly nDropped: number;
}

/**
 * Harrell's C-index.
 * @param predicted risk scores (or predicted times with `direction: "survival"`).
 * @throws RadiogxError INVALID_ARGUMENT when there is no comparable pair (no events, or all tied).
 * @example concordanceIndex([1, 2, 3], [3, 2, 1], [1, 1, 1]).cIndex // 1
 */
export function concordanceIndex(
  time: ArrayLike<unknown>,
  predicted: ArrayLike<unknown>,
  event?: ArrayLike<unknown>,
  options: ConcordanceOptions = {},
): ConcordanceResult {
  checkOptions("concordanceIndex", options, ["direction", "strata", "alpha"]);
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RadiogxError("INVALID_ARGUMENT", `concordanceIndex: alpha must be in (0, 1), got ${String(options.alpha)}`, { key: "alpha" });
  const required: Record<string, ArrayLike<unknown>> = { predicted };
  if (options.strata !== undefined) required.strata = options.strata;
  const data = survivalData(time, event, "concordanceIndex", required);
  const n = data.time.length;
  const risk = new Float64Array(n);
  const sign = (options.direction ?? "risk") === "risk" ? 1 : -1;
  const strataRaw = new Array<unknown>(n);
  for (let r = 0; r < n; r++) {
    const v = Number(predicted[data.kept[r]!]);
    if (!Number.isFinite(v)) throw new RadiogxError("INVALID_ARGUMENT", `concordanceIndex: prediction of subject ${data.kept[r]} is ${String(predicted[data.kept[r]!])}`, { key: "predicted" });
    risk[r] = sign * v;
    strataRaw[r] = options.strata === undefined ? 0 : options.strata[data.kept[r]!];
  }
  const strata = encodeGroups(strataRaw).codes;
  const c = concordanceCounts(data.time, data.event, risk, strata, true);
  const comparable = c.concordant + c.discordant + c.tied;
  if (comparable === 0) throw new RadiogxError("INVALID_ARGUMENT", "concordanceIndex: no comparable pair (no events before another subject's time)", { key: "event" });
  const cIndex = (c.concordant + 0.5 * c.tied) / comparable;
  const variance = concordanceVariance(c);
  const se = Math.sqrt(variance);
  const z = normalQuantile(1 - alpha / 2);
  return Object.freeze({
    cIndex,
    variance,
    se,
    ciLower: Math.max(0, cIndex - z * se),
    ciUpper: Math.min(1, cIndex + z * se),
    concordant: c.concordant,
    discordant: c.discordant,
    tiedRisk: c.tied,
    comparable,
    nDropped: data.nDropped,
  });
}

/**
 * Infinitesimal-jackknife variance of Harrell's C from counts made with `perSubject` (R's
 * `concordance()$var`): the sum over subjects of ((c_k + ½ t_k) − C (c_k + d_k + t_k))² / N².
 */
export function concordanceVariance(c: { concordant: number; discordant: number; tied: number; perSubject?: PairCounts }): number {
  const pc = c.perSubject;
  if (!pc) throw new Error("concordanceVariance: counts made without perSubject");
  const comparable = c.concordant + c.discordant + c.tied;
  const cIndex = (c.concordant + 0.5 * c.tied) / comparable;
  let variance = 0;
  for (let k = 0; k < pc.concordant.length; k++) {
    const influence = (pc.concordant[k]! + 0.5 * pc.tied[k]! - cIndex * (pc.concordant[k]! + pc.discordant[k]! + pc.tied[k]!)) / comparable;
    variance += influence * influence;
  }
  return variance;
}

/** Per-subject counts of the comparable pairs each subject belongs to (as the earlier or the later one). */
export interface PairCounts {
  concordant: Float64Array;
  discordant: Float64Array;
  tied: Float64Array;
}

/** Pair counts on validated data; `strata` codes (all 0 for none). With `perSubject`, also each subject's. */
export function concordanceCounts(
  time: Float64Array,
  event: Uint8Array,
  risk: Float64Array,
  strata: Int32Array,
  perSubject = false,
): { concordant: number; discordant: number; tied: number; perSubject?: PairCounts } {
  const n = time.length;
  // Ranks of the risks (1-based, equal risks share a rank).
  const byRisk = argsort(risk);
  const rank = new Int32Array(n);
  let nRanks = 0;
  for (let q = 0; q < n; q++) {
    if (q === 0 || risk[byRisk[q]!] !== risk[byRisk[q - 1]!]) nRanks++;
    rank[byRisk[q]!] = nRanks;
  }
  // Process strata separately, times descending (the order within equal times does not matter).
  const asc = argsort(time);
  let nStrata = 0;
  for (let i = 0; i < n; i++) if (strata[i]! + 1 > nStrata) nStrata = strata[i]! + 1;
  const starts = new Int32Array(nStrata + 1);
  for (let i = 0; i < n; i++) starts[strata[i]! + 1]!++;
  for (let s = 0; s < nStrata; s++) starts[s + 1]! += starts[s]!;
  const order = new Int32Array(n);
  for (let q = n - 1; q >= 0; q--) order[starts[strata[asc[q]!]!]!++] = asc[q]!;
  const tree = new Float64Array(nRanks + 1);
  const add = (r: number) => {
    for (let x = r; x <= nRanks; x += x & -x) tree[x]!++;
  };
  const below = (r: number) => {
    let s = 0;
    for (let x = r; x > 0; x -= x & -x) s += tree[x]!;
    return s;
  };
  const per: PairCounts | undefined = perSubject
    ? { concordant: new Float64Array(n), discordant: new Float64Array(n), tied: new Float64Array(n) }
    : undefined;
  let concordant = 0;
  let discordant = 0;
  let tied = 0;
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n && strata[order[end]!] === strata[order[start]!]) end++;
    tree.fill(0);
    let inTree = 0;
    let i = start;
    while (i < end) {
      let j = i;
      const t = time[order[i]!]!;
      while (j < end && time[order[j]!] === t) j++;
      // Censored at t are comparable with events at t: add them first.
      for (let q = i; q < j; q++) if (event[order[q]!] === 0) {
        add(rank[order[q]!]!);
        inTree++;
      }
      for (let q = i; q < j; q++) {
        const s = order[q]!;
        if (event[s] !== 1) continue;
        const r = rank[s]!;
        const less = below(r - 1);
        const equal = below(r) - less;
        concordant += less;
        tied += equal;
        discordant += inTree - less - equal;
        if (per) {
          per.concordant[s]! += less;
          per.tied[s]! += equal;
          per.discordant[s]! += inTree - less - equal;
        }
      }
      for (let q = i; q < j; q++) if (event[order[q]!] === 1) {
        add(rank[order[q]!]!);
        inTree++;
      }
      i = j;
    }
    if (per) laterSide(start, end);
    start = end;
  }
  return { concordant, discordant, tied, perSubject: per };

  /**
   * The later subject's side of each pair, for the stratum in order[from, to) (times descending): walking
   * times upwards, the tree holds the events at earlier times. An event at t pairs with them; a subject
   * censored at t pairs with them and with the events at t. A pair is concordant when the earlier subject
   * has the higher risk.
   */
  function laterSide(from: number, to: number): void {
    tree.fill(0);
    let inTree = 0;
    let j = to - 1;
    while (j >= from) {
      let i = j;
      const t = time[order[j]!]!;
      while (i >= from && time[order[i]!] === t) i--;
      const tally = (s: number) => {
        const r = rank[s]!;
        const less = below(r - 1);
        const equal = below(r) - less;
        per!.discordant[s]! += less;
        per!.tied[s]! += equal;
        per!.concordant[s]! += inTree - less - equal;
      };
      for (let q = i + 1; q <= j; q++) if (event[order[q]!] === 1) tally(order[q]!);
      for (let q = i + 1; q <= j; q++) if (event[order[q]!] === 1) {
        add(rank[order[q]!]!);
        inTree++;
      }
      for (let q = i + 1; q <= j; q++) if (event[order[q]!] !== 1) tally(order[q]!);
      j = i;
    }
  }
}
