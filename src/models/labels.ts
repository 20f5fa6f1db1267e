/**
 * Class labels: any of numbers, strings or booleans. Classes are the sorted distinct labels (numbers
 * numerically, strings lexicographically, false before true), as scikit-learn's `np.unique`; in binary
 * problems the positive class is the second one (1, true, or the later string, e.g. "Poor" after "Good")
 * unless `positive` says otherwise.
 */
import { RadiogxError } from "../errors";
import { isMissing } from "./table";

export type Label = number | string | boolean;

export interface EncodedLabels {
  readonly classes: readonly Label[];
  /** Class index of each sample. */
  readonly codes: Int32Array;
}

/** Sorts and encodes labels. @throws RadiogxError on a missing label. */
export function encodeLabels(labels: ArrayLike<unknown>, context: string): EncodedLabels {
  const distinct = new Map<string, Label>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (isMissing(v)) throw new RadiogxError("INVALID_ARGUMENT", `${context}: label of sample ${i} is missing`, { key: "labels", hint: "drop unlabelled samples first" });
    if (typeof v !== "number" && typeof v !== "string" && typeof v !== "boolean") {
      throw new RadiogxError("INVALID_ARGUMENT", `${context}: label of sample ${i} is ${String(v)}; labels must be numbers, strings or booleans`, { key: "labels" });
    }
    const key = typeof v + ":" + String(v);
    if (!distinct.has(key)) distinct.set(key, v);
  }
  const classes = [...distinct.values()].sort(compareLabels);
  const index = new Map<string, number>();
  classes.forEach((c, i) => index.set(typeof c + ":" + String(c), i));
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) codes[i] = index.get(typeof labels[i] + ":" + String(labels[i]))!;
  return { classes: Object.freeze(classes), codes };
}

export function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Codes of `labels` against known classes; @throws on a label not among them. */
export function codesFor(labels: ArrayLike<unknown>, classes: readonly Label[], context: string): Int32Array {
  const index = new Map<string, number>();
  classes.forEach((c, i) => index.set(typeof c + ":" + String(c), i));
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const k = index.get(typeof labels[i] + ":" + String(labels[i]));
    if (k === undefined) throw new RadiogxError("INVALID_ARGUMENT", `${context}: label ${String(labels[i])} of sample ${i} is not one of the classes ${classes.map(String).join(", ")}`, { key: "labels" });
    out[i] = k;
  }
  return out;
}

export interface BinaryLabels {
  /** 1 for the positive class, 0 otherwise. */
  readonly y: Uint8Array;
  readonly positive: Label;
  readonly negative: Label;
  readonly nPositive: number;
  readonly nNegative: number;
}

/**
 * Two-class labels as 0/1 with the positive class named (default: the second sorted class).
 * @throws RadiogxError unless there are exactly two classes, each present.
 */
export function binaryLabels(labels: ArrayLike<unknown>, positive: Label | undefined, context: string): BinaryLabels {
  const enc = encodeLabels(labels, context);
  if (enc.classes.length !== 2) {
    throw new RadiogxError("INVALID_ARGUMENT", `${context}: needs exactly two classes, found ${enc.classes.length} (${enc.classes.slice(0, 5).map(String).join(", ")})`, {
      key: "labels",
      hint: enc.classes.length > 2 ? "use oneVsRestAuc for several classes" : "both classes must be present",
    });
  }
  let posIndex = 1;
  if (positive !== undefined) {
    posIndex = enc.classes.findIndex((c) => c === positive || String(c) === String(positive));
    if (posIndex < 0) throw new RadiogxError("INVALID_ARGUMENT", `${context}: positive class ${String(positive)} is not among the labels (${enc.classes.map(String).join(", ")})`, { key: "positive" });
  }
  const y = new Uint8Array(labels.length);
  let nPositive = 0;
  for (let i = 0; i < y.length; i++) {
    y[i] = enc.codes[i] === posIndex ? 1 : 0;
    nPositive += y[i]!;
  }
  return { y, positive: enc.classes[posIndex]!, negative: enc.classes[1 - posIndex]!, nPositive, nNegative: y.length - nPositive };
}
