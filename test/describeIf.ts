import { describe, it } from "vitest";

/**
 * `describe` when `condition` holds; otherwise a skipped suite whose body never runs. vitest's own
 * `describe.skipIf` still runs a skipped suite's body to collect its tests, so a suite that reads the
 * reference data or asks a peer while collecting would fail on a machine without them; this one is
 * reported as skipped with its name, which says what it needs.
 */
export function describeIf(condition: boolean, name: string, body: () => void | Promise<void>): void {
  if (condition) describe(name, body);
  else describe.skip(name, () => it.skip("not run: needs what the suite's name says", () => undefined));
}
