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
  const out = new Float64Array(n).fill(NaN);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1)) {
      throw new RadiogxError("INVALID_ARGUMENT", `adjustPValues: p-value ${i} is ${v}; p-values must lie in [0, 1]`, { key: "p" });
    }
    m++;
  }
  const idx = new Int32Array(m);
  for (let i = 0, k = 0; i < n; i++) if (!Number.isNaN(p[i]!)) idx[k++] = i;
  if (m === 0) return out;
  if (method === "none") {
    for (const i of idx) out[i] = p[i]!;
    return out;
  }
  if (method === "bonferroni") {
    for (const i of idx) out[i] = Math.min(1, m * p[i]!);
    return out;
  }
  // Order statistics: an index sort (for large m a native sort of the IEEE bits, which order non-negative
  // doubles like their values), then the running min/max along that order. Tied values end up with the same
  // adjusted value whatever their order, as p.adjust gives them.
  const { order, sorted } = argsortUnit(p, idx);
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
 * values: one native sort of 64-bit keys whose upper half is the high word of the double (sign, exponent,
 * 20 mantissa bits — the bit patterns of non-negative doubles sort as unsigned integers in the order of the
 * values) and whose lower half is the position; then an insertion sort on the full values within each run of
 * equal high words (runs are a few keys long). No comparator calls, and the values are read out of order once.
 */
function argsortUnit(p: ArrayLike<number>, idx: Int32Array): { order: Int32Array; sorted: Float64Array } {
  const m = idx.length;
  if (m <= 4096) {
    const order = Int32Array.from(idx).sort((a, b) => p[a]! - p[b]! || a - b);
    return { order, sorted: Float64Array.from(order, (i) => p[i]!) };
  }
  const scratch = new Float64Array(1);
  const scratchWords = new Uint32Array(scratch.buffer); // little-endian: word 1 is the high half
  const keys = new BigUint64Array(m);
  const words = new Uint32Array(keys.buffer); // key k: word 2k = position, word 2k + 1 = high word
  for (let k = 0; k < m; k++) {
    scratch[0] = p[idx[k]!]! + 0; // + 0 turns −0 into +0
    words[2 * k] = k;
    words[2 * k + 1] = scratchWords[1]!;
  }
  keys.sort();
  const order = new Int32Array(m);
  const sorted = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = idx[words[2 * k]!]!;
    order[k] = i;
    sorted[k] = p[i]! + 0;
  }
  // Within runs of equal high words, order by the full value (stable insertion sort).
  let start = 0;
  while (start < m) {
    let end = start + 1;
    const h = words[2 * start + 1];
    while (end < m && words[2 * end + 1] === h) end++;
    for (let k = start + 1; k < end; k++) {
      const e = order[k]!;
      const v = sorted[k]!;
      let j = k - 1;
      while (j >= start && sorted[j]! > v) {
        order[j + 1] = order[j]!;
        sorted[j + 1] = sorted[j]!;
        j--;
      }
      order[j + 1] = e;
      sorted[j + 1] = v;
    }
    start = end;
  }
  return { order, sorted };
}
