/**
 * Shared test helpers for the reference data (`RADIOGX_REFDATA`, default ../shared/data) and the
 * Python peers (PyRadiomics, lifelines, scikit-learn) in the project's `.venv` (made by
 * `npm run setup:python`; CI makes it). Suites that need them say so when skipped.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { refdataDir, hasRefdata } from "../src/conformance/reference";
import { runOutput } from "./subprocess";

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

/**
 * A stand-in for a peer's answer when the venv is absent. vitest still runs the body of a skipped
 * `describe.skipIf(...)` to collect its (skipped) tests, and many suites ask the peer there; this value lets
 * that collection finish: any property, call or iteration gives another inert value or nothing.
 */
function inert(): unknown {
  const target = () => undefined;
  return new Proxy(target, {
    get(_t, key) {
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => Number.NaN;
      if (key === "then") return undefined;
      if (key === "length") return 0;
      return inert();
    },
    apply: () => inert(),
    ownKeys: () => [],
    has: () => false,
  });
}

/**
 * Runs a Python script in the venv and parses its stdout as JSON. Without the venv it returns an inert value
 * (see `inert`): only suites skipped for want of the venv may call it then.
 */
export async function runPythonJson<T = unknown>(script: string, args: string[] = []): Promise<T> {
  const py = venvPython();
  if (!py) return inert() as T;
  const out = await runOutput(py, ["-c", script, ...args]);
  return JSON.parse(out) as T;
}
