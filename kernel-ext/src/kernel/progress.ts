/**
 * Progress of a long loop (a cohort extraction) shown in one output that updates in place.
 *
 *     for (const patient of progress(patients, { label: "Extracting" })) { … }
 *
 *     const p = new Progress({ total: n, label: "Resampling" });
 *     … p.tick(); …
 *     p.close();
 *
 * In a kernel the first report is a `display_data` with a display id and every later one an
 * `update_display_data` of it (JupyterLab, VS Code and nbclient replace the output in place, so a
 * headless run saves only the final state). Reports are rate-limited (`minIntervalMs`, default
 * 200 ms) and the last one is always sent. Outside a kernel (a script) the same line goes to stderr,
 * in place on a terminal, else at most every `minIntervalMs · 10`.
 *
 * Rate is items per second since the start: r = n / t. With a total N the estimated time left is
 * (N − n) / r. The line reads `Extracting  42/100 [42%] 3.10 it/s, 0:18 elapsed, ETA 0:19`.
 */
import { randomUUID } from "node:crypto";
import { getBridge } from "./bridge";
import { escapeHtml } from "../display/html";
import { KernelApiError } from "./errors";

export interface ProgressOptions {
  /** Number of items expected; without it there is no percentage and no ETA. */
  total?: number;
  /** Text before the counts (default "Progress"). */
  label?: string;
  /** Unit for the rate (default "it"). */
  unit?: string;
  /** Least time between two reports, in milliseconds (default 200). */
  minIntervalMs?: number;
  /** Clock in milliseconds (default `performance.now`); for tests. */
  now?: () => number;
}

/** `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** A snapshot of a progress. */
export interface ProgressState {
  count: number;
  total: number | undefined;
  elapsedSeconds: number;
  /** Items per second since the start (NaN before any time has passed). */
  rate: number;
  /** Seconds left at the current rate; undefined without a total or a rate. */
  etaSeconds: number | undefined;
}

export class Progress {
  readonly label: string;
  readonly unit: string;
  readonly total: number | undefined;
  readonly #minInterval: number;
  readonly #now: () => number;
  readonly #start: number;
  readonly #displayId = randomUUID().replace(/-/g, "");
  #count = 0;
  #lastReport = -Infinity;
  #shown = false;
  #closed = false;

  constructor(options: ProgressOptions = {}) {
    if (options.total !== undefined && !(Number.isFinite(options.total) && options.total >= 0)) {
      throw new KernelApiError("INVALID_ARGUMENT", `Progress: total must be a non-negative number, got ${options.total}`, { key: "total" });
    }
    this.total = options.total;
    this.label = options.label ?? "Progress";
    this.unit = options.unit ?? "it";
    this.#minInterval = options.minIntervalMs ?? 200;
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
    this.#report(true);
  }

  /** Items done so far. */
  get count(): number {
    return this.#count;
  }

  /** Counts `n` more items done (default 1). */
  tick(n = 1): void {
    this.#count += n;
    this.#report(false);
  }

  /** Sets the number of items done. */
  update(count: number): void {
    this.#count = count;
    this.#report(false);
  }

  /** Sends the final report. Further ticks are counted but not shown. */
  close(): void {
    if (this.#closed) return;
    this.#report(true);
    this.#closed = true;
  }

  state(): ProgressState {
    const elapsed = (this.#now() - this.#start) / 1000;
    const rate = elapsed > 0 ? this.#count / elapsed : NaN;
    const eta = this.total !== undefined && rate > 0 ? Math.max(0, this.total - this.#count) / rate : undefined;
    return { count: this.#count, total: this.total, elapsedSeconds: elapsed, rate, etaSeconds: eta };
  }

  /** The one-line text of the current state. */
  text(): string {
    const s = this.state();
    const counts = s.total !== undefined ? `${s.count}/${s.total} [${s.total > 0 ? Math.floor((100 * s.count) / s.total) : 100}%]` : `${s.count}`;
    const rate = Number.isFinite(s.rate) ? `${s.rate.toFixed(2)} ${this.unit}/s` : `? ${this.unit}/s`;
    const eta = s.etaSeconds !== undefined ? `, ETA ${formatDuration(s.etaSeconds)}` : "";
    return `${this.label}  ${counts} ${rate}, ${formatDuration(s.elapsedSeconds)} elapsed${eta}`;
  }

  #report(force: boolean): void {
    if (this.#closed) return;
    const t = this.#now();
    const bridge = getBridge();
    const interval = bridge.connected ? this.#minInterval : this.#minInterval * (process.stderr.isTTY ? 1 : 10);
    if (!force && t - this.#lastReport < interval) return;
    this.#lastReport = t;
    const text = this.text();
    if (!bridge.connected) {
      process.stderr.write(process.stderr.isTTY ? `\r${text}` : `${text}\n`);
      return;
    }
    const value = this.total !== undefined ? ` value="${this.#count}" max="${this.total}"` : "";
    const html = `<div class="radiogx-progress"><progress${value} style="width: 20em; vertical-align: middle;"></progress> <span style="font-family: monospace;">${escapeHtml(text)}</span></div>`;
    bridge.display({ "text/plain": text, "text/html": html }, { displayId: this.#displayId, update: this.#shown });
    this.#shown = true;
  }
}

/**
 * Iterates `items` (or 0…n−1 for a number), reporting progress; the total is the length when the
 * items have one. Closes the report when the loop ends, also by `break` or an error.
 */
export function progress<T>(items: Iterable<T>, options?: ProgressOptions): Iterable<T>;
export function progress(n: number, options?: ProgressOptions): Iterable<number>;
export function progress<T>(items: Iterable<T> | number, options: ProgressOptions = {}): Iterable<T | number> {
  const iterable: Iterable<T | number> = typeof items === "number" ? range(items) : items;
  const total = options.total ?? (typeof items === "number" ? items : lengthOf(items));
  return {
    *[Symbol.iterator]() {
      const p = new Progress({ ...options, total });
      try {
        for (const x of iterable) {
          yield x;
          p.tick();
        }
      } finally {
        p.close();
      }
    },
  };
}

/** {@link progress} for async iterables (streams of files, awaited extractions). */
export async function* progressAsync<T>(items: AsyncIterable<T> | Iterable<T>, options: ProgressOptions = {}): AsyncGenerator<T> {
  const p = new Progress({ ...options, total: options.total ?? lengthOf(items) });
  try {
    for await (const x of items) {
      yield x;
      p.tick();
    }
  } finally {
    p.close();
  }
}

function* range(n: number): Iterable<number> {
  for (let i = 0; i < n; i++) yield i;
}

function lengthOf(x: unknown): number | undefined {
  if (x === null || typeof x !== "object") return undefined;
  const o = x as { length?: unknown; size?: unknown };
  if (typeof o.length === "number") return o.length;
  if (typeof o.size === "number") return o.size;
  return undefined;
}
