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
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1)) {
      throw new RadiogxError("INVALID_ARGUMENT", `adjustPValues: p-value ${i} is ${v}; p-values must lie in [0, 1]`, { key: "p" });
    }
    idx.push(i);
  }
  const m = idx.length;
  if (m === 0) return out;
  if (method === "none") {
    for (const i of idx) out[i] = p[i]!;
    return out;
  }
  if (method === "bonferroni") {
    for (const i of idx) out[i] = Math.min(1, m * p[i]!);
    return out;
  }
  // Order statistics (stable, ascending).
  const order = Int32Array.from(idx).sort((a, b) => p[a]! - p[b]! || a - b);
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
    out[i] = Math.min(1, running);
  }
  return out;
}
