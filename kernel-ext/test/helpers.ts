/**
 * Test helpers for the kernel: an up-to-date build of kernel-ext (the kernel runs from `dist/`), a
 * kernelspec installed into a temporary prefix, and Python drivers run in the project's venv, where
 * `jupyter_client` plays the frontend.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { hasPythonModules, runPythonJson, venvPython } from "../../test/refdata";
import { runProcess } from "../../test/subprocess";

export { hasPythonModules, runPythonJson, venvPython };

export const KERNEL_EXT = resolve(__dirname, "..");
export const PROJECT_ROOT = resolve(KERNEL_EXT, "..");
const LAUNCHER = join(KERNEL_EXT, "dist", "launcher", "main.js");

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

function stale(): boolean {
  if (!existsSync(LAUNCHER)) return true;
  return newestMtime(join(KERNEL_EXT, "src")) > statSync(LAUNCHER).mtimeMs;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds kernel-ext (`npm run build` in kernel-ext) when `dist/` is missing or older than `src/`.
 * Test files run in parallel, so the build holds a lock folder; a lock older than two minutes is
 * taken over.
 */
export function ensureBuilt(): void {
  if (!stale()) return;
  const lock = join(tmpdir(), "radiogx-kernel-ext-build.lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (!stale()) return;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // the other build just finished
      }
      sleepSync(200);
    }
  }
  try {
    if (stale()) execFileSync(process.execPath, [join(KERNEL_EXT, "scripts", "tsc.js"), "-p", join(KERNEL_EXT, "tsconfig.json")], { stdio: "pipe" });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Python modules the kernel tests drive the kernel with. */
export const FRONTEND_MODULES = ["jupyter_client", "jupyter_kernel_test", "nbclient", "nbformat"] as const;

/** A temporary prefix with the radiogx kernelspec installed, for `JUPYTER_PATH`. */
export interface KernelPrefix {
  prefix: string;
  /** `<prefix>/share/jupyter`, the value for JUPYTER_PATH. */
  jupyterPath: string;
  cleanup(): void;
}

/** kernel-ext's built package entry (`dist/index.js`), after {@link ensureBuilt}. */
export function builtKernelExt(): typeof import("../src/index") {
  ensureBuilt();
  return createRequire(__filename)(join(KERNEL_EXT, "dist", "index.js")) as typeof import("../src/index");
}

export function installTempKernel(): KernelPrefix {
  ensureBuilt();
  const prefix = mkdtempSync(join(tmpdir(), "radiogx-kernel-"));
  // Loaded after the build, from dist: the installer writes the path of the built launcher.
  const { installKernelspec } = builtKernelExt();
  installKernelspec({ prefix });
  return { prefix, jupyterPath: join(prefix, "share", "jupyter"), cleanup: () => rmSync(prefix, { recursive: true, force: true }) };
}

/**
 * Runs a Python driver from `kernel-ext/test/py/` in the venv and parses the JSON it prints last.
 * stderr is kept for the failure message. A run that ends without its JSON, or whose JSON says it stopped
 * before its steps (`fatal`: typically a kernel that died while starting, e.g. a port taken between
 * jupyter_client choosing it and the kernel binding it, with several kernels starting at once), is run
 * once more; the first attempt's reason is kept in the error.
 */
export async function runDriver<T>(script: string, args: string[], env: Record<string, string>, timeoutMs = 100_000): Promise<T> {
  const py = venvPython();
  if (!py) throw new Error("no .venv");
  const once = async (): Promise<{ value?: T; reason?: string }> => {
    const r = await runProcess(py, [join(KERNEL_EXT, "test", "py", script), ...args], {
      cwd: KERNEL_EXT,
      env: { ...process.env, ...env, PYTHONUNBUFFERED: "1" },
      timeoutMs,
    });
    if (r.error) return { reason: `${script}: ${r.error.message}\n${r.stderr}` };
    const lines = r.stdout.trim().split("\n");
    const last = lines[lines.length - 1] ?? "";
    try {
      const value = JSON.parse(last) as T;
      const fatal = (value as { fatal?: unknown }).fatal;
      return typeof fatal === "string" ? { value, reason: `${script} stopped: ${fatal}\nstderr:\n${r.stderr.slice(-4000)}` } : { value };
    } catch {
      return { reason: `${script} exited ${r.status} without a JSON result\nstdout:\n${r.stdout.slice(-4000)}\nstderr:\n${r.stderr.slice(-8000)}` };
    }
  };
  const first = await once();
  if (first.reason === undefined) return first.value!;
  const second = await once();
  if (second.reason === undefined) return second.value!;
  if (second.value !== undefined) return second.value; // the test reports its `fatal`
  throw new Error(`${second.reason}\n(first attempt: ${first.reason})`);
}
