/**
 * Shared test helpers for the reference data (`RADIOGX_REFDATA`, default ../shared/data) and the
 * Python peers (PyRadiomics, lifelines, scikit-learn) in the project's `.venv` (made by
 * `npm run setup:python`; CI makes it). Suites that need them say so when skipped.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { refdataDir, hasRefdata } from "../src/conformance/reference";

export { refdataDir, hasRefdata };

export function refPath(...parts: string[]): string {
  return join(refdataDir(), ...parts);
}

const projectRoot = resolve(__dirname, "..");

/** The venv's python, or null when the venv has not been made. */
export function venvPython(): string | null {
  const p = join(projectRoot, ".venv", "bin", "python");
  return existsSync(p) ? p : null;
}

/** True when the venv's python can import every module named. */
export function hasPythonModules(...modules: string[]): boolean {
  const py = venvPython();
  if (!py) return false;
  try {
    execFileSync(py, ["-c", modules.map((m) => `import ${m}`).join("; ")], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Runs a Python script in the venv and parses its stdout as JSON. */
export function runPythonJson<T = unknown>(script: string, args: string[] = []): T {
  const py = venvPython();
  if (!py) throw new Error("no .venv: run `npm run setup:python`");
  const out = execFileSync(py, ["-c", script, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out) as T;
}
