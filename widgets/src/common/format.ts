/** Number formatting for labels, readouts and tooltips. */

/** `x` with `digits` significant digits, trimmed; "NaN", "∞" for non-finite values. */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(Math.max(0, digits - 1)).replace("e+", "e");
  const s = x.toPrecision(digits);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** A p-value as analysts read it: 3 significant digits, "< 1e-16" below double precision. */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return "NaN";
  if (p < 1e-16) return "< 1e-16";
  if (p < 1e-3) return p.toExponential(2).replace("e-", "e−");
  return p.toPrecision(3);
}

/** Nice axis ticks covering [lo, hi] with about `count` intervals (1, 2, 5 × 10^k steps). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / mag;
  const step = (f >= 5 ? 10 : f >= 2 ? 5 : f >= 1 ? 2 : 1) * mag;
  const first = Math.ceil(lo / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = first; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : +t.toPrecision(12));
  return ticks;
}
