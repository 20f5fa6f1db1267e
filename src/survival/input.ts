/**
 * Validation shared by the survival functions: times must be finite and ≥ 0, events 0/1 (or booleans);
 * subjects with a missing time, event or grouping value are dropped, and the count is reported.
 */
import { RadiogxError } from "../errors";
import { isMissing } from "../models/table";
import { argsort } from "./argsort";

export interface SurvivalData {
  readonly time: Float64Array;
  readonly event: Uint8Array;
  /** Indices (into the caller's arrays) of the subjects kept. */
  readonly kept: Int32Array;
  /** Subjects dropped because a time, event or other required value was missing. */
  readonly nDropped: number;
}

/**
 * Checks and copies `time` and `event`, dropping subjects where either (or any of `alsoRequired`) is missing.
 * @throws RadiogxError INVALID_ARGUMENT on negative or infinite times, on event codes other than 0/1, or
 *   when lengths differ.
 */
export function survivalData(
  time: ArrayLike<unknown>,
  event: ArrayLike<unknown> | undefined,
  context: string,
  alsoRequired: Record<string, ArrayLike<unknown>> = {},
): SurvivalData {
  const n = time.length;
  if (event !== undefined && event.length !== n) {
    throw new RadiogxError("INVALID_ARGUMENT", `${context}: event has ${event.length} values but time has ${n}`, { key: "event" });
  }
  for (const [name, a] of Object.entries(alsoRequired)) {
    if (a.length !== n) throw new RadiogxError("INVALID_ARGUMENT", `${context}: ${name} has ${a.length} values but time has ${n}`, { key: name });
  }
  const extras = Object.values(alsoRequired);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = time[i];
    const e = event === undefined ? 1 : event[i];
    if (isMissing(t) || isMissing(e)) continue;
    let ok = true;
    for (const a of extras) {
      if (isMissing(a[i])) {
        ok = false;
        break;
      }
    }
    if (ok) kept.push(i);
  }
  const m = kept.length;
  const tOut = new Float64Array(m);
  const eOut = new Uint8Array(m);
  for (let r = 0; r < m; r++) {
    const i = kept[r]!;
    const t = Number(time[i]);
    if (!Number.isFinite(t) || t < 0) {
      throw new RadiogxError("INVALID_ARGUMENT", `${context}: time of subject ${i} is ${String(time[i])}; times must be finite and ≥ 0`, { key: "time" });
    }
    tOut[r] = t;
    const e = event === undefined ? 1 : event[i];
    const ev = typeof e === "boolean" ? (e ? 1 : 0) : Number(e);
    if (ev !== 0 && ev !== 1) {
      throw new RadiogxError("INVALID_ARGUMENT", `${context}: event of subject ${i} is ${String(e)}; events must be 1 (event) or 0 (censored)`, {
        key: "event",
        hint: "data coded 1 = censored, 2 = dead (as R's lung) need `status - 1`",
      });
    }
    eOut[r] = ev;
  }
  if (m === 0) throw new RadiogxError("INVALID_ARGUMENT", `${context}: no subject has both a time and an event value`, { key: "time" });
  return { time: tOut, event: eOut, kept: Int32Array.from(kept), nDropped: n - m };
}

/** Indices 0..n−1 sorted by `time` ascending (stable). */
export function orderByTime(time: Float64Array): Int32Array {
  return argsort(time);
}
