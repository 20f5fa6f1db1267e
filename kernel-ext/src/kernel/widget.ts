/**
 * The kernel side of a Jupyter widget (widget protocol 2.1.0): a model whose synced state lives in
 * the kernel and is mirrored by the frontend's model of the same class.
 *
 * Life cycle and messages (all on the `jupyter.widget` comm target; the model id is the comm id):
 *
 * - construction opens the comm: `comm_open` with data `{ state, buffer_paths }`, metadata
 *   `{ version: "2.1.0" }` and the binary buffers; the state carries `_model_name`,
 *   `_model_module`, `_model_module_version`, `_view_name`, `_view_module`, `_view_module_version`;
 * - a kernel-side change sends `comm_msg` `{ method: "update", state: {changed keys}, buffer_paths }`
 *   before the observers run;
 * - a frontend `update` is echoed (`echo_update`, as ipywidgets 8 does), deserialized, applied and
 *   observed; while it is applied the received values are locked, so a change that only restates
 *   what the frontend sent is not sent back;
 * - `request_state` is answered at once with an `update` holding the full state, the six
 *   `_model_*` / `_view_*` keys included (JupyterLab's fallback restore builds models from them);
 * - `custom` messages go to the handlers registered with {@link Widget.onMsg};
 * - {@link Widget.close} sends `comm_close`; the frontend removes the views.
 *
 * Every message is parented by the kernel to the request being handled: the cell's
 * `execute_request` while a cell runs, the frontend's `comm_msg` when answering it.
 *
 * A subclass fixes its {@link ModelSpec}, the default traits, which of them are synced, and their
 * serializers; public traits get accessors with {@link defineTraitAccessors}, so `slider.value = 3`
 * is `slider.set({ value: 3 })`.
 */
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { getBridge, type CommHandle, type CommMessage, type MimeBundle, type RegisteredWidget, type SerializedState } from "./bridge";
import { putBuffers, removeBuffers, sameState } from "./buffers";
import { KernelApiError, nearestName } from "./errors";
import type { Serializer } from "./serializers";

/** Protocol version sent in `comm_open` metadata. */
export const WIDGET_PROTOCOL_VERSION = "2.1.0";
/** The widget-view MIME type and its version. */
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";

/** Class identity of a widget model and its view, as registered by the frontend module. */
export interface ModelSpec {
  modelName: string;
  modelModule: string;
  modelModuleVersion: string;
  /** Null for a model without a view (Layout has one, a link has none). */
  viewName: string | null;
  viewModule: string;
  viewModuleVersion: string;
}

/** The spec of a model of `@jupyter-widgets/controls` 2.0.0 with a view of the same module. */
export function controlsSpec(modelName: string, viewName: string | null): ModelSpec {
  return {
    modelName,
    modelModule: "@jupyter-widgets/controls",
    modelModuleVersion: "2.0.0",
    viewName,
    viewModule: "@jupyter-widgets/controls",
    viewModuleVersion: "2.0.0",
  };
}

export type Serializers<S> = { [K in keyof S]?: Serializer<S[K]> };

/** A change of one trait, passed to observers (the shape of traitlets' change dict). */
export interface ChangeEvent<S extends object, K extends keyof S = keyof S> {
  type: "change";
  name: K;
  old: S[K];
  new: S[K];
  owner: Widget<S>;
}

/**
 * Any widget, whatever its traits: what containers, links and the registry hold. (A `Widget<S>` is
 * not a `Widget<object>`, as its observers take changes of `S`.)
 */
export interface AnyWidget extends RegisteredWidget {
  readonly spec: ModelSpec;
  readonly closed: boolean;
  traits(): object;
  close(): void;
  _repr_mimebundle_(): MimeBundle;
}

/** Handler of a custom message from the frontend. */
export type CustomMessageHandler = (content: Record<string, unknown>, buffers: Uint8Array[]) => void;

/** Which traits are synced and how they serialize. */
export interface TraitConfig<S> {
  /** Traits mirrored to the frontend (default: every trait). Others are kernel-side only. */
  synced?: readonly (keyof S & string)[];
  serializers?: Serializers<S>;
}

interface ObserverEntry {
  names: Set<string> | null;
  handler: (change: ChangeEvent<never>) => void;
}

/** Whether frontend updates are echoed (`echo_update`); ipywidgets 8 does by default. */
const ECHO_UPDATES = process.env.JUPYTER_WIDGETS_ECHO === undefined ? true : !/^(0|false|no)$/i.test(process.env.JUPYTER_WIDGETS_ECHO);

export abstract class Widget<S extends object = Record<string, unknown>> implements RegisteredWidget {
  readonly modelId: string;
  readonly spec: ModelSpec;
  #traits: S;
  readonly #defaults: S;
  readonly #synced: ReadonlySet<string>;
  readonly #serializers: Serializers<S>;
  readonly #comm: CommHandle;
  readonly #observers: ObserverEntry[] = [];
  readonly #customHandlers: CustomMessageHandler[] = [];
  #lock: Map<string, unknown> | null = null;
  #holding = 0;
  readonly #pending = new Set<string>();

  /**
   * Creates the model and opens its comm. `coerce` (a prototype method) runs on the initial traits,
   * so a subclass's `coerce` must not rely on the subclass's own instance fields.
   */
  protected constructor(spec: ModelSpec, defaults: S, options: Partial<S>, config: TraitConfig<S> = {}) {
    this.spec = spec;
    this.#serializers = config.serializers ?? {};
    this.#synced = new Set(config.synced ?? (Object.keys(defaults) as string[]));
    this.#defaults = { ...defaults };
    const traits = { ...defaults };
    const assigned = this.#checkKeys(options, defaults);
    Object.assign(traits, options);
    this.coerce(traits, assigned);
    this.#traits = traits;
    this.modelId = randomUUID().replace(/-/g, "");
    const bridge = getBridge();
    const full = this.serializedState();
    this.#comm = bridge.openComm(
      "jupyter.widget",
      { state: full.state, buffer_paths: full.buffer_paths },
      { commId: this.modelId, metadata: { version: WIDGET_PROTOCOL_VERSION }, buffers: full.buffers },
    );
    bridge.widgets.set(this.modelId, this);
    this.#comm.onMsg((m) => this.#handleMessage(m));
    this.#comm.onClose(() => {
      getBridge().widgets.delete(this.modelId);
    });
  }

  get modelName(): string {
    return this.spec.modelName;
  }
  get modelModule(): string {
    return this.spec.modelModule;
  }
  get modelModuleVersion(): string {
    return this.spec.modelModuleVersion;
  }

  /** True once the widget or the frontend closed the comm. */
  get closed(): boolean {
    return this.#comm.closed;
  }

  /** The value of one trait. */
  get<K extends keyof S>(key: K): S[K] {
    return this.#traits[key];
  }

  /** A snapshot of every trait (kernel-side values, not serialized). */
  traits(): Readonly<S> {
    return { ...this.#traits };
  }

  /**
   * Sets several traits at once: they are coerced together, the changed synced ones go to the
   * frontend in one `update`, then observers run once per changed trait. Unknown keys are an error
   * naming the nearest trait.
   */
  set(values: Partial<S>): this {
    const assigned = this.#checkKeys(values, this.#traits);
    if (assigned.size === 0) return this;
    const old = this.#traits;
    const next = { ...old, ...values };
    this.coerce(next, assigned);
    const changed: (keyof S & string)[] = [];
    for (const k of Object.keys(next) as (keyof S & string)[]) {
      if (!sameState(old[k], next[k], true)) changed.push(k);
    }
    if (changed.length === 0) return this;
    this.#traits = next;
    this.#queueSend(changed.filter((k) => this.#synced.has(k)));
    for (const k of changed) this.#notify(k, old[k], next[k]);
    return this;
  }

  /**
   * Adjusts a candidate state before it is applied (clamp a value into [min, max], derive a label
   * from an index). `assigned` holds the keys the caller set. Throw {@link KernelApiError} for an
   * impossible combination. The default does nothing.
   */
  protected coerce(_next: S, _assigned: ReadonlySet<keyof S>): void {}

  /**
   * Calls `handler` after a trait changes (kernel- or frontend-side): for the traits in `names`, or
   * for every trait when `names` is omitted.
   */
  observe<K extends keyof S & string>(handler: (change: ChangeEvent<S, K>) => void, names?: K | readonly K[]): this {
    const list = names === undefined ? null : new Set<string>(typeof names === "string" ? [names] : names);
    if (list) this.#checkKeys(Object.fromEntries([...list].map((k) => [k, true])) as Partial<S>, this.#traits);
    this.#observers.push({ names: list, handler: handler as unknown as (c: ChangeEvent<never>) => void });
    return this;
  }

  /** Removes an observer added with {@link observe} (all of its names). */
  unobserve(handler: (change: ChangeEvent<S, never>) => void): this {
    for (let i = this.#observers.length - 1; i >= 0; i--) {
      if (this.#observers[i]!.handler === (handler as unknown)) this.#observers.splice(i, 1);
    }
    return this;
  }

  /** Registers a handler for custom messages from the frontend model. */
  onMsg(handler: CustomMessageHandler): this {
    this.#customHandlers.push(handler);
    return this;
  }

  /** Sends a custom message (`{ method: "custom", content }`) with optional binary buffers. */
  send(content: Record<string, unknown>, buffers: readonly Uint8Array[] = []): void {
    this.#comm.send({ method: "custom", content }, { buffers });
  }

  /**
   * Runs `fn` with syncing held: every trait changed inside goes out in one `update` at the end
   * (ipywidgets' `hold_sync`). Observers still run at each change.
   */
  holdSync<T>(fn: () => T): T {
    this.#holding++;
    try {
      return fn();
    } finally {
      if (--this.#holding === 0 && this.#pending.size > 0) {
        const keys = [...this.#pending];
        this.#pending.clear();
        this.#sendKeys(keys);
      }
    }
  }

  /** Sends the given synced traits (all of them by default) to the frontend. */
  sendState(keys?: readonly (keyof S & string)[]): void {
    this.#sendKeys(keys ?? [...this.#synced]);
  }

  /** Closes the comm; the frontend removes every view. Further changes stay kernel-side. */
  close(): void {
    if (this.#comm.closed) return;
    this.#comm.close();
    getBridge().widgets.delete(this.modelId);
  }

  /** The full serialized state (protocol 2.1.0), as `comm_open` and `update_states` carry it. */
  serializedState(): SerializedState {
    const state: Record<string, unknown> = {
      _model_name: this.spec.modelName,
      _model_module: this.spec.modelModule,
      _model_module_version: this.spec.modelModuleVersion,
      _view_name: this.spec.viewName,
      _view_module: this.spec.viewModule,
      _view_module_version: this.spec.viewModuleVersion,
      _view_count: null,
    };
    for (const k of this.#synced) state[k] = this.#toJson(k as keyof S & string);
    return removeBuffers(state);
  }

  /** The MIME bundle that displays this widget (IPython's `_repr_mimebundle_` convention). */
  _repr_mimebundle_(): MimeBundle {
    const bundle: MimeBundle = { "text/plain": this.toString() };
    if (this.spec.viewName !== null) {
      bundle[WIDGET_VIEW_MIME] = { version_major: 2, version_minor: 1, model_id: this.modelId };
    }
    return bundle;
  }

  /**
   * `IntSlider(value=3, max=10)`: the class and the public traits that differ from their defaults
   * (as ipywidgets' repr), cut at 110 characters.
   */
  toString(): string {
    const parts: string[] = [];
    for (const k of Object.keys(this.#traits).sort()) {
      if (k.startsWith("_") || k === "layout" || k === "style") continue;
      const v = (this.#traits as Record<string, unknown>)[k];
      if (sameState(v, (this.#defaults as Record<string, unknown>)[k], true)) continue;
      parts.push(`${k}=${v instanceof Widget ? `${v.constructor.name}(...)` : inspect(v, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 40 })}`);
    }
    const text = `${this.constructor.name}(${parts.join(", ")})`;
    return text.length > 110 ? text.slice(0, 110) + "…" : text;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #checkKeys(values: Partial<S>, known: S): Set<keyof S> {
    const keys = new Set<keyof S>();
    for (const k of Object.keys(values)) {
      if (!Object.prototype.hasOwnProperty.call(known, k)) {
        const names = Object.keys(known).filter((x) => !x.startsWith("_"));
        const near = nearestName(k, names);
        throw new KernelApiError("INVALID_ARGUMENT", `${this.constructor.name} has no trait "${k}"`, {
          key: k,
          hint: near ? `did you mean "${near}"?` : `traits: ${names.join(", ")}`,
        });
      }
      keys.add(k as keyof S);
    }
    return keys;
  }

  #toJson(k: keyof S & string): unknown {
    const s = this.#serializers[k];
    const v = this.#traits[k];
    return s ? s.toJson(v) : v;
  }

  #queueSend(keys: string[]): void {
    if (keys.length === 0) return;
    if (this.#holding > 0) {
      for (const k of keys) this.#pending.add(k);
      return;
    }
    this.#sendKeys(keys);
  }

  #sendKeys(keys: readonly string[]): void {
    const state: Record<string, unknown> = {};
    let n = 0;
    for (const k of keys) {
      if (!this.#synced.has(k)) continue;
      const json = this.#toJson(k as keyof S & string);
      if (this.#lock?.has(k) && sameState(json, this.#lock.get(k))) continue;
      state[k] = json;
      n++;
    }
    if (n === 0) return;
    const split = removeBuffers(state);
    this.#comm.send({ method: "update", state: split.state, buffer_paths: split.buffer_paths }, { buffers: split.buffers });
  }

  #notify(name: string, oldValue: unknown, newValue: unknown): void {
    if (this.#observers.length === 0) return;
    const change = { type: "change", name, old: oldValue, new: newValue, owner: this } as unknown as ChangeEvent<never>;
    for (const o of [...this.#observers]) {
      if (o.names === null || o.names.has(name)) o.handler(change);
    }
  }

  #handleMessage(msg: CommMessage): void {
    const method = msg.data.method;
    try {
      if (method === "update") {
        const state = msg.data.state as Record<string, unknown> | undefined;
        if (!state || typeof state !== "object") return;
        putBuffers(state, msg.data.buffer_paths, msg.buffers);
        this.#applyFromFrontend(state);
      } else if (method === "request_state") {
        // The full state, class identity included (ipywidgets' `send_state()`): a frontend restoring
        // widgets without the control comm creates each model from this answer's `_model_name`,
        // `_model_module` and `_model_module_version`.
        const full = this.serializedState();
        this.#comm.send({ method: "update", state: full.state, buffer_paths: full.buffer_paths }, { buffers: full.buffers });
      } else if (method === "custom") {
        const content = (msg.data.content ?? {}) as Record<string, unknown>;
        for (const h of [...this.#customHandlers]) h(content, msg.buffers);
        this.handleCustomMessage(content, msg.buffers);
      } else {
        getBridge().log(`${this.constructor.name} ${this.modelId}: unknown widget message method ${JSON.stringify(method)}`);
      }
    } catch (e) {
      // A frontend-triggered failure (an observer that throws) is reported to the request's output.
      process.stderr.write(`Error in ${this.constructor.name} handling ${String(method)}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    }
  }

  /** Hook for subclasses that react to custom messages themselves (Button's click). */
  protected handleCustomMessage(_content: Record<string, unknown>, _buffers: Uint8Array[]): void {}

  #applyFromFrontend(state: Record<string, unknown>): void {
    const values: Record<string, unknown> = {};
    const lock = new Map<string, unknown>();
    for (const [k, json] of Object.entries(state)) {
      if (!this.#synced.has(k)) continue;
      lock.set(k, json);
      const s = (this.#serializers as Record<string, Serializer<unknown> | undefined>)[k];
      values[k] = s ? s.fromJson(json) : json;
    }
    if (lock.size === 0) return;
    if (ECHO_UPDATES) {
      const echo = removeBuffers(Object.fromEntries(lock));
      this.#comm.send({ method: "echo_update", state: echo.state, buffer_paths: echo.buffer_paths }, { buffers: echo.buffers });
    }
    const previous = this.#lock;
    this.#lock = lock;
    try {
      this.set(values as Partial<S>);
    } finally {
      this.#lock = previous;
    }
  }
}

/** The public (not underscore-prefixed) traits of a state, as accessor properties. */
export type TraitAccessors<S> = { -readonly [K in keyof S as K extends `_${string}` ? never : K]: S[K] };

/**
 * Defines `get`/`set` accessors on a widget class's prototype for the named traits, so that
 * `w.value` reads the trait and `w.value = x` is `w.set({ value: x })`. Pair it with an interface
 * of the same name as the class extending {@link TraitAccessors} for the types.
 */
export function defineTraitAccessors(cls: { prototype: object }, keys: readonly string[]): void {
  for (const key of keys) {
    Object.defineProperty(cls.prototype, key, {
      configurable: true,
      enumerable: false,
      get(this: Widget<Record<string, unknown>>) {
        return this.get(key);
      },
      set(this: Widget<Record<string, unknown>>, v: unknown) {
        this.set({ [key]: v });
      },
    });
  }
}
