/**
 * Threshold metrics of a binary classifier: sensitivity, specificity, accuracy, predictive values and F1 at
 * a threshold, and the threshold maximising Youden's J = sensitivity + specificity − 1 (pROC
 * `coords(roc, "best", best.method = "youden")`, which reports the midpoint threshold between consecutive
 * distinct scores).
 * Reference: Youden, Cancer 1950; Fluss, Faraggi & Reiser, Biometrical J 2005.
 */
import { RadiogxError } from "../errors";
import { checkOptions } from "./options";
import { binaryLabels, type Label } from "./labels";
import { rocCurve } from "./roc";
import { toFloat64 } from "./table";

export interface ThresholdMetrics {
  readonly threshold: number;
  readonly sensitivity: number;
  readonly specificity: number;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  /** Positive predictive value (precision); NaN when nothing is called positive. */
  readonly ppv: number;
  /** Negative predictive value; NaN when nothing is called negative. */
  readonly npv: number;
  readonly f1: number;
  readonly truePositive: number;
  readonly falsePositive: number;
  readonly trueNegative: number;
  readonly falseNegative: number;
}

export interface ThresholdOptions {
  /** The positive class. Default: the second sorted class. */
  positive?: Label;
  /** "higher" (default): scores ≥ threshold are called positive; "lower": scores ≤ threshold are (a marker
   *  that falls with disease; pROC direction ">"). */
  direction?: "higher" | "lower";
}

function directionOf(options: ThresholdOptions, context: string): 1 | -1 {
  const d = options.direction ?? "higher";
  if (d !== "higher" && d !== "lower") throw new RadiogxError("INVALID_SETTING", `${context}: direction must be "higher" or "lower", got "${String(d)}"`, { key: "direction" });
  return d === "higher" ? 1 : -1;
}

/**
 * Metrics when samples with score ≥ threshold (score ≤ threshold with `direction: "lower"`) are called
 * positive.
 * @param threshold default 0.5 (for probabilities).
 */
export function thresholdMetrics(labels: ArrayLike<unknown>, scores: ArrayLike<unknown>, threshold = 0.5, options: ThresholdOptions = {}): ThresholdMetrics {
  checkOptions("thresholdMetrics", options, ["positive", "direction"]);
  if (labels.length !== scores.length) throw new RadiogxError("INVALID_ARGUMENT", `thresholdMetrics: ${labels.length} labels but ${scores.length} scores`, { key: "scores" });
  const sign = directionOf(options, "thresholdMetrics");
  const bl = binaryLabels(labels, options.positive, "thresholdMetrics");
  const s = toFloat64(scores, "scores", "thresholdMetrics");
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < s.length; i++) {
    const called = sign * s[i]! >= sign * threshold;
    if (bl.y[i] === 1) called ? tp++ : fn++;
    else called ? fp++ : tn++;
  }
  const sensitivity = tp / (tp + fn);
  const specificity = tn / (tn + fp);
  const ppv = tp + fp > 0 ? tp / (tp + fp) : NaN;
  return Object.freeze({
    threshold,
    sensitivity,
    specificity,
    accuracy: (tp + tn) / s.length,
    balancedAccuracy: (sensitivity + specificity) / 2,
    ppv,
    npv: tn + fn > 0 ? tn / (tn + fn) : NaN,
    f1: tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0,
    truePositive: tp,
    falsePositive: fp,
    trueNegative: tn,
    falseNegative: fn,
  });
}

/**
 * The threshold maximising Youden's J (the first along the curve on ties), with its sensitivity and
 * specificity. With `direction: "lower"` the threshold is on the scores' own scale and samples at or below
 * it are called positive (pROC's coords "best" for direction ">").
 */
export function youdenThreshold(
  labels: ArrayLike<unknown>,
  scores: ArrayLike<unknown>,
  options: ThresholdOptions = {},
): { readonly threshold: number; readonly sensitivity: number; readonly specificity: number; readonly youden: number } {
  checkOptions("youdenThreshold", options, ["positive", "direction"]);
  if (labels.length !== scores.length) throw new RadiogxError("INVALID_ARGUMENT", `youdenThreshold: ${labels.length} labels but ${scores.length} scores`, { key: "scores" });
  const sign = directionOf(options, "youdenThreshold");
  const bl = binaryLabels(labels, options.positive, "youdenThreshold");
  const raw = toFloat64(scores, "scores", "youdenThreshold");
  const s = new Float64Array(raw.length);
  for (let i = 0; i < s.length; i++) {
    if (!Number.isFinite(raw[i]!)) throw new RadiogxError("INVALID_ARGUMENT", `youdenThreshold: score of sample ${i} is ${raw[i]}`, { key: "scores", hint: "drop or impute samples without a score" });
    s[i] = sign * raw[i]!;
  }
  const c = rocCurve(bl.y, s);
  let best = 0;
  let bestJ = -Infinity;
  for (let k = 0; k < c.threshold.length; k++) {
    const j = c.sensitivity[k]! + c.specificity[k]! - 1;
    if (j > bestJ + 1e-15) {
      bestJ = j;
      best = k;
    }
  }
  return Object.freeze({ threshold: sign * c.threshold[best]!, sensitivity: c.sensitivity[best]!, specificity: c.specificity[best]!, youden: bestJ });
}
