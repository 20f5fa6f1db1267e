/**
 * ROC explorer operating points (widgets/src/roc/operating.ts) on pROC's aSAH data (s100b → outcome
 * Poor): the confusion matrix at every threshold of the library's `rocAuc` curve equals scikit-learn's
 * `confusion_matrix(y, s > t)` (venv; skipped without it), and Youden's optimum is pROC's
 * `coords(roc(aSAH$outcome, aSAH$s100b), "best")`: threshold 0.205, specificity 0.8055556 (58 of the
 * 72 Good), sensitivity 0.6341463 (26 of the 41 Poor) — the pROC documentation example.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { rocAuc } from "../../../src/models/roc";
import { hasPythonModules, refPath, runPythonJson } from "../../../test/refdata";
import { readCsv } from "../../../test/survival/peers";
import { nearestThresholdIndex, operatingPoint, youdenIndex } from "../../src/roc/operating";

const haveData = existsSync(refPath("stats", "aSAH.csv"));

function asah() {
  const rows = readCsv(refPath("stats", "aSAH.csv"));
  return { outcome: rows.map((r) => String(r.outcome)), s100b: rows.map((r) => Number(r.s100b)) };
}

describe.skipIf(!haveData)("operating points on aSAH s100b", () => {
  it("Youden's optimum is pROC's best threshold 0.205 (Se 26/41, Sp 58/72)", () => {
    const d = asah();
    const roc = rocAuc(d.outcome, d.s100b);
    const k = youdenIndex(roc.curve);
    const op = operatingPoint(roc.curve, roc.nPositive, roc.nNegative, k);
    expect(op.threshold).toBeCloseTo(0.205, 10);
    expect(op.sensitivity).toBeCloseTo(0.6341463, 7);
    expect(op.specificity).toBeCloseTo(0.8055556, 7);
    expect([op.tp, op.fn, op.fp, op.tn]).toEqual([26, 15, 14, 58]);
    expect(nearestThresholdIndex(roc.curve.threshold, 0.2049)).toBe(k);
    expect(nearestThresholdIndex(roc.curve.threshold, Infinity)).toBe(roc.curve.threshold.length - 1);
  });

  it.skipIf(!hasPythonModules("sklearn"))("confusion matrix at every threshold equals scikit-learn's (venv)", async () => {
    const d = asah();
    const roc = rocAuc(d.outcome, d.s100b);
    const thresholds = Array.from(roc.curve.threshold).filter((t) => Number.isFinite(t));
    const ref = await runPythonJson<number[][]>(`
import json
from sklearn.metrics import confusion_matrix
y = [1 if o == "Poor" else 0 for o in ${JSON.stringify(d.outcome)}]
s = ${JSON.stringify(d.s100b)}
out = []
for t in ${JSON.stringify(thresholds)}:
    tn, fp, fn, tp = confusion_matrix(y, [1 if v > t else 0 for v in s], labels=[0, 1]).ravel()
    out.append([int(tp), int(fn), int(fp), int(tn)])
print(json.dumps(out))
`);
    let checked = 0;
    for (let k = 0; k < roc.curve.threshold.length; k++) {
      const t = roc.curve.threshold[k]!;
      if (!Number.isFinite(t)) continue;
      const op = operatingPoint(roc.curve, roc.nPositive, roc.nNegative, k);
      expect([op.tp, op.fn, op.fp, op.tn], `threshold ${t}`).toEqual(ref[checked]);
      checked++;
    }
    expect(checked).toBe(thresholds.length);
  });
});
