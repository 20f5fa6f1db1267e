/**
 * The radiogx kernel: tslab 1.0.22's sockets, compiler and executor, with the protocol layer
 * replaced where tslab breaks it and extended where it stops.
 *
 * `RadiogxKernel` subclasses tslab's `ZmqServer` and keeps its `init()` (connection file, the five
 * sockets, the receive loops, heartbeat). It overrides `handleShellMessage`, through which every
 * shell and control message passes, so that each message is
 *
 * 1. decoded and authenticated by {@link WireCodec} — HMAC over the four JSON frames only, binary
 *    buffers kept raw, a bad or replayed signature dropped before anything runs;
 * 2. handled inside an `AsyncLocalStorage` context holding its header, so every IOPub message it
 *    causes — also later, from timers and promises it started — is parented to it: a widget created
 *    in a cell to the cell's `execute_request`, a widget's answer to the frontend's `comm_msg`;
 * 3. bracketed by `busy` / `idle` status, `idle` only after all its output has gone out; a request
 *    handled while a cell runs is followed by the cell's `busy` again, since frontends read any
 *    `idle` as the kernel's state.
 *
 * Fixed against tslab: `kernel_info_reply` and every reply carry `status`; `comm_info_request` is
 * answered with `comm_info_reply` listing the open comms; `comm_open` / `comm_msg` / `comm_close`
 * are routed to comms (widgets); a cell's last expression is an `execute_result` with `Out[n]` and
 * a rich MIME bundle instead of text on stdout; an error is an `error` message and an error reply;
 * after an error only the requests already queued are aborted (tslab aborted everything arriving in
 * the next 200 ms, also requests sent after seeing the error); `history_request`,
 * `interrupt_request`, `user_expressions`, `execute_input` and `clear_output` are supported.
 *
 * Execute requests run one at a time, in order. Other requests — comm messages included — are
 * handled as they arrive, so a widget stays live while a cell awaits.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { runInThisContext } from "node:vm";
import { JupyterHandlerImpl, ZmqServer } from "tslab/dist/jupyter";
import { getVersion } from "tslab/dist/util";
import type { Router } from "zeromq";
import { installBridge, type CommTargetHandler, type KernelBridge, type MimeBundle, type RegisteredWidget } from "../kernel/bridge";
import { toMimeBundle, type MimeOutput } from "../display/mimebundle";
import { VEGALITE_MIME } from "../display/vegalite";
import { HeaderFactory, PROTOCOL_VERSION, RejectedMessage, WireCodec, type JupyterMessage, type MessageHeader } from "../wire/message";
import { CellRunner, describeError, type CellOutcome } from "./cells";
import { CommRouter } from "./comms";
import { History, type HistoryRequest } from "./history";
import { IopubChannel, type Outgoing, type Parent } from "./iopub";
import { renderVegaLiteSvg } from "./vegaSvg";

/** ipywidgets' control-comm protocol version (`jupyter.widget.control`). */
const CONTROL_PROTOCOL_MAJOR = "1";

export interface KernelOptions {
  /** The connection file Jupyter wrote (`{connection_file}` in kernel.json). */
  connectionFile: string;
  /** Folder cells resolve modules from (default: the process's working directory). */
  rootDir?: string;
  /** Where the kernel's own log lines go (default: the process's real stderr). */
  log?: (line: string) => void;
  /** Exit the process after `shutdown_request` (default true). */
  exitOnShutdown?: boolean;
}

interface ConnectionFile {
  key?: string;
  signature_scheme?: string;
}

interface ExecuteRequestContent {
  code?: unknown;
  silent?: unknown;
  store_history?: unknown;
  user_expressions?: unknown;
  stop_on_error?: unknown;
}

interface Queued {
  sock: Router;
  msg: JupyterMessage;
}

export class RadiogxKernel extends ZmqServer {
  readonly codec: WireCodec;
  readonly headers: HeaderFactory;
  readonly kernelId = randomUUID();
  readonly cells: CellRunner;
  readonly history = new History();
  readonly context = new AsyncLocalStorage<MessageHeader>();
  readonly bridge: KernelBridge;
  iopubChannel!: IopubChannel;
  comms!: CommRouter;
  executionCount = 0;
  /** Messages dropped by the codec, by reason. */
  readonly rejected = new Map<string, number>();
  readonly #log: (line: string) => void;
  readonly #queue: Queued[] = [];
  #running = false;
  #lastExecute: MessageHeader | null = null;
  /** The execute_request running now (between its busy and its idle), or null. */
  #executing: MessageHeader | null = null;
  /** Messages received on shell and control (to tell when the sockets have been drained). */
  #received = 0;
  readonly #exitOnShutdown: boolean;
  readonly #widgets = new Map<string, RegisteredWidget>();

  constructor(options: KernelOptions) {
    const rootDir = options.rootDir ?? process.cwd();
    const cells = new CellRunner(rootDir);
    super(new JupyterHandlerImpl(cells.executor, false), options.connectionFile);
    this.cells = cells;
    const conn = JSON.parse(readFileSync(options.connectionFile, "utf8")) as ConnectionFile;
    this.codec = new WireCodec(conn.key ?? "", conn.signature_scheme ?? "hmac-sha256");
    this.headers = new HeaderFactory(safeUsername());
    const realStderr = process.stderr.write.bind(process.stderr);
    this.#log = options.log ?? ((line) => realStderr(`[radiogx kernel] ${line}\n`));
    this.#exitOnShutdown = options.exitOnShutdown ?? true;
    this.bridge = this.#makeBridge();
  }

  /** Binds the sockets (tslab's `init`), then sets them up for synchronous sends. */
  override async init(): Promise<void> {
    await super.init();
    // sendTimeout 0: every send completes synchronously (a PUB/ROUTER socket never blocks), so
    // messages leave while a blocking cell runs and back-to-back sends never hit EBUSY.
    for (const s of [this.iopub, this.shell, this.control, this.stdin]) s.sendTimeout = 0;
    this.iopubChannel = new IopubChannel(this.iopub, this.codec, this.headers, this.kernelId, this.#log);
    this.comms = new CommRouter(
      (type, content, opts) => this.iopubChannel.publish(type, content, this.currentParent(), opts),
      this.#log,
      () => randomUUID().replace(/-/g, ""),
    );
    this.comms.registerTarget("jupyter.widget.control", this.#controlComm);
    installBridge(this.bridge);
    // tslab's own `display` API (import * as tslab from "tslab") writes through this hook.
    setTslabDisplayHook((data, update) => this.bridge.display(data.data, { metadata: data.metadata, displayId: data.transient?.display_id, update }));
  }

  /**
   * Sends `process.stdout` / `process.stderr` writes (console.log in a cell, a library's warning)
   * to IOPub as stream output of the request that made them. Before the first request they go to
   * the real streams (the Jupyter server's console).
   */
  captureProcessOutput(): void {
    for (const name of ["stdout", "stderr"] as const) {
      const stream = process[name];
      const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
      stream.write = ((chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
        const parent = this.currentParent();
        if (!parent || !this.iopubChannel) return original(chunk, encoding, cb);
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
        this.iopubChannel.stream(name, text, parent);
        const done = typeof encoding === "function" ? encoding : cb;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      }) as typeof stream.write;
    }
  }

  /** The request whose outputs are being produced: the async context's, else the last cell's. */
  currentParent(): Parent {
    return this.context.getStore() ?? this.#lastExecute;
  }

  /** Writes a line to the kernel log (the Jupyter server's console). */
  log(line: string): void {
    this.#log(line);
  }

  // -------------------------------------------------------------------------------------------
  // Dispatch

  override async handleShellMessage(sock: Router, ...frames: Buffer[]): Promise<void> {
    this.#received++;
    let msg: JupyterMessage;
    try {
      msg = this.codec.decode(frames);
    } catch (e) {
      const reason = e instanceof RejectedMessage ? e.reason : "error";
      this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
      this.#log(`dropped a message: ${(e as Error).message}`);
      return;
    }
    if (msg.header.msg_type === "execute_request") {
      this.#queue.push({ sock, msg });
      if (!this.#running) void this.#runQueue();
      return;
    }
    this.iopubChannel.publish("status", { execution_state: "busy" }, msg.header);
    try {
      await this.context.run(msg.header, () => this.#handle(sock, msg));
    } catch (e) {
      this.#log(`error handling ${msg.header.msg_type}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.context.run(msg.header, () => process.stderr.write(`${describeError(e).traceback.join("\n")}\n`));
    } finally {
      await this.iopubChannel.drain();
      this.iopubChannel.publish("status", { execution_state: "idle" }, msg.header);
      // Handled while a cell runs (a widget's message during an `await`): frontends take any idle as
      // the kernel's state (JupyterLab's status, the server's execution_state), so the running cell's
      // busy is stated again — the kernel is still busy with it.
      if (this.#executing) this.iopubChannel.publish("status", { execution_state: "busy" }, this.#executing);
    }
  }

  async #handle(sock: Router, msg: JupyterMessage): Promise<void> {
    const c = msg.content as Record<string, unknown>;
    switch (msg.header.msg_type) {
      case "kernel_info_request":
        return this.#reply(sock, msg, "kernel_info_reply", this.kernelInfo());
      case "comm_info_request": {
        const target = typeof c.target_name === "string" ? c.target_name : undefined;
        return this.#reply(sock, msg, "comm_info_reply", { status: "ok", comms: this.comms.info(target) });
      }
      case "comm_open":
        return this.comms.handleOpen(msg);
      case "comm_msg":
        return this.comms.handleMsg(msg);
      case "comm_close":
        return this.comms.handleClose(msg);
      case "is_complete_request":
        return this.#reply(sock, msg, "is_complete_reply", this.#safe(() => this.handler.handleIsComplete(c as never)));
      case "inspect_request":
        return this.#reply(sock, msg, "inspect_reply", this.#safe(() => this.handler.handleInspect(c as never)));
      case "complete_request":
        return this.#reply(sock, msg, "complete_reply", this.#safe(() => this.handler.handleComplete(c as never)));
      case "history_request":
        return this.#reply(sock, msg, "history_reply", { status: "ok", history: this.history.query(c as HistoryRequest) });
      case "interrupt_request":
        this.cells.executor.interrupt();
        return this.#reply(sock, msg, "interrupt_reply", { status: "ok" });
      case "shutdown_request":
        return this.#shutdown(sock, msg, c.restart === true);
      default:
        this.#log(`unsupported message type ${msg.header.msg_type}: ignored`);
    }
  }

  /** Content of `kernel_info_reply`. */
  kernelInfo(): Record<string, unknown> {
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "radiogx",
      implementation_version: kernelExtVersion(),
      language_info: {
        name: "typescript",
        version: typescriptVersion(),
        mimetype: "text/typescript",
        file_extension: ".ts",
        pygments_lexer: "typescript",
        // tslab's setting: selects TypeScript highlighting in JupyterLab and the classic notebook.
        codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
      },
      banner: `radiogx kernel: TypeScript ${typescriptVersion()} on Node ${process.version} (tslab ${getVersion()})`,
      help_links: [{ text: "radiogx kernel API", url: "https://www.npmjs.com/package/radiogx" }],
      debugger: false,
    };
  }

  #safe(fn: () => object): Record<string, unknown> {
    try {
      return { status: "ok", ...fn() };
    } catch (e) {
      return { status: "error", ...describeError(e) };
    }
  }

  #reply(sock: Router, parent: JupyterMessage, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
    const frames = this.codec.encode({
      identities: parent.identities,
      header: this.headers.make(msgType),
      parent_header: parent.header,
      metadata,
      content,
      buffers: [],
    });
    sock.send(frames).catch((e: unknown) => this.#log(`reply ${msgType} failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  async #shutdown(sock: Router, msg: JupyterMessage, restart: boolean): Promise<void> {
    this.#reply(sock, msg, "shutdown_reply", { status: "ok", restart });
    await this.iopubChannel.drain();
    if (!this.#exitOnShutdown) return;
    setTimeout(() => {
      this.close();
      process.exit(0);
    }, 100);
  }

  // -------------------------------------------------------------------------------------------
  // Execution

  async #runQueue(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const { sock, msg } = this.#queue.shift()!;
        try {
          await this.#execute(sock, msg);
        } finally {
          this.#executing = null;
        }
      }
    } finally {
      this.#running = false;
    }
  }

  /**
   * After a failed cell with `stop_on_error`: takes in every message already waiting on the sockets
   * (event-loop turns until one passes with nothing received, as ipykernel flushes its stream) and
   * removes the execute requests queued behind the failed cell, to be aborted — only those: a
   * request sent after the error was reported runs.
   */
  async #takeQueued(): Promise<Queued[]> {
    for (let turns = 0; turns < 100; turns++) {
      const before = this.#received;
      await new Promise<void>((r) => setImmediate(r));
      await new Promise<void>((r) => setImmediate(r));
      if (this.#received === before) break;
    }
    return this.#queue.splice(0);
  }

  #abort({ sock, msg }: Queued): void {
    this.iopubChannel.publish("status", { execution_state: "busy" }, msg.header);
    // ipykernel's abort reply: content and metadata status "aborted" (see jupyter_client#1063 on the spelling).
    this.#reply(sock, msg, "execute_reply", { status: "aborted" }, { status: "aborted" });
    this.iopubChannel.publish("status", { execution_state: "idle" }, msg.header);
  }

  /** Runs one execute_request; true when the cell failed. */
  async #execute(sock: Router, msg: JupyterMessage): Promise<boolean> {
    const c = msg.content as ExecuteRequestContent;
    const code = typeof c.code === "string" ? c.code : "";
    const silent = c.silent === true;
    const storeHistory = !silent && c.store_history !== false;
    const parent = msg.header;
    this.iopubChannel.publish("status", { execution_state: "busy" }, parent);
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    if (!silent) this.iopubChannel.publish("execute_input", { code, execution_count: count }, parent);
    if (storeHistory) this.history.record(count, code);
    this.#lastExecute = parent;
    this.#executing = parent;
    const started = new Date().toISOString();

    const outcome: CellOutcome = await this.context.run(parent, () => this.cells.run(code));
    let content: Record<string, unknown>;
    if (outcome.status === "ok") {
      if (outcome.hasValue && !silent) {
        const out = this.context.run(parent, () => toMimeBundle(outcome.value));
        const text = out.data["text/plain"];
        if (storeHistory && typeof text === "string") this.history.recordOutput(count, text);
        this.#publishBundle("execute_result", out, parent, { execution_count: count });
      }
      content = { status: "ok", execution_count: count, payload: [], user_expressions: this.#userExpressions(c.user_expressions) };
    } else {
      const { ename, evalue, traceback } = outcome;
      if (!silent) this.iopubChannel.publish("error", { ename, evalue, traceback }, parent);
      content = { status: "error", execution_count: count, ename, evalue, traceback, payload: [], user_expressions: {} };
    }
    await this.iopubChannel.drain();
    const toAbort = outcome.status === "error" && c.stop_on_error !== false ? await this.#takeQueued() : [];
    this.#reply(sock, msg, "execute_reply", content, { started, status: content.status, dependencies_met: true, engine: this.kernelId });
    this.#executing = null;
    this.iopubChannel.publish("status", { execution_state: "idle" }, parent);
    for (const q of toAbort) this.#abort(q);
    return outcome.status === "error";
  }

  /** Evaluates `user_expressions` (JavaScript expressions over the cell variables) to MIME bundles. */
  #userExpressions(expressions: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (!expressions || typeof expressions !== "object") return out;
    for (const [name, expr] of Object.entries(expressions as Record<string, unknown>)) {
      try {
        const value = runInThisContext(`with (globalThis.__tslab__.exports) { (${String(expr)}\n) }`);
        const b = toMimeBundle(value);
        out[name] = { status: "ok", data: b.data, metadata: b.metadata };
      } catch (e) {
        out[name] = { status: "error", ...describeError(e) };
      }
    }
    return out;
  }

  /**
   * Publishes a display-type message. A Vega-Lite bundle without an SVG gets one rendered first
   * (asynchronously; later messages wait for it so the order is kept).
   */
  #publishBundle(msgType: "execute_result" | "display_data" | "update_display_data", out: MimeOutput, parent: Parent, extra: Record<string, unknown>): void {
    const content = (data: MimeBundle) => ({ ...extra, data, metadata: out.metadata, ...(msgType === "execute_result" ? {} : { transient: extra.transient ?? {} }) });
    const spec = out.data[VEGALITE_MIME];
    if (spec === undefined || out.data["image/svg+xml"] !== undefined) {
      this.iopubChannel.publish(msgType, content(out.data), parent);
      return;
    }
    const message: Promise<Outgoing> = renderVegaLiteSvg(spec).then(
      (svg) => ({ msgType, content: content({ ...out.data, "image/svg+xml": svg }), parent, options: {} }),
      (e: unknown) => {
        this.#log(`vega-lite SVG rendering failed: ${e instanceof Error ? e.message : String(e)}`);
        const note = `${String(out.data["text/plain"] ?? "")}\n[no static SVG: ${e instanceof Error ? e.message : String(e)}]`;
        return { msgType, content: content({ ...out.data, "text/plain": note }), parent, options: {} };
      },
    );
    this.iopubChannel.publishLater(message);
  }

  // -------------------------------------------------------------------------------------------
  // Bridge for the kernel API and the widget control comm

  #makeBridge(): KernelBridge {
    const kernel = this;
    return {
      version: 1,
      connected: true,
      openComm: (target, data, options) => kernel.comms.open(target, data, options),
      registerTarget: (target: string, handler: CommTargetHandler) => kernel.comms.registerTarget(target, handler),
      display(bundle, options = {}) {
        const parent = kernel.currentParent();
        const transient = options.displayId !== undefined ? { display_id: options.displayId } : {};
        const type = options.update ? "update_display_data" : "display_data";
        kernel.#publishBundle(type, { data: bundle, metadata: options.metadata ?? {} }, parent, { transient });
      },
      clearOutput(wait) {
        kernel.iopubChannel.publish("clear_output", { wait }, kernel.currentParent());
      },
      currentParentId: () => kernel.currentParent()?.msg_id ?? null,
      widgets: this.#widgets,
      log: (m) => kernel.#log(m),
    };
  }

  /** `jupyter.widget.control`: answers `request_states` with every live widget's full state. */
  readonly #controlComm: CommTargetHandler = (comm, open) => {
    const version = String((open.metadata as { version?: unknown }).version ?? "");
    if (version.split(".")[0] !== CONTROL_PROTOCOL_MAJOR) {
      this.#log(`widget control comm of version ${JSON.stringify(version)}, expected ${CONTROL_PROTOCOL_MAJOR}.x: closing it`);
      comm.close();
      return;
    }
    comm.onMsg((m) => {
      if (m.data.method !== "request_states") {
        this.#log(`widget control comm: unknown method ${JSON.stringify(m.data.method)}`);
        return;
      }
      const states: Record<string, unknown> = {};
      const bufferPaths: (string | number)[][] = [];
      const buffers: Uint8Array[] = [];
      for (const [id, w] of this.#widgets) {
        const s = w.serializedState();
        states[id] = { model_name: w.modelName, model_module: w.modelModule, model_module_version: w.modelModuleVersion, state: s.state };
        for (let i = 0; i < s.buffers.length; i++) {
          bufferPaths.push([id, "state", ...s.buffer_paths[i]!]);
          buffers.push(s.buffers[i]!);
        }
      }
      comm.send({ method: "update_states", states, buffer_paths: bufferPaths }, { buffers });
    });
  };
}

/** Routes tslab's own display API (`tslab.display.html(...)`) through the kernel. */
function setTslabDisplayHook(hook: (data: { data: MimeBundle; metadata: Record<string, unknown>; transient?: { display_id?: string } }, update: boolean) => void): void {
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  jupyter.lastWriteDisplayData = hook;
}

function safeUsername(): string {
  try {
    return userInfo().username || "kernel";
  } catch {
    return "kernel";
  }
}

let tsVersion: string | undefined;
function typescriptVersion(): string {
  if (tsVersion === undefined) {
    const tslabDir = require.resolve("tslab/package.json").replace(/package\.json$/, "");
    tsVersion = (require(require.resolve("@tslab/typescript-for-tslab/package.json", { paths: [tslabDir] })) as { version: string }).version;
  }
  return tsVersion;
}

function kernelExtVersion(): string {
  return (require("../../package.json") as { version: string }).version;
}
