/**
 * The delimited-text reader (RFC 4180 quoting, CRLF, BOM, delimiter detection, ragged lines), typed
 * columns of readTable, and the promise that importing the cohort layer does not load danfo.js.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { csvField, detectDelimiter, isMissingCell, parseDelimited } from "../../src/cohort/csv";
import { readTable } from "../../src/cohort/dataTable";

describe("parseDelimited", () => {
  it("handles quotes, embedded delimiters/newlines, CRLF and a BOM", () => {
    const t = parseDelimited('\uFEFFid,"name, full",note\r\n1,"Smith, J","said ""hi""\nthen left"\r\n2,Doe,\r\n');
    expect(t.header).toEqual(["id", "name, full", "note"]);
    expect(t.rows).toEqual([["1", "Smith, J", 'said "hi"\nthen left'], ["2", "Doe", ""]]);
    expect(t.lineOf).toEqual([2, 4]);
  });
  it("detects tab and semicolon delimiters", () => {
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("a;b;c,d")).toBe(";");
    expect(detectDelimiter('"x;y",b,c')).toBe(",");
  });
  it("errors on a line with too many cells and on an unclosed quote, naming the line", () => {
    expect(() => parseDelimited("a,b\n1,2,3\n", { file: "t.csv" })).toThrow(/t\.csv: line 2 has 3 cells but the header has 2/);
    expect(() => parseDelimited('a,b\n1,"2\n', { file: "t.csv" })).toThrow(/quoted field opened on line 2 is never closed/);
  });
  it("writes fields that read back the same", () => {
    const cells = ["plain", "a,b", 'q"uote', "line\nbreak", 0.1 + 0.2, NaN];
    const back = parseDelimited(`h1,h2,h3,h4,h5,h6\n${cells.map(csvField).join(",")}\n`).rows[0]!;
    expect(back).toEqual(["plain", "a,b", 'q"uote', "line\nbreak", "0.30000000000000004", ""]);
  });
  it("knows the usual missing-value spellings", () => {
    for (const v of ["", "NA", "n/a", "Not Collected", "[Not Available]", null, NaN]) expect(isMissingCell(v)).toBe(true);
    for (const v of ["0", "Wildtype", 0]) expect(isMissingCell(v)).toBe(false);
  });
});

describe("readTable", () => {
  it("types columns: numeric when every non-missing cell is a number", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiogx-csv-"));
    const p = join(dir, "t.csv");
    writeFileSync(p, "Patient ID,age,stage,code\nR01-001,61,T1a,007\nR01-002,N/A,T2,010\n");
    const t = readTable(p, { rename: { "Patient ID": "patient_id" }, stringColumns: ["code"] });
    expect(t.columns).toEqual(["patient_id", "age", "stage", "code"]);
    expect(t.data.age).toEqual([61, NaN]);
    expect(t.data.stage).toEqual(["T1a", "T2"]);
    expect(t.data.code).toEqual(["007", "010"]);
    expect(() => readTable(p, { columns: ["agee"] })).toThrow(/no column "agee".*did you mean "age"/);
  });
});

describe("lazy danfo", () => {
  it("importing the cohort layer (and the extraction worker) does not load danfo.js", () => {
    const root = resolve(__dirname, "..", "..");
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", `require("./src/cohort/index.ts"); require("./src/cohort/extractWorker.ts"); console.log(Object.keys(require.cache).some((k) => k.includes("danfojs")))`], { cwd: root, encoding: "utf8" });
    expect(out.trim()).toBe("false");
  });
});
