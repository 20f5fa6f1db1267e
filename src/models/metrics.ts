/**
 * Threshold metrics of a binary classifier: sensitivity, specificity, accuracy, predictive values and F1 at
 * a threshold, and the threshold maximising Youden's J = sensitivity + specificity − 1 (pROC
 * `coords(roc, "best", best.method = "youden")`, which reports the midpoint threshold between consecutive
 * distinct scores).
 * Reference: Youden, Cancer 1950; Fluss, Faraggi & Reiser, Biometrical J 2005.
 */
import { RadiogxError } from "../errors";
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

/**
 * Metrics when samples with score ≥ threshold are called positive.
 * @param threshold default 0.5 (for probabilities).
 */
export function thresholdMetrics(labels: ArrayLike<unknown>, scores: ArrayLike<unknown>, threshold = 0.5, options: { positive?: Label } = {}): ThresholdMetrics {
  if (labels.length !== scores.length) throw new RadiogxError("INVALID_ARGUMENT", `thresholdMetrics: ${labels.length} labels but ${scores.length} scores`, { key: "scores" });
  const bl = binaryLabels(labels, options.positive, "thresholdMetrics");
  const s = toFloat64(scores, "scores", "thresholdMetrics");
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < s.length; i++) {
    const called = s[i]! >= threshold;
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

/** The threshold maximising Youden's J (the first such on ties), with its sensitivity and specificity. */
export function youdenThreshold(
  labels: ArrayLike<unknown>,
  scores: ArrayLike<unknown>,
  options: { positive?: Label } = {},
): { readonly threshold: number; readonly sensitivity: number; readonly specificity: number; readonly youden: number } {
  const bl = binaryLabels(labels, options.positive, "youdenThreshold");
  const s = toFloat64(scores, "scores", "youdenThreshold");
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
  return Object.freeze({ threshold: c.threshold[best]!, sensitivity: c.sensitivity[best]!, specificity: c.specificity[best]!, youden: bestJ });
}
