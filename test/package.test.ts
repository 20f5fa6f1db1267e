/**
 * The package as users load it: `require("radiogx")` (tslab compiles notebook cells to CommonJS) and
 * `import("radiogx")`, from the project root and from the notebooks folder; `radiogx/kernel` too.
 * Loading the library must not load danfo.js (extraction does not pay for it).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "..");
// A notebook folder of the project (git does not keep an empty one).
mkdirSync(join(root, "notebooks"), { recursive: true });

function node(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr };
}

describe("package entry points", () => {
  it("is built (npm ci runs prepare)", () => {
    expect(existsSync(join(root, "dist", "index.js"))).toBe(true);
    expect(existsSync(join(root, "kernel-ext", "dist", "kernel", "index.js"))).toBe(true);
  });
  for (const cwd of [root, join(root, "notebooks")]) {
    const where = cwd === root ? "the project root" : "notebooks/";
    it(`require("radiogx") and require("radiogx/kernel") from ${where}, without loading danfo.js`, () => {
      const r = node(cwd, ["-e", `const rg = require("radiogx"); const k = require("radiogx/kernel");
const danfo = Object.keys(require.cache).some((p) => p.includes("danfojs"));
console.log(typeof rg.extractFromFiles, typeof rg.readImage, typeof k.IntSlider, typeof k.display, danfo);`]);
      expect(r.err).toBe("");
      expect(r.out).toBe("function function function function false");
    });
    it(`import("radiogx") from ${where}`, () => {
      const r = node(cwd, ["--input-type=module", "-e", `const rg = await import("radiogx"); console.log(typeof rg.extract, typeof rg.RadiogxError);`]);
      expect(r.out).toBe("function function");
    });
  }
});
