/**
 * The error the kernel API throws for a user mistake (a slider whose `min` exceeds its `max`, an
 * option that is not in a dropdown's options).
 *
 * It has the shape of the library's `RadiogxError` — `name` "RadiogxError", a stable `code`, a
 * message that names the widget and attribute and says what was expected — so `isRadiogxError()`
 * recognises it. It is a class of its own because the kernel API is loaded by notebook cells on its
 * own, without the library.
 */
export type KernelErrorCode = "INVALID_ARGUMENT" | "INSTALL_FAILED";

export class KernelApiError extends Error {
  readonly code: KernelErrorCode;
  readonly key?: string;
  readonly hint?: string;

  constructor(code: KernelErrorCode, message: string, details: { key?: string; hint?: string } = {}) {
    super(details.hint !== undefined ? `${message} (${details.hint})` : message);
    this.name = "RadiogxError";
    this.code = code;
    this.key = details.key;
    this.hint = details.hint;
  }
}

/** The candidate closest to `word` by edit distance, for "did you mean" hints (undefined if none is close). */
export function nearestName(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}
