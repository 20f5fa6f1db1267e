/**
 * Starting workers on radiogx's own modules — threads, or child processes where a worker needs V8 flags of its
 * own — from the compiled JavaScript (`dist/`) or, in development and tests, from the TypeScript sources
 * through tsx's CommonJS hook.
 */
import { fork, type Serializable } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { RadiogxError } from "./errors";

/** tsx's CommonJS hook, which a worker on the TypeScript sources (development, tests) loads first. */
function tsxHook(dir: string, name: string): string {
  try {
    return createRequire(join(dir, `${name}.ts`)).resolve("tsx/cjs");
  } catch {
    throw new RadiogxError("INVALID_ARGUMENT", "running radiogx from its TypeScript sources needs the tsx package for its workers", { hint: "build with `npm run build`, or install tsx" });
  }
}

/**
 * A worker running `<dir>/<name>.js`, or `<dir>/<name>.ts` through tsx when `dir` holds TypeScript sources
 * (`fromTs`, normally `__filename.endsWith(".ts")` of the caller).
 */
export function spawnModuleWorker(dir: string, name: string, fromTs: boolean, workerData: unknown): Worker {
  if (fromTs) {
    const tsx = tsxHook(dir, name);
    const src = join(dir, `${name}.ts`);
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(src)});`, { eval: true, workerData });
  }
  return new Worker(join(dir, `${name}.js`), { workerData });
}

/** What the cohort runner needs of a worker: a thread or, here, a child process. */
export interface ModuleWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onMessage(fn: (message: unknown) => void): void;
  /** The worker ended or could not start; `why` says how (exit code or signal, and the end of its stderr). */
  onExit(fn: (why: string) => void): void;
}

/** Environment variable that tells a radiogx worker module it runs as a forked process (and which). */
export const WORKER_PROCESS_ENV = "RADIOGX_WORKER_PROCESS";

/**
 * A child process running `<dir>/<name>.js` (or the `.ts` source through tsx) with its own V8 flags —
 * which a worker thread cannot have: V8 flags are per process. The module answers `{ type: "init", data }`
 * first, then messages, over the IPC channel (structured clone), and exits when the channel closes, so a
 * killed parent leaves no worker behind. stdout is ignored; the end of stderr is kept for the exit reason.
 */
export function forkModuleWorker(dir: string, name: string, fromTs: boolean, data: unknown, v8Flags: readonly string[]): ModuleWorker {
  const execArgv = [...v8Flags];
  if (fromTs) execArgv.push("--require", tsxHook(dir, name));
  const child = fork(join(dir, `${name}.${fromTs ? "ts" : "js"}`), [], {
    execArgv,
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    env: { ...process.env, [WORKER_PROCESS_ENV]: name },
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (s: string) => {
    stderr = (stderr + s).slice(-2000);
  });
  const exitListeners: ((why: string) => void)[] = [];
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    const tail = stderr.trim().split("\n").slice(-3).join(" | ");
    for (const fn of exitListeners) fn(tail ? `${why}: ${tail}` : why);
  };
  child.on("error", (e) => end(e.message));
  child.on("exit", (code, signal) => end(signal ? `killed by ${signal}` : `exit code ${code}`));
  child.send({ type: "init", data });
  return {
    postMessage: (message) => {
      if (child.connected) child.send(message as Serializable);
    },
    terminate: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
    onMessage: (fn) => {
      child.on("message", fn);
    },
    onExit: (fn) => {
      exitListeners.push(fn);
    },
  };
}
