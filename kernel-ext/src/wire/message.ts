/**
 * The Jupyter wire protocol (messaging spec v5): how a message travels as ZeroMQ frames and how it is
 * signed.
 *
 * A message on the wire is the frame list
 *
 *     [identity…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffer…]
 *
 * where the four JSON frames are UTF-8 JSON and the buffers are raw bytes. The signature is the
 * hex digest of HMAC(key, header ‖ parent_header ‖ metadata ‖ content) with the scheme the
 * connection file names (`hmac-sha256`); the buffers are **not** signed (jupyter_client's
 * `Session.sign` hashes exactly those four frames). An empty key switches authentication off.
 *
 * tslab 1.0.22 hashes every frame including buffers and JSON-stringifies outgoing buffers, so no
 * message with binary buffers can pass in either direction; this codec is the replacement.
 *
 * Reference: https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The frame that separates the routing identities from the message. */
export const DELIMITER = Buffer.from("<IDS|MSG>");

/** The messaging protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A message header (spec: "General Message Format"). */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [key: string]: unknown;
}

/** A decoded message. `parent_header` is `{}` for a message that answers nothing. */
export interface JupyterMessage<C = Record<string, unknown>> {
  /** ZeroMQ routing identities (ROUTER sockets) or the topic (IOPub). */
  identities: Buffer[];
  header: MessageHeader;
  parent_header: MessageHeader | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  /** Binary buffers: the raw frames after the content frame. */
  buffers: Uint8Array[];
}

/** Why an incoming frame list was refused. */
export type RejectReason = "no-delimiter" | "too-few-frames" | "bad-signature" | "replayed-signature" | "bad-json";

/** Thrown by {@link WireCodec.decode}; the message must be dropped without being acted on. */
export class RejectedMessage extends Error {
  constructor(
    readonly reason: RejectReason,
    detail: string,
  ) {
    super(`rejected message (${reason}): ${detail}`);
    this.name = "RejectedMessage";
  }
}

/**
 * Signs, verifies, encodes and decodes messages for one connection.
 *
 * Verification is constant-time (`timingSafeEqual`) and, like jupyter_client's `Session`, refuses a
 * signature it has already seen (replay protection), remembering up to `digestHistorySize`
 * signatures and forgetting the oldest tenth when full.
 */
export class WireCodec {
  private readonly algorithm: string;
  private readonly seen = new Set<string>();

  constructor(
    private readonly key: string,
    signatureScheme = "hmac-sha256",
    private readonly digestHistorySize = 1 << 16,
  ) {
    const m = /^hmac-([a-z0-9-]+)$/i.exec(signatureScheme);
    if (!m) throw new Error(`unsupported signature_scheme ${JSON.stringify(signatureScheme)}: expected hmac-<algorithm>`);
    this.algorithm = m[1]!.toLowerCase();
    // Fail now, not on the first message, when Node does not know the digest.
    createHmac(this.algorithm, "probe");
  }

  /** Hex HMAC of the four JSON frames; "" when authentication is off. */
  sign(header: Buffer, parent: Buffer, metadata: Buffer, content: Buffer): string {
    if (this.key === "") return "";
    const h = createHmac(this.algorithm, this.key);
    h.update(header);
    h.update(parent);
    h.update(metadata);
    h.update(content);
    return h.digest("hex");
  }

  /**
   * Decodes and authenticates a frame list. Throws {@link RejectedMessage} for anything that must be
   * dropped: a missing delimiter, a bad or replayed signature, or frames that are not JSON.
   */
  decode(frames: readonly Buffer[]): JupyterMessage {
    let d = -1;
    for (let i = 0; i < frames.length; i++) {
      if (frames[i]!.equals(DELIMITER)) {
        d = i;
        break;
      }
    }
    if (d < 0) throw new RejectedMessage("no-delimiter", `no <IDS|MSG> among ${frames.length} frames`);
    if (frames.length < d + 6) throw new RejectedMessage("too-few-frames", `${frames.length - d - 1} frames after the delimiter, need 5`);
    const signature = frames[d + 1]!.toString("ascii");
    const [header, parent, metadata, content] = [frames[d + 2]!, frames[d + 3]!, frames[d + 4]!, frames[d + 5]!];
    if (this.key !== "") {
      const expected = this.sign(header, parent, metadata, content);
      const a = Buffer.from(signature, "utf8");
      const b = Buffer.from(expected, "utf8");
      if (a.length !== b.length || !timingSafeEqual(a, b)) {
        throw new RejectedMessage("bad-signature", "HMAC does not match the connection key");
      }
      if (this.seen.has(signature)) throw new RejectedMessage("replayed-signature", "signature seen before");
      this.remember(signature);
    }
    let msg: JupyterMessage;
    try {
      msg = {
        identities: frames.slice(0, d),
        header: JSON.parse(header.toString("utf8")) as MessageHeader,
        parent_header: JSON.parse(parent.toString("utf8")) as MessageHeader,
        metadata: JSON.parse(metadata.toString("utf8")) as Record<string, unknown>,
        content: JSON.parse(content.toString("utf8")) as Record<string, unknown>,
        buffers: frames.slice(d + 6).map((f) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength)),
      };
    } catch (e) {
      throw new RejectedMessage("bad-json", (e as Error).message);
    }
    if (typeof msg.header?.msg_type !== "string") throw new RejectedMessage("bad-json", "header has no msg_type");
    return msg;
  }

  /**
   * Encodes and signs a message; buffers go out as raw frames after the content. The buffers are
   * copied: ZeroMQ (zeromq.js, above 128 bytes) sends a buffer without copying, from its I/O thread,
   * after `send` has returned, so a typed array changed right after a widget update reached the
   * frontend changed, even half-changed. The frame holds the bytes as they were when encoded.
   */
  encode(msg: JupyterMessage<unknown>): Buffer[] {
    const header = Buffer.from(toJson(msg.header), "utf8");
    const parent = Buffer.from(toJson(msg.parent_header), "utf8");
    const metadata = Buffer.from(toJson(msg.metadata), "utf8");
    const content = Buffer.from(toJson(msg.content), "utf8");
    const frames: Buffer[] = [...msg.identities, DELIMITER, Buffer.from(this.sign(header, parent, metadata, content), "ascii"), header, parent, metadata, content];
    for (const b of msg.buffers) {
      // A copy (see above); allocUnsafe + set is a memcpy (Buffer.from(view) was ~4× slower).
      const copy = Buffer.allocUnsafe(b.byteLength);
      copy.set(b);
      frames.push(copy);
    }
    return frames;
  }

  private remember(signature: string): void {
    if (this.seen.size >= this.digestHistorySize) {
      let drop = Math.max(1, Math.floor(this.digestHistorySize / 10));
      for (const s of this.seen) {
        this.seen.delete(s);
        if (--drop === 0) break;
      }
    }
    this.seen.add(signature);
  }
}

/** Builds message headers for one kernel session. */
export class HeaderFactory {
  private counter = 0;
  readonly session: string;

  constructor(
    readonly username = "kernel",
    session?: string,
  ) {
    this.session = session ?? randomBytes(16).toString("hex");
  }

  make(msgType: string): MessageHeader {
    return {
      msg_id: `${this.session}_${process.pid}_${++this.counter}`,
      session: this.session,
      username: this.username,
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    };
  }
}

/**
 * JSON for a message part. Values JSON cannot hold are mapped the way Python's `json_clean` does for
 * ipykernel: a bigint becomes a number when exact, else its decimal string.
 */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "{}";
  } catch {
    return JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
      return v;
    });
  }
}
