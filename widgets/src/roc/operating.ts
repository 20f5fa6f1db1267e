/**
 * An operating point of an ROC curve: the threshold, sensitivity and specificity, and the confusion
 * matrix they imply.
 *
 * The curve is the library's (`rocAuc(...).curve`, as pROC): thresholds ascending from −∞ to +∞, a sample
 * called positive when its (direction-adjusted) score is above the threshold. With m positives and
 * n negatives, at a threshold with sensitivity Se and specificity Sp:
 *   TP = Se · m, FN = m − TP, TN = Sp · n, FP = n − TN (rounded: Se · m is a count up to rounding error),
 *   PPV = TP / (TP + FP), NPV = TN / (TN + FN), accuracy = (TP + TN) / (m + n), Youden J = Se + Sp − 1.
 */
import type { NumericArray } from "../common/array";

export interface RocCurveArrays {
  readonly threshold: NumericArray;
  readonly sensitivity: NumericArray;
  readonly specificity: NumericArray;
}

export interface OperatingPoint {
  readonly index: number;
  readonly threshold: number;
  readonly sensitivity: number;
  readonly specificity: number;
  readonly tp: number;
  readonly fn: number;
  readonly fp: number;
  readonly tn: number;
  /** NaN when nothing is called positive (TP + FP = 0); likewise NPV. */
  readonly ppv: number;
  readonly npv: number;
  readonly accuracy: number;
  readonly youden: number;
}

/** The operating point at curve index `index`. */
export function operatingPoint(curve: RocCurveArrays, nPositive: number, nNegative: number, index: number): OperatingPoint {
  const k = Math.max(0, Math.min(curve.threshold.length - 1, Math.round(index)));
  const se = curve.sensitivity[k]!;
  const sp = curve.specificity[k]!;
  const tp = Math.round(se * nPositive);
  const tn = Math.round(sp * nNegative);
  const fn = nPositive - tp;
  const fp = nNegative - tn;
  return {
    index: k,
    threshold: curve.threshold[k]!,
    sensitivity: se,
    specificity: sp,
    tp,
    fn,
    fp,
    tn,
    ppv: tp + fp > 0 ? tp / (tp + fp) : NaN,
    npv: tn + fn > 0 ? tn / (tn + fn) : NaN,
    accuracy: (tp + tn) / (nPositive + nNegative),
    youden: se + sp - 1,
  };
}

/** Index of the threshold closest to `t` (thresholds ascending; ties to the lower index). */
export function nearestThresholdIndex(threshold: NumericArray, t: number): number {
  const n = threshold.length;
  if (n === 0) return 0;
  if (t === Infinity) return n - 1;
  if (t === -Infinity) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (threshold[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(threshold[lo - 1]! - t) <= Math.abs(threshold[lo]! - t)) return lo - 1;
  return lo;
}

/** Index maximising Youden's J = Se + Sp − 1 (the first one on ties). */
export function youdenIndex(curve: RocCurveArrays): number {
  let best = 0;
  let bestJ = -Infinity;
  for (let k = 0; k < curve.threshold.length; k++) {
    const j = curve.sensitivity[k]! + curve.specificity[k]! - 1;
    if (j > bestJ) {
      bestJ = j;
      best = k;
    }
  }
  return best;
}
