/**
 * Jupyter comms, kernel side (messaging spec v5, "Custom Messages").
 *
 * A comm is a channel between a kernel object and a frontend object, named by a `comm_id` and
 * created for a `target_name`. Either side opens it (`comm_open`), sends `comm_msg` and closes it
 * (`comm_close`); the kernel's messages go out on IOPub, the frontend's arrive on the shell
 * channel. The kernel also answers `comm_info_request` with the open comms, filtered by target.
 *
 * A frontend `comm_open` for a target nobody registered is answered with `comm_close` (as ipykernel
 * does), so the frontend does not wait on a dead comm.
 */
import type { CommHandle, CommMessage, CommSendOptions, CommTargetHandler } from "../kernel/bridge";
import type { JupyterMessage } from "../wire/message";

/** Sends a comm message on IOPub (the kernel picks the parent: the request being handled). */
export type CommPublisher = (msgType: "comm_open" | "comm_msg" | "comm_close", content: Record<string, unknown>, options: CommSendOptions) => void;

function toCommMessage(msg: JupyterMessage): CommMessage {
  const c = msg.content as { data?: unknown };
  return {
    data: (c.data && typeof c.data === "object" ? c.data : {}) as Record<string, unknown>,
    metadata: msg.metadata,
    buffers: msg.buffers,
    msgId: msg.header.msg_id,
  };
}

class Comm implements CommHandle {
  #closed = false;
  readonly #msgHandlers: ((m: CommMessage) => void)[] = [];
  readonly #closeHandlers: ((m: CommMessage | null) => void)[] = [];

  constructor(
    readonly commId: string,
    readonly targetName: string,
    private readonly router: CommRouter,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  send(data: Record<string, unknown>, options: CommSendOptions = {}): void {
    if (this.#closed) return;
    this.router.publish("comm_msg", { comm_id: this.commId, data }, options);
  }

  close(data: Record<string, unknown> = {}, options: CommSendOptions = {}): void {
    if (this.#closed) return;
    this.#closed = true;
    this.router.publish("comm_close", { comm_id: this.commId, data }, options);
    this.router.forget(this.commId);
    this.#fireClose(null);
  }

  onMsg(handler: (msg: CommMessage) => void): void {
    this.#msgHandlers.push(handler);
  }

  onClose(handler: (msg: CommMessage | null) => void): void {
    this.#closeHandlers.push(handler);
  }

  /** A `comm_msg` from the frontend. */
  deliver(m: CommMessage): void {
    for (const h of [...this.#msgHandlers]) h(m);
  }

  /** A `comm_close` from the frontend: closed without sending anything back. */
  closedByFrontend(m: CommMessage): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#fireClose(m);
  }

  #fireClose(m: CommMessage | null): void {
    for (const h of [...this.#closeHandlers]) h(m);
  }
}

export class CommRouter {
  readonly #comms = new Map<string, Comm>();
  readonly #targets = new Map<string, CommTargetHandler>();

  constructor(
    readonly publish: CommPublisher,
    private readonly log: (message: string) => void,
    private readonly newId: () => string,
  ) {}

  /** Opens a comm from the kernel: `comm_open` with `data`. */
  open(targetName: string, data: Record<string, unknown>, options: CommSendOptions & { commId?: string } = {}): CommHandle {
    const commId = options.commId ?? this.newId();
    if (this.#comms.has(commId)) throw new Error(`comm ${commId} is already open`);
    const comm = new Comm(commId, targetName, this);
    this.#comms.set(commId, comm);
    this.publish("comm_open", { comm_id: commId, target_name: targetName, data }, { metadata: options.metadata, buffers: options.buffers });
    return comm;
  }

  registerTarget(targetName: string, handler: CommTargetHandler): void {
    this.#targets.set(targetName, handler);
  }

  /** Open comms as `comm_info_reply` lists them: `{ comm_id: { target_name } }`. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const [id, c] of this.#comms) {
      if (!c.closed && (targetName === undefined || targetName === "" || c.targetName === targetName)) out[id] = { target_name: c.targetName };
    }
    return out;
  }

  /** Number of open comms. */
  get size(): number {
    return this.#comms.size;
  }

  forget(commId: string): void {
    this.#comms.delete(commId);
  }

  /** A frontend `comm_open`. Throws what the target handler throws (after closing the comm). */
  handleOpen(msg: JupyterMessage): void {
    const c = msg.content as { comm_id?: unknown; target_name?: unknown };
    if (typeof c.comm_id !== "string" || typeof c.target_name !== "string") {
      this.log(`comm_open without comm_id/target_name: ${JSON.stringify(msg.content)}`);
      return;
    }
    const comm = new Comm(c.comm_id, c.target_name, this);
    const handler = this.#targets.get(c.target_name);
    if (!handler) {
      this.log(`comm_open for unknown target ${JSON.stringify(c.target_name)}: closing it`);
      this.publish("comm_close", { comm_id: c.comm_id, data: {} }, {});
      return;
    }
    this.#comms.set(c.comm_id, comm);
    try {
      handler(comm, toCommMessage(msg));
    } catch (e) {
      comm.close();
      throw e;
    }
  }

  /** A frontend `comm_msg`. */
  handleMsg(msg: JupyterMessage): void {
    const id = (msg.content as { comm_id?: unknown }).comm_id;
    const comm = typeof id === "string" ? this.#comms.get(id) : undefined;
    if (!comm) {
      this.log(`comm_msg for unknown comm ${JSON.stringify(id)}`);
      return;
    }
    comm.deliver(toCommMessage(msg));
  }

  /** A frontend `comm_close`. */
  handleClose(msg: JupyterMessage): void {
    const id = (msg.content as { comm_id?: unknown }).comm_id;
    const comm = typeof id === "string" ? this.#comms.get(id) : undefined;
    if (!comm) {
      this.log(`comm_close for unknown comm ${JSON.stringify(id)}`);
      return;
    }
    this.#comms.delete(comm.commId);
    comm.closedByFrontend(toCommMessage(msg));
  }
}
