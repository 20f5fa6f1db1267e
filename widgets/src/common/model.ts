/**
 * The base of the radiogx models that send a user's gestures to the kernel a moment after the user
 * stops (the slice viewer's crosshair while scrolling, the Kaplan–Meier cut while dragging), instead
 * of one message per wheel step or slider position.
 *
 * Holding changes back needs care with ipywidgets 8's echo: the kernel answers every update it
 * receives with an `echo_update` of the values received, which @jupyter-widgets/base applies unless a
 * newer message for the same attribute is already on its way. A change made after a send but not yet
 * sent is not on its way, so the echo of the earlier send would set the attribute back — the viewer
 * jumped back a slice or two while scrolling. Here, attributes changed by the view and not yet sent
 * are kept: state arriving from the kernel does not overwrite them, and they go out with the next send.
 */
import { DOMWidgetModel } from "@jupyter-widgets/base";

interface Held {
  keys: Set<string>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Per model (a WeakMap, not a class field: Backbone's constructor runs before fields exist). */
const held = new WeakMap<object, Held>();

export abstract class HeldChangesModel extends DOMWidgetModel {
  /**
   * Sets `values` (a user's gesture) now, for every view, and sends them to the kernel `delayMs` after
   * the last such call.
   */
  setFromView(values: Record<string, unknown>, delayMs: number): void {
    let h = held.get(this);
    if (!h) {
      h = { keys: new Set(), timer: undefined };
      held.set(this, h);
    }
    this.set(values);
    for (const k of Object.keys(values)) h.keys.add(k);
    if (h.timer !== undefined) clearTimeout(h.timer);
    h.timer = setTimeout(() => this.sendHeld(), delayMs);
  }

  /** Sends the held changes now (nothing when there are none). */
  sendHeld(): void {
    const h = held.get(this);
    if (!h) return;
    if (h.timer !== undefined) clearTimeout(h.timer);
    h.timer = undefined;
    if (h.keys.size === 0) return;
    h.keys.clear();
    this.save_changes();
  }

  /** Names of the attributes changed by a view and not yet sent. */
  heldKeys(): string[] {
    return [...(held.get(this)?.keys ?? [])];
  }

  /** State from the kernel (an update, an echo): applied except for the attributes still held. */
  override set_state(state: Record<string, unknown>): void {
    const h = held.get(this);
    if (h && h.keys.size > 0) {
      const kept: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(state)) if (!h.keys.has(k)) kept[k] = v;
      state = kept;
    }
    super.set_state(state);
  }
}
