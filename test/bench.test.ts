/**
 * `npm run bench` is not run by CI (it takes minutes and its figures are the benchmark's, not a test's), so
 * this checks that its parts load as the bench loads them: bench/run.ts under tsx, and the modules the
 * Cox and CV benchmark scripts import from the tests, outside vitest (a test-only module that imports
 * vitest breaks them; that happened once).
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runProcess } from "./subprocess";

const root = resolve(__dirname, "..");

describe("npm run bench", () => {
  it("the helpers its Cox and CV scripts import load outside vitest", async () => {
    const r = await runProcess(process.execPath, ["--import", "tsx", "-e", `require("./test/refdata.ts"); require("./test/survival/peers.ts"); console.log("loaded")`], { cwd: root });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("loaded");
    expect(r.status).toBe(0);
  });
  it("names an unknown case and the valid ones, and exits 2", async () => {
    const r = await runProcess(process.execPath, ["--import", "tsx", "bench/run.ts", "nosuchcase"], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown case "nosuchcase"; the cases are foundation, original, filtered, map, cohort, cox, cv, kernel, browser/);
  });
});
