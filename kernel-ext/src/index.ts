/**
 * @radiogx/kernel-ext: the radiogx Jupyter kernel (a launcher built on tslab 1.0.22) and its
 * installer. This entry point stays light — it does not load tslab — so the radiogx CLI can import
 * it for `radiogx kernel install`.
 *
 * - `installKernelspec(options)` / `runKernelInstallCli(args)`: register the kernel with Jupyter.
 * - `LAUNCHER_PATH`: the script kernel.json runs (`dist/launcher/main.js`); `launch()` there starts a
 *   kernel in-process.
 * - `KERNEL_API_PATH`: the CommonJS module notebooks import as `radiogx/kernel`.
 */
import { join } from "node:path";

export {
  DISPLAY_NAME,
  KERNEL_NAME,
  installKernelspec,
  jupyterDataDir,
  kernelSpecJson,
  kernelsDir,
  runKernelInstallCli,
} from "./install/kernelspec";
export type { InstallOptions, InstalledKernelSpec, KernelSpecJson } from "./install/kernelspec";

/** The launcher script kernel.json runs with node. */
export const LAUNCHER_PATH = join(__dirname, "launcher", "main.js");
/** The kernel API module (`radiogx/kernel`). */
export const KERNEL_API_PATH = join(__dirname, "kernel", "index.js");
