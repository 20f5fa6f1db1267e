/**
 * Manifests: required columns, relative paths resolved against the manifest's folder, labels, clinical
 * columns typed, errors that name the file, line and column; loadCohort's danfo DataFrame.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCohort, manifestTable, readManifest } from "../../src/cohort/manifest";

let dir: string;
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "radiogx-manifest-"));
  mkdirSync(join(dir, "img"));
  for (const f of ["a.nii", "a_m.nii", "b.nii", "b_m.nii"]) writeFileSync(join(dir, "img", f), "");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readManifest", () => {
  it("resolves relative paths against its folder, reads labels and clinical columns", () => {
    const p = write("m.csv", "patient_id,image,mask,label,age,EGFR\nA,img/a.nii,img/a_m.nii,2,61,Mutant\nB,img/b.nii,img/b_m.nii,,N/A,Wildtype\n");
    const m = readManifest(p);
    expect(m.rows.map((r) => r.patientId)).toEqual(["A", "B"]);
    expect(m.rows[0]!.image).toBe(join(dir, "img", "a.nii"));
    expect(m.rows[0]!.label).toBe(2);
    expect(m.rows[1]!.label).toBeUndefined();
    expect(m.clinicalColumns).toEqual(["age", "EGFR"]);
    expect(m.missingFiles).toEqual([]);
    const t = manifestTable(m);
    expect(t.columns).toEqual(["patient_id", "image", "mask", "label", "age", "EGFR"]);
    expect(t.data.age).toEqual([61, NaN]);
    expect(t.data.EGFR).toEqual(["Mutant", "Wildtype"]);
  });
  it("lists missing files, or refuses them with requireFiles", () => {
    const p = write("missing.csv", "patient_id,image,mask\nA,img/a.nii,img/nope.nii\n");
    expect(readManifest(p).missingFiles).toEqual([{ patientId: "A", line: 2, column: "mask", path: join(dir, "img", "nope.nii") }]);
    expect(() => readManifest(p, { requireFiles: true })).toThrow(/line 2: the mask of patient "A" does not exist/);
  });
  it("errors name the file, line and column", () => {
    expect(() => readManifest(write("nocol.csv", "patient,image,mask\nA,img/a.nii,img/a_m.nii\n"))).toThrow(/nocol\.csv: the manifest has no "patient_id" column.*did you mean "patient"/);
    expect(() => readManifest(write("dup.csv", "patient_id,image,mask\nA,img/a.nii,img/a_m.nii\nA,img/b.nii,img/b_m.nii\n"))).toThrow(/line 3: patient "A" already appears on line 2/);
    expect(() => readManifest(write("lab.csv", "patient_id,image,mask,label\nA,img/a.nii,img/a_m.nii,one\n"))).toThrow(/line 2: label "one" of patient "A" is not an integer/);
    expect(() => readManifest(write("empty.csv", "patient_id,image,mask\n,img/a.nii,img/a_m.nii\n"))).toThrow(/line 2: the patient_id cell is empty/);
    expect(() => readManifest(join(dir, "absent.csv"))).toThrow(/absent\.csv: no such file/);
  });
  it("accepts other column names and TSV", () => {
    const p = write("m.tsv", "id\tct\tseg\nA\timg/a.nii\timg/a_m.nii\n");
    expect(readManifest(p, { columns: { patientId: "id", image: "ct", mask: "seg" } }).rows[0]!.mask).toBe(join(dir, "img", "a_m.nii"));
  });
});

describe("loadCohort", () => {
  it("returns a danfo DataFrame with typed clinical columns", () => {
    const p = write("m2.csv", "patient_id,image,mask,age,EGFR\nA,img/a.nii,img/a_m.nii,61,Mutant\nB,img/b.nii,img/b_m.nii,70,Wildtype\n");
    const df = loadCohort(p);
    expect(df.columns).toEqual(["patient_id", "image", "mask", "age", "EGFR"]);
    expect(df.shape).toEqual([2, 5]);
    expect(df.column("age").values).toEqual([61, 70]);
    expect(df.column("image").values[1]).toBe(join(dir, "img", "b.nii"));
  });
});
