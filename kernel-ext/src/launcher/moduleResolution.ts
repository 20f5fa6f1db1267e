/**
 * Makes `import … from "radiogx"` and `"radiogx/kernel"` work in a cell wherever the notebook is,
 * as long as the kernel runs from a radiogx checkout or install.
 *
 * A cell is checked by tslab's TypeScript with `moduleResolution: node10` and run with a `require`
 * rooted at the kernel's working directory (the notebook's folder). When that folder has no
 * `node_modules/radiogx` above it (a notebook in the radiogx repository itself, or a scratch folder),
 * both fail. The launcher then
 *
 * - shows the type checker a virtual `<cwd>/node_modules/radiogx` that reads through to the radiogx
 *   package this launcher belongs to (files, and `node_modules` under it, so radiogx's own
 *   dependencies resolve too), with a `kernel.d.ts` re-exporting the kernel API's types when the
 *   package has none of its own — node10 resolution ignores `exports`; and
 * - lets `require("radiogx" | "radiogx/…")` that fails from the cell resolve from the radiogx package
 *   instead (Node's self-reference through its `exports`), and `radiogx/kernel` fall back to this
 *   launcher's own kernel API.
 *
 * A real `node_modules/radiogx` above the notebook always wins, for types and for code.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

/** The radiogx package root above `from` (a folder whose package.json is named "radiogx"), or null. */
export function findRadiogxRoot(from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    const pj = join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, "utf8")) as { name?: unknown }).name === "radiogx") return dir;
      } catch {
        // not a readable package.json: keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** True when a `node_modules/radiogx` exists in `dir` or a folder above it. */
function hasInstalledRadiogx(dir: string): boolean {
  let d = resolve(dir);
  for (;;) {
    if (existsSync(join(d, "node_modules", "radiogx", "package.json"))) return true;
    const up = dirname(d);
    if (up === d) return false;
    d = up;
  }
}

const slash = (p: string) => p.replace(/\\/g, "/");

interface TsSys {
  fileExists(path: string): boolean;
  readFile(path: string, encoding?: string): string | undefined;
  directoryExists(path: string): boolean;
  realpath?(path: string): string;
  getDirectories(path: string): string[];
}

/**
 * Installs the virtual `node_modules/radiogx` into the TypeScript `sys` that tslab's converter reads
 * through. Call before the converter is created. Returns false when nothing was needed.
 */
export function installVirtualRadiogx(ts: { sys: TsSys }, cwd: string, radiogxRoot: string, kernelApiDts: string): boolean {
  if (hasInstalledRadiogx(cwd)) return false;
  const virtualRoot = slash(join(cwd, "node_modules", "radiogx"));
  const realRoot = slash(radiogxRoot);
  const kernelDts = `${virtualRoot}/kernel.d.ts`;
  const needKernelDts = !existsSync(join(radiogxRoot, "kernel.d.ts"));
  const kernelDtsText = `export * from ${JSON.stringify(slash(kernelApiDts).replace(/\.d\.ts$/, ""))};\n`;
  const map = (p: string): string | null => {
    const s = slash(p);
    if (s === virtualRoot) return realRoot;
    if (s.startsWith(virtualRoot + "/")) return realRoot + s.slice(virtualRoot.length);
    return null;
  };
  const sys = ts.sys;
  const fileExists = sys.fileExists.bind(sys);
  const readFile = sys.readFile.bind(sys);
  const directoryExists = sys.directoryExists.bind(sys);
  const getDirectories = sys.getDirectories.bind(sys);
  const realpath = sys.realpath?.bind(sys);
  sys.fileExists = (p) => (needKernelDts && slash(p) === kernelDts) || fileExists(map(p) ?? p);
  sys.readFile = (p, enc) => (needKernelDts && slash(p) === kernelDts ? kernelDtsText : readFile(map(p) ?? p, enc));
  sys.directoryExists = (p) => {
    const s = slash(p);
    if (s === slash(join(cwd, "node_modules"))) return true;
    return directoryExists(map(p) ?? p);
  };
  sys.getDirectories = (p) => getDirectories(map(p) ?? p);
  if (realpath) {
    // Keep virtual paths virtual: module identity and relative imports stay under node_modules/radiogx.
    sys.realpath = (p) => (map(p) !== null ? p : realpath(p));
  }
  return true;
}

type RequireFn = NodeJS.Require;

/**
 * Wraps tslab's cell `require` (`globalThis.__tslab__.require`) so that a radiogx specifier the
 * notebook folder cannot resolve is resolved from the radiogx package (or, for `radiogx/kernel`,
 * loaded from `kernelApiJs`).
 */
export function installRadiogxRequireFallback(radiogxRoot: string | null, kernelApiJs: string): void {
  const holder = (globalThis as { __tslab__?: { require: RequireFn } }).__tslab__;
  if (!holder) throw new Error("tslab's executor has not set globalThis.__tslab__");
  const original = holder.require;
  const fromRoot = radiogxRoot ? createRequire(join(radiogxRoot, "package.json")) : null;
  const fallback = (id: string): unknown => {
    if (fromRoot) {
      try {
        return fromRoot(id);
      } catch (e) {
        if (id !== "radiogx/kernel" || (e as { code?: string }).code !== "MODULE_NOT_FOUND" && (e as { code?: string }).code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw e;
      }
    }
    if (id === "radiogx/kernel") return require(kernelApiJs);
    return null;
  };
  holder.require = new Proxy(original, {
    apply(target, thisArg, args: unknown[]) {
      try {
        return Reflect.apply(target, thisArg, args) as unknown;
      } catch (e) {
        const id = args[0];
        const code = (e as { code?: string }).code;
        const unresolved =
          (code === "MODULE_NOT_FOUND" && String((e as Error).message).includes(`'${String(id)}'`)) ||
          // radiogx found (self-reference or install) but without this subpath in its exports
          code === "ERR_PACKAGE_PATH_NOT_EXPORTED";
        if (typeof id === "string" && (id === "radiogx" || id.startsWith("radiogx/")) && unresolved) {
          const m = fallback(id);
          if (m !== null) return m;
        }
        throw e;
      }
    },
  });
}

/**
 * Limits the `@types` packages TypeScript includes on its own (the automatic type directives, which
 * are every folder of every `node_modules/@types` above the notebook) to `allowed`.
 *
 * A workspace easily holds dozens of them (jquery, backbone, lodash… from front-end packages); tslab
 * compiles each into every cell's program, which doubles the kernel's start-up. Only their global
 * declarations depend on this: a module's types are still found when a cell imports it. `null`
 * keeps TypeScript's default (all).
 */
export function restrictAutomaticTypes(ts: { sys: TsSys }, allowed: ReadonlySet<string> | null): void {
  if (allowed === null) return;
  const sys = ts.sys;
  const getDirectories = sys.getDirectories.bind(sys);
  sys.getDirectories = (p) => {
    const dirs = getDirectories(p);
    return /[\\/]node_modules[\\/]@types[\\/]?$/.test(p) ? dirs.filter((d) => allowed.has(d)) : dirs;
  };
}
