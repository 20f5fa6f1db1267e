/**
 * Delimited text (CSV, TSV, semicolon-separated) as RFC 4180 defines it: quoted fields may hold the
 * delimiter, newlines and doubled quotes (`""`); CRLF or LF line ends; a UTF-8 byte-order mark is skipped.
 * The delimiter is detected from the first line unless given. Also: writing a CSV field, and the cell
 * values clinical tables use for "missing".
 */
import { readFileSync } from "node:fs";
import { RadiogxError } from "../errors";

export interface DelimitedText {
  /** The first line. */
  header: string[];
  /** The other lines (empty lines skipped), each padded or checked to the header's width. */
  rows: string[][];
  delimiter: string;
  /** 1-based line number in the file of each row (for error messages). */
  lineOf: number[];
}

export interface ParseOptions {
  /** "," "\t" ";" or "auto" (default): the most frequent of them outside quotes in the first line. */
  delimiter?: string;
  /** The file name for error messages. */
  file?: string;
  /**
   * Rows with fewer cells than the header are padded with "" (true, default) or are an error (false).
   * Rows with more cells are always an error.
   */
  padShortRows?: boolean;
}

/** Detects the delimiter of a first line: tab, semicolon or comma, whichever occurs most outside quotes. */
export function detectDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { "\t": 0, ";": 0, ",": 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = ",";
  for (const d of ["\t", ";", ","]) if (counts[d]! > counts[best]!) best = d;
  return best;
}

/** Parses delimited text (see module comment). */
export function parseDelimited(text: string, options: ParseOptions = {}): DelimitedText {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstEnd = text.indexOf("\n");
  const delimiter = options.delimiter && options.delimiter !== "auto" ? options.delimiter : detectDelimiter(firstEnd < 0 ? text : text.slice(0, firstEnd));
  const records: string[][] = [];
  const lines: number[] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      record.push(field);
      field = "";
      fieldStarted = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      if (!(record.length === 1 && record[0] === "")) {
        records.push(record);
        lines.push(recordLine);
      }
      record = [];
      field = "";
      fieldStarted = false;
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) {
    throw new RadiogxError("FILE_UNREADABLE", `a quoted field opened on line ${recordLine} is never closed`, { file: options.file, hint: "check for a stray double quote" });
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
    lines.push(recordLine);
  }
  if (records.length === 0) throw new RadiogxError("FILE_UNREADABLE", "the file is empty; a header line is expected", { file: options.file });
  const header = records[0]!.map((h) => h.trim());
  const rows = records.slice(1);
  const lineOf = lines.slice(1);
  const pad = options.padShortRows ?? true;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length > header.length) {
      // Trailing empty cells (a trailing delimiter) are tolerated.
      while (row.length > header.length && row[row.length - 1] === "") row.pop();
      if (row.length > header.length) {
        throw new RadiogxError("FILE_UNREADABLE", `line ${lineOf[r]} has ${row.length} cells but the header has ${header.length}`, {
          file: options.file,
          hint: `the delimiter is ${JSON.stringify(delimiter)}; quote cells that contain it`,
        });
      }
    }
    if (row.length < header.length) {
      if (!pad) {
        throw new RadiogxError("FILE_UNREADABLE", `line ${lineOf[r]} has ${row.length} cells but the header has ${header.length}`, { file: options.file });
      }
      while (row.length < header.length) row.push("");
    }
  }
  return { header, rows, delimiter, lineOf };
}

/** Reads and parses a delimited file; errors name the file. */
export function readDelimited(path: string, options: Omit<ParseOptions, "file"> = {}): DelimitedText {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RadiogxError(code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_UNREADABLE", code === "ENOENT" ? "no such file" : `cannot read the file (${code ?? String(e)})`, { file: path });
  }
  return parseDelimited(text, { ...options, file: path });
}

/** Cells that clinical and genomic tables use for "missing" (compared case-insensitively, trimmed). */
export const MISSING_TOKENS: readonly string[] = [
  "", "na", "n/a", "nan", "null", "none", "-", "?", "not collected", "not available", "not recorded in database",
  "not assessed", "unknown", "[not available]", "[not applicable]", "[unknown]", "[not evaluated]", "[discrepancy]", "#n/a",
];

const MISSING_SET = new Set(MISSING_TOKENS);

/** True for null, undefined, NaN and the strings of {@link MISSING_TOKENS}. */
export function isMissingCell(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === "number") return Number.isNaN(v);
  if (typeof v === "string") return MISSING_SET.has(v.trim().toLowerCase());
  return false;
}

/** A cell as a number: numbers as they are, numeric strings parsed, missing cells NaN; otherwise null. */
export function cellToNumber(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (isMissingCell(v)) return NaN;
  if (typeof v === "string") {
    const t = v.trim();
    const x = Number(t);
    if (t !== "" && !Number.isNaN(x)) return x;
    const lower = t.toLowerCase();
    if (lower === "inf" || lower === "infinity") return Infinity;
    if (lower === "-inf" || lower === "-infinity") return -Infinity;
  }
  return null;
}

/** One CSV field: quoted when it holds a comma, quote or newline; numbers with full precision, NaN empty. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isNaN(v) ? "" : String(v);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
