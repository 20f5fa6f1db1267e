/**
 * Expression matrices: orientation declared, detected by known sample ids, or by shape; annotation rows
 * and columns kept apart from the numbers; sample-id mapping (TCGA barcodes → patients); errors naming the
 * file, line and column. On TCGA-GBM (reference data; skipped without it): 840 × 173, subtypes as in the
 * file, values equal to pandas (venv).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadExpression } from "../../src/cohort/expression";
import { correlationMap } from "../../src/stats/correlationMap";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";
import { describeIf } from "../describeIf";

const dir = mkdtempSync(join(tmpdir(), "radiogx-expr-"));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("loadExpression", () => {
  const gbs = write("gbs.tsv", "gene\tdesc\tS1\tS2\tS3\nsubtype\t\tA\tB\tA\nTP53\ttumour suppressor\t1.5\t2\tNA\nEGFR\treceptor\t3\t4\t5\nPTEN\tphosphatase\t0\t-1\t2\nMYC\tTF\t1\t1\t1\n");
  it("genes × samples: the annotation row and column are kept apart, NA is missing", () => {
    const e = loadExpression(gbs);
    expect(e.orientation).toBe("genes-by-samples");
    expect(e.genes).toEqual(["TP53", "EGFR", "PTEN", "MYC"]);
    expect(e.samples).toEqual(["S1", "S2", "S3"]);
    expect(e.sampleAnnotations.subtype).toEqual(["A", "B", "A"]);
    expect(e.geneAnnotations.desc![1]).toBe("receptor");
    expect(Array.from(e.values[0]!)).toEqual([1.5, 2, NaN]);
  });
  it("samples × genes, detected from known sample ids, with a sample-id pattern", () => {
    const p = write("sbg.csv", "sample,EGFR,KRAS,TP53,group\nTCGA-02-0001-01A,1,2,3,x\nTCGA-02-0002-01A,4,5,6,y\n");
    const e = loadExpression(p, { knownSamples: ["TCGA-02-0001", "TCGA-02-0002"], sampleId: /TCGA-\w\w-\w{4}/ });
    expect(e.orientation).toBe("samples-by-genes");
    expect(e.orientationReason).toMatch(/2 known sample ids found in the rows/);
    expect(e.samples).toEqual(["TCGA-02-0001", "TCGA-02-0002"]);
    expect(e.genes).toEqual(["EGFR", "KRAS", "TP53"]);
    expect(Array.from(e.values[2]!)).toEqual([3, 6]);
    expect(e.sampleAnnotations.group).toEqual(["x", "y"]);
  });
  it("keeps the first of samples that map to the same id, and says so", () => {
    const p = write("dup.csv", "gene,TCGA-02-0001-01A,TCGA-02-0001-11A,TCGA-02-0003-01A\nG1,1,2,3\nG2,4,5,6\nG3,7,8,9\nG4,1,1,2\n");
    const e = loadExpression(p, { sampleId: /TCGA-\w\w-\w{4}/ });
    expect(e.samples).toEqual(["TCGA-02-0001", "TCGA-02-0003"]);
    expect(e.notes[0]).toMatch(/1 samples share an id/);
    expect(Array.from(e.values[0]!)).toEqual([1, 3]);
  });
  it("names the cell that is not a number", () => {
    const p = write("bad.csv", "gene,S1,S2,S3\nG1,1,2,3\nG2,4,oops,6\nG3,1,2,3\n");
    expect(() => loadExpression(p)).toThrow(/bad\.csv: line 3, column "S2": "oops" is not a number/);
  });
  it("is a VariableBlock for correlationMap, aligned on sample ids", () => {
    const e = loadExpression(gbs);
    const m = correlationMap({ id: ["S3", "S1", "S2"], feature: [3, 1, 2] }, e, { on: "id", method: "pearson" });
    expect(m.join!.matched).toBe(3);
    expect(m.r[1]).toBeCloseTo(1, 14); // EGFR = 3, 4, 5 over S1..S3 is collinear with the feature 1, 2, 3
  });
});

describeIf(hasRefdata(), "TCGA-GBM ClaNC expression (needs ../shared/data)", () => {
  const path = refPath("radiogenomics", "tcga_gbm_expression_clanc840.tsv");
  const e = loadExpression(path, { sampleId: /TCGA-\w\w-\w{4}/ });
  it("840 genes × 173 samples with their subtypes", () => {
    expect(e.genes.length).toBe(840);
    expect(e.samples.length).toBe(173);
    expect(e.samples[0]).toBe("TCGA-02-0003");
    const counts: Record<string, number> = {};
    for (const s of e.sampleAnnotations.Subtype!) counts[s!] = (counts[s!] ?? 0) + 1;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(173);
  });
  it.skipIf(!hasPythonModules("pandas"))("values equal pandas' reading (needs the venv)", async () => {
    const want = await runPythonJson<{ sum: number; first: number[]; subtypes: Record<string, number> }>(`
import json, pandas as pd
raw = pd.read_csv(${JSON.stringify(path)}, sep='\\t', header=None, dtype=str)
X = raw.iloc[2:, 2:].astype(float)
print(json.dumps(dict(sum=float(X.to_numpy().sum()), first=X.iloc[0, :5].tolist(), subtypes=raw.iloc[1, 2:].value_counts().to_dict())))
`);
    let s = 0;
    for (const v of e.values) for (const x of v) s += x;
    expect(s).toBeCloseTo(want.sum, 6);
    expect(Array.from(e.values[0]!.subarray(0, 5))).toEqual(want.first);
    const counts: Record<string, number> = {};
    for (const x of e.sampleAnnotations.Subtype!) counts[x!] = (counts[x!] ?? 0) + 1;
    expect(counts).toEqual(want.subtypes);
  });
});
