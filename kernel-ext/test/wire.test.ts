/**
 * The wire codec against jupyter_client's `Session` (the peer every frontend uses): the same
 * signature over the same four JSON frames, buffers unsigned and raw, bad and replayed signatures
 * refused. The Session comparison needs the venv with jupyter_client.
 */
import { describe, expect, it } from "vitest";
import { DELIMITER, HeaderFactory, RejectedMessage, WireCodec, type JupyterMessage } from "../src/wire/message";
import { hasPythonModules, runPythonJson } from "./helpers";

const KEY = "7a3c1e0f-radiogx-test-key";

function message(buffers: Uint8Array[] = []): JupyterMessage<unknown> {
  const h = new HeaderFactory("tester", "0123abcd");
  return { identities: [Buffer.from("client-1")], header: h.make("comm_msg"), parent_header: {}, metadata: { m: 1 }, content: { comm_id: "c", data: { x: "é" } }, buffers };
}

describe("WireCodec", () => {
  it("encodes [identities, <IDS|MSG>, signature, 4 JSON frames, raw buffers] and decodes it back", () => {
    const codec = new WireCodec(KEY);
    const buf = new Float32Array([1.5, -2]);
    const frames = codec.encode(message([new Uint8Array(buf.buffer)]));
    expect(frames[0]!.toString()).toBe("client-1");
    expect(frames[1]!.equals(DELIMITER)).toBe(true);
    expect(frames[2]!.toString()).toMatch(/^[0-9a-f]{64}$/);
    expect(frames).toHaveLength(8);
    expect(Array.from(new Float32Array(new Uint8Array(frames[7]!).buffer))).toEqual([1.5, -2]);
    const back = new WireCodec(KEY).decode(frames);
    expect(back.content).toEqual({ comm_id: "c", data: { x: "é" } });
    expect(back.identities.map((b) => b.toString())).toEqual(["client-1"]);
    expect(Buffer.from(back.buffers[0]!).equals(frames[7]!)).toBe(true);
  });

  it("signs only the four JSON frames: changing a buffer keeps the signature valid", () => {
    const frames = new WireCodec(KEY).encode(message([new Uint8Array([1, 2, 3])]));
    frames[7] = Buffer.from([9, 9, 9, 9]);
    expect(new WireCodec(KEY).decode(frames).buffers[0]).toEqual(new Uint8Array([9, 9, 9, 9]));
  });

  it("refuses a wrong signature, a changed JSON frame, a replay, and frames without the delimiter", () => {
    const frames = new WireCodec(KEY).encode(message());
    const reason = (f: () => unknown) => {
      try {
        f();
        return "accepted";
      } catch (e) {
        return (e as RejectedMessage).reason;
      }
    };
    expect(reason(() => new WireCodec("other key").decode(frames))).toBe("bad-signature");
    const changed = [...frames];
    changed[6] = Buffer.from(JSON.stringify({ comm_id: "c", data: { x: "evil" } }));
    expect(reason(() => new WireCodec(KEY).decode(changed))).toBe("bad-signature");
    const once = new WireCodec(KEY);
    expect(reason(() => once.decode(frames))).toBe("accepted");
    expect(reason(() => once.decode(frames))).toBe("replayed-signature");
    expect(reason(() => new WireCodec(KEY).decode(frames.filter((f) => !f.equals(DELIMITER))))).toBe("no-delimiter");
  });

  it("with an empty key there is no signature and none is checked (jupyter_client's auth=None)", () => {
    const frames = new WireCodec("").encode(message());
    expect(frames[2]!.toString()).toBe("");
    expect(new WireCodec("").decode(frames).header.msg_type).toBe("comm_msg");
  });

  it("refuses an unknown signature scheme at once", () => {
    expect(() => new WireCodec(KEY, "sha256")).toThrow(/expected hmac-<algorithm>/);
    expect(() => new WireCodec(KEY, "hmac-nosuch")).toThrow();
  });

  it.skipIf(!hasPythonModules("jupyter_client"))("signs exactly as jupyter_client's Session.sign and verifies Session-made messages (needs the venv)", async () => {
    const frames = new WireCodec(KEY).encode(message([new Uint8Array([5, 6])]));
    const parts = frames.slice(3, 7).map((f) => f.toString("base64"));
    const r = await runPythonJson<{ sign: string; serialized: string[] }>(
      [
        "import base64, json, sys",
        "from jupyter_client.session import Session",
        "s = Session(key=sys.argv[1].encode(), signature_scheme='hmac-sha256')",
        "parts = [base64.b64decode(p) for p in json.loads(sys.argv[2])]",
        "msg = s.msg('kernel_info_request', {})",
        "ser = s.serialize(msg)",
        "print(json.dumps({'sign': s.sign(parts).decode(), 'serialized': [base64.b64encode(bytes(f)).decode() for f in ser]}))",
      ].join("\n"),
      [KEY, JSON.stringify(parts)],
    );
    expect(frames[2]!.toString()).toBe(r.sign);
    const theirs = r.serialized.map((b) => Buffer.from(b, "base64"));
    expect(new WireCodec(KEY).decode(theirs).header.msg_type).toBe("kernel_info_request");
  });
});
