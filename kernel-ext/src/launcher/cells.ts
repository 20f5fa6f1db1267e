/**
 * Runs cells with tslab's compiler and executor (tslab 1.0.22 `dist/`), and turns what tslab prints
 * into what the Jupyter protocol needs.
 *
 * tslab's executor reports through the console object it is given: the value of the cell's last
 * expression through `log(value)`, compile diagnostics through `error("%s%d:%d - %s", …)` and a
 * thrown value through `error(value)`. Giving it a console of our own turns these into a result
 * value (sent as `execute_result`) and a structured error (`error` message and reply) instead of
 * text on stdout/stderr.
 */
import { format } from "node:util";
import { createConverter, type Converter } from "tslab/dist/converter";
import { createExecutor, type ConverterSet, type Executor } from "tslab/dist/executor";

/** The outcome of one cell. */
export type CellOutcome =
  | { status: "ok"; hasValue: boolean; value: unknown }
  | { status: "error"; ename: string; evalue: string; traceback: string[] };

/** tslab's converters, created on first use (the browser one is rarely needed). */
class Converters implements ConverterSet {
  #node: Converter | undefined;
  #browser: Converter | undefined;
  get node(): Converter {
    this.#node ??= createConverter({ isJS: false, isBrowser: false });
    return this.#node;
  }
  get browser(): Converter {
    this.#browser ??= createConverter({ isJS: false, isBrowser: true });
    return this.#browser;
  }
  close(): void {
    this.#node?.close();
    this.#browser?.close();
  }
}

/** Stack frames of the kernel's own machinery, cut from tracebacks. */
const INTERNAL_FRAME = /\((node:vm|node:internal|.*[\\/]tslab[\\/]dist[\\/]|.*[\\/]kernel-ext[\\/]dist[\\/]launcher[\\/])|at (node:|new Promise \(<anonymous>\)$)/;

/** The protocol's error triple for a thrown value. */
export function describeError(e: unknown): { ename: string; evalue: string; traceback: string[] } {
  if (e instanceof Error) {
    const ename = e.name || e.constructor?.name || "Error";
    let lines = (e.stack ?? `${ename}: ${e.message}`).split("\n");
    // Node prefixes errors thrown by vm scripts with the compiled line and a caret ("arrow
    // message"); the compiled JavaScript would only confuse, so it is dropped.
    if (/^\S+:\d+$/.test(lines[0] ?? "")) {
      const blank = lines.indexOf("");
      if (blank >= 0 && blank <= 4) lines = lines.slice(blank + 1);
    }
    const kept: string[] = [];
    for (const line of lines) {
      if (/^\s+at /.test(line) && INTERNAL_FRAME.test(line)) break;
      kept.push(line);
    }
    return { ename, evalue: e.message, traceback: kept };
  }
  const text = format("%o", e);
  return { ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
}

export class CellRunner {
  readonly converters = new Converters();
  readonly executor: Executor;
  #value: { has: boolean; value: unknown } = { has: false, value: undefined };
  #errors: unknown[][] = [];

  constructor(rootDir: string) {
    this.executor = createExecutor(rootDir, this.converters, {
      log: (value: unknown) => {
        this.#value = { has: true, value };
      },
      error: (...args: unknown[]) => {
        this.#errors.push(args);
      },
    });
  }

  /** Compiles the node converter now (a few hundred ms) instead of at the first cell. */
  warm(): void {
    void this.converters.node;
  }

  /** Compiles and runs one cell. Never throws: failures come back as an error outcome. */
  async run(code: string): Promise<CellOutcome> {
    this.#value = { has: false, value: undefined };
    this.#errors = [];
    let ok: boolean;
    try {
      ok = await this.executor.execute(code);
    } catch (e) {
      return { status: "error", ...describeError(e) };
    }
    if (ok) return { status: "ok", hasValue: this.#value.has, value: this.#value.value };
    return { status: "error", ...this.#describeFailure() };
  }

  #describeFailure(): { ename: string; evalue: string; traceback: string[] } {
    const diagnostics: string[] = [];
    for (const args of this.#errors) {
      const first = args[0];
      if (typeof first === "string" && args.length > 1 && first.includes("%")) {
        diagnostics.push(format(...(args as [string, ...unknown[]])));
      } else if (args.length === 1) {
        return describeError(first);
      } else {
        diagnostics.push(format(...args));
      }
    }
    if (diagnostics.length === 0) return { ename: "Error", evalue: "the cell failed without a message", traceback: [] };
    return { ename: "TSError", evalue: diagnostics[0]!, traceback: diagnostics.map((d) => `TSError: ${d}`) };
  }

  close(): void {
    this.executor.close();
  }
}
