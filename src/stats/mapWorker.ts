/**
 * Worker thread of a parallel correlation map: takes its part of the complete-columns block (packing chunks
 * of columns, then product chunks: r and p into the shared matrices) alongside the calling thread and any
 * other workers, through the shared Atomics counters of mapBlock.ts. The Spearman kernel is a WebAssembly
 * instance of its own. See `correlationMap({ jobs })`.
 */
import { workerData } from "node:worker_threads";
import { workerPart, type MapWorkerData } from "./mapBlock";

export type { MapWorkerData };

if (workerData && (workerData as MapWorkerData).control) {
  try {
    workerPart(workerData as MapWorkerData);
  } catch {
    // Marked in the shared control counters: the calling thread computes the block alone.
  }
}
