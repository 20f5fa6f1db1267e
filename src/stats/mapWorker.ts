/**
 * Worker thread of a parallel correlation map: computes the block of r for its share of Y's columns (the
 * same blocked product as the single-threaded path) and their p-values, in shared memory, then signals the
 * main thread through an Atomics counter. See `correlationMap({ jobs })`.
 */
import { workerData } from "node:worker_threads";
import { correlationPValueFn } from "./correlation";
import { crossProductInto } from "./correlationMap";

export interface MapWorkerData {
  A: SharedArrayBuffer;
  B: SharedArrayBuffer;
  rowsA: SharedArrayBuffer;
  colsB: SharedArrayBuffer;
  r: SharedArrayBuffer;
  p: SharedArrayBuffer;
  /** Int32 [finished workers, failed workers]. */
  signal: SharedArrayBuffer;
  na: number;
  n: number;
  q: number;
  /** This worker's range of B rows (packed Y columns). */
  bStart: number;
  bEnd: number;
}

function run(d: MapWorkerData): void {
  const signal = new Int32Array(d.signal);
  try {
    const A = new Float64Array(d.A);
    const B = new Float64Array(d.B);
    const rowsA = new Int32Array(d.rowsA);
    const colsB = new Int32Array(d.colsB).subarray(d.bStart, d.bEnd);
    const r = new Float64Array(d.r);
    const p = new Float64Array(d.p);
    crossProductInto(A, d.na, B.subarray(d.bStart * d.n, d.bEnd * d.n), d.bEnd - d.bStart, d.n, r, d.q, rowsA, colsB);
    const pOf = correlationPValueFn(d.n);
    for (let a = 0; a < d.na; a++) {
      const row = rowsA[a]! * d.q;
      for (let b = 0; b < colsB.length; b++) {
        const k = row + colsB[b]!;
        const v = Math.max(-1, Math.min(1, r[k]!));
        r[k] = v;
        p[k] = pOf(v);
      }
    }
  } catch {
    Atomics.add(signal, 1, 1);
  }
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

if (workerData && (workerData as MapWorkerData).signal) run(workerData as MapWorkerData);
