/**
 * Cohort extraction on synthetic lesions (radiogx's phantom generator, written as NIfTI): a corrupt case and
 * a missing file are reported and do not stop the run (exit code 2); a run killed with SIGKILL mid-way and
 * then resumed gives a table byte-identical to an uninterrupted run, with no case lost or duplicated; a
 * re-run skips every finished case; a changed mask redoes that case only; a torn last line is cut off.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cohortOutputPaths, extractCohort, EXIT_SOME_FAILED, type CohortProgressEvent } from "../../src/cohort/extractCohort";
import { writeNifti } from "../../src/io/write";
import { syntheticTumour } from "../../src/phantom/synthetic";
import { validateParams } from "../../src/settings/params";
import { hasPythonModules, runPythonJson } from "../refdata";

const root = resolve(__dirname, "..", "..");
const params = validateParams({ conventions: "pyradiomics", imageType: { Original: {} }, featureClass: { firstorder: null, glcm: null } });
const CASES = 14;
let dir: string;
let manifest: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "radiogx-cohort-"));
  mkdirSync(join(dir, "cases"));
  const lines = ["patient_id,image,mask,age"];
  for (let i = 0; i < CASES; i++) {
    const c = syntheticTumour({ seed: i + 1, size: [40, 40, 20], spacing: [1, 1, 2], radius: 6 + (i % 4) });
    writeNifti(c.image, join(dir, "cases", `img${i}.nii.gz`));
    writeNifti(c.mask, join(dir, "cases", `msk${i}.nii.gz`));
    lines.push(`P${String(i).padStart(2, "0")},cases/img${i}.nii.gz,cases/msk${i}.nii.gz,${50 + i}`);
  }
  const good = readFileSync(join(dir, "cases", "img0.nii.gz"));
  writeFileSync(join(dir, "cases", "corrupt.nii.gz"), good.subarray(0, 300));
  lines.splice(4, 0, "BAD,cases/corrupt.nii.gz,cases/msk0.nii.gz,70");
  lines.push("GONE,cases/absent.nii.gz,cases/msk1.nii.gz,71");
  manifest = join(dir, "manifest.csv");
  writeFileSync(manifest, lines.join("\n") + "\n");
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Pids of the processes whose environment holds `entry` (Linux /proc; none elsewhere). */
function processesWithEnv(entry: string): number[] {
  if (!existsSync("/proc")) return [];
  const found: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, "latin1").split("\0").includes(entry)) found.push(Number(d));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

const dataLines = (path: string) => readFileSync(path, "utf8").split("\n").filter((l) => l !== "").slice(1);

describe("extractCohort", () => {
  let reference: string;

  it("extracts every case, reports the corrupt and the missing one, and goes on (exit code 2)", async () => {
    const events: CohortProgressEvent[] = [];
    const out = join(dir, "full", "features.csv");
    const s = await extractCohort(manifest, { out, params, jobs: 2, onProgress: (e) => events.push(e) });
    expect(s.total).toBe(CASES + 2);
    expect(s.succeeded).toBe(CASES);
    expect(s.failed).toBe(2);
    expect(s.exitCode).toBe(EXIT_SOME_FAILED);
    expect(s.failures.map((f) => [f.patientId, f.code]).sort()).toEqual([["BAD", "TRUNCATED_FILE"], ["GONE", "FILE_NOT_FOUND"]]);
    const { errors, state } = cohortOutputPaths(out);
    const errLines = readFileSync(errors, "utf8").trim().split("\n");
    expect(errLines[0]).toBe("patient_id,feature,code,message");
    expect(errLines.filter((l) => l.startsWith("BAD,,TRUNCATED_FILE")).length).toBe(1);
    expect(events[0]!.type).toBe("start");
    expect(events.filter((e) => e.type === "case").length).toBe(CASES + 2);
    expect(events.at(-1)!.type).toBe("end");
    // patient_id first, one column per feature, manifest order, no duplicates.
    const text = readFileSync(out, "utf8");
    const header = text.split("\n")[0]!.split(",");
    expect(header[0]).toBe("patient_id");
    expect(header.length - 1).toBe(s.features);
    expect(dataLines(out).map((l) => l.split(",")[0])).toEqual(Array.from({ length: CASES }, (_, i) => `P${String(i).padStart(2, "0")}`));
    expect(readFileSync(state, "utf8").trim().split("\n").length).toBe(CASES);
    reference = text;
  });

  it.skipIf(!hasPythonModules("pandas"))("the table reads into pandas as is (needs the venv's pandas)", async () => {
    const out = join(dir, "full", "features.csv");
    const r = await runPythonJson<{ shape: number[]; first: string; ids: string[]; v: number }>(`
import json, pandas as pd
d = pd.read_csv(${JSON.stringify(out)}, float_precision='round_trip')
print(json.dumps(dict(shape=list(d.shape), first=d.columns[0], ids=d['patient_id'].tolist(), v=float(d.iloc[3, 5]))))
`);
    const lines = reference.trim().split("\n");
    expect(r.shape).toEqual([CASES, lines[0]!.split(",").length]);
    expect(r.first).toBe("patient_id");
    expect(r.ids[0]).toBe("P00");
    expect(r.v).toBe(Number(lines[4]!.split(",")[5]));
  });

  it("a run killed with SIGKILL resumes to the same table, nothing lost or duplicated", async () => {
    const out = join(dir, "killed", "features.csv");
    const script = join(dir, "run.ts");
    writeFileSync(
      script,
      `import { extractCohort } from ${JSON.stringify(join(root, "src", "cohort", "extractCohort"))};
import { validateParams } from ${JSON.stringify(join(root, "src", "settings", "params"))};
extractCohort(process.argv[2]!, { out: process.argv[3]!, params: validateParams(JSON.parse(process.argv[4]!)), jobs: 1 }).then((s) => process.exit(s.exitCode));
`,
    );
    const raw = { conventions: "pyradiomics", imageType: { Original: {} }, featureClass: { firstorder: null, glcm: null } };
    const tag = `killed-${process.pid}-${Date.now()}`;
    const child = spawn(process.execPath, ["--import", "tsx", script, manifest, out, JSON.stringify(raw)], { cwd: root, stdio: "ignore", env: { ...process.env, RADIOGX_TEST_RUN: tag } });
    const exited = new Promise<NodeJS.Signals | number | null>((res) => child.on("exit", (code, sig) => res(sig ?? code)));
    // Kill as soon as at least 3 cases are in the table.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (existsSync(out) && dataLines(out).length >= 3) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    // Its worker process (which inherited the tag) goes with it: it exits when the IPC channel closes.
    const stillThere = () => processesWithEnv(`RADIOGX_TEST_RUN=${tag}`);
    const gone = Date.now() + 10_000;
    while (stillThere().length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    expect(stillThere()).toEqual([]);
    const before = dataLines(out).length;
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(CASES);
    const s = await extractCohort(manifest, { out, params, jobs: 2 });
    expect(s.skipped + s.succeeded).toBe(CASES);
    expect(s.skipped).toBeGreaterThanOrEqual(before - 1); // at most the last row lacked its state line
    expect(readFileSync(out, "utf8")).toBe(reference);
    const ids = readFileSync(cohortOutputPaths(out).state, "utf8").trim().split("\n").map((l) => JSON.parse(l).patientId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("a re-run skips every finished case and leaves the table as it was", async () => {
    const out = join(dir, "full", "features.csv");
    const s = await extractCohort(manifest, { out, params, jobs: 2 });
    expect(s.skipped).toBe(CASES);
    expect(s.succeeded).toBe(0);
    expect(s.failed).toBe(2);
    expect(readFileSync(out, "utf8")).toBe(reference);
  });

  it("a changed mask redoes that case only; a torn last line is cut off and redone", async () => {
    const out = join(dir, "full", "features.csv");
    const c = syntheticTumour({ seed: 99, size: [40, 40, 20], spacing: [1, 1, 2], radius: 8 });
    writeNifti(c.mask, join(dir, "cases", "msk5.nii.gz"));
    const s = await extractCohort(manifest, { out, params, jobs: 1 });
    expect(s.succeeded).toBe(1);
    expect(s.skipped).toBe(CASES - 1);
    const changed = dataLines(out);
    expect(changed.length).toBe(CASES);
    expect(changed.find((l) => l.startsWith("P05,"))).not.toBe(reference.split("\n").find((l) => l.startsWith("P05,")));
    // Tear the last row (as a full disk could) — the resume cuts it off and redoes that case.
    const text = readFileSync(out, "utf8");
    writeFileSync(out, text.slice(0, text.length - 20));
    const t = await extractCohort(manifest, { out, params, jobs: 1 });
    expect(t.notes.join(" ")).toMatch(/incomplete/);
    expect(t.succeeded).toBe(1);
    expect(dataLines(out).length).toBe(CASES);
  });
});
