/**
 * Ranks with ties (the "average" method of R `rank` and scipy `rankdata`) and the tie statistics the rank
 * tests correct their variances with.
 */

/** Result of {@link rankAverage}: ranks 1…n (ties share their mean rank) and Σ(t³ − t) over tie groups. */
export interface Ranking {
  ranks: Float64Array;
  /** Σ (t³ − t) over groups of t tied values (0 when there are no ties). */
  tieSum: number;
  /** Number of tied groups (t > 1). */
  tieGroups: number;
}

/**
 * Average ranks of the values (1-based). NaN values must be removed first.
 * @param out optional buffer of length n for the ranks.
 * @param order optional Int32Array buffer of length n used for the sort.
 * @example rankAverage([10, 20, 20, 5]).ranks // [2, 3.5, 3.5, 1]
 */
export function rankAverage(values: ArrayLike<number>, out?: Float64Array, order?: Int32Array): Ranking {
  const n = values.length;
  const ranks = out ?? new Float64Array(n);
  const idx = order ?? new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const sorted = idx.subarray(0, n).sort((a, b) => values[a]! - values[b]!);
  let tieSum = 0;
  let tieGroups = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = values[sorted[i]!]!;
    while (j < n && values[sorted[j]!] === v) j++;
    const r = (i + 1 + j) / 2; // mean of ranks i+1 … j
    for (let k = i; k < j; k++) ranks[sorted[k]!] = r;
    const t = j - i;
    if (t > 1) {
      tieSum += t * t * t - t;
      tieGroups++;
    }
    i = j;
  }
  return { ranks, tieSum, tieGroups };
}
