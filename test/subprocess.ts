/**
 * Runs a peer process (Python, R, node) without blocking the test worker's event loop.
 *
 * vitest's worker talks to the main process over an RPC whose calls time out after 60 s. A test that waits
 * for a child with `execFileSync`/`spawnSync` freezes the worker's event loop for as long as the child runs; on
 * a loaded CI machine a PyRadiomics or kernel run can pass 60 s, and the worker then reports "Timeout calling
 * onTaskUpdate" as an unhandled error that fails the run even though every test passed. So every peer runs
 * through here, asynchronously.
 */
import { spawn } from "node:child_process";

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the child after this many ms (the result then has `error` set). */
  timeoutMs?: number;
  /** Text written to the child's stdin, which is then closed. */
  input?: string;
}

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the child could not start or was killed for its timeout. */
  error?: Error;
}

/** Runs `cmd args` to the end and resolves with its exit status and output; never rejects. */
export function runProcess(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let error: Error | undefined;
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        error = new Error(`${cmd} timed out after ${opts.timeoutMs} ms`);
        child.kill("SIGKILL");
      }, opts.timeoutMs);
    }
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      error ??= e;
    });
    let done = false;
    const finish = (status: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      resolvePromise({ status, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), error });
    };
    child.on("close", finish);
    // A child killed for its timeout may leave grandchildren (a kernel) holding its pipes open, and "close"
    // would wait for them: then its exit is the end.
    child.on("exit", (status, signal) => {
      if (error === undefined) return;
      child.stdout.destroy();
      child.stderr.destroy();
      finish(status, signal);
    });
    child.stdin.on("error", () => undefined); // a child that exits without reading its stdin
    child.stdin.end(opts.input ?? "");
  });
}

/** Runs `cmd args` and resolves with its stdout; rejects, with stderr in the message, unless it exits 0. */
export async function runOutput(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
  const r = await runProcess(cmd, args, opts);
  if (r.error || r.status !== 0) {
    const what = r.error ? r.error.message : `exited ${r.status ?? r.signal}`;
    throw new Error(`${cmd} ${what}\n${r.stderr.slice(-8000)}`);
  }
  return r.stdout;
}
