/**
 * Joins report unmatched, missing and duplicated ids instead of dropping them silently; ids from paths;
 * status calls to 1/0 with the unrecognised ones reported; on the NSCLC clinical table (reference data):
 * EGFR 43 mutant / 129 wild-type as in the TCIA table ("Unknown" and "Not collected" count as missing).
 */
import { describe, expect, it } from "vitest";
import { extractIds, joinTables } from "../../src/cohort/join";
import { binaryStatus, loadStatusTable } from "../../src/cohort/status";
import { hasRefdata, refPath } from "../refdata";

describe("joinTables", () => {
  const left = { patient_id: ["A", "B", "C", null, "B"], x: [1, 2, 3, 4, 5] };
  const right = { id: ["C", "A", "D", "A"], y: ["c", "a", "d", "a2"], x: [30, 10, 40, 11] };
  it("inner join with a report of everything that did not match", () => {
    const { table, report } = joinTables(left, right, { leftOn: "patient_id", rightOn: "id" });
    expect(table.columns).toEqual(["patient_id", "x", "y", "x_right"]);
    expect(table.data.patient_id).toEqual(["A", "C"]);
    expect(table.data.y).toEqual(["a", "c"]);
    expect(table.data.x_right).toEqual([10, 30]);
    expect(report.matched).toBe(2);
    expect(report.onlyInLeft).toEqual(["B"]);
    expect(report.onlyInRight).toEqual(["D"]);
    expect(report.missingIds).toEqual({ left: 1, right: 0 });
    expect(report.duplicated).toEqual({ left: ["B"], right: ["A"] });
  });
  it("left join keeps unmatched left rows with missing right cells", () => {
    const { table } = joinTables(left, right, { leftOn: "patient_id", rightOn: "id", how: "left" });
    expect(table.rows).toBe(5);
    expect(table.data.y).toEqual(["a", null, "c", null, null]);
    expect(table.data.x_right).toEqual([10, NaN, 30, NaN, NaN]);
  });
  it("says how the ids look when nothing matches", () => {
    expect(() => joinTables({ patient_id: ["R01-001"] }, { patient_id: ["AMC-001"] })).toThrow(/no id of "patient_id" matches.*"R01-001".*"AMC-001"/);
  });
  it("derives ids from paths", () => {
    expect(extractIds(["/data/images/R01-012.nii", "x.nii", null], /R01-\d+/)).toEqual(["R01-012", null, null]);
    expect(extractIds(["case_17_ct.nrrd"], /case_(\d+)/)).toEqual(["17"]);
  });
});

describe("binaryStatus", () => {
  it("maps calls to 1/0/NaN and reports unrecognised ones", () => {
    const s = binaryStatus(["Mutant", "wildtype", "Not collected", "Unknown", "WT", "weird"]);
    expect(Array.from(s.values)).toEqual([1, 0, NaN, NaN, 0, NaN]);
    expect(s.unrecognised).toEqual({ weird: 1 });
    expect(s).toMatchObject({ positives: 1, negatives: 2, missing: 2 });
  });
});

describe.skipIf(!hasRefdata())("NSCLC-Radiogenomics clinical status (needs ../shared/data)", () => {
  it("EGFR and KRAS counts as in the TCIA table", () => {
    const t = loadStatusTable(refPath("radiogenomics", "nsclc_radiogenomics_clinical.csv"), ["EGFR mutation status", "KRAS mutation status"], { rename: { "Patient ID": "patient_id" } });
    expect(t.summary["EGFR mutation status"]).toMatchObject({ positives: 43, negatives: 129, missing: 39, unrecognised: {} });
    expect(t.summary["KRAS mutation status"]).toMatchObject({ positives: 38, negatives: 133 });
    expect(t.table.rows).toBe(211);
  });
});
