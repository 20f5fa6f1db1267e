/**
 * Multiple-testing adjustment of p-values, as R `p.adjust` and statsmodels `multipletests` define them.
 *
 * With m the number of non-missing p-values and p₍₁₎ ≤ … ≤ p₍ₘ₎ their order statistics:
 * - `bonferroni`: min(1, m·p)  — family-wise error rate (FWER).
 * - `holm` (Holm 1979): p̃₍ᵢ₎ = maxⱼ≤ᵢ min(1, (m − j + 1)·p₍ⱼ₎)  — FWER, uniformly more powerful than Bonferroni.
 * - `hochberg` (Hochberg 1988): p̃₍ᵢ₎ = minⱼ≥ᵢ min(1, (m − j + 1)·p₍ⱼ₎)  — FWER under independence / PRDS.
 * - `bh` (Benjamini & Hochberg 1995): q₍ᵢ₎ = minⱼ≥ᵢ min(1, m·p₍ⱼ₎/j)  — false discovery rate (FDR) under
 *   independence or positive dependence.
 * - `by` (Benjamini & Yekutieli 2001): the BH values times c(m) = Σₖ₌₁ᵐ 1/k  — FDR under any dependence.
 * - `none`: the p-values unchanged.
 *
 * Missing p-values (NaN) are left out of m and stay NaN in the output, as `p.adjust(p)` does with NA.
 */
import { RadiogxError, nearest } from "../errors";

export type AdjustMethod = "bh" | "by" | "bonferroni" | "holm" | "hochberg" | "none";

export const ADJUST_METHODS: readonly AdjustMethod[] = ["bh", "by", "bonferroni", "holm", "hochberg", "none"];

/** Checks an adjustment method name, with a "did you mean" for near misses (e.g. "fdr" → "bh"). */
export function checkAdjustMethod(method: string): AdjustMethod {
  if ((ADJUST_METHODS as readonly string[]).includes(method)) return method as AdjustMethod;
  const aliases: Record<string, AdjustMethod> = { fdr: "bh", fdr_bh: "bh", BH: "bh", fdr_by: "by", BY: "by" };
  const alias = aliases[method];
  const near = alias ?? nearest(method, ADJUST_METHODS);
  throw new RadiogxError("INVALID_ARGUMENT", `unknown p-value adjustment "${method}"; expected one of ${ADJUST_METHODS.join(", ")}`, {
    key: "adjust",
    hint: near !== undefined ? `did you mean "${near}"?` : undefined,
  });
}

/**
 * Adjusts p-values for multiple testing.
 * @param p p-values in [0, 1]; NaN marks a test that could not be done (left out of the count).
 * @param method default "bh".
 * @returns adjusted values, same length and order as `p` (NaN where `p` is NaN).
 * @throws RadiogxError when a p-value lies outside [0, 1] or the method is unknown.
 * @example adjustPValues([0.01, 0.04, 0.03, NaN], "bh") // [0.03, 0.04, 0.04, NaN]
 */
export function adjustPValues(p: ArrayLike<number>, method: AdjustMethod = "bh"): Float64Array {
  checkAdjustMethod(method);
  const n = p.length;
  const out = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1)) {
      throw new RadiogxError("INVALID_ARGUMENT", `adjustPValues: p-value ${i} is ${v}; p-values must lie in [0, 1]`, { key: "p" });
    }
    m++;
  }
  // The positions of the non-missing p-values (null when none is missing).
  let idx: Int32Array | null = null;
  if (m < n) {
    out.fill(NaN);
    idx = new Int32Array(m);
    for (let i = 0, k = 0; i < n; i++) if (!Number.isNaN(p[i]!)) idx[k++] = i;
  }
  if (m === 0) return out;
  if (method === "none" || method === "bonferroni") {
    const scale = method === "none" ? 1 : m;
    for (let k = 0; k < m; k++) {
      const i = idx === null ? k : idx[k]!;
      out[i] = method === "none" ? p[i]! : Math.min(1, scale * p[i]!);
    }
    return out;
  }
  // Order statistics: an index sort (for large m a radix sort of the IEEE bits, which order non-negative
  // doubles like their values; `out` serves as its scratch), then the running min/max along that order. Tied
  // values end up with the same adjusted value whatever their order, as p.adjust gives them.
  const { order, sorted } = argsortUnit(p, idx, m, out);
  if (m < n) for (let i = 0; i < n; i++) if (Number.isNaN(p[i]!)) out[i] = NaN;
  if (method === "holm") {
    let running = 0;
    for (let j = 0; j < m; j++) {
      running = Math.max(running, Math.min(1, (m - j) * sorted[j]!));
      out[order[j]!] = running;
    }
    return out;
  }
  let factor = 1;
  if (method === "by") {
    factor = 0;
    for (let k = 1; k <= m; k++) factor += 1 / k;
  }
  let running = Infinity;
  for (let j = m - 1; j >= 0; j--) {
    const v = method === "hochberg" ? (m - j) * sorted[j]! : ((m * factor) / (j + 1)) * sorted[j]!;
    running = Math.min(running, v);
    out[order[j]!] = Math.min(1, running);
  }
  return out;
}

/**
 * Indices `idx` sorted by the values p[i] ∈ [0, 1] (stable), with the sorted values. For more than 4096
 * values: an LSD radix sort of (value, index) pairs on the high 32-bit word of each double — sign, exponent
 * and 20 mantissa bits; the bit patterns of non-negative doubles sort as unsigned integers in the order of the
 * values, and for p ≤ 1 the word is below 2³⁰: three stable passes of 10 bits — then an insertion sort on
 * the full values within each run of equal high words (runs are a few keys long). The pairs move together,
 * so nothing is read out of order (random reads cost more than the passes on large arrays). `idx` null
 * means all of 0 … m − 1; `scratch` (at least m long) is used as one of the two buffers of the passes.
 */
function argsortUnit(p: ArrayLike<number>, idx: Int32Array | null, m: number, scratch: Float64Array): { order: Int32Array; sorted: Float64Array } {
  if (m <= 4096) {
    const order = idx === null ? Int32Array.from({ length: m }, (_, k) => k) : Int32Array.from(idx);
    order.sort((a, b) => p[a]! - p[b]! || a - b);
    return { order, sorted: Float64Array.from(order, (i) => p[i]!) };
  }
  let values: Float64Array = scratch.subarray(0, m);
  let order = new Int32Array(m);
  let words = new Uint32Array(values.buffer, values.byteOffset, 2 * m); // little-endian: word 2k + 1 is the high half of value k
  const counts = new Int32Array(3 * RADIX); // the digit histograms of the three passes, in one sweep
  for (let k = 0; k < m; k++) {
    const i = idx === null ? k : idx[k]!;
    values[k] = p[i]! + 0; // + 0 turns −0 into +0
    order[k] = i;
    const h = words[2 * k + 1]!;
    const d0 = h & RADIX_MASK;
    const d1 = RADIX + ((h >>> RADIX_BITS) & RADIX_MASK);
    const d2 = 2 * RADIX + (h >>> (2 * RADIX_BITS));
    counts[d0] = counts[d0]! + 1;
    counts[d1] = counts[d1]! + 1;
    counts[d2] = counts[d2]! + 1;
  }
  let valuesB: Float64Array = new Float64Array(m);
  let orderB = new Int32Array(m);
  for (let pass = 0; pass < 3; pass++) {
    const shift = pass * RADIX_BITS;
    const c = counts.subarray(pass * RADIX, (pass + 1) * RADIX);
    if (c[(words[1]! >>> shift) & RADIX_MASK] === m) continue; // every key has this digit: nothing to move
    let start = 0;
    for (let d = 0; d < RADIX; d++) {
      const t = c[d]!;
      c[d] = start;
      start += t;
    }
    for (let k = 0; k < m; k++) {
      const d = (words[2 * k + 1]! >>> shift) & RADIX_MASK;
      const at = c[d]!;
      c[d] = at + 1;
      valuesB[at] = values[k]!;
      orderB[at] = order[k]!;
    }
    [values, valuesB] = [valuesB, values];
    [order, orderB] = [orderB, order];
    words = new Uint32Array(values.buffer, values.byteOffset, 2 * m);
  }
  if (values.buffer === scratch.buffer) {
    valuesB.set(values); // the sorted values must not live in the caller's output
    values = valuesB;
    words = new Uint32Array(values.buffer, values.byteOffset, 2 * m);
  }
  // Within runs of equal high words, order by the full value (stable insertion sort).
  let start = 0;
  while (start < m) {
    let end = start + 1;
    const h = words[2 * start + 1];
    while (end < m && words[2 * end + 1] === h) end++;
    for (let k = start + 1; k < end; k++) {
      const e = order[k]!;
      const v = values[k]!;
      let j = k - 1;
      while (j >= start && values[j]! > v) {
        order[j + 1] = order[j]!;
        values[j + 1] = values[j]!;
        j--;
      }
      order[j + 1] = e;
      values[j + 1] = v;
    }
    start = end;
  }
  return { order, sorted: values };
}

const RADIX_BITS = 10;
const RADIX = 1 << RADIX_BITS;
const RADIX_MASK = RADIX - 1;
