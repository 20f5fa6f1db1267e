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

/** Longest input ranked by the radix path (longer ones, and non-finite values, by sort and search). */
const RADIX_MAX = 1 << 16;
/** Longest run of keys equal in their high word that is not all ties before the radix path gives up. */
const RUN_MAX = 64;

// Scratch of the radix path, grown as needed (at most RADIX_MAX long: 1.3 MB in all).
let scratchIndex = new Int32Array(0);
let scratchIndex2 = new Int32Array(0);
let scratchSorted = new Float64Array(0);
let scratchWords = new Uint32Array(0); // scratchSorted's words (little-endian: 2k + 1 is the high half of k)
let scratchKeys = new Uint32Array(0);
let scratchKeys2 = new Uint32Array(0);
const byteCounts = new Int32Array(4 * 256);

/**
 * Average ranks of the values (1-based). NaN values must be removed first.
 * @param out optional buffer of length n for the ranks.
 * @param order optional Float64Array scratch buffer of length ≥ n (used for inputs longer than 65,536).
 * @example rankAverage([10, 20, 20, 5]).ranks // [2, 3.5, 3.5, 1]
 */
export function rankAverage(values: ArrayLike<number>, out?: Float64Array, order?: Float64Array | Int32Array): Ranking {
  const n = values.length;
  const ranks = out ?? new Float64Array(n);
  if (n <= RADIX_MAX && radixOrder(values)) {
    const ranked = rankRuns(values, ranks, n);
    if (ranked !== null) return ranked;
  }
  const sorted = order instanceof Float64Array && order.length >= n ? order.subarray(0, n) : new Float64Array(n);
  return rankBySearch(values, ranks, sorted);
}

/**
 * The permutation sorting the high words of `values` (into sortedKeys, sortedIndex): an LSD radix
 * sort (stable, a byte per pass, carrying the indices) of the high 32-bit word of each double made to sort as
 * an unsigned integer (sign bit flipped; all bits flipped for negatives), skipping bytes equal in every key;
 * see rankRuns for the runs of equal high words. No comparator calls. False (nothing done) when a value is
 * not finite.
 */
function radixOrder(values: ArrayLike<number>): boolean {
  const n = values.length;
  if (scratchIndex.length < n) {
    const size = Math.max(n, 2 * scratchIndex.length);
    scratchIndex = new Int32Array(size);
    scratchIndex2 = new Int32Array(size);
    scratchSorted = new Float64Array(size);
    scratchWords = new Uint32Array(scratchSorted.buffer);
    scratchKeys = new Uint32Array(size);
    scratchKeys2 = new Uint32Array(size);
  }
  let keys = scratchKeys;
  let keys2 = scratchKeys2;
  let index = scratchIndex;
  let index2 = scratchIndex2;
  const doubles = scratchSorted; // as the doubles whose high words are read
  const words = scratchWords;
  const counts = byteCounts;
  counts.fill(0);
  for (let k = 0; k < n; k++) {
    const v = values[k]!;
    if (!(Math.abs(v) < Infinity)) return false;
    doubles[k] = v + 0; // −0 → +0: equal values, equal keys
    const h = words[2 * k + 1]!;
    const key = (h ^ ((h >> 31) | 0x80000000)) >>> 0;
    keys[k] = key;
    index[k] = k;
    const b0 = key & 255;
    const b1 = 256 + ((key >>> 8) & 255);
    const b2 = 512 + ((key >>> 16) & 255);
    const b3 = 768 + (key >>> 24);
    counts[b0] = counts[b0]! + 1;
    counts[b1] = counts[b1]! + 1;
    counts[b2] = counts[b2]! + 1;
    counts[b3] = counts[b3]! + 1;
  }
  for (let shift = 0; shift < 32; shift += 8) {
    const c = counts.subarray(shift * 32, shift * 32 + 256);
    if (c[(keys[0]! >>> shift) & 255] === n) continue; // every key has this byte: nothing to move
    let at = 0;
    for (let d = 0; d < 256; d++) {
      const t = c[d]!;
      c[d] = at;
      at += t;
    }
    for (let k = 0; k < n; k++) {
      const key = keys[k]!;
      const d = (key >>> shift) & 255;
      const to = c[d]!;
      c[d] = to + 1;
      keys2[to] = key;
      index2[to] = index[k]!;
    }
    [keys, keys2] = [keys2, keys];
    [index, index2] = [index2, index];
  }
  sortedKeys = keys;
  sortedIndex = index;
  return true;
}

/** The key and index arrays holding the sorted order after radixOrder (one of the two scratch buffers each). */
let sortedKeys = new Uint32Array(0);
let sortedIndex = new Int32Array(0);

/**
 * Average ranks from the order radixOrder left, in one pass over the runs of equal high words: a run of one
 * value takes its position; a longer run (ties, or values within 2⁻²⁰ of each other) is put in order of the
 * full values by insertion and its tie blocks take their mean positions. Null (ranks incomplete) when a run
 * of distinct values is longer than RUN_MAX (the insertion sort would be slow).
 */
function rankRuns(values: ArrayLike<number>, ranks: Float64Array, n: number): Ranking | null {
  const keys = sortedKeys;
  const index = sortedIndex;
  const sorted = scratchSorted;
  let tieSum = 0;
  let tieGroups = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    const h = keys[start];
    while (end < n && keys[end] === h) end++;
    if (end === start + 1) {
      ranks[index[start]!] = start + 1;
      start = end;
      continue;
    }
    for (let k = start; k < end; k++) sorted[k] = values[index[k]!]!;
    if (end - start > RUN_MAX) {
      for (let k = start + 1; k < end; k++) if (sorted[k] !== sorted[start]) return null;
    }
    for (let k = start + 1; k < end; k++) {
      const e = index[k]!;
      const v = sorted[k]!;
      let j = k - 1;
      while (j >= start && sorted[j]! > v) {
        index[j + 1] = index[j]!;
        sorted[j + 1] = sorted[j]!;
        j--;
      }
      index[j + 1] = e;
      sorted[j + 1] = v;
    }
    let i = start;
    while (i < end) {
      let j = i + 1;
      while (j < end && sorted[j] === sorted[i]) j++;
      const t = j - i;
      if (t > 1) {
        tieSum += t * t * t - t;
        tieGroups++;
        const r = (i + j - 1) / 2 + 1;
        for (let k = i; k < j; k++) ranks[index[k]!] = r;
      } else {
        ranks[index[i]!] = i + 1;
      }
      i = j;
    }
    start = end;
  }
  return { ranks, tieSum, tieGroups };
}

/**
 * Average ranks by a native numeric sort of a copy and, for each value, its tie block [first, last] by
 * binary search: rank (first + last)/2 + 1. For long inputs and non-finite values.
 */
function rankBySearch(values: ArrayLike<number>, ranks: Float64Array, sorted: Float64Array): Ranking {
  const n = values.length;
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
