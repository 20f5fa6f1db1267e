/**
 * The contract between the kernel-side API (`radiogx/kernel`, loaded by notebook cells) and the
 * running kernel (the launcher).
 *
 * A module a cell imports is compiled by tslab to CommonJS and may be a different module instance
 * from the launcher's own copy (another install of radiogx, another path), so the two never share
 * classes or module state. They share one object instead, the bridge, stored on the process global
 * under `Symbol.for("radiogx.kernel.bridge/v1")`. Everything crossing it is plain data, functions and
 * typed arrays.
 *
 * Outside a kernel (a script, a unit test) there is no bridge: {@link getBridge} returns a detached
 * one whose comms go nowhere and whose `display` prints the `text/plain` representation, so widget
 * code still runs headless.
 */

/** JSON values as they travel in messages. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A MIME bundle: MIME type → representation (string for text types, JSON for `+json` types). */
export type MimeBundle = { [mime: string]: unknown };

/** A comm message as a handler sees it. */
export interface CommMessage {
  /** `content.data` of the message. */
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** The binary buffers that came with the message (views on the received frames). */
  buffers: Uint8Array[];
  /** `header.msg_id` of the message, to parent answers. */
  msgId: string;
}

/** Options of a comm message sent by the kernel. */
export interface CommSendOptions {
  metadata?: Record<string, unknown>;
  buffers?: readonly Uint8Array[];
}

/** One end of a comm (a bidirectional channel to a frontend object). */
export interface CommHandle {
  readonly commId: string;
  readonly targetName: string;
  /** True once either side closed the comm. */
  readonly closed: boolean;
  /** Sends `comm_msg` with `data`. A no-op once closed. */
  send(data: Record<string, unknown>, options?: CommSendOptions): void;
  /** Sends `comm_close` and forgets the comm. */
  close(data?: Record<string, unknown>, options?: CommSendOptions): void;
  /** Registers a handler for `comm_msg` from the frontend. */
  onMsg(handler: (msg: CommMessage) => void): void;
  /** Registers a handler for the comm being closed by the frontend (`msg`) or by the kernel (`null`). */
  onClose(handler: (msg: CommMessage | null) => void): void;
}

/** Handler for a frontend opening a comm on a registered target. */
export type CommTargetHandler = (comm: CommHandle, open: CommMessage) => void;

/** A live widget as the kernel's widget registry sees it (any module instance). */
export interface RegisteredWidget {
  readonly modelId: string;
  readonly modelName: string;
  readonly modelModule: string;
  readonly modelModuleVersion: string;
  /** The full serialized state: JSON with buffers split out (protocol 2.1.0 `buffer_paths`). */
  serializedState(): SerializedState;
}

/** A state split into JSON and binary buffers (ipywidgets' `_remove_buffers`). */
export interface SerializedState {
  state: Record<string, unknown>;
  buffer_paths: (string | number)[][];
  buffers: Uint8Array[];
}

/** Options of a display message. */
export interface DisplayOptions {
  metadata?: Record<string, unknown>;
  /** Display id (transient) so that the output can be updated in place. */
  displayId?: string;
  /** Send `update_display_data` for `displayId` instead of a new `display_data`. */
  update?: boolean;
}

export interface KernelBridge {
  /** Bridge contract version; a kernel API refuses a bridge of another version. */
  readonly version: 1;
  /** False for the detached bridge used outside a kernel. */
  readonly connected: boolean;
  /** Opens a comm from the kernel side (`comm_open` on IOPub). */
  openComm(
    targetName: string,
    data: Record<string, unknown>,
    options?: CommSendOptions & { commId?: string },
  ): CommHandle;
  /** Registers the handler for frontend-opened comms on `targetName` (replacing any previous one). */
  registerTarget(targetName: string, handler: CommTargetHandler): void;
  /** Sends `display_data` (or `update_display_data`) with `bundle`. */
  display(bundle: MimeBundle, options?: DisplayOptions): void;
  /** Sends `clear_output`. */
  clearOutput(wait: boolean): void;
  /** `msg_id` of the request whose outputs are being produced now (a cell, a comm message), or null. */
  currentParentId(): string | null;
  /** Live widgets by model id (the `jupyter.widget.control` comm answers from it). */
  readonly widgets: Map<string, RegisteredWidget>;
  /** Writes a line to the kernel's own log (the Jupyter server's console), never to a cell. */
  log(message: string): void;
}

export const BRIDGE_KEY: unique symbol = Symbol.for("radiogx.kernel.bridge/v1") as never;

/** Installs the bridge (the launcher does this once, before any cell runs). */
export function installBridge(bridge: KernelBridge): void {
  (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] = bridge;
}

/** The running kernel's bridge, or the detached bridge when there is no kernel. */
export function getBridge(): KernelBridge {
  const b = (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] as KernelBridge | undefined;
  if (b && b.version === 1) return b;
  return detachedBridge();
}

let detached: KernelBridge | undefined;

/** The bridge used outside a kernel: comms are local only, display prints `text/plain`. */
function detachedBridge(): KernelBridge {
  if (detached) return detached;
  let n = 0;
  const widgets = new Map<string, RegisteredWidget>();
  detached = {
    version: 1,
    connected: false,
    openComm(targetName, _data, options) {
      const commId = options?.commId ?? `detached-${process.pid}-${++n}`;
      let closed = false;
      const closeHandlers: ((m: CommMessage | null) => void)[] = [];
      return {
        commId,
        targetName,
        get closed() {
          return closed;
        },
        send() {},
        close() {
          if (closed) return;
          closed = true;
          for (const h of closeHandlers) h(null);
        },
        onMsg() {},
        onClose(h) {
          closeHandlers.push(h);
        },
      };
    },
    registerTarget() {},
    display(bundle) {
      const text = bundle["text/plain"];
      if (typeof text === "string") process.stdout.write(text + "\n");
    },
    clearOutput() {},
    currentParentId: () => null,
    widgets,
    log(message) {
      process.stderr.write(message + "\n");
    },
  };
  return detached;
}
