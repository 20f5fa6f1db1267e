/**
 * The `radiogx` command line.
 *
 *   radiogx extract --image I --mask M [--label N] [--params P] [--format json|csv|table] [--out F]
 *   radiogx demo                         features of the built-in synthetic phantom (npm start)
 *   radiogx cohort extract <manifest.csv> --out <table.csv> [--params P] [--jobs N]
 *   radiogx conformance [--refdata DIR]  IBSI compliance table against the reference data
 *   radiogx --help | --version
 *
 * A user mistake (missing file, bad setting, empty mask, …) prints one line `radiogx: <file>: <problem>` and
 * exits 1 (2 for a malformed command line); no stack trace. Set RADIOGX_DEBUG=1 to see stacks.
 */
import { writeFileSync, renameSync } from "node:fs";
import { isRadiogxError, RadiogxError } from "../errors";
import { extract, extractFromFilesAsync } from "../extract";
import { readParams, validateParams } from "../settings/params";
import { syntheticTumour } from "../phantom/synthetic";
import { parseArgs, requireOption } from "./args";
import { resultCsv, resultJson, resultTable } from "./format";

const USAGE = `radiogx — radiomics and radiogenomics for Jupyter

Usage:
  radiogx extract --image <file> --mask <file> [--label N] [--params <yaml|json>]
                  [--format json|csv|table] [--out <file>]
      Extract features of one image and mask (NIfTI .nii/.nii.gz or NRRD). The params file is in
      PyRadiomics' format (imageType, featureClass, setting) plus 'conventions: ibsi|pyradiomics'.
  radiogx cohort extract <manifest.csv> --out <table.csv> [--params <yaml|json>] [--jobs N] [--quiet]
      Extract every case of a manifest (patient_id, image, mask[, label], clinical columns...) on N worker
      threads into one table (patient_id, then a column per feature). Each case is written as it finishes;
      re-running with the same --out resumes. Failed cases go to <table>.errors.csv. Exit code 0 when every
      case succeeded, 2 when some failed.
  radiogx kernel install [--user | --sys-prefix | --prefix <dir>]
      Register the Jupyter kernel "radiogx" (display name "TypeScript (radiogx)").
  radiogx demo [--format json|csv|table]
      Extract features of the built-in synthetic CT-like phantom and print them.
  radiogx conformance [--refdata <dir>]
      Check the IBSI 1 reference values (digital phantom, CT phantom configurations A–E) and print a
      compliance table (family × configuration, matched/total).
  radiogx --version

Exit codes: 0 success, 1 bad input (the message names the file or setting), 2 bad command line or
(cohort extract) some cases failed.
`;

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };
const processOut: Out = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

/** Writes a file atomically (temp file + rename), so a failed run never leaves a half-written output. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    throw new RadiogxError("FILE_UNREADABLE", `cannot write output (${(e as Error).message})`, { file: path });
  }
}

function render(result: ReturnType<typeof extract>, format: string): string {
  switch (format) {
    case "json": return JSON.stringify(resultJson(result), null, 2) + "\n";
    case "csv": return resultCsv(result);
    case "table": return resultTable(result);
    default: throw new RadiogxError("INVALID_ARGUMENT", `--format must be json, csv or table, got "${format}"`, { key: "format" });
  }
}

async function cmdExtract(argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, ["image", "mask", "label", "params", "format", "out"]);
  const image = requireOption(args, "image", "the image file");
  const mask = requireOption(args, "mask", "the mask file");
  const params = typeof args.options.params === "string" ? readParams(args.options.params) : validateParams({});
  let label: number | undefined;
  if (typeof args.options.label === "string") {
    label = Number(args.options.label);
    if (!Number.isInteger(label)) throw new RadiogxError("INVALID_ARGUMENT", `--label must be a whole number, got "${args.options.label}"`, { key: "label" });
  }
  const format = (args.options.format as string | undefined) ?? (typeof args.options.out === "string" && args.options.out.endsWith(".csv") ? "csv" : "json");
  if (!["json", "csv", "table"].includes(format)) throw new RadiogxError("INVALID_ARGUMENT", `--format must be json, csv or table, got "${format}"`, { key: "format" });
  const result = await extractFromFilesAsync(image, mask, params, { label });
  const text = render(result, format);
  if (typeof args.options.out === "string") writeAtomic(args.options.out, text);
  else out.stdout(text);
  for (const w of result.diagnostics.warnings) out.stderr(`radiogx: warning: ${w}\n`);
  for (const f of result.failed) out.stderr(`radiogx: warning: ${f.name} not computed: ${f.reason}\n`);
  return 0;
}

async function cmdDemo(argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, ["format"]);
  const format = (args.options.format as string | undefined) ?? "table";
  const phantom = syntheticTumour({ seed: 1 });
  out.stderr(`radiogx demo: synthetic CT-like lesion, ${phantom.image.size.join("×")} voxels of ${phantom.image.spacing.join(" × ")} mm, ROI of ${phantom.roiVoxels} voxels (IBSI conventions, FBS 25 HU)\n`);
  const result = extract(phantom.image, phantom.mask, validateParams({ setting: { binWidth: 25 } }));
  out.stdout(render(result, format));
  return 0;
}

async function cmdCohort(argv: string[], out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "extract") {
    throw new RadiogxError("INVALID_ARGUMENT", `unknown cohort command "${sub ?? ""}"`, { hint: "radiogx cohort extract <manifest.csv> --out <table.csv>" });
  }
  const args = parseArgs(rest, ["out", "params", "jobs"], ["quiet"]);
  const manifest = args.positional[0];
  if (!manifest || args.positional.length > 1) {
    throw new RadiogxError("INVALID_ARGUMENT", "expected one manifest CSV: radiogx cohort extract <manifest.csv> --out <table.csv>", { key: "manifest" });
  }
  const table = requireOption(args, "out", "the output table CSV");
  let jobs: number | undefined;
  if (typeof args.options.jobs === "string") {
    jobs = Number(args.options.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new RadiogxError("INVALID_ARGUMENT", `--jobs must be a whole number ≥ 1, got "${args.options.jobs}"`, { key: "jobs" });
  }
  const params = typeof args.options.params === "string" ? readParams(args.options.params) : undefined;
  const quiet = args.options.quiet === true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { extractCohort } = require("../cohort/extractCohort") as typeof import("../cohort/extractCohort");
  const summary = await extractCohort(manifest, {
    out: table,
    params,
    jobs,
    onProgress: (e) => {
      if (quiet) return;
      if (e.type === "start") out.stderr(`radiogx: ${e.total} cases, ${e.skipped} already done, ${e.toRun} to run on ${e.jobs} worker${e.jobs === 1 ? "" : "s"}\n`);
      else if (e.type === "case") {
        const status = e.ok ? `${e.features} features${e.failedFeatures ? `, ${e.failedFeatures} not computed` : ""}` : `FAILED: ${e.message}`;
        out.stderr(`[${e.done}/${e.total}] ${e.patientId}: ${status} (${(e.ms / 1000).toFixed(1)} s)\n`);
      }
    },
  });
  out.stdout(
    `${summary.succeeded} extracted, ${summary.skipped} already done, ${summary.failed} failed of ${summary.total} cases ` +
      `in ${(summary.durationMs / 1000).toFixed(1)} s; table: ${summary.out}` +
      (summary.failed || summary.featureFailures ? `; errors: ${summary.errorsFile}` : "") + "\n",
  );
  for (const f of summary.failures) out.stderr(`radiogx: ${f.patientId}: ${f.message}\n`);
  for (const n of summary.notes) out.stderr(`radiogx: note: ${n}\n`);
  return summary.exitCode;
}

async function cmdConformance(argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, ["refdata"]);
  if (typeof args.options.refdata === "string") process.env.RADIOGX_REFDATA = args.options.refdata;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runConformance, formatCompliance } = require("../conformance/run") as typeof import("../conformance/run");
  const report = runConformance();
  out.stdout(formatCompliance(report));
  return report.allMatched ? 0 : 3;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], out: Out = processOut): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined: case "help": case "--help": case "-h":
        out.stdout(USAGE);
        return cmd === undefined ? 2 : 0;
      case "--version": case "-v":
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        out.stdout(`${(require("../../package.json") as { version: string }).version}\n`);
        return 0;
      case "extract": return await cmdExtract(rest, out);
      case "demo": return await cmdDemo(rest, out);
      case "cohort": return await cmdCohort(rest, out);
      case "kernel": {
        if (rest[0] !== "install") {
          throw new RadiogxError("INVALID_ARGUMENT", `unknown kernel command "${rest[0] ?? ""}"`, { hint: "radiogx kernel install [--user | --sys-prefix | --prefix P]" });
        }
        // The kernel extension is its own workspace package; load it (and tslab) only for this command.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { runKernelInstallCli } = require("@radiogx/kernel-ext") as { runKernelInstallCli: (args: string[]) => number | Promise<number> };
        return await runKernelInstallCli(rest.slice(1));
      }
      case "conformance": return await cmdConformance(rest, out);
      default:
        throw new RadiogxError("INVALID_ARGUMENT", `unknown command "${cmd}"`, { hint: "commands: extract, cohort, kernel, demo, conformance; see radiogx --help" });
    }
  } catch (e) {
    if (isRadiogxError(e)) {
      out.stderr(`radiogx: ${(e as Error).message}\n`);
      return (e as RadiogxError).code === "INVALID_ARGUMENT" ? 2 : 1;
    }
    if (process.env.RADIOGX_DEBUG) out.stderr(`${(e as Error).stack}\n`);
    out.stderr(`radiogx: internal error: ${(e as Error).message ?? String(e)} (set RADIOGX_DEBUG=1 for details; please report it)\n`);
    return 70;
  }
}
