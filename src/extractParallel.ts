/**
 * The filter tasks of one extraction shared out between the calling thread and worker threads
 * (`extractAsync`). Tasks are claimed through a shared counter, largest first; each thread computes a task's
 * filtered images and their features; the results are put back in task order, so the features come out
 * exactly as the sequential extraction gives them. A worker thread gets, once, the crop of the working grid
 * that holds every task's crop, the prepared ROI and the settings.
 *
 * A task that fails in a worker fails the extraction with the same error; tasks a worker claimed but never
 * finished (the thread died) are computed on the calling thread.
 */
import { imageFeatures, skippedTo, type FailedFeature, type FeatureJob, type ImageFeatures, type Lap } from "./extract";
import { cropSourceFor, runFilterTask, type FilterSource, type FilterTask } from "./extractFilters";
import { isRadiogxError, RadiogxError, type RadiogxErrorCode } from "./errors";
import type { PreparedRoi } from "./features/types";
import { spawnModuleWorker } from "./workers";

/** What one task produced. */
export interface TaskResult {
  images: ImageFeatures[];
  failed: FailedFeature[];
}

/** What a worker thread is started with. */
export interface FilterWorkerInput {
  src: FilterSource;
  tasks: FilterTask[];
  /** Task indices, in the order they are claimed (largest first). */
  order: number[];
  /** [next position in `order`]: the shared counter every thread claims tasks from. */
  control: Int32Array;
  job: FeatureJob;
  roi: PreparedRoi;
}

/** Messages from a worker thread. */
export type FilterWorkerMessage =
  | { type: "task"; index: number; result: TaskResult; timings: Record<string, number> }
  | { type: "error"; index: number; error: SerialisedError }
  | { type: "done" };

export interface SerialisedError {
  radiogx: boolean;
  code?: RadiogxErrorCode;
  message: string;
  detail?: string;
  file?: string;
  key?: string;
  hint?: string;
  stack?: string;
}

export function serialiseError(e: unknown): SerialisedError {
  if (isRadiogxError(e)) return { radiogx: true, code: e.code, message: e.message, detail: e.detail, file: e.file, key: e.key, hint: e.hint };
  const err = e instanceof Error ? e : new Error(String(e));
  return { radiogx: false, message: err.message, stack: err.stack };
}

function reviveError(e: SerialisedError): Error {
  if (e.radiogx && e.code) return new RadiogxError(e.code, e.detail ?? e.message, { file: e.file, key: e.key, hint: e.hint });
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/** One task's images and features, on this thread. */
export function runTask(src: FilterSource, task: FilterTask, job: FeatureJob, roi: PreparedRoi, lap: Lap): TaskResult {
  const failed: FailedFeature[] = [];
  const images: ImageFeatures[] = [];
  for (const f of runFilterTask(src, task, job.s, job.params, roi, skippedTo(failed))) {
    lap("filters");
    images.push(imageFeatures(job, f.imageType, f.kind, f.roi, f.settings, lap));
  }
  return { images, failed };
}

export async function runFilterTasksParallel(args: {
  src: FilterSource;
  tasks: FilterTask[];
  job: FeatureJob;
  roi: PreparedRoi;
  threads: number;
  lap: Lap;
  timings: Record<string, number>;
  failed: FailedFeature[];
}): Promise<ImageFeatures[]> {
  const { src, tasks, job, roi, lap, timings } = args;
  const n = tasks.length;
  const order = tasks.map((_, i) => i).sort((a, b) => tasks[b]!.cost - tasks[a]!.cost || a - b);
  const control = new Int32Array(new SharedArrayBuffer(4));
  const results: (TaskResult | undefined)[] = new Array(n);
  // The workers' copy: only the crop every task needs, without the readers' metadata.
  const shared = cropSourceFor(src, tasks, job.s);
  const input: FilterWorkerInput = {
    src: { ...shared, volume: { ...shared.volume, metadata: {} }, mask: { ...shared.mask, metadata: {} } },
    tasks, order, control, job, roi,
  };
  const fromTs = __filename.endsWith(".ts");
  const workers = Array.from({ length: Math.max(1, args.threads - 1) }, () => spawnModuleWorker(__dirname, "extractWorker", fromTs, input));
  let failure: Error | undefined;
  const finished = workers.map((w) => new Promise<void>((resolve) => {
    w.on("message", (m: FilterWorkerMessage) => {
      if (m.type === "task") {
        results[m.index] = m.result;
        for (const [k, v] of Object.entries(m.timings)) timings[k] = (timings[k] ?? 0) + v;
      } else if (m.type === "error") {
        failure ??= reviveError(m.error);
        resolve();
      } else resolve();
    });
    // A worker that dies leaves its claimed tasks to this thread (below).
    w.on("error", () => resolve());
    w.on("exit", () => resolve());
  }));
  try {
    for (;;) {
      const k = Atomics.add(control, 0, 1);
      if (k >= n || failure) break;
      const i = order[k]!;
      results[i] = runTask(src, tasks[i]!, job, roi, lap);
      // Let the workers' messages in between tasks.
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(finished);
    if (failure) throw failure;
    // A task claimed by a worker that ended without its result is computed here.
    for (let i = 0; i < n; i++) if (!results[i]) results[i] = runTask(src, tasks[i]!, job, roi, lap);
  } finally {
    for (const w of workers) void w.terminate();
  }
  const out: ImageFeatures[] = [];
  for (const r of results) {
    out.push(...r!.images);
    args.failed.push(...r!.failed);
  }
  return out;
}
