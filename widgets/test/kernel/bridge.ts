/**
 * A recording kernel bridge for the kernel-side widget tests: comms opened by widgets are kept with
 * every message they send, and a test can deliver a frontend `comm_msg` to a widget, as the launcher
 * does. Installed on the process global under the bridge key (kernel-ext/src/kernel/bridge.ts).
 */
import { installBridge, type CommHandle, type CommMessage, type KernelBridge, type RegisteredWidget } from "../../../kernel-ext/src/kernel/bridge";

export interface RecordedComm {
  commId: string;
  targetName: string;
  open: { data: Record<string, unknown>; metadata: Record<string, unknown>; buffers: Uint8Array[] };
  sent: { data: Record<string, unknown>; buffers: Uint8Array[] }[];
  deliver(data: Record<string, unknown>, buffers?: Uint8Array[]): void;
}

export function installRecordingBridge(): { comms: RecordedComm[]; bridge: KernelBridge } {
  const comms: RecordedComm[] = [];
  const widgets = new Map<string, RegisteredWidget>();
  let n = 0;
  const bridge: KernelBridge = {
    version: 1,
    connected: true,
    openComm(targetName, data, options) {
      const commId = options?.commId ?? `comm-${++n}`;
      const handlers: ((m: CommMessage) => void)[] = [];
      let closed = false;
      const rec: RecordedComm = {
        commId,
        targetName,
        open: { data, metadata: options?.metadata ?? {}, buffers: [...(options?.buffers ?? [])] },
        sent: [],
        deliver(d, buffers = []) {
          for (const h of handlers) h({ data: d, metadata: {}, buffers, msgId: `msg-${++n}` });
        },
      };
      comms.push(rec);
      const handle: CommHandle = {
        commId,
        targetName,
        get closed() {
          return closed;
        },
        send(d, o) {
          if (!closed) rec.sent.push({ data: d, buffers: [...(o?.buffers ?? [])] });
        },
        close() {
          closed = true;
        },
        onMsg(h) {
          handlers.push(h);
        },
        onClose() {},
      };
      return handle;
    },
    registerTarget() {},
    display() {},
    clearOutput() {},
    currentParentId: () => "execute-1",
    widgets,
    log() {},
  };
  installBridge(bridge);
  return { comms, bridge };
}
