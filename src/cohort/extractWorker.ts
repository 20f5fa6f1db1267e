/**
 * Worker of cohort extraction (a child process from `forkModuleWorker`; it also runs as a worker thread):
 * receives one case at a time, hashes its image and mask (the resume key), extracts its features with
 * `extractFromFiles`, and posts the result or the error back. Errors never escape: a case that fails is a
 * message, not a crashed worker.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { extractFromFiles } from "../extract";
import type { Params } from "../settings/params";
import { WORKER_PROCESS_ENV } from "../workers";

export interface CaseTask {
  type: "case";
  /** Index of the case in the manifest. */
  index: number;
  patientId: string;
  image: string;
  mask: string;
  label?: number;
}

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

export type CaseMessage =
  | {
      type: "result";
      index: number;
      ok: true;
      image: FileStamp;
      mask: FileStamp;
      settingsHash: string;
      features: { name: string; value: number }[];
      failed: { name: string; reason: string }[];
      ms: number;
    }
  | { type: "result"; index: number; ok: false; image?: FileStamp; mask?: FileStamp; code: string; message: string; ms: number };

/** SHA-256 and stat stamp of a file (the content part of the resume key). */
export function stampFile(path: string): FileStamp {
  const st = statSync(path);
  const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  return { path, size: st.size, mtimeMs: st.mtimeMs, sha256 };
}

function handle(task: CaseTask, params: Params): CaseMessage {
  const t0 = performance.now();
  let image: FileStamp | undefined;
  let mask: FileStamp | undefined;
  try {
    image = stampFile(task.image);
    mask = stampFile(task.mask);
    const res = extractFromFiles(task.image, task.mask, params, task.label !== undefined ? { label: task.label } : {});
    return {
      type: "result",
      index: task.index,
      ok: true,
      image,
      mask,
      settingsHash: res.settings.hash,
      features: res.features.map((f) => ({ name: f.name, value: f.value })),
      failed: res.failed.map((f) => ({ name: f.name, reason: f.reason })),
      ms: performance.now() - t0,
    };
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown; name?: unknown };
    const code = typeof err.code === "string" && err.name === "RadiogxError" ? err.code : err.code === "ENOENT" ? "FILE_NOT_FOUND" : "INTERNAL_ERROR";
    const message = typeof err.message === "string" ? err.message.split("\n")[0]! : String(e);
    const out: CaseMessage = { type: "result", index: task.index, ok: false, code, message, ms: performance.now() - t0 };
    if (image) out.image = image;
    if (mask) out.mask = mask;
    return out;
  }
}

if (process.env[WORKER_PROCESS_ENV] === "extractWorker" && process.send) {
  // A forked worker process (forkModuleWorker): params first, then one case per message; gone with its parent.
  let params: Params | null = null;
  process.on("message", (m: { type: "init"; data: { params: Params } } | CaseTask) => {
    if (m.type === "init") params = m.data.params;
    else if (params !== null) process.send!(handle(m, params));
  });
  process.on("disconnect", () => process.exit(0));
} else if (parentPort && (workerData as { params?: Params } | null)?.params) {
  const params = (workerData as { params: Params }).params;
  const port = parentPort;
  port.on("message", (task: CaseTask) => {
    port.postMessage(handle(task, params));
  });
}
