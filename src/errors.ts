/**
 * The one error class radiogx throws for anything a user can fix: a missing or corrupt file, a bad
 * setting, an empty mask. Every error has a stable `code` (for programs), names the file, setting or
 * column involved, and says what was expected (for people). The CLI prints `message` on one line and
 * exits non-zero; it never prints a stack trace for a `RadiogxError`.
 */
export type RadiogxErrorCode =
  | "FILE_NOT_FOUND"
  | "FILE_UNREADABLE"
  | "NOT_AN_IMAGE"
  | "TRUNCATED_FILE"
  | "UNSUPPORTED_IMAGE"
  | "EMPTY_MASK"
  | "LABEL_ABSENT"
  | "GEOMETRY_MISMATCH"
  | "UNKNOWN_SETTING"
  | "INVALID_SETTING"
  | "INVALID_PARAMS_FILE"
  | "ROI_TOO_SMALL"
  | "INVALID_ARGUMENT"
  | "FEATURE_FAILED"
  | "CONVERGENCE_FAILED";

export interface RadiogxErrorDetails {
  /** The file the problem is in, when there is one. */
  file?: string;
  /** The setting key, column or argument the problem is in. */
  key?: string;
  /** A suggestion for the fix. */
  hint?: string;
}

export class RadiogxError extends Error {
  readonly code: RadiogxErrorCode;
  readonly file?: string;
  readonly key?: string;
  readonly hint?: string;
  /** The problem alone, without the file and the hint that `message` adds around it. */
  readonly detail: string;

  constructor(code: RadiogxErrorCode, message: string, details: RadiogxErrorDetails = {}) {
    const where = details.file !== undefined ? `${details.file}: ` : "";
    const hint = details.hint !== undefined ? ` (${details.hint})` : "";
    super(`${where}${message}${hint}`);
    this.name = "RadiogxError";
    this.code = code;
    this.file = details.file;
    this.key = details.key;
    this.hint = details.hint;
    this.detail = message;
  }
}

export function isRadiogxError(e: unknown): e is RadiogxError {
  return e instanceof RadiogxError || (e instanceof Error && e.name === "RadiogxError" && "code" in e);
}

/**
 * The closest candidate to `word` by edit distance, for "did you mean" hints; undefined when nothing is
 * reasonably close.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
