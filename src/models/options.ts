/**
 * Option-object checking shared by the public functions: an unknown key is an error naming it and the
 * nearest valid one (a misspelt `confType` must not be silently ignored).
 */
import { RadiogxError, nearest } from "../errors";

/** @throws RadiogxError UNKNOWN_SETTING for a key of `options` not in `known`. */
export function checkOptions(context: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const near = nearest(key, known);
      throw new RadiogxError("UNKNOWN_SETTING", `${context}: unknown option "${key}"`, { key, hint: near ? `did you mean "${near}"?` : `options are ${known.join(", ")}` });
    }
  }
}
