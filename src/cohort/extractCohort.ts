/**
 * Cohort extraction: every case of a manifest through `extractFromFiles`, in worker processes, into one table —
 * crash-safe, resumable and honest about failures.
 *
 * Files (for `--out results/features.csv`):
 * - `features.csv`: `patient_id`, then one column per feature; a case's row is appended (one `write`) as soon
 *   as it finishes, so a killed run never leaves a half-written row (a torn last line, possible only on a
 *   full disk, is cut off on resume). Readable by pandas as is; missing values are empty cells.
 * - `features.state.jsonl`: one line per finished case with its resume key — SHA-256 of
 *   (patient id, SHA-256 of the image bytes, SHA-256 of the mask bytes, settings hash) — written after the
 *   row. A row without its state line (killed between the two writes) is redone.
 * - `features.errors.csv`: `patient_id,feature,code,message` — every case that failed in this run (feature
 *   empty), and every single feature that could not be computed in a case that otherwise succeeded.
 * Re-running with the same `out` resumes: cases whose key is unchanged are skipped; rows whose key changed
 * (different image, mask or settings) are removed and redone; nothing is duplicated. When the run ends the
 * table is rewritten (atomically, by rename) in manifest order.
 *
 * Exit-code policy: 0 when every case succeeded (features that could not be computed are reported but do
 * not fail a case), 2 when some case failed; `summary.exitCode` carries it for the CLI.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { RadiogxError } from "../errors";
import { resolveSettings } from "../extract";
import { readParams, validateParams, type Params } from "../settings/params";
import { csvField, parseDelimited } from "./csv";
import type { CaseMessage, CaseTask, FileStamp } from "./extractWorker";
import { readManifest, type Manifest, type ManifestColumns, type ManifestRow } from "./manifest";
import { forkModuleWorker, type ModuleWorker } from "../workers";

/** Exit code when every case succeeded. */
export const EXIT_OK = 0;
/** Exit code when at least one case failed (the others are in the table). */
export const EXIT_SOME_FAILED = 2;

export interface CohortRunOptions {
  /** Output table path (CSV). The state and errors files are written next to it. */
  out: string;
  /** Extraction params (a validated `Params` or the path of a params YAML/JSON). Default: radiogx defaults. */
  params?: Params | string;
  /** Parallel workers (child processes, one case each at a time). Default: the number of CPUs, at most the number of cases to run. */
  jobs?: number;
  /** Called for every event (start, each case done/failed, end). Exceptions thrown by it are ignored. */
  onProgress?: (event: CohortProgressEvent) => void;
  /** Manifest column names (default patient_id, image, mask, label). */
  columns?: ManifestColumns;
  /** Stops dispatching new cases; cases in flight are abandoned (they will be redone on resume). */
  signal?: AbortSignal;
}

export type CohortProgressEvent =
  | { type: "start"; total: number; toRun: number; skipped: number; jobs: number; out: string }
  | { type: "case"; patientId: string; ok: true; done: number; total: number; ms: number; features: number; failedFeatures: number }
  | { type: "case"; patientId: string; ok: false; done: number; total: number; ms: number; code: string; message: string }
  | { type: "end"; summary: CohortRunSummary };

export interface CaseFailure {
  patientId: string;
  /** RadiogxError code (FILE_NOT_FOUND, TRUNCATED_FILE, EMPTY_MASK, …), INTERNAL_ERROR or WORKER_CRASHED. */
  code: string;
  message: string;
}

export interface CohortRunSummary {
  manifest: string;
  out: string;
  errorsFile: string;
  stateFile: string;
  /** Cases in the manifest. */
  total: number;
  /** Cases extracted in this run. */
  succeeded: number;
  failed: number;
  /** Cases skipped because an earlier run already did them with the same inputs and settings. */
  skipped: number;
  /** Cases not run because the run was aborted. */
  notRun: number;
  failures: CaseFailure[];
  /** Single features that could not be computed (listed in the errors file). */
  featureFailures: number;
  /** Feature columns of the table. */
  features: number;
  jobs: number;
  durationMs: number;
  notes: string[];
  /** 0 when every case succeeded, 2 when some failed (see EXIT_OK, EXIT_SOME_FAILED). */
  exitCode: 0 | 2;
}

interface StateLine {
  patientId: string;
  key: string;
  settingsHash: string;
  image: FileStamp;
  mask: FileStamp;
}

/** The three output files for a table path. */
export function cohortOutputPaths(out: string): { table: string; state: string; errors: string } {
  const table = resolve(out);
  const base = table.replace(/\.(csv|tsv|txt)$/i, "");
  return { table, state: `${base}.state.jsonl`, errors: `${base}.errors.csv` };
}

/** The resume key of a case. */
export function caseKey(patientId: string, imageSha: string, maskSha: string, settingsHash: string): string {
  return createHash("sha256").update(`${patientId}\0${imageSha}\0${maskSha}\0${settingsHash}`).digest("hex");
}

/** A file's stamp, reusing a stored SHA-256 when size and modification time are unchanged. */
function restamp(path: string, stored: FileStamp | undefined): FileStamp | null {
  let st;
  try {
    st = statSync(path);
  } catch {
    return null;
  }
  if (stored && stored.path === path && stored.size === st.size && stored.mtimeMs === st.mtimeMs) return stored;
  const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  return { path, size: st.size, mtimeMs: st.mtimeMs, sha256 };
}

/** Writes a file atomically: a temporary file in the same folder, then rename. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** The previous table: header and rows by patient id (cells as written), cutting off a torn last line. */
function readPreviousTable(path: string, notes: string[]): { header: string[] | null; rows: Map<string, string[]>; order: string[]; torn: boolean } {
  const empty = { header: null, rows: new Map<string, string[]>(), order: [] as string[], torn: false };
  if (!existsSync(path)) return empty;
  let text = readFileSync(path, "utf8");
  let torn = false;
  if (text.length > 0 && !text.endsWith("\n")) {
    text = text.slice(0, text.lastIndexOf("\n") + 1);
    torn = true;
    notes.push("the table's last line was incomplete (the previous run was interrupted while writing it) and was removed");
  }
  if (text.trim() === "") return { ...empty, torn };
  const parsed = parseDelimited(text, { delimiter: ",", file: path, padShortRows: false });
  if (parsed.header[0] !== "patient_id") {
    throw new RadiogxError("INVALID_ARGUMENT", `the existing output table does not start with a patient_id column; it is not a radiogx cohort table`, {
      file: path,
      hint: "choose another --out, or remove the file",
    });
  }
  const rows = new Map<string, string[]>();
  const order: string[] = [];
  for (const r of parsed.rows) {
    const id = r[0]!;
    if (!rows.has(id)) order.push(id);
    rows.set(id, r);
  }
  return { header: parsed.header, rows, order, torn };
}

function readPreviousState(path: string): Map<string, StateLine> {
  const out = new Map<string, StateLine>();
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const s = JSON.parse(line) as StateLine;
      if (typeof s.patientId === "string" && typeof s.key === "string") out.set(s.patientId, s);
    } catch {
      // A torn last line from an interrupted run: that case is redone.
    }
  }
  return out;
}

function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvField).join(",")}\n`;
}

/**
 * V8 flags of the extraction workers. A worker is a child process rather than a thread because of them: when
 * the workers take every CPU, V8's own background threads (concurrent compilation, marking and sweeping,
 * parallel scavenges) can only run by taking CPU from a worker, and they cost more than they save — measured
 * on 2 CPUs, `--single-threaded` workers ran `--jobs 2` ~20 % faster. With a CPU to spare (e.g. `--jobs 1` on
 * 2 CPUs) the background threads run beside the worker, which is faster, so the flags are left alone.
 */
export function workerV8Flags(jobs: number, cpus = availableParallelism()): string[] {
  return jobs >= cpus ? ["--single-threaded"] : [];
}

/** Starts one extraction worker process (compiled JS, or the TypeScript source through tsx in development/tests). */
function startWorker(params: Params, jobs: number): ModuleWorker {
  return forkModuleWorker(__dirname, "extractWorker", __filename.endsWith(".ts"), { params }, workerV8Flags(jobs));
}

/**
 * Extracts the features of every case of a manifest into one table (see module comment).
 * @param manifest path of the manifest CSV, or a manifest already read with `readManifest`.
 * @returns the run summary; `summary.exitCode` is 0 when all cases succeeded, 2 when some failed.
 * @throws RadiogxError for an invalid manifest or params, or an existing `out` that is not a radiogx table.
 * @example
 * const s = await extractCohort("cohort/manifest.csv", { out: "features.csv", jobs: 4, onProgress: (e) => e.type === "case" && console.log(e.patientId) });
 * process.exitCode = s.exitCode;
 */
export async function extractCohort(manifest: string | Manifest, options: CohortRunOptions): Promise<CohortRunSummary> {
  const t0 = performance.now();
  const m = typeof manifest === "string" ? readManifest(manifest, { columns: options.columns }) : manifest;
  const params: Params = typeof options.params === "string" ? readParams(options.params) : (options.params ?? validateParams({}));
  const paths = cohortOutputPaths(options.out);
  mkdirSync(dirname(paths.table), { recursive: true });
  const notes: string[] = [];
  const emit = (e: CohortProgressEvent) => {
    try {
      options.onProgress?.(e);
    } catch {
      // A failing progress callback must not stop the run.
    }
  };

  // Resume: which cases are done with the same inputs and settings?
  const prev = readPreviousTable(paths.table, notes);
  const prevState = readPreviousState(paths.state);
  const settingsHashOf = new Map<number | undefined, string>();
  const settingsHash = (label: number | undefined) => {
    let h = settingsHashOf.get(label);
    if (h === undefined) {
      h = resolveSettings(params, label).hash;
      settingsHashOf.set(label, h);
    }
    return h;
  };
  const state = new Map<string, StateLine>();
  const done = new Set<string>();
  const manifestIds = new Set(m.rows.map((r) => r.patientId));
  for (const row of m.rows) {
    const st = prevState.get(row.patientId);
    if (!st || !prev.rows.has(row.patientId)) continue;
    const img = restamp(row.image, st.image);
    const msk = restamp(row.mask, st.mask);
    if (!img || !msk) continue;
    const key = caseKey(row.patientId, img.sha256, msk.sha256, settingsHash(row.label));
    if (key === st.key) {
      done.add(row.patientId);
      state.set(row.patientId, { ...st, image: img, mask: msk });
    }
  }
  // Rows of patients outside the manifest are kept as they are (with their state, when they have one).
  for (const id of prev.order) {
    if (!manifestIds.has(id)) {
      const st = prevState.get(id);
      if (st) state.set(id, st);
    }
  }
  const keptIds = prev.order.filter((id) => done.has(id) || !manifestIds.has(id));
  const redone = prev.order.length - keptIds.length;
  if (redone > 0) notes.push(`${redone} rows of the existing table had changed inputs or settings, or no state line, and are redone`);
  let header: string[] | null = keptIds.length > 0 ? prev.header : null;
  if (redone > 0 || prev.torn || header === null) {
    writeAtomic(paths.table, header === null ? "" : csvLine(header) + keptIds.map((id) => csvLine(prev.rows.get(id)!)).join(""));
  }
  writeAtomic(paths.state, [...state.values()].map((s) => `${JSON.stringify(s)}\n`).join(""));
  writeFileSync(paths.errors, csvLine(["patient_id", "feature", "code", "message"]));

  const queue: number[] = [];
  m.rows.forEach((r, i) => {
    if (!done.has(r.patientId)) queue.push(i);
  });
  const total = m.rows.length;
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), Math.max(1, queue.length)));
  emit({ type: "start", total, toRun: queue.length, skipped: done.size, jobs, out: paths.table });

  const failures: CaseFailure[] = [];
  let succeeded = 0;
  let featureFailures = 0;
  let extraFeatures = 0;
  let finished = done.size;
  let notRun = 0;
  const tableFd = openSync(paths.table, "a");
  const stateFd = openSync(paths.state, "a");
  const errorsFd = openSync(paths.errors, "a");
  const headerIndex = new Map<string, number>();
  if (header) header.forEach((h, j) => headerIndex.set(h, j));

  const recordFailure = (row: ManifestRow, code: string, message: string, ms: number) => {
    failures.push({ patientId: row.patientId, code, message });
    writeSync(errorsFd, csvLine([row.patientId, "", code, message]));
    finished++;
    emit({ type: "case", patientId: row.patientId, ok: false, done: finished, total, ms, code, message });
  };
  const recordResult = (row: ManifestRow, msg: CaseMessage) => {
    if (!msg.ok) {
      recordFailure(row, msg.code, msg.message, msg.ms);
      return;
    }
    if (header === null) {
      header = ["patient_id", ...msg.features.map((f) => f.name), ...msg.failed.map((f) => f.name)];
      header.forEach((h, j) => headerIndex.set(h, j));
      writeSync(tableFd, csvLine(header));
    }
    const cells: unknown[] = new Array(header.length).fill("");
    cells[0] = row.patientId;
    for (const f of msg.features) {
      const j = headerIndex.get(f.name);
      if (j === undefined) extraFeatures++;
      else cells[j] = Number.isFinite(f.value) ? f.value : "";
    }
    // The row first, then its state line: a row without state is redone on resume, never lost or doubled.
    writeSync(tableFd, csvLine(cells));
    const key = caseKey(row.patientId, msg.image.sha256, msg.mask.sha256, settingsHash(row.label));
    const st: StateLine = { patientId: row.patientId, key, settingsHash: settingsHash(row.label), image: msg.image, mask: msg.mask };
    writeSync(stateFd, `${JSON.stringify(st)}\n`);
    state.set(row.patientId, st);
    for (const f of msg.failed) {
      featureFailures++;
      writeSync(errorsFd, csvLine([row.patientId, f.name, "FEATURE_FAILED", f.reason]));
    }
    succeeded++;
    finished++;
    emit({ type: "case", patientId: row.patientId, ok: true, done: finished, total, ms: msg.ms, features: msg.features.length, failedFeatures: msg.failed.length });
  };

  // Cases whose files are missing fail without a worker.
  const missing = new Map<string, string>();
  for (const f of m.missingFiles) if (!missing.has(f.patientId)) missing.set(f.patientId, `the ${f.column} does not exist: ${f.path}`);

  try {
    await new Promise<void>((resolveRun, rejectRun) => {
      let active = 0;
      let aborted = false;
      const workers: ModuleWorker[] = [];
      const inflight = new Map<ModuleWorker, number>();
      const finish = () => {
        for (const w of workers) w.terminate();
        resolveRun();
      };
      const next = (w: ModuleWorker) => {
        while (queue.length > 0 && !aborted) {
          const i = queue.shift()!;
          const row = m.rows[i]!;
          const why = missing.get(row.patientId);
          if (why !== undefined) {
            recordFailure(row, "FILE_NOT_FOUND", why, 0);
            continue;
          }
          const task: CaseTask = { type: "case", index: i, patientId: row.patientId, image: row.image, mask: row.mask };
          if (row.label !== undefined) task.label = row.label;
          inflight.set(w, i);
          w.postMessage(task);
          return;
        }
        inflight.delete(w);
        active--;
        if (active === 0) finish();
      };
      const spawn = (): ModuleWorker => {
        const w = startWorker(params, jobs);
        workers.push(w);
        w.onMessage((message) => {
          const msg = message as CaseMessage;
          const i = inflight.get(w);
          if (i === undefined) return;
          // The case is finished: not in flight any more when progress listeners hear of it (an abort
          // from a listener must not count it as not run).
          inflight.delete(w);
          try {
            recordResult(m.rows[i]!, msg);
          } catch (e) {
            aborted = true;
            rejectRun(e);
            return;
          }
          next(w);
        });
        const crashed = (why: string) => {
          const i = inflight.get(w);
          inflight.delete(w);
          const k = workers.indexOf(w);
          if (k >= 0) workers.splice(k, 1);
          if (i === undefined) return;
          try {
            recordFailure(m.rows[i]!, "WORKER_CRASHED", `the extraction worker stopped (${why}) while on this case`, 0);
          } catch (e) {
            rejectRun(e);
            return;
          }
          // Replace the worker and go on.
          let nw: ModuleWorker;
          try {
            nw = spawn();
          } catch (e) {
            rejectRun(e);
            return;
          }
          next(nw);
        };
        w.onExit((why) => {
          if (inflight.has(w)) crashed(why);
        });
        return w;
      };
      options.signal?.addEventListener("abort", () => {
        aborted = true;
        notRun = queue.length + inflight.size;
        queue.length = 0;
        finish();
      });
      if (queue.length === 0) {
        resolveRun();
        return;
      }
      active = jobs;
      for (let j = 0; j < jobs; j++) next(spawn());
    });
  } finally {
    closeSync(tableFd);
    closeSync(stateFd);
    closeSync(errorsFd);
  }
  if (extraFeatures > 0) notes.push(`${extraFeatures} feature values had no column in the table (their case produced features the first case did not) and were left out`);

  // Rewrite the table in manifest order (atomically) and compact the state file.
  if (header !== null && notRun === 0) {
    const final = readPreviousTable(paths.table, notes);
    const ordered = [...m.rows.map((r) => r.patientId).filter((id) => final.rows.has(id)), ...final.order.filter((id) => !manifestIds.has(id))];
    writeAtomic(paths.table, csvLine(final.header ?? header) + ordered.map((id) => csvLine(final.rows.get(id)!)).join(""));
    writeAtomic(paths.state, ordered.filter((id) => state.has(id)).map((id) => `${JSON.stringify(state.get(id))}\n`).join(""));
  }
  const summary: CohortRunSummary = {
    manifest: m.file,
    out: paths.table,
    errorsFile: paths.errors,
    stateFile: paths.state,
    total,
    succeeded,
    failed: failures.length,
    skipped: done.size,
    notRun,
    failures,
    featureFailures,
    features: header === null ? 0 : (header as string[]).length - 1,
    jobs,
    durationMs: performance.now() - t0,
    notes,
    exitCode: failures.length > 0 ? EXIT_SOME_FAILED : EXIT_OK,
  };
  emit({ type: "end", summary });
  return summary;
}

/** The library entry point the CLI's `radiogx cohort extract` calls (same as {@link extractCohort}). */
export const run = extractCohort;
