/**
 * `display(x)`: shows the rich representation of any value in the output of the running cell
 * (`display_data`), as IPython's `display()` does. Widgets show their view; danfo frames an HTML
 * table; Vega-Lite specs a chart (plus an SVG for static viewers); anything with a MIME-bundle method
 * its bundle; everything else its `util.inspect` text. See `toMimeBundle` for the order.
 *
 *     const h = display(table, { displayId: true });
 *     h.update(table2);   // replaces that output in place (update_display_data)
 */
import { randomUUID } from "node:crypto";
import { getBridge } from "./bridge";
import { toMimeBundle } from "../display/mimebundle";

export interface DisplayCallOptions {
  /** A display id to update the output later: a string, or `true` for a fresh one. */
  displayId?: string | boolean;
  /** Extra display metadata (e.g. `{ "image/png": { width: 200 } }`). */
  metadata?: Record<string, unknown>;
}

/** A handle on one displayed output. */
export class DisplayHandle {
  constructor(readonly displayId: string) {}
  /** Replaces the output with the representation of `value` (`update_display_data`). */
  update(value: unknown, metadata: Record<string, unknown> = {}): void {
    const out = toMimeBundle(value);
    getBridge().display(out.data, { metadata: { ...out.metadata, ...metadata }, displayId: this.displayId, update: true });
  }
  /** Shows `value` as a new output with the same display id (later updates change both). */
  display(value: unknown): void {
    const out = toMimeBundle(value);
    getBridge().display(out.data, { metadata: out.metadata, displayId: this.displayId });
  }
}

/**
 * Displays each value in turn. Returns a {@link DisplayHandle} for the last one when a
 * `displayId` is asked for, else undefined.
 */
export function display(value: unknown, options?: DisplayCallOptions): DisplayHandle | undefined;
export function display(...values: unknown[]): undefined;
export function display(...args: unknown[]): DisplayHandle | undefined {
  const last = args[args.length - 1];
  const options =
    args.length === 2 && last !== null && typeof last === "object" && ("displayId" in last || "metadata" in last) && Object.keys(last).every((k) => k === "displayId" || k === "metadata")
      ? (last as DisplayCallOptions)
      : undefined;
  const values = options ? args.slice(0, 1) : args;
  const id = options?.displayId === true ? randomUUID().replace(/-/g, "") : typeof options?.displayId === "string" ? options.displayId : undefined;
  for (const v of values) {
    const out = toMimeBundle(v);
    getBridge().display(out.data, { metadata: { ...out.metadata, ...(options?.metadata ?? {}) }, displayId: id });
  }
  return id === undefined ? undefined : new DisplayHandle(id);
}

/** Clears the cell's output; with `wait`, when the next output arrives (IPython's `clear_output`). */
export function clearOutput(wait = false): void {
  getBridge().clearOutput(wait);
}
