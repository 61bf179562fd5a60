/**
 * Starts the two servers under test on loopback, each with the run's secret and data: Frontdesk
 * (`deno run -A main.ts`, its own SQLite data dir) and the Node reference (`bench/reference`).
 */
import { type Child, linesOf, spawnChild, waitForLine } from "./processes.ts";
import { serverV8Flags } from "./v8_flags.ts";
import { freePort } from "./inspector_gc.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const BENCH = new URL("./", import.meta.url).pathname;

/**
 * Which server: Frontdesk, the seeds' design, or the runtime floor (a bare Deno relay, see
 * `floor/deno_relay.ts`).
 */
export type ServerKind = "frontdesk" | "deno-floor" | "reference";

/** A running server under test. */
export interface ServerUnderTest {
  kind: ServerKind;
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  pid: number;
  /** Its V8 inspector's loopback port (see inspector_gc.ts). */
  inspectPort: number;
  /** Its last lines of output (stderr), for saying why it failed. */
  tail(): string;
  stop(): Promise<void>;
}

/** Options of {@linkcode startServer}. */
export interface ServerOptions {
  dataDir: string;
  secret: string;
  fixturesPath: string;
  cpus?: string;
  /**
   * More environment for the server (across instances: DATABASE_URL, REDIS_URL, PUBLIC_URL or
   * PUBLIC_ORIGIN). With REDIS_URL it counts as started once it is on Redis too.
   */
  env?: Record<string, string>;
}

/** `deno run`'s argument for `flags`, if any. */
const v8Args = (flags: string[]) => flags.length > 0 ? [`--v8-flags=${flags.join(",")}`] : [];

/**
 * Starts `kind` and resolves once it printed its listening line. All three run with the V8 flags
 * of `deno task start` (Node takes V8's flags as its own), so their garbage collectors are tuned
 * alike and the comparison is between the servers, not between GC settings.
 */
export async function startServer(
  kind: ServerKind,
  opts: ServerOptions,
): Promise<ServerUnderTest> {
  const flags = await serverV8Flags();
  const inspectPort = freePort();
  const inspect = `--inspect=127.0.0.1:${inspectPort}`;
  const child: Child = kind === "frontdesk"
    ? spawnChild({
      cmd: [
        Deno.execPath(),
        "run",
        "-A",
        "--unstable-bundle",
        inspect,
        ...v8Args(flags),
        "main.ts",
      ],
      cwd: ROOT,
      env: {
        PORT: "0",
        HOSTNAME: "127.0.0.1",
        DATA_DIR: opts.dataDir,
        LINK_SECRET: opts.secret,
        DEMO: "0",
        ...opts.env,
      },
      cpus: opts.cpus,
    }, true)
    : kind === "deno-floor"
    ? spawnChild({
      cmd: [Deno.execPath(), "run", "-A", inspect, ...v8Args(flags), "floor/deno_relay.ts"],
      cwd: BENCH,
      env: { PORT: "0", HOSTNAME: "127.0.0.1" },
      cpus: opts.cpus,
    }, true)
    : spawnChild({
      cmd: ["node", inspect, ...flags, "reference/server.mjs"],
      cwd: BENCH,
      env: {
        PORT: "0",
        HOST: "127.0.0.1",
        LINK_SECRET: opts.secret,
        FIXTURES: opts.fixturesPath,
        NODE_ENV: "production",
        ...opts.env,
      },
      cpus: opts.cpus,
    }, true);
  const lines = linesOf(child.process.stdout);
  let origin: string;
  // Frontdesk on Redis says so in its own line, before or after the listening one.
  let onRedis = kind !== "frontdesk" || !opts.env?.REDIS_URL;
  let url: string | undefined;
  try {
    origin = await waitForLine(child, lines, (line) => {
      if (line.includes('"redis connected"')) onRedis = true;
      if (line.includes('"listening"')) url = JSON.parse(line).url as string;
      return onRedis ? url : undefined;
    }, 60_000);
  } catch (err) {
    await child.stop(1_000);
    throw err;
  }
  // Keep draining stdout so the server never blocks on a full pipe.
  (async () => {
    for await (
      const _ of { [Symbol.asyncIterator]: () => lines }
    ) { /* discard */ }
  })();
  return { kind, origin, pid: child.pid, inspectPort, tail: child.tail, stop: () => child.stop() };
}
