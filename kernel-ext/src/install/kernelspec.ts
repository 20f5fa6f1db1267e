/**
 * Registers the radiogx kernel with Jupyter: writes a kernelspec folder `radiogx/` holding
 * `kernel.json` (and a logo) into one of Jupyter's kernel directories.
 *
 *     radiogx kernel install                 → the user's data dir (default)
 *     radiogx kernel install --sys-prefix    → <sys.prefix of the Jupyter python>/share/jupyter/kernels
 *     radiogx kernel install --prefix P      → P/share/jupyter/kernels
 *
 * The user data dir is jupyter_core's `jupyter_data_dir()`: `$JUPYTER_DATA_DIR`, else
 * `$XDG_DATA_HOME/jupyter` or `~/.local/share/jupyter` on Linux, `~/Library/Jupyter` on macOS and
 * `%APPDATA%\jupyter` on Windows. `kernel.json` runs this Node (absolute path, so the Jupyter server
 * need not have node on its PATH) on the launcher; Jupyter substitutes `{connection_file}`.
 *
 * Reference: https://jupyter-client.readthedocs.io/en/latest/kernels.html#kernel-specs
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { KernelApiError } from "../kernel/errors";

/** The kernelspec name and the name shown in Jupyter's launcher. */
export const KERNEL_NAME = "radiogx";
export const DISPLAY_NAME = "TypeScript (radiogx)";

export interface InstallOptions {
  /** Install into the user's Jupyter data dir (the default when no location is given). */
  user?: boolean;
  /** Install into `sys.prefix` of `python` (a virtualenv or conda env holding Jupyter). */
  sysPrefix?: boolean;
  /** Install into `<prefix>/share/jupyter/kernels`. */
  prefix?: string;
  /** Kernelspec name (folder name); default "radiogx". */
  name?: string;
  /** Display name; default "TypeScript (radiogx)". */
  displayName?: string;
  /** Python whose `sys.prefix` `sysPrefix` uses; default `$PYTHON` or "python3". */
  python?: string;
  /** Node executable in kernel.json; default this process's (`process.execPath`). */
  node?: string;
  /** The launcher script; default this package's `dist/launcher/main.js`. */
  launcher?: string;
  /** Environment variables for the kernel process. */
  env?: Record<string, string>;
}

/** The content of kernel.json. */
export interface KernelSpecJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal" | "message";
  env: Record<string, string>;
  metadata: Record<string, unknown>;
}

export interface InstalledKernelSpec {
  /** The kernelspec folder written. */
  dir: string;
  spec: KernelSpecJson;
}

/** The user's Jupyter data dir (jupyter_core's `jupyter_data_dir()`). */
export function jupyterDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === "darwin") return join(homedir(), "Library", "Jupyter");
  if (platform === "win32") return join(env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "jupyter");
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "jupyter");
}

/** The kernel.json for these options. */
export function kernelSpecJson(options: InstallOptions = {}): KernelSpecJson {
  const launcher = options.launcher ?? resolve(__dirname, "..", "launcher", "main.js");
  return {
    argv: [options.node ?? process.execPath, launcher, "--connection-file", "{connection_file}"],
    display_name: options.displayName ?? DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    env: { ...(options.env ?? {}) },
    metadata: { debugger: false },
  };
}

function sysPrefixOf(python: string): string {
  const r = spawnSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new KernelApiError("INSTALL_FAILED", `--sys-prefix: cannot run ${python} to find sys.prefix (${r.error?.message ?? r.stderr.trim()})`, {
      hint: "pass --python <the python that runs Jupyter> or use --prefix",
    });
  }
  return r.stdout.trim();
}

/** The kernels directory the options select. */
export function kernelsDir(options: InstallOptions = {}): string {
  const chosen = [options.user, options.sysPrefix, options.prefix !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new KernelApiError("INVALID_ARGUMENT", "choose one of --user, --sys-prefix and --prefix");
  if (options.prefix !== undefined) {
    if (options.prefix === "") throw new KernelApiError("INVALID_ARGUMENT", "--prefix needs a folder");
    return join(resolve(options.prefix), "share", "jupyter", "kernels");
  }
  if (options.sysPrefix) return join(sysPrefixOf(options.python ?? process.env.PYTHON ?? "python3"), "share", "jupyter", "kernels");
  return join(jupyterDataDir(), "kernels");
}

/** A small SVG logo (Jupyter shows `logo-svg.svg` in its launcher). */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="8" fill="#3178c6"/><text x="32" y="30" font-family="Helvetica, Arial, sans-serif" font-size="22" font-weight="bold" fill="#fff" text-anchor="middle">TS</text><text x="32" y="52" font-family="Helvetica, Arial, sans-serif" font-size="13" fill="#fff" text-anchor="middle">radiogx</text></svg>\n`;

/**
 * Writes the kernelspec (replacing an existing one of the same name) and returns where.
 * Throws a `RadiogxError`-shaped error for conflicting options or an unknown sys.prefix.
 */
export function installKernelspec(options: InstallOptions = {}): InstalledKernelSpec {
  const name = options.name ?? KERNEL_NAME;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw new KernelApiError("INVALID_ARGUMENT", `kernelspec name ${JSON.stringify(name)} may only hold letters, digits, ".", "_" and "-"`, { key: "name" });
  }
  const spec = kernelSpecJson(options);
  if (!existsSync(spec.argv[1]!)) {
    throw new KernelApiError("INSTALL_FAILED", `the kernel launcher ${spec.argv[1]} does not exist`, { hint: "build kernel-ext first (npm run build)" });
  }
  const dir = join(kernelsDir(options), name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  writeFileSync(join(dir, "logo-svg.svg"), LOGO_SVG);
  return { dir, spec };
}

const USAGE = `usage: radiogx kernel install [--user | --sys-prefix | --prefix P] [--name N] [--display-name D] [--python PY]

Registers the radiogx TypeScript kernel with Jupyter (kernelspec "${KERNEL_NAME}", "${DISPLAY_NAME}").
  --user           the user's Jupyter data dir (default)
  --sys-prefix     sys.prefix of the Python running Jupyter (--python, default python3)
  --prefix P       P/share/jupyter/kernels
  --name N         kernelspec name (default ${KERNEL_NAME})
  --display-name D name shown in Jupyter (default "${DISPLAY_NAME}")`;

/**
 * `radiogx kernel install …` (the arguments after `install`). Prints where the kernelspec went;
 * returns the exit code (0, 1 for a failure, 2 for bad usage).
 */
export function runKernelInstallCli(args: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
  const opts: InstallOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf("=");
    const [flag, inline] = a.startsWith("--") && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new KernelApiError("INVALID_ARGUMENT", `${flag} needs a value`);
      return v;
    };
    try {
      switch (flag) {
        case "--user":
          opts.user = true;
          break;
        case "--sys-prefix":
          opts.sysPrefix = true;
          break;
        case "--prefix":
          opts.prefix = value();
          break;
        case "--name":
          opts.name = value();
          break;
        case "--display-name":
          opts.displayName = value();
          break;
        case "--python":
          opts.python = value();
          break;
        case "-h":
        case "--help":
          out(USAGE + "\n");
          return 0;
        default:
          err(`radiogx kernel install: unknown option ${a}\n${USAGE}\n`);
          return 2;
      }
    } catch (e) {
      err(`radiogx kernel install: ${(e as Error).message}\n`);
      return 2;
    }
  }
  try {
    const { dir, spec } = installKernelspec(opts);
    out(`Installed kernelspec ${opts.name ?? KERNEL_NAME} ("${spec.display_name}") in ${dir}\n`);
    return 0;
  } catch (e) {
    err(`radiogx kernel install: ${(e as Error).message}\n`);
    return (e as KernelApiError).code === "INVALID_ARGUMENT" ? 2 : 1;
  }
}
