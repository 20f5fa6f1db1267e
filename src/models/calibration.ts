/**
 * Calibration of predicted probabilities: a reliability curve (observed event rate against mean predicted
 * probability per bin, scikit-learn's `calibration_curve`), the Brier score, the calibration intercept and
 * slope of the logistic recalibration logit P(y = 1) = a + b · logit(p̂) (Cox 1958; R rms `val.prob`), and
 * the Hosmer–Lemeshow test over the bins (χ² on g − 2 df; Hosmer & Lemeshow, Commun Stat 1980).
 * Bins: "uniform" splits [0, 1] into equal widths; "quantile" puts equal counts in each bin. Empty bins are
 * left out. Each bin carries a Wilson 95% interval of its observed rate (Wilson, JASA 1927).
 */
import { checkOptions } from "./options";
import { RadiogxError } from "../errors";
import { htmlTable } from "./html";
import { binaryLabels, type Label } from "./labels";
import { ConvergenceError } from "./convergence";
import { fitBinaryLogistic, LogisticRegression } from "./logistic";
import { toFloat64 } from "./table";
import { chiSquareSf, normalQuantile } from "../stats/distributions";

export interface CalibrationBin {
  readonly meanPredicted: number;
  readonly observed: number;
  readonly count: number;
  readonly lower: number;
  readonly upper: number;
}

export interface CalibrationResult {
  readonly bins: readonly CalibrationBin[];
  readonly brier: number;
  /** a in logit P = a + b logit p̂ (0 for perfect calibration). */
  readonly intercept: number;
  /** b (1 for perfect calibration; < 1 means over-confident predictions). */
  readonly slope: number;
  readonly hosmerLemeshow: { readonly statistic: number; readonly df: number; readonly pValue: number };
  readonly n: number;
  /** Why a value is NaN (e.g. the recalibration slope when predictions separate the classes). */
  readonly notes: readonly string[];
  toHTML(): string;
}

export interface CalibrationOptions {
  /** Number of bins. Default 10. */
  bins?: number;
  /** "uniform" (default, as scikit-learn) or "quantile". */
  strategy?: "uniform" | "quantile";
  positive?: Label;
}

/**
 * Calibration of probabilities of the positive class.
 * @throws RadiogxError when a probability lies outside [0, 1].
 */
export function calibration(labels: ArrayLike<unknown>, probabilities: ArrayLike<unknown>, options: CalibrationOptions = {}): CalibrationResult {
  checkOptions("calibration", options, ["bins", "strategy", "positive"]);
  const nBins = options.bins ?? 10;
  const strategy = options.strategy ?? "uniform";
  if (!(Number.isInteger(nBins) && nBins >= 2)) throw new RadiogxError("INVALID_SETTING", `calibration: bins must be an integer ≥ 2, got ${nBins}`, { key: "bins" });
  if (labels.length !== probabilities.length) throw new RadiogxError("INVALID_ARGUMENT", `calibration: ${labels.length} labels but ${probabilities.length} probabilities`, { key: "probabilities" });
  const bl = binaryLabels(labels, options.positive, "calibration");
  const p = toFloat64(probabilities, "probabilities", "calibration");
  const n = p.length;
  for (let i = 0; i < n; i++) {
    if (!(p[i]! >= 0 && p[i]! <= 1)) throw new RadiogxError("INVALID_ARGUMENT", `calibration: probability of sample ${i} is ${p[i]}, outside [0, 1]`, { key: "probabilities", hint: "pass probabilities (predictProba), not decision values" });
  }
  // Bin edges.
  let edges: Float64Array;
  if (strategy === "quantile") {
    const sorted = Float64Array.from(p).sort();
    edges = Float64Array.from({ length: nBins + 1 }, (_, b) => {
      const h = ((n - 1) * b) / nBins;
      const lo = Math.floor(h);
      return sorted[lo]! + (h - lo) * ((sorted[Math.min(n - 1, lo + 1)] ?? sorted[lo]!) - sorted[lo]!);
    });
  } else edges = Float64Array.from({ length: nBins + 1 }, (_, b) => b / nBins);
  // scikit-learn: bin = number of interior edges < p (searchsorted on edges[1:-1]); a value on an edge
  // belongs to the lower bin.
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  const cnt = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    let b = 0;
    while (b < nBins - 1 && edges[b + 1]! < p[i]!) b++;
    sumP[b]! += p[i]!;
    sumY[b]! += bl.y[i]!;
    cnt[b]!++;
  }
  const z = normalQuantile(0.975);
  const bins: CalibrationBin[] = [];
  let hl = 0;
  for (let b = 0; b < nBins; b++) {
    const c = cnt[b]!;
    if (c === 0) continue;
    const obs = sumY[b]! / c;
    const mp = sumP[b]! / c;
    const denom = 1 + (z * z) / c;
    const centre = (obs + (z * z) / (2 * c)) / denom;
    const half = (z * Math.sqrt((obs * (1 - obs)) / c + (z * z) / (4 * c * c))) / denom;
    bins.push(Object.freeze({ meanPredicted: mp, observed: obs, count: c, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) }));
    const expected = sumP[b]!;
    if (expected > 0 && expected < c) hl += (sumY[b]! - expected) ** 2 / (expected * (1 - expected / c));
  }
  let brier = 0;
  for (let i = 0; i < n; i++) brier += (p[i]! - bl.y[i]!) ** 2;
  brier /= n;
  // Logistic recalibration on logit(p̂), clipped away from 0 and 1.
  const eps = 1e-12;
  const logit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    logit[i] = Math.log(q / (1 - q));
  }
  const notes: string[] = [];
  let intercept = NaN;
  let slope = NaN;
  try {
    const fit = fitBinaryLogistic({ n, p: 1, data: logit, names: ["logit"] }, bl.y, new Float64Array(n).fill(1), { ...new LogisticRegression({ penalty: "none" }).params });
    if (fit.converged) {
      intercept = fit.intercept;
      slope = fit.coef[0]!;
    } else notes.push("calibration slope and intercept not computable: the recalibration fit did not converge (predictions separate the classes)");
  } catch (e) {
    if (!(e instanceof ConvergenceError)) throw e;
    notes.push(`calibration slope and intercept not computable: ${e.reason === "separation" ? "the predictions separate the classes perfectly" : "the predictions are constant"}`);
  }
  const df = Math.max(1, bins.length - 2);
  const result: CalibrationResult = {
    bins: Object.freeze(bins),
    brier,
    intercept,
    slope,
    hosmerLemeshow: Object.freeze({ statistic: hl, df, pValue: chiSquareSf(hl, df) }),
    n,
    notes: Object.freeze(notes),
    toHTML() {
      return htmlTable({
        title: `Calibration of ${n} predictions (${bins.length} ${strategy} bins)`,
        header: [
          ["Brier score", brier],
          ["calibration intercept", intercept],
          ["calibration slope", slope],
          ["Hosmer–Lemeshow", `χ² = ${hl.toFixed(3)} on ${df} df, p = ${chiSquareSf(hl, df).toPrecision(3)}`],
        ],
        columns: ["mean predicted", "observed", "n", "lower 95%", "upper 95%"],
        rows: bins.map((b) => [b.meanPredicted, b.observed, b.count, b.lower, b.upper]),
        notes,
      });
    },
  };
  return Object.freeze(result);
}
