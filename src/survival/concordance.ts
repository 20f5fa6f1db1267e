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
 * Reference: Harrell, Califf, Pryor, Lee & Rosati, JAMA 1982; Harrell, Lee & Mark, Stat Med 1996.
 */
import { checkOptions } from "../models/options";
import { RadiogxError } from "../errors";
import { encodeGroups } from "../models/table";
import { survivalData } from "./input";
import { argsort } from "./argsort";

export interface ConcordanceOptions {
  /** "risk" (default): higher predictions mean earlier events (Cox linear predictors, hazards);
   *  "survival": higher predictions mean longer survival (predicted times, as lifelines expects). */
  direction?: "risk" | "survival";
  /** Compare pairs only within strata (as R does for a stratified Cox model). */
  strata?: ArrayLike<unknown>;
}

export interface ConcordanceResult {
  readonly cIndex: number;
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
  checkOptions("concordanceIndex", options, ["direction", "strata"]);
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
  const c = concordanceCounts(data.time, data.event, risk, strata);
  const comparable = c.concordant + c.discordant + c.tied;
  if (comparable === 0) throw new RadiogxError("INVALID_ARGUMENT", "concordanceIndex: no comparable pair (no events before another subject's time)", { key: "event" });
  return Object.freeze({
    cIndex: (c.concordant + 0.5 * c.tied) / comparable,
    concordant: c.concordant,
    discordant: c.discordant,
    tiedRisk: c.tied,
    comparable,
    nDropped: data.nDropped,
  });
}

/** Pair counts on validated data; `strata` codes (all 0 for none). */
export function concordanceCounts(
  time: Float64Array,
  event: Uint8Array,
  risk: Float64Array,
  strata: Int32Array,
): { concordant: number; discordant: number; tied: number } {
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
      }
      for (let q = i; q < j; q++) if (event[order[q]!] === 1) {
        add(rank[order[q]!]!);
        inTree++;
      }
      i = j;
    }
    start = end;
  }
  return { concordant, discordant, tied };
}
