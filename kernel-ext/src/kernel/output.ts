/**
 * The `Output` widget (`OutputModel` / `OutputView` of @jupyter-widgets/output 1.0.0): an output
 * area inside a widget layout.
 *
 * Two ways to fill it, both as in ipywidgets 8.1:
 *
 * - **capture** — while {@link Output.capture} runs `fn`, the widget's `msg_id` is the id of the
 *   request being handled (the cell, or the comm message of a slider move). The frontend (JupyterLab,
 *   or nbclient headless) then routes every output of that request — `console.log`, `display`,
 *   errors — into the widget instead of the cell. At the end `msg_id` is reset to "".
 * - **direct** — {@link Output.appendStdout}, {@link Output.appendDisplayData} and
 *   {@link Output.clear} edit the `outputs` trait (nbformat output dicts) directly, which works with
 *   any frontend and in saved widget state.
 */
import { getBridge } from "./bridge";
import { DOM_ACCESSORS, DOMWidget, type DOMWidgetOptions, type DOMWidgetTraits } from "./domWidget";
import { toMimeBundle } from "../display/mimebundle";
import { defineTraitAccessors, type ModelSpec, type TraitAccessors } from "./widget";

/** An output in nbformat 4 form. */
export type OutputItem =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** Traits of `OutputModel`. */
export interface OutputTraits extends DOMWidgetTraits {
  msg_id: string;
  outputs: OutputItem[];
}

export interface Output extends TraitAccessors<OutputTraits> {}
export class Output extends DOMWidget<OutputTraits> {
  static readonly spec: ModelSpec = {
    modelName: "OutputModel",
    modelModule: "@jupyter-widgets/output",
    modelModuleVersion: "1.0.0",
    viewName: "OutputView",
    viewModule: "@jupyter-widgets/output",
    viewModuleVersion: "1.0.0",
  };
  readonly #captureStack: string[] = [];

  constructor(options: DOMWidgetOptions<OutputTraits> = {}) {
    super(Output.spec, { msg_id: "", outputs: [] }, options);
  }

  /**
   * Runs `fn` with the current request's outputs routed into this widget (`with out:` in
   * ipywidgets). Works for async `fn`: routing ends when its promise settles. Nested captures
   * restore the outer one.
   */
  capture<T>(fn: () => T): T {
    const parent = getBridge().currentParentId() ?? "";
    this.#captureStack.push(parent);
    this.set({ msg_id: parent });
    const end = () => {
      this.#captureStack.pop();
      this.set({ msg_id: this.#captureStack[this.#captureStack.length - 1] ?? "" });
    };
    let result: T;
    try {
      result = fn();
    } catch (e) {
      end();
      throw e;
    }
    if (result instanceof Promise) {
      return result.finally(end) as T;
    }
    end();
    return result;
  }

  /**
   * Clears the widget. With `wait`, inside {@link capture}, the frontend clears when the next output
   * arrives (no flicker), as `clear_output(wait=True)`; otherwise the `outputs` trait is emptied.
   */
  clear(wait = false): void {
    if (wait && this.get("msg_id") !== "") {
      getBridge().clearOutput(true);
      return;
    }
    this.set({ outputs: [] });
  }

  /** Appends text to the widget as stdout. */
  appendStdout(text: string): void {
    this.set({ outputs: [...this.get("outputs"), { output_type: "stream", name: "stdout", text }] });
  }

  /** Appends text to the widget as stderr. */
  appendStderr(text: string): void {
    this.set({ outputs: [...this.get("outputs"), { output_type: "stream", name: "stderr", text }] });
  }

  /** Appends the rich representation of `value` (see `display`). */
  appendDisplayData(value: unknown): void {
    const { data, metadata } = toMimeBundle(value);
    this.set({ outputs: [...this.get("outputs"), { output_type: "display_data", data, metadata }] });
  }
}
defineTraitAccessors(Output, [...DOM_ACCESSORS, "msg_id", "outputs"]);
