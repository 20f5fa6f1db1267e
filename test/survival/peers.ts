/**
 * Test helpers for the survival and model suites: a small CSV reader for the reference data (quoted
 * fields, empty cells → null) and a runner for R scripts (R `survival`, `pROC`) whose last act is to
 * print one JSON value through the `json()` helper defined here. R is optional: suites that need it use
 * `describe.skipIf(!hasR("survival"))` and say so.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { runOutput, runProcess } from "../subprocess";

export type CsvRecord = Record<string, string | number | null>;

/**
 * Reads a CSV file into records; numeric-looking cells become numbers, empty or NA cells null. An absent
 * file reads as no rows: vitest runs the body of a skipped `describe` too, and suites are skipped when
 * the reference data folder is absent.
 */
export function readCsv(path: string): CsvRecord[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  const rows = parseCsv(text);
  const header = rows[0]!;
  return rows.slice(1).filter((r) => r.length > 1 || (r[0] ?? "") !== "").map((r) => {
    const rec: CsvRecord = {};
    header.forEach((h, j) => {
      const cell = r[j] ?? "";
      if (cell === "" || cell === "NA") rec[h] = null;
      else {
        const x = Number(cell);
        rec[h] = Number.isNaN(x) ? cell : x;
      }
    });
    return rec;
  });
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A numeric column of records (null → NaN). */
export function col(records: readonly CsvRecord[], name: string): Float64Array {
  return Float64Array.from(records, (r) => (r[name] === null || r[name] === undefined ? NaN : Number(r[name])));
}

/** True when Rscript runs and loads every package named. */
export function hasR(...packages: string[]): boolean {
  try {
    execFileSync("Rscript", ["-e", packages.map((p) => `suppressMessages(library(${p}))`).join(";") || "invisible(0)"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const R_JSON = `
json <- function(x) {
  enc <- function(v) {
    if (is.list(v)) {
      nm <- names(v)
      if (is.null(nm)) return(paste0("[", paste(vapply(v, enc, ""), collapse = ","), "]"))
      return(paste0("{", paste(sprintf('"%s":%s', nm, vapply(v, enc, "")), collapse = ","), "}"))
    }
    if (is.character(v)) { s <- sprintf('"%s"', v) } else {
      s <- ifelse(is.na(v), "null", ifelse(is.infinite(v), ifelse(v > 0, "1e308", "-1e308"), formatC(as.numeric(v), digits = 17, format = "g")))
    }
    if (length(v) == 1 && is.null(attr(v, "array"))) s else paste0("[", paste(s, collapse = ","), "]")
  }
  cat(enc(x))
}
arr <- function(v) { attr(v, "array") <- TRUE; v }
`;

/** Runs an R script (with `json(x)` and `arr(v)` defined) and parses what it printed. */
export async function runRJson<T = unknown>(script: string): Promise<T> {
  const out = await runOutput("Rscript", ["-e", R_JSON + script]);
  return JSON.parse(out) as T;
}

/**
 * Runs an R script when R and `packages` are installed and returns its JSON, or null when they are not (so
 * a suite can `describe.skipIf(ref === null)` without starting R twice). Errors in the script itself are
 * thrown, not hidden.
 */
export async function tryRJson<T = unknown>(packages: readonly string[], script: string): Promise<T | null> {
  const guard = `ok <- all(vapply(c(${packages.map((p) => `"${p}"`).join(",")}), function(p) suppressMessages(requireNamespace(p, quietly = TRUE)), TRUE)); if (!ok) { cat("null"); quit(save = "no") }\n${packages.map((p) => `suppressMessages(library(${p}))`).join("\n")}\n`;
  const version = await runProcess("Rscript", ["--version"]);
  if (version.error || version.status !== 0) return null;
  return runRJson<T | null>(guard + script);
}

/**
 * Runs a Python script in the venv when it exists and can import `modules`; null otherwise (one process
 * instead of an import check plus a run).
 */
export async function tryPythonJson<T = unknown>(modules: readonly string[], script: string): Promise<T | null> {
  const py = venvPythonPath();
  if (py === null) return null;
  const guard = `import sys, json\ntry:\n${modules.map((m) => `    import ${m}\n`).join("")}except ImportError:\n    print("null"); sys.exit(0)\n`;
  const out = await runOutput(py, ["-c", guard + script]);
  return JSON.parse(out) as T | null;
}

function venvPythonPath(): string | null {
  const p = join(resolve(__dirname, "..", ".."), ".venv", "bin", "python");
  return existsSync(p) ? p : null;
}
