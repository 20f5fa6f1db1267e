/**
 * The IOPub side of the kernel: every broadcast message (status, streams, displays, results, comm
 * traffic) leaves through here, in the order the kernel produced it.
 *
 * - A message whose content is ready is sent at once — synchronously, so a progress bar or a widget
 *   update in a blocking loop reaches the frontend while the loop runs (ZeroMQ sends from its own
 *   I/O thread).
 * - A message whose content needs async work (a Vega-Lite chart's SVG) holds the line: later
 *   messages queue behind it until it is sent, so outputs never change order.
 * - stdout/stderr text is coalesced per (request, stream) and flushed when another message is sent,
 *   when 50 ms have passed since the first unflushed write (checked at the next write, so blocking
 *   loops flush too), by a timer, or at the end of the request.
 *
 * {@link IopubChannel.drain} resolves when everything produced so far has been sent: the kernel
 * awaits it before a request's reply and its `idle` status.
 */
import type { Publisher } from "zeromq";
import type { HeaderFactory, JupyterMessage, MessageHeader, WireCodec } from "../wire/message";

export type Parent = MessageHeader | null;

export interface OutgoingOptions {
  metadata?: Record<string, unknown>;
  buffers?: readonly Uint8Array[];
}

interface Outgoing {
  msgType: string;
  content: unknown;
  parent: Parent;
  options: OutgoingOptions;
}

interface PendingStream {
  parent: Parent;
  name: "stdout" | "stderr";
  text: string;
  since: number;
}

/** Longest a stream write waits for more text before it is sent. */
const STREAM_FLUSH_MS = 50;
/** Text size that forces a stream flush. */
const STREAM_FLUSH_CHARS = 64 * 1024;

export class IopubChannel {
  readonly #queue: (Outgoing | Promise<Outgoing | null>)[] = [];
  #pumping: Promise<void> | null = null;
  #stream: PendingStream | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** Messages sent, by type (for the benchmark and the tests of the launcher itself). */
  readonly sent = new Map<string, number>();

  constructor(
    private readonly socket: Publisher,
    private readonly codec: WireCodec,
    private readonly headers: HeaderFactory,
    private readonly kernelId: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Sends (or queues, behind pending async work) a message. */
  publish(msgType: string, content: unknown, parent: Parent, options: OutgoingOptions = {}): void {
    this.flushStreams();
    this.#enqueue({ msgType, content, parent, options });
  }

  /**
   * Queues a message whose content is still being computed; `null` sends nothing. Later messages
   * wait for it.
   */
  publishLater(message: Promise<Outgoing | null>): void {
    this.flushStreams();
    this.#queue.push(message.catch((e: unknown) => {
      this.log(`iopub: dropped a message whose content failed: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }));
    this.#pump();
  }

  /** Appends stream text (stdout/stderr) for `parent`. */
  stream(name: "stdout" | "stderr", text: string, parent: Parent): void {
    if (text === "") return;
    const now = Date.now();
    const s = this.#stream;
    if (s && (s.name !== name || s.parent?.msg_id !== parent?.msg_id)) this.flushStreams();
    if (this.#stream) this.#stream.text += text;
    else this.#stream = { parent, name, text, since: now };
    const cur = this.#stream!;
    if (cur.text.length >= STREAM_FLUSH_CHARS || now - cur.since >= STREAM_FLUSH_MS) {
      this.flushStreams();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.flushStreams();
      }, STREAM_FLUSH_MS);
      this.#timer.unref();
    }
  }

  /** Sends any coalesced stream text now. */
  flushStreams(): void {
    const s = this.#stream;
    if (!s) return;
    this.#stream = null;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#enqueue({ msgType: "stream", content: { name: s.name, text: s.text }, parent: s.parent, options: {} });
  }

  /** Resolves once every message produced so far has been sent. */
  async drain(): Promise<void> {
    this.flushStreams();
    while (this.#pumping) await this.#pumping;
  }

  #enqueue(m: Outgoing): void {
    if (this.#queue.length === 0 && !this.#pumping) {
      this.#send(m);
      return;
    }
    this.#queue.push(m);
    this.#pump();
  }

  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = (async () => {
      while (this.#queue.length > 0) {
        const head = this.#queue[0]!;
        const m = head instanceof Promise ? await head : head;
        this.#queue.shift();
        if (m) this.#send(m);
      }
      this.#pumping = null;
    })();
  }

  #send(m: Outgoing): void {
    const msg: JupyterMessage<unknown> = {
      identities: [Buffer.from(`kernel.${this.kernelId}.${m.msgType}`)],
      header: this.headers.make(m.msgType),
      parent_header: m.parent ?? {},
      metadata: m.options.metadata ?? {},
      content: m.content,
      buffers: [...(m.options.buffers ?? [])],
    };
    let frames: Buffer[];
    try {
      frames = this.codec.encode(msg);
    } catch (e) {
      this.log(`iopub: cannot encode ${m.msgType}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.sent.set(m.msgType, (this.sent.get(m.msgType) ?? 0) + 1);
    this.socket.send(frames).catch((e: unknown) => this.log(`iopub: send failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}

export type { Outgoing };
