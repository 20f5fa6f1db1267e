/**
 * Stable ascending argsort of finite doubles without comparator calls, for the survival functions that
 * sort subjects by time or by risk (Cox, concordance, Kaplan–Meier). A comparator sort of 10,000 indices
 * costs ~5 ms in V8; this LSD radix sort (four 16-bit digits of the 64-bit key, digits shared by every key
 * skipped) costs well under 1 ms.
 *
 * Key: the IEEE-754 bits of x + 0 (so −0 sorts with +0) read as an unsigned 64-bit integer, with the sign
 * bit flipped for x ≥ 0 and every bit flipped for x < 0, which orders exactly as the numbers do.
 */

/** Below this length a comparator sort is cheaper than clearing the 16-bit digit counts. */
const RADIX_MIN = 1024;

/**
 * Indices 0..n−1 ordering `values` ascending; equal values keep their index order (stable).
 * Every value must be finite (callers validate first).
 */
export function argsort(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < RADIX_MIN) {
    idx.sort((a, b) => values[a]! - values[b]! || a - b);
    return idx;
  }
  const doubles = new Float64Array(n);
  for (let i = 0; i < n; i++) doubles[i] = values[i]! + 0;
  const words = new Uint32Array(doubles.buffer);
  // keys: 4 digits of 16 bits per value, least significant first.
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let l = words[2 * i]!;
    let h = words[2 * i + 1]!;
    if (h & 0x80000000) {
      l = ~l >>> 0;
      h = ~h >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    lo[i] = l;
    hi[i] = h;
  }
  const counts = new Int32Array(65536);
  let src = idx;
  let dst = new Int32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(word[i]! >>> shift) & 0xffff]!++;
    // A digit shared by every key leaves the order as it is.
    if (counts[(word[0]! >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let r = 0; r < n; r++) {
      const i = src[r]!;
      dst[counts[(word[i]! >>> shift) & 0xffff]!++] = i;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
