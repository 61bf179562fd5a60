/** A WebSocket client for integration tests: awaitable messages and close. */

import type { ServerMessage } from "../protocol.ts";

/**
 * How long a test waits for the next message before failing: generous, since the suite runs
 * three test files at once on two cores, with browsers and several app processes among them.
 */
const WAIT_MS = 10_000;
/** The close a socket saw. */
export interface Closed {
  code: number;
  reason: string;
}

/** Wraps Deno's `WebSocket` client with a message queue. */
export class TestSocket {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<Closed>;
  /** Every text frame received, raw. */
  readonly received: string[] = [];
  #queue: string[] = [];
  #waiter: (() => void) | null = null;
  #isClosed = false;

  constructor(url: string, headers: Record<string, string>) {
    // Deno's client takes `{ headers }`; the project's "dom" lib types only know protocols.
    this.socket = new WebSocket(url, { headers } as unknown as string[]);
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener("open", () => resolve(), { once: true });
      this.socket.addEventListener("close", () => reject(new Error("closed before open")), {
        once: true,
      });
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.socket.addEventListener("close", (e) => {
        this.#isClosed = true;
        this.#waiter?.();
        resolve({ code: e.code, reason: e.reason });
      });
    });
    this.socket.addEventListener("message", (e) => {
      if (typeof e.data !== "string") return;
      this.received.push(e.data);
      this.#queue.push(e.data);
      this.#waiter?.();
    });
    this.socket.addEventListener("error", () => {});
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  send(data: string | Uint8Array<ArrayBuffer>): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(data);
  }

  /**
   * The next message, parsed, skipping `roster` updates (they follow every arrival, departure and
   * media change; read them with `nextOf("roster")`); fails after `timeoutMs`.
   */
  async next(timeoutMs = WAIT_MS): Promise<ServerMessage> {
    for (;;) {
      const msg = await this.#nextAny(timeoutMs);
      if (msg.type !== "roster") return msg;
    }
  }

  async #nextAny(timeoutMs: number): Promise<ServerMessage> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      while (this.#queue.length === 0) {
        if (this.#isClosed) throw new Error("socket closed while waiting for a message");
        await new Promise<void>((resolve, reject) => {
          this.#waiter = resolve;
          timer = setTimeout(() => reject(new Error("timed out waiting for a message")), timeoutMs);
        });
        clearTimeout(timer);
        this.#waiter = null;
      }
      return JSON.parse(this.#queue.shift()!);
    } finally {
      clearTimeout(timer);
      this.#waiter = null;
    }
  }

  /** Skips messages until one of `type` arrives. */
  async nextOf<T extends ServerMessage["type"]>(
    type: T,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    for (;;) {
      const msg = await this.#nextAny(WAIT_MS);
      if (msg.type === type) return msg as Extract<ServerMessage, { type: T }>;
    }
  }

  /** Closes (if still open) and waits for the close to complete. */
  async close(): Promise<Closed> {
    if (
      this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING
    ) {
      this.socket.close(1000, "bye");
    }
    return await this.closed;
  }
}
