/**
 * The IBSI 1 conformance suite through the whole pipeline (read → resample → re-segment → discretise →
 * features): every reference value of every family in the digital phantom and CT configurations A–E
 * (reference tables of the IBSI 1 consensus, compliance as IBSI defines it: 3 significant digits, within
 * tolerance). The same suite prints the compliance table with `npm run conformance`.
 */
import { describe, expect, it } from "vitest";
import { formatCompliance, runConformance } from "../src/conformance/run";
import { hasRefdata } from "./refdata";

describe.skipIf(!hasRefdata())("IBSI 1 conformance (digital phantom, CT phantom A–E)", () => {
  it("matches every reference value of every family", () => {
    const report = runConformance();
    const misses = formatCompliance(report, 60);
    expect(report.allMatched, misses).toBe(true);
    let total = 0;
    for (const row of Object.values(report.cells)) for (const c of Object.values(row)) total += c.total;
    expect(total).toBe(1804); // all non-empty reference values of the six tables
  }, 300_000);
});
