#!/usr/bin/env node
/**
 * Entry point of the radiogx kernel, as kernel.json runs it:
 *
 *     node <kernel-ext>/dist/launcher/main.js --connection-file {connection_file}
 *
 * Builds the kernel (tslab compiler and executor, the radiogx protocol layer, the bridge for the
 * kernel API), makes `radiogx` importable from cells, routes stdout/stderr to the running request,
 * and serves until `shutdown_request`. SIGINT (Jupyter's interrupt) stops the running cell.
 */
import { join } from "node:path";
import { RadiogxKernel } from "./kernel";
import { findRadiogxRoot, installRadiogxRequireFallback, installVirtualRadiogx, restrictAutomaticTypes } from "./moduleResolution";
import { describeError } from "./cells";

export interface LaunchOptions {
  connectionFile: string;
  rootDir?: string;
  /**
   * `@types` packages included without an import (their globals): default `["node"]`, or the
   * comma-separated `RADIOGX_KERNEL_TYPES` (`*` for all, TypeScript's default).
   */
  automaticTypes?: readonly string[] | "*";
}

function automaticTypesFromEnv(): readonly string[] | "*" {
  const v = process.env.RADIOGX_KERNEL_TYPES;
  if (v === undefined || v.trim() === "") return ["node"];
  return v.trim() === "*" ? "*" : v.split(",").map((s) => s.trim()).filter(Boolean);
}

/** Parses `--connection-file F` (or `-f F`, or tslab's `--config-path F`). */
export function parseArgs(argv: readonly string[]): LaunchOptions {
  let connectionFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf("=");
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (flag === "--connection-file" || flag === "-f" || flag === "--config-path") {
      connectionFile = inline ?? argv[++i];
    }
  }
  if (!connectionFile) throw new Error("usage: radiogx-kernel --connection-file <path to the Jupyter connection file>");
  return { connectionFile };
}

/** Starts a kernel in this process. Resolves once its sockets are bound. */
export async function launch(options: LaunchOptions): Promise<RadiogxKernel> {
  const rootDir = options.rootDir ?? process.cwd();
  const kernelApiJs = join(__dirname, "..", "kernel", "index.js");
  const radiogxRoot = findRadiogxRoot(__dirname);
  const tslabDir = join(require.resolve("tslab/package.json"), "..");
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] })) as Parameters<typeof installVirtualRadiogx>[0];
  const types = options.automaticTypes ?? automaticTypesFromEnv();
  restrictAutomaticTypes(ts, types === "*" ? null : new Set(types));
  if (radiogxRoot) installVirtualRadiogx(ts, rootDir, radiogxRoot, join(__dirname, "..", "kernel", "index.d.ts"));
  const kernel = new RadiogxKernel({ connectionFile: options.connectionFile, rootDir });
  installRadiogxRequireFallback(radiogxRoot, kernelApiJs);
  kernel.cells.warm();
  await kernel.init();
  kernel.captureProcessOutput();

  process.on("SIGINT", () => kernel.cells.executor.interrupt());
  const report = (what: string) => (e: unknown) => {
    // An error thrown by a timer or promise a cell started: shown in that cell's output.
    const d = describeError(e);
    process.stderr.write(`${what}: ${d.traceback.join("\n")}\n`);
  };
  process.on("uncaughtException", report("Uncaught exception"));
  process.on("unhandledRejection", report("Unhandled promise rejection"));
  return kernel;
}

if (require.main === module) {
  launch(parseArgs(process.argv.slice(2))).catch((e: unknown) => {
    process.stderr.write(`radiogx kernel failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
