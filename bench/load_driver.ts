/** Drives the Node load client (`bench/load/client.mjs`) over its stdin / stdout JSON lines. */
import { type Child, linesOf, spawnChild } from "./processes.ts";

const BENCH = new URL("./", import.meta.url).pathname;

/** A running load client. */
export interface LoadClient {
  pid: number;
  /** Sends one command and resolves with its result (rejects on error or after `timeoutMs`). */
  call<T = Record<string, unknown>>(
    cmd: string,
    args?: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts the load client, pinned to `cpus` when given. Its GC runs on its main thread: pinned to
 * one CPU, GC helper threads would only preempt it, and its own stalls are measured as latency.
 */
export function startLoadClient(cpus?: string): LoadClient {
  const child: Child = spawnChild({
    cmd: ["node", "--max-old-space-size=8192", "--single-threaded-gc", "load/client.mjs"],
    cwd: BENCH,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
    cpus,
    stdin: "piped",
  }, true);
  const writer = child.process.stdin.getWriter();
  const lines = linesOf(child.process.stdout)[Symbol.asyncIterator]();
  const waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  let nextId = 1;
  const reading = (async () => {
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      if (!next.value.startsWith("{")) continue;
      const reply = JSON.parse(next.value);
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    }
    for (const resolve of waiting.values()) {
      resolve({ ok: false, error: "load client ended" });
    }
  })();
  return {
    pid: child.pid,
    async call<T>(
      cmd: string,
      args: Record<string, unknown> = {},
      timeoutMs = 600_000,
    ) {
      const id = nextId++;
      const reply = new Promise<Record<string, unknown>>((resolve) => waiting.set(id, resolve));
      await writer.write(
        new TextEncoder().encode(JSON.stringify({ id, cmd, ...args }) + "\n"),
      );
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<Record<string, unknown>>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, error: `${cmd}: timed out` }),
          timeoutMs,
        );
      });
      const r = await Promise.race([reply, timeout]);
      clearTimeout(timer);
      if (!r.ok) {
        throw new Error(`load client ${cmd}: ${r.error}\n${child.tail()}`);
      }
      return r.result as T;
    },
    async stop() {
      try {
        await writer.close();
      } catch { /* already closed */ }
      await child.stop(5_000);
      await reading.catch(() => {});
    },
  };
}

/** Replies of the load client's commands (see `load/client.mjs`). */
export interface ConnectReply {
  attempted: number;
  sockets: number;
  failures: number;
  errors: Record<string, number>;
  ms: number;
  heldSockets: number;
}
export interface ExchangeReply {
  appointments: number;
  sent: number;
  delivered: number;
  ms: number;
}
export interface RateReply {
  rate: number;
  sockets: number;
  perSocketRate: number;
  sent: number;
  delivered: number;
  latencyMs: {
    p50: number | null;
    p99: number | null;
    p999: number | null;
    max: number | null;
  };
  scheduleLagMs: { p99: number | null; max: number | null };
  clientCpuSeconds: number;
}
export interface UsageReply {
  heldSockets: number;
  /** Relayed messages received so far by all held sockets together. */
  received: number;
  /** Held sockets per instance URL they connected to. */
  perInstance: Record<string, number>;
  lost: number;
  lostReasons: Record<string, number>;
  rssMb: number;
}
