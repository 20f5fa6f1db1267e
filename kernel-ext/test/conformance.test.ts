/**
 * The community conformance suite for Jupyter kernels, jupyter_kernel_test 0.7 (PyPI), run against
 * the radiogx kernel (kernel-ext/test/py/conformance.py lists the code samples). It starts the
 * kernel with jupyter_client and checks kernel_info, execute (stdout, stderr, errors, results,
 * display data, clear_output), completion, is_complete, inspect and history, validating every
 * message against its v5 message schemas.
 *
 * Skipped tests must be the ones the kernel does not claim: only the pager (`?` help) — tslab has
 * no pager payloads. Needs the venv with jupyter_kernel_test (CI installs it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRONTEND_MODULES, hasPythonModules, installTempKernel, runDriver, type KernelPrefix } from "./helpers";

interface SuiteResult {
  tests_run: number;
  failures: [string, string][];
  errors: [string, string][];
  skipped: [string, string][];
  was_successful: boolean;
}

describe.skipIf(!hasPythonModules(...FRONTEND_MODULES))("jupyter_kernel_test conformance suite (needs the venv: jupyter_kernel_test)", () => {
  let kernel: KernelPrefix;
  let r: SuiteResult;

  beforeAll(async () => {
    kernel = installTempKernel();
    r = await runDriver<SuiteResult>("conformance.py", [], { JUPYTER_PATH: kernel.jupyterPath }, 150_000);
  }, 310_000);
  afterAll(() => kernel?.cleanup());

  it("passes every test of the suite it claims", () => {
    expect(r.failures.map(([t, tb]) => `${t}\n${tb}`)).toEqual([]);
    expect(r.errors.map(([t, tb]) => `${t}\n${tb}`)).toEqual([]);
    expect(r.tests_run).toBe(12);
    expect(r.was_successful).toBe(true);
  });

  it("skips only the pager test", () => {
    expect(r.skipped.map(([t]) => t.split(" ")[0])).toEqual(["test_pager"]);
  });
});
