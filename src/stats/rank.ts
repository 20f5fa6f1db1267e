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
 * @param order optional Float64Array scratch buffer of length ≥ n for the sorted copy.
 * @example rankAverage([10, 20, 20, 5]).ranks // [2, 3.5, 3.5, 1]
 */
export function rankAverage(values: ArrayLike<number>, out?: Float64Array, order?: Float64Array | Int32Array): Ranking {
  const n = values.length;
  const ranks = out ?? new Float64Array(n);
  // Native numeric sort of a copy, then each value's tie block [first, last] by binary search: its average
  // rank is (first + last)/2 + 1. Faster than sorting indices with a comparator.
  const sorted = order instanceof Float64Array && order.length >= n ? order.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = values[i]!;
  sorted.sort();
  let tieSum = 0;
  let tieGroups = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) {
      tieSum += t * t * t - t;
      tieGroups++;
    }
    i = j;
  }
  for (let k = 0; k < n; k++) {
    const v = values[k]!;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (sorted[lo + 1] !== v) {
      ranks[k] = lo + 1;
      continue;
    }
    let up = lo;
    let top = n - 1;
    while (up < top) {
      const mid = (up + top + 1) >> 1;
      if (sorted[mid]! > v) top = mid - 1;
      else up = mid;
    }
    ranks[k] = (lo + up) / 2 + 1;
  }
  return { ranks, tieSum, tieGroups };
}
