/**
 * Starting worker threads on radiogx's own modules, from the compiled JavaScript (`dist/`) or — in
 * development and tests — from the TypeScript sources through tsx's CommonJS hook.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { RadiogxError } from "../errors";

/**
 * A worker running `<dir>/<name>.js`, or `<dir>/<name>.ts` through tsx when `dir` holds TypeScript sources
 * (`fromTs`, normally `__filename.endsWith(".ts")` of the caller).
 */
export function spawnModuleWorker(dir: string, name: string, fromTs: boolean, workerData: unknown): Worker {
  if (fromTs) {
    const req = createRequire(join(dir, `${name}.ts`));
    let tsx: string;
    try {
      tsx = req.resolve("tsx/cjs");
    } catch {
      throw new RadiogxError("INVALID_ARGUMENT", "running radiogx from its TypeScript sources needs the tsx package for worker threads", { hint: "build with `npm run build`, or install tsx" });
    }
    const src = join(dir, `${name}.ts`);
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(src)});`, { eval: true, workerData });
  }
  return new Worker(join(dir, `${name}.js`), { workerData });
}
