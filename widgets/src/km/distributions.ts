/**
 * The distribution functions the Kaplan–Meier explorer needs in the browser: the upper regularized
 * incomplete gamma function Q(a, x) (for chi-square p-values: P(χ²_k > x) = Q(k/2, x/2)) and the
 * standard normal quantile (for confidence bands).
 *
 * Q(a, x): the series P(a, x) = e^{−x} x^a Σ_{n≥0} x^n / Γ(a + n + 1) for x < a + 1, else the continued
 * fraction for Q evaluated by the modified Lentz method (Numerical Recipes, 3rd ed., §6.2; Press et
 * al. 2007); both to relative 1e-15. ln Γ by the Lanczos approximation (g = 7, n = 9; Lanczos 1964).
 * Normal quantile: Newton's method on Φ(z) = p with Φ(z) = ½ erfc(−z/√2) and erfc(x) = Q(½, x²).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, relative error about 1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), a > 0, x ≥ 0. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    // Series for P.
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 10000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  // Continued fraction for Q (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let hh = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    hh *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * hh;
}

/** P(χ²_df > x): the chi-square survival function. */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}

/** Complementary error function erfc(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x >= 0 ? gammaQ(0.5, x * x) : 2 - gammaQ(0.5, x * x);
}

/** Standard normal upper tail 1 − Φ(z). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p === 0.5) return 0;
  // Work in the smaller tail q (so p = 1e-12 keeps its precision), then give z its sign.
  const upper = p > 0.5;
  const q = upper ? 1 - p : p;
  // Start from the Hastings rational guess (|error| < 5e-4), then Newton on 1 − Φ(z) = q.
  let z = Math.sqrt(-2 * Math.log(q));
  z = z - (2.515517 + 0.802853 * z + 0.010328 * z * z) / (1 + 1.432788 * z + 0.189269 * z * z + 0.001308 * z * z * z);
  for (let i = 0; i < 50; i++) {
    const f = normalSf(z) - q;
    const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    const step = f / pdf; // d(1 − Φ)/dz = −pdf, so z_new = z + f / pdf
    z += step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return upper ? z : -z;
}
