/**
 * `radiogx kernel install`: the kernelspec written into a prefix is found and accepted by
 * jupyter_client's KernelSpecManager (the peer that reads kernelspecs), and its argv starts the
 * kernel. Reference: https://jupyter-client.readthedocs.io/en/latest/kernels.html#kernel-specs
 */
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtKernelExt, hasPythonModules, runPythonJson } from "./helpers";

const kext = builtKernelExt();

describe("installKernelspec", () => {
  let prefix: string;
  beforeAll(() => {
    prefix = mkdtempSync(join(tmpdir(), "radiogx-spec-"));
  });
  afterAll(() => rmSync(prefix, { recursive: true, force: true }));

  it("writes <prefix>/share/jupyter/kernels/radiogx/kernel.json running this node on the launcher", () => {
    const { dir, spec } = kext.installKernelspec({ prefix });
    expect(dir).toBe(join(prefix, "share", "jupyter", "kernels", "radiogx"));
    const onDisk = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8"));
    expect(onDisk).toEqual(spec);
    expect(spec.display_name).toBe("TypeScript (radiogx)");
    expect(spec.language).toBe("typescript");
    expect(spec.interrupt_mode).toBe("signal");
    expect(spec.argv).toEqual([process.execPath, kext.LAUNCHER_PATH, "--connection-file", "{connection_file}"]);
    accessSync(spec.argv[0]!, constants.X_OK);
    expect(existsSync(spec.argv[1]!)).toBe(true);
    expect(existsSync(join(dir, "logo-svg.svg"))).toBe(true);
  });

  it("the CLI installs with --prefix, and refuses conflicting or unknown options", () => {
    const out: string[] = [];
    const err: string[] = [];
    const p2 = join(prefix, "cli");
    expect(kext.runKernelInstallCli(["--prefix", p2, "--display-name", "TS rgx"], (s) => out.push(s), (s) => err.push(s))).toBe(0);
    expect(out.join("")).toContain(join(p2, "share", "jupyter", "kernels", "radiogx"));
    expect(JSON.parse(readFileSync(join(p2, "share", "jupyter", "kernels", "radiogx", "kernel.json"), "utf8")).display_name).toBe("TS rgx");
    expect(kext.runKernelInstallCli(["--user", "--prefix", p2], () => {}, (s) => err.push(s))).toBe(2);
    expect(err.join("")).toContain("choose one of --user, --sys-prefix and --prefix");
    expect(kext.runKernelInstallCli(["--bogus"], () => {}, (s) => err.push(s))).toBe(2);
    expect(kext.runKernelInstallCli(["--prefix"], () => {}, (s) => err.push(s))).toBe(2);
  });

  it("--user follows jupyter_core's data dir rules", () => {
    expect(kext.jupyterDataDir({ JUPYTER_DATA_DIR: "/x/jd" }, "linux")).toBe("/x/jd");
    expect(kext.jupyterDataDir({ XDG_DATA_HOME: "/x/xdg" }, "linux")).toBe("/x/xdg/jupyter");
    expect(kext.jupyterDataDir({ APPDATA: "C:\\AppData" }, "win32")).toBe(join("C:\\AppData", "jupyter"));
  });

  it.skipIf(!hasPythonModules("jupyter_client"))("jupyter_client's KernelSpecManager finds and loads it (needs the venv: jupyter_client)", async () => {
    kext.installKernelspec({ prefix });
    const found = await runPythonJson<{ specs: Record<string, string>; argv: string[]; display_name: string; language: string; interrupt_mode: string }>(
      [
        "import json, sys",
        "from jupyter_client.kernelspec import KernelSpecManager",
        "m = KernelSpecManager(kernel_dirs=[sys.argv[1]])",
        "s = m.get_kernel_spec('radiogx')",
        "print(json.dumps({'specs': m.find_kernel_specs(), 'argv': s.argv, 'display_name': s.display_name, 'language': s.language, 'interrupt_mode': s.interrupt_mode}))",
      ].join("\n"),
      [join(prefix, "share", "jupyter", "kernels")],
    );
    expect(found.specs.radiogx).toBe(join(prefix, "share", "jupyter", "kernels", "radiogx"));
    expect(found.argv[3]).toBe("{connection_file}");
    expect(found.display_name).toBe("TypeScript (radiogx)");
    expect(found.language).toBe("typescript");
    expect(found.interrupt_mode).toBe("signal");
  });
});
