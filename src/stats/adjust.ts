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
  // Order statistics: an index sort (radix sort of the IEEE bits for large m, which order non-negative
  // doubles like their values), then the running min/max along that order. Tied values end up with the same
  // adjusted value whatever their order, as p.adjust gives them.
  const order = argsortUnit(p, idx);
  const adj = new Float64Array(m);
  if (method === "holm") {
    let running = 0;
    for (let j = 0; j < m; j++) {
      const i = order[j]!;
      running = Math.max(running, Math.min(1, (m - j) * p[i]!));
      out[i] = running;
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
    const i = order[j]!;
    const v = method === "hochberg" ? (m - j) * p[i]! : ((m * factor) / (j + 1)) * p[i]!;
    running = Math.min(running, v);
    adj[j] = Math.min(1, running);
    out[i] = adj[j]!;
  }
  return out;
}

/**
 * Indices `idx` sorted by the values p[i] ∈ [0, 1] (stable). For more than 4096 values: an LSD radix sort on
 * the high 32 bits of each double (sign, exponent and 20 mantissa bits) in 8-bit passes — O(m), no
 * comparator; the bit patterns of non-negative doubles sort as unsigned integers in the order of the values —
 * then an insertion sort on the full values within each run of equal high words (runs are a few keys long).
 */
function argsortUnit(p: ArrayLike<number>, idx: Int32Array): Int32Array {
  const m = idx.length;
  if (m <= 4096) return Int32Array.from(idx).sort((a, b) => p[a]! - p[b]! || a - b);
  const scratch = new Float64Array(1);
  const scratchWords = new Uint32Array(scratch.buffer); // little-endian: word 1 is the high half
  let hi = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    scratch[0] = p[idx[k]!]! + 0; // + 0 turns −0 into +0
    hi[k] = scratchWords[1]!;
  }
  let hi2 = new Uint32Array(m);
  let src = Int32Array.from(idx);
  let dst = new Int32Array(m);
  const count = new Int32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    count.fill(0);
    for (let k = 0; k < m; k++) count[(hi[k]! >>> shift) & 0xff]!++;
    if (count[(hi[0]! >>> shift) & 0xff] === m) continue; // every key has this digit: nothing to do
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) {
      const h = hi[k]!;
      const at = count[(h >>> shift) & 0xff]!++;
      dst[at] = src[k]!;
      hi2[at] = h;
    }
    const t = src;
    src = dst;
    dst = t;
    const th = hi;
    hi = hi2;
    hi2 = th;
  }
  // Within runs of equal high words, order by the full value (stable insertion sort).
  let start = 0;
  while (start < m) {
    let end = start + 1;
    while (end < m && hi[end] === hi[start]) end++;
    for (let k = start + 1; k < end; k++) {
      const e = src[k]!;
      const v = p[e]!;
      let j = k - 1;
      while (j >= start && p[src[j]!]! > v) {
        src[j + 1] = src[j]!;
        j--;
      }
      src[j + 1] = e;
    }
    start = end;
  }
  return src;
}
