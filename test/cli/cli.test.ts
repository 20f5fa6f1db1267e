/**
 * The `radiogx` command line as a user runs it: the built `bin/radiogx.js` in a child process. Bad input
 * must give a non-zero exit and exactly one line naming the problem and the file — never a stack trace.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../subprocess";
import { createVolume } from "../../src/io/volume";
import { encodeNifti, writeNifti } from "../../src/io/write";
import { syntheticTumour } from "../../src/phantom/synthetic";

const root = resolve(__dirname, "../..");
const bin = join(root, "bin", "radiogx.js");
const dir = mkdtempSync(join(tmpdir(), "radiogx-cli-"));

async function run(...args: string[]) {
  const r = await runProcess(process.execPath, [bin, ...args], { cwd: dir });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectUserError(r: Awaited<ReturnType<typeof run>>, pattern: RegExp) {
  expect(r.code).not.toBe(0);
  expect(r.code).not.toBe(70); // not an internal error
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^radiogx: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

let image = "", mask = "";
beforeAll(() => {
  expect(existsSync(join(root, "dist", "cli", "main.js")), "the CLI is built by `npm ci` (prepare) or `npm run build`").toBe(true);
  const c = syntheticTumour({ seed: 3, size: [40, 40, 16], radius: 7 });
  image = join(dir, "ct.nii.gz");
  mask = join(dir, "mask.nii.gz");
  writeNifti(c.image, image);
  writeNifti(c.mask, mask);
});

describe("radiogx extract", () => {
  it("writes JSON with name, family, ibsi, aggregation, value, plus settings and diagnostics", async () => {
    const r = await run("extract", "--image", image, "--mask", mask);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.settings.conventions).toBe("ibsi");
    expect(doc.settings.setting.binWidth).toBe(25);
    const vol = doc.features.find((f: { name: string }) => f.name === "original_stat_mean");
    expect(vol).toMatchObject({ family: "stat", ibsi: "Q4LE", aggregation: null });
    const cm = doc.features.find((f: { name: string }) => f.name === "original_cm_contrast_3D_avg");
    expect(cm).toMatchObject({ family: "cm", aggregation: "3D, averaged" });
    expect(doc.diagnostics.preprocessing.roiVoxels).toBeGreaterThan(100);
  });

  it("writes a JSON document larger than a pipe's buffer whole (the process exits only once stdout is flushed)", async () => {
    const params = join(dir, "filters.yaml");
    writeFileSync(params, "conventions: pyradiomics\nimageType:\n  Original: {}\n  LoG: {sigma: [1.0, 2.0]}\n  Wavelet: {}\nsetting:\n  binWidth: 25\n");
    // A reader that starts late (as a Python subprocess or a slow consumer does): the pipe fills, so the rest
    // of the document is still queued in the process when the extraction is done.
    const sh = await runProcess("sh", ["-c", `"$0" "$@" | (sleep 1; cat)`, process.execPath, bin, "extract", "--image", image, "--mask", mask, "--params", params], { cwd: dir });
    const r = { code: sh.status, stdout: sh.stdout };
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(150_000);
    const doc = JSON.parse(r.stdout);
    expect(doc.features.length).toBeGreaterThan(1000);
  });

  it("pyradiomics conventions name features as PyRadiomics does; --format csv --out writes one row", async () => {
    const params = join(dir, "params.yaml");
    writeFileSync(params, "conventions: pyradiomics\nimageType:\n  Original: {}\nfeatureClass:\n  firstorder:\n  glszm: [ZonePercentage]\nsetting:\n  binWidth: 25\n  label: 1\n");
    const out = join(dir, "features.csv");
    const r = await run("extract", "--image", image, "--mask", mask, "--params", params, "--format", "csv", "--out", out);
    expect(r.code).toBe(0);
    const [head, row] = readFileSync(out, "utf8").trim().split("\n");
    const cols = head!.split(",");
    expect(cols.slice(0, 2)).toEqual(["image", "mask"]);
    expect(cols).toContain("original_firstorder_Mean");
    expect(cols).toContain("original_glszm_ZonePercentage");
    expect(cols.filter((c) => c.startsWith("original_glszm_"))).toHaveLength(1);
    expect(row!.split(",")).toHaveLength(cols.length);
  });
});

describe("bad input: one line naming the problem and the file, non-zero exit", () => {
  it("a missing file", async () => expectUserError(await run("extract", "--image", join(dir, "missing.nii.gz"), "--mask", mask), /missing\.nii\.gz: file not found/));
  it("a file that is not an image", async () => {
    const p = join(dir, "table.csv");
    writeFileSync(p, "a,b\n1,2\n".repeat(100));
    expectUserError(await run("extract", "--image", p, "--mask", mask), /table\.csv: not a supported image/);
  });
  it("a truncated file", async () => {
    const p = join(dir, "truncated.nii.gz");
    const bytes = readFileSync(image);
    writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectUserError(await run("extract", "--image", p, "--mask", mask), /truncated\.nii\.gz: .*truncated/);
  });
  it("an empty mask", async () => {
    const p = join(dir, "empty.nii.gz");
    writeNifti(createVolume(new Uint8Array(40 * 40 * 16), [40, 40, 16], { spacing: [0.8, 0.8, 2], origin: [-15.6, -15.6, 0] }), p);
    expectUserError(await run("extract", "--image", image, "--mask", p), /empty\.nii\.gz: the mask is empty/);
  });
  it("an absent label", async () => expectUserError(await run("extract", "--image", image, "--mask", mask, "--label", "3"), /mask\.nii\.gz: label 3 is not in the mask; labels present: 1/));
  it("an image/mask geometry mismatch", async () => {
    const p = join(dir, "shifted.nii.gz");
    const c = syntheticTumour({ seed: 3, size: [40, 40, 16], radius: 7 });
    writeNifti({ ...c.mask, spacing: [1, 1, 2] }, p);
    expectUserError(await run("extract", "--image", image, "--mask", p), /shifted\.nii\.gz: mask spacing .* does not match image spacing/);
  });
  it("an unknown setting names the key and the nearest valid one", async () => {
    const p = join(dir, "typo.yaml");
    writeFileSync(p, "setting:\n  binwidth: 25\n");
    expectUserError(await run("extract", "--image", image, "--mask", mask, "--params", p), /typo\.yaml: unknown setting "binwidth" in setting \(did you mean "binWidth"\?\)/);
  });
  it("an unknown option", async () => expectUserError(await run("extract", "--imgae", image), /unknown option --imgae \(did you mean --image\?\)/));
  it("does not leave a partial output file when it fails", async () => {
    const out = join(dir, "never.json");
    await run("extract", "--image", join(dir, "missing.nii.gz"), "--mask", mask, "--out", out);
    expect(existsSync(out)).toBe(false);
  });
  void copyFileSync; void gzipSync; void encodeNifti;
});

describe("radiogx cohort extract", () => {
  it("extracts every case, records a failing case and exits 2, then resumes without redoing work", async () => {
    const rows = ["patient_id,image,mask,age", `P1,${image},${mask},61`, `P2,${image},${mask},55`, "P3,gone.nii.gz,mask.nii.gz,70"];
    writeFileSync(join(dir, "manifest.csv"), rows.join("\n") + "\n");
    const first = await run("cohort", "extract", "manifest.csv", "--out", "cohort.csv", "--jobs", "2", "--quiet");
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout, first.stderr).toMatch(/2 extracted, 0 already done, 1 failed of 3 cases/);
    expect(first.stderr).toMatch(/P3: .*gone\.nii\.gz/);
    const table = readFileSync(join(dir, "cohort.csv"), "utf8").trim().split("\n");
    expect(table[0]!.split(",")[0]).toBe("patient_id");
    expect(table.map((l) => l.split(",")[0])).toEqual(["patient_id", "P1", "P2"]);
    expect(readFileSync(join(dir, "cohort.errors.csv"), "utf8")).toMatch(/^P3,,FILE_NOT_FOUND,/m);
    const again = await run("cohort", "extract", "manifest.csv", "--out", "cohort.csv", "--quiet");
    expect(again.stdout).toMatch(/0 extracted, 2 already done, 1 failed of 3 cases/);
    expect(readFileSync(join(dir, "cohort.csv"), "utf8").trim().split("\n")).toHaveLength(3);
  });
});

describe("radiogx demo", () => {
  it("prints the feature table of the built-in phantom", async () => {
    const r = await run("demo");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/original_stat_mean\s+Q4LE\s+-?\d/);
    expect(r.stdout.split("\n").length).toBeGreaterThan(100);
  });
});
