/**
 * The base of every radiogx view: a `DOMWidgetView` that builds its DOM once, redraws on model changes
 * and window resizes, and shows an error in place of the widget when building or drawing fails (a
 * malformed state from the kernel must not break the notebook, and must say what was wrong).
 */
import { DOMWidgetView } from "@jupyter-widgets/base";
import { h } from "./dom";

export abstract class RadiogxView extends DOMWidgetView {
  #resize: ResizeObserver | null = null;
  #failed = false;

  /** Builds the DOM under `this.el` (called once). */
  protected abstract build(): void;

  override render(): void {
    this.el.classList.add("radiogx-widget");
    this.guard(() => this.build());
    if (typeof ResizeObserver !== "undefined") {
      let lastWidth = -1;
      this.#resize = new ResizeObserver((entries) => {
        const w = entries[0]?.contentRect.width ?? 0;
        if (Math.abs(w - lastWidth) < 1) return;
        lastWidth = w;
        this.guard(() => this.onResize());
      });
      this.#resize.observe(this.el);
    }
  }

  /** Called when the widget's width changes (after it is attached). Default: nothing. */
  protected onResize(): void {}

  /** Runs `fn`; on an error replaces the widget by a message naming the class and the error. */
  protected guard(fn: () => void): void {
    if (this.#failed) return;
    try {
      fn();
    } catch (e) {
      this.showError(e);
    }
  }

  /** Replaces the content by an error box. */
  protected showError(e: unknown): void {
    this.#failed = true;
    const name = String(this.model.get("_model_name"));
    const err = e instanceof Error ? e : new Error(String(e));
    console.error(`[radiogx] ${name}:`, err);
    this.el.replaceChildren(
      h("div", { class: "radiogx-error", role: "alert" }, h("strong", {}, `${name} could not be shown: `), err.message),
    );
  }

  override remove(): void {
    this.#resize?.disconnect();
    this.#resize = null;
    return super.remove();
  }
}
