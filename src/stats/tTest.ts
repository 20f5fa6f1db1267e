/**
 * Two-sample t-tests: Welch's (unequal variances, the default) and Student's (pooled variance).
 *
 * Welch: t = (x̄ − ȳ)/√(s²ₓ/n₁ + s²ᵧ/n₂) on the Welch–Satterthwaite degrees of freedom
 * ν = (s²ₓ/n₁ + s²ᵧ/n₂)² / [(s²ₓ/n₁)²/(n₁ − 1) + (s²ᵧ/n₂)²/(n₂ − 1)] (Welch 1947).
 * Student: t = (x̄ − ȳ)/(s_p√(1/n₁ + 1/n₂)), s²_p = [(n₁ − 1)s²ₓ + (n₂ − 1)s²ᵧ]/(n₁ + n₂ − 2), ν = n₁ + n₂ − 2.
 * As scipy `ttest_ind(equal_var=False / True)` and R `t.test(var.equal = FALSE / TRUE)`.
 *
 * Effect sizes: Cohen's d = (x̄ − ȳ)/s_p and Hedges' g = J·d with the exact small-sample correction
 * J = Γ(ν/2)/(√(ν/2)·Γ((ν − 1)/2)), ν = n₁ + n₂ − 2 (Hedges 1981).
 */
import { RadiogxError } from "../errors";
import { logGamma, studentTCdf, studentTQuantile, studentTSf, studentTTwoSided } from "./distributions";
import type { Alternative } from "./mannWhitney";

export interface TTestOptions {
  /** Default "two-sided"; "greater" tests mean(x) > mean(y). */
  alternative?: Alternative;
  /** Welch's test (default true); false pools the variances (Student). */
  welch?: boolean;
  /** Confidence level of the interval for the mean difference. Default 0.95. */
  confidence?: number;
}

export interface TTestResult {
  test: "welch-t" | "student-t";
  /** t statistic. */
  statistic: number;
  df: number;
  pValue: number;
  alternative: Alternative;
  n1: number;
  n2: number;
  mean1: number;
  mean2: number;
  /** x̄ − ȳ with its confidence interval (two-sided, or one-sided to ±∞ for a one-sided alternative). */
  meanDifference: number;
  ci: [number, number];
  cohensD: number;
  hedgesG: number;
  note?: string;
}

function meanVar(v: ArrayLike<number>): [number, number, number] {
  let n = 0;
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) continue;
    n++;
    m += x;
  }
  m /= n;
  let ss = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) continue;
    ss += (x - m) * (x - m);
  }
  return [n, m, ss / (n - 1)];
}

/**
 * Two-sample t-test (Welch by default) of x against y. NaN values are dropped.
 * @throws RadiogxError when a sample has fewer than 2 non-missing values.
 * @example tTest([5.1, 4.9, 5.6, 5.8], [6.2, 6.6, 6.9, 7.1, 6.4]).pValue // ≈ 0.0050 (Welch)
 */
export function tTest(x: ArrayLike<number>, y: ArrayLike<number>, options: TTestOptions = {}): TTestResult {
  const alternative = options.alternative ?? "two-sided";
  const welch = options.welch ?? true;
  const confidence = options.confidence ?? 0.95;
  const [n1, m1, v1] = meanVar(x);
  const [n2, m2, v2] = meanVar(y);
  if (n1 < 2 || n2 < 2) {
    throw new RadiogxError("INVALID_ARGUMENT", `tTest: ${n1 < 2 ? "x" : "y"} has ${n1 < 2 ? n1 : n2} non-missing values; at least 2 are needed`, { key: n1 < 2 ? "x" : "y" });
  }
  const diff = m1 - m2;
  let se: number;
  let df: number;
  const dfPooled = n1 + n2 - 2;
  const sp2 = ((n1 - 1) * v1 + (n2 - 1) * v2) / dfPooled;
  if (welch) {
    const a = v1 / n1;
    const b = v2 / n2;
    se = Math.sqrt(a + b);
    df = ((a + b) * (a + b)) / ((a * a) / (n1 - 1) + (b * b) / (n2 - 1));
  } else {
    se = Math.sqrt(sp2 * (1 / n1 + 1 / n2));
    df = dfPooled;
  }
  const t = diff / se;
  let p: number;
  let note: string | undefined;
  if (!Number.isFinite(t) || !(df > 0)) {
    p = NaN;
    note = "both samples are constant; the t statistic is undefined";
  } else if (alternative === "two-sided") p = studentTTwoSided(t, df);
  else if (alternative === "greater") p = studentTSf(t, df);
  else p = studentTCdf(t, df);
  let ci: [number, number] = [NaN, NaN];
  if (df > 0 && se > 0) {
    if (alternative === "two-sided") {
      const q = studentTQuantile(0.5 + confidence / 2, df);
      ci = [diff - q * se, diff + q * se];
    } else {
      const q = studentTQuantile(confidence, df);
      ci = alternative === "greater" ? [diff - q * se, Infinity] : [-Infinity, diff + q * se];
    }
  }
  const d = diff / Math.sqrt(sp2);
  const j = Math.exp(logGamma(dfPooled / 2) - 0.5 * Math.log(dfPooled / 2) - logGamma((dfPooled - 1) / 2));
  const result: TTestResult = {
    test: welch ? "welch-t" : "student-t",
    statistic: t,
    df,
    pValue: p,
    alternative,
    n1,
    n2,
    mean1: m1,
    mean2: m2,
    meanDifference: diff,
    ci,
    cohensD: d,
    hedgesG: j * d,
  };
  if (note !== undefined) result.note = note;
  return result;
}
