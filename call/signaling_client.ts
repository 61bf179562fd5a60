/**
 * The browser's signaling socket: typed messages from the shared protocol,
 * an app-level heartbeat, and reconnection with jittered exponential backoff.
 * Messages sent while disconnected are queued and flushed on reconnect. A
 * professional's standby socket (see call/standby_sockets.ts) becomes a call's
 * socket with {@linkcode SignalingClient.join}.
 */
import {
  type ClientMessage,
  CloseCode,
  encode,
  parseServerMessage,
  PING_INTERVAL_MS,
  type ServerMessage,
} from "../signaling/protocol.ts";

/** Socket state as the call UI shows it. */
export type LinkState = "connecting" | "open" | "reconnecting" | "closed";

/** Callbacks of {@linkcode SignalingClient}. */
export interface SignalingHandlers {
  onMessage(msg: ServerMessage): void;
  onState?(state: LinkState): void;
  /** The server closed for good (replaced, ended, link withdrawn, cancelled, expired, refused). */
  onFinalClose?(code: number, reason: string): void;
}

/** Close codes after which reconnecting would not help. */
const FINAL_CODES: ReadonlySet<number> = new Set([
  CloseCode.REPLACED,
  CloseCode.ENDED,
  CloseCode.REVOKED,
  CloseCode.CANCELLED,
  CloseCode.VERSION,
  CloseCode.FULL,
  CloseCode.DECLINED,
  CloseCode.SIGNED_OUT,
  CloseCode.POLICY,
  CloseCode.TOO_BIG,
  CloseCode.INVALID_JSON,
  CloseCode.UNSUPPORTED_DATA,
]);
const MAX_QUEUE = 500;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
/** A socket that answers no ping for this long is taken as dead. */
const PONG_TIMEOUT_MS = 10_000;

/** Keeps what a joined standby socket reports until the call's handlers are attached. */
class Recorder implements SignalingHandlers {
  readonly messages: ServerMessage[] = [];
  /** The latest link state: the call's UI needs only where the link is now. */
  state?: LinkState;
  final?: [number, string];

  onMessage(msg: ServerMessage): void {
    this.messages.push(msg);
  }

  onState(state: LinkState): void {
    this.state = state;
  }

  onFinalClose(code: number, reason: string): void {
    this.final = [code, reason];
  }

  /** Hands everything over to `handlers`: the link state, then the messages, then a final close. */
  replay(handlers: SignalingHandlers): void {
    if (this.state) handlers.onState?.(this.state);
    for (const msg of this.messages) handlers.onMessage(msg);
    if (this.final) handlers.onFinalClose?.(...this.final);
  }
}

/** A reconnecting signaling socket. */
export class SignalingClient {
  #ws?: WebSocket;
  #queue: string[] = [];
  #attempt = 0;
  #stopped = false;
  #retryTimer?: ReturnType<typeof setTimeout>;
  #pingTimer?: ReturnType<typeof setInterval>;
  #lastPong = 0;
  #url: string;
  #handlers: SignalingHandlers;
  /** A standby socket whose first message, once open, must be `join`. */
  #joinOn?: WebSocket;
  #joined = false;

  constructor(url: string, handlers: SignalingHandlers) {
    this.#url = url;
    this.#handlers = handlers;
    this.#connect();
  }

  /** The URL it connects (and reconnects) to. */
  get url(): string {
    return this.#url;
  }

  /**
   * Turns this standby socket into a call's socket: `join` goes out first on it, and any
   * reconnection goes to `url` (a call socket, seated at once); a standby socket that is down
   * meanwhile is replaced by a call socket now. What arrives until {@linkcode attach} is kept for
   * it, so `join` can go out before the call's UI exists, after `ahead` (what the standby socket
   * was shown as held). A second call only changes the URL.
   */
  join(url: string, ahead: readonly ServerMessage[] = []): void {
    this.#url = url;
    if (this.#joined) return;
    this.#joined = true;
    const recorder = new Recorder();
    recorder.messages.push(...ahead);
    this.#handlers = recorder;
    const ws = this.#ws;
    if (!this.#stopped && ws?.readyState === WebSocket.OPEN) {
      ws.send(encode({ type: "join" }));
      recorder.onState("open");
    } else if (!this.#stopped && ws?.readyState === WebSocket.CONNECTING) {
      this.#joinOn = ws;
      recorder.onState("connecting");
    } else {
      this.#stopped = false;
      this.#attempt = 0;
      clearTimeout(this.#retryTimer);
      this.#connect();
    }
  }

  /** The call's handlers take over, and are given what arrived since {@linkcode join}. */
  attach(handlers: SignalingHandlers): void {
    const before = this.#handlers;
    this.#handlers = handlers;
    if (before instanceof Recorder) before.replay(handlers);
  }

  /** Sends now, or queues until the socket is open again. */
  send(msg: ClientMessage): void {
    const text = encode(msg);
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(text);
    else if (this.#queue.length < MAX_QUEUE) this.#queue.push(text);
  }

  /**
   * Sends `msg` as the last message, if the socket is open, and closes for good (the frames go
   * out in order: the server reads `msg` before the close). Used for `leave`.
   */
  finish(msg: ClientMessage): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(encode(msg));
    this.close();
  }

  /** Closes for good. */
  close(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    this.#ws?.close(CloseCode.NORMAL, "bye");
    this.#handlers.onState?.("closed");
  }

  /** Drops the current socket and reconnects now (e.g. when the network comes back). */
  reconnectNow(): void {
    if (this.#stopped) return;
    clearTimeout(this.#retryTimer);
    if (this.#ws && this.#ws.readyState !== WebSocket.CLOSED) this.#ws.close(4100, "reconnect");
    else this.#connect();
  }

  #connect() {
    this.#handlers.onState?.(this.#attempt === 0 ? "connecting" : "reconnecting");
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.onopen = () => {
      this.#attempt = 0;
      this.#lastPong = Date.now();
      if (this.#joinOn === ws) ws.send(encode({ type: "join" }));
      this.#joinOn = undefined;
      this.#handlers.onState?.("open");
      for (const text of this.#queue.splice(0)) ws.send(text);
      clearInterval(this.#pingTimer);
      this.#pingTimer = setInterval(() => this.#heartbeat(ws), PING_INTERVAL_MS / 3);
    };
    ws.onmessage = (e) => {
      if (typeof e.data !== "string") return;
      const parsed = parseServerMessage(e.data);
      if (!parsed.ok) return;
      if (parsed.msg.type === "pong") {
        this.#lastPong = Date.now();
        return;
      }
      this.#handlers.onMessage(parsed.msg);
    };
    ws.onclose = (e) => {
      if (this.#ws !== ws) return;
      clearInterval(this.#pingTimer);
      if (this.#stopped) return;
      if (FINAL_CODES.has(e.code)) {
        this.#stopped = true;
        this.#handlers.onState?.("closed");
        this.#handlers.onFinalClose?.(e.code, e.reason);
        return;
      }
      this.#scheduleRetry();
    };
  }

  #heartbeat(ws: WebSocket) {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.#lastPong > PONG_TIMEOUT_MS + PING_INTERVAL_MS / 3) {
      ws.close(4100, "no pong");
      return;
    }
    ws.send(encode({ type: "ping" }));
  }

  #scheduleRetry() {
    this.#handlers.onState?.("reconnecting");
    const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.#attempt);
    this.#attempt++;
    // "Full jitter": spread reconnecting browsers after a server restart.
    const delay = Math.random() * cap;
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }
}
