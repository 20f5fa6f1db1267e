/**
 * Worker thread of `extractAsync`: claims filter tasks from the shared counter (see extractParallel.ts),
 * computes each task's filtered images and their features, and posts them back; then posts "done" and ends.
 * An error in a task is posted, never thrown out of the worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import { serialiseError, runTask, type FilterWorkerInput, type FilterWorkerMessage } from "./extractParallel";

function main(): void {
  const d = workerData as FilterWorkerInput;
  const post = (m: FilterWorkerMessage) => parentPort!.postMessage(m);
  for (;;) {
    const k = Atomics.add(d.control, 0, 1);
    if (k >= d.order.length) break;
    const i = d.order[k]!;
    const timings: Record<string, number> = {};
    let t = performance.now();
    const lap = (stage: string) => {
      const now = performance.now();
      timings[stage] = (timings[stage] ?? 0) + now - t;
      t = now;
    };
    try {
      post({ type: "task", index: i, result: runTask(d.src, d.tasks[i]!, d.job, d.roi, lap), timings });
    } catch (e) {
      post({ type: "error", index: i, error: serialiseError(e) });
      return;
    }
  }
  post({ type: "done" });
}

if (parentPort) main();
