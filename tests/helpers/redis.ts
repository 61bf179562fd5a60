/**
 * A throwaway Redis for tests: Debian's `redis-server` on a free port of 127.0.0.1, in a
 * temporary directory, with nothing saved; it can be stopped and started again on the same port
 * (a Redis restart: everything it held is gone).
 *
 * ```ts
 * const redis = await startRedis();
 * redis.url; // redis://127.0.0.1:PORT
 * await redis.restart();
 * await redis.stop();
 * ```
 */

const REDIS_SERVER = "/usr/bin/redis-server";

/** A running test Redis. */
export interface TestRedis {
  port: number;
  url: string;
  /** Stops it and starts it again, empty, on the same port. */
  restart(): Promise<void>;
  /** Runs one command through `redis-cli` and returns its output. */
  cli(...args: string[]): Promise<string>;
  /** Stops the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Why Redis tests cannot run here, or null when they can. */
export function redisUnavailable(): string | null {
  try {
    Deno.statSync(REDIS_SERVER);
    return null;
  } catch {
    return `${REDIS_SERVER} is missing: install Redis (apt-get install redis-server)`;
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function waitForPort(port: number, up: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      if (up) return;
    } catch {
      if (!up) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis on ${port} did not ${up ? "start" : "stop"}`);
}

/** Starts a Redis on a free port. */
export async function startRedis(): Promise<TestRedis> {
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-redis-" });
  const port = freePort();
  let child: Deno.ChildProcess | null = null;
  const start = async () => {
    child = new Deno.Command(REDIS_SERVER, {
      args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      cwd: dir,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitForPort(port, true);
  };
  const halt = async () => {
    const c = child as Deno.ChildProcess | null;
    if (!c) return;
    child = null;
    try {
      c.kill("SIGKILL");
    } catch { /* gone */ }
    await c.status;
    await waitForPort(port, false);
  };
  await start();
  let stopped = false;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async restart() {
      await halt();
      await start();
    },
    async cli(...args) {
      const out = await new Deno.Command("redis-cli", {
        args: ["-p", String(port), ...args],
        stdout: "piped",
        stderr: "null",
      }).output();
      return new TextDecoder().decode(out.stdout).trim();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await halt();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
