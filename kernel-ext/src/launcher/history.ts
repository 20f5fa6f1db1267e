/**
 * Input history of this kernel session for `history_request` (messaging spec v5, "History"):
 * `tail` (the last n), `range` (lines start ≤ line < stop of a session) and `search` (a glob pattern
 * with `*` and `?`, optionally unique, the last n matches). The session number is 1 (a kernel keeps
 * no history across restarts); 0 and negative numbers mean the current session, as IPython reads
 * them. Entries are `[session, line, input]` or, with `output`, `[session, line, [input, output]]`
 * where output is the `text/plain` of the line's result (or null).
 */
export type HistoryEntry = [number, number, string] | [number, number, [string, string | null]];

export interface HistoryRequest {
  output?: boolean;
  hist_access_type?: string;
  session?: number;
  start?: number;
  stop?: number | null;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

const SESSION = 1;

export class History {
  readonly #lines: { line: number; input: string; output: string | null }[] = [];

  record(line: number, input: string): void {
    this.#lines.push({ line, input, output: null });
  }

  recordOutput(line: number, output: string): void {
    const e = this.#lines.find((x) => x.line === line);
    if (e) e.output = output;
  }

  query(req: HistoryRequest): HistoryEntry[] {
    const withOutput = req.output === true;
    const entry = (x: { line: number; input: string; output: string | null }): HistoryEntry =>
      withOutput ? [SESSION, x.line, [x.input, x.output]] : [SESSION, x.line, x.input];
    const n = req.n ?? undefined;
    switch (req.hist_access_type) {
      case "tail":
        return (n === undefined ? this.#lines : this.#lines.slice(-n)).map(entry);
      case "range": {
        const session = req.session ?? 0;
        if (session > 0 && session !== SESSION) return [];
        const start = req.start ?? 0;
        const stop = req.stop ?? Infinity;
        return this.#lines.filter((x) => x.line >= start && x.line < stop).map(entry);
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        let hits = this.#lines.filter((x) => re.test(x.input));
        if (req.unique) {
          const seen = new Set<string>();
          const unique: typeof hits = [];
          for (let i = hits.length - 1; i >= 0; i--) {
            if (!seen.has(hits[i]!.input)) {
              seen.add(hits[i]!.input);
              unique.unshift(hits[i]!);
            }
          }
          hits = unique;
        }
        return (n === undefined ? hits : hits.slice(-n)).map(entry);
      }
      default:
        return [];
    }
  }
}

/** SQLite GLOB semantics (what IPython's history search uses): `*`, `?`, `[…]`, case-sensitive, whole string. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, end);
        re += `[${body.startsWith("^") ? "^" + body.slice(1).replace(/\\/g, "\\\\") : body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
