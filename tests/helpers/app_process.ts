/**
 * Runs the real Frontdesk server (`main.ts`) as a child process on a free
 * loopback port with its own data directory, and captures everything it
 * prints so tests can check that no token or name reaches the logs.
 */

import { fileURLToPath } from "node:url";
import { within } from "../../utils/within.ts";

const ROOT = new URL("../../", import.meta.url);
/** Shared by every app a test starts; `test-results/` is outside the bundle's fingerprint. */
const TEST_BUNDLE_CACHE = fileURLToPath(new URL("test-results/bundle-cache", ROOT));

/** How long a stopped app may take to exit (its own shutdown grace is 5 s). */
const STOP_TIMEOUT_MS = 15_000;

/** A running app process. */
export interface AppProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  dataDir: string;
  /** The server's process id (for memory readings from /proc). */
  pid: number;
  /** Everything printed so far (stdout and stderr, interleaved by arrival). */
  output(): string;
  /** Waits until the output contains `text` (or times out). */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM and wait (SIGKILL and an error if it is still there after 15 s). */
  stop(): Promise<void>;
  /** SIGKILL and wait: no clean shutdown. */
  kill(): Promise<void>;
}

/** Options for {@linkcode startApp}. */
export interface StartOptions {
  /** Reuse a data directory (for restart tests); a fresh temp dir otherwise. */
  dataDir?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Fixed port (for restart-on-same-port tests); 0 picks a free one. */
  port?: number;
  /**
   * Run under util-linux `script`, so the app's stdout is a terminal (a
   * pseudo-terminal) as when an operator starts it by hand.
   */
  terminal?: boolean;
  /** A command to run the app under, e.g. `["ip", "netns", "exec", NS]` (the network lab). */
  wrap?: string[];
}

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Starts `main.ts` and resolves once it logs that it listens. */
export async function startApp(opts: StartOptions = {}): Promise<AppProcess> {
  const dataDir = opts.dataDir ?? await Deno.makeTempDir({ prefix: "frontdesk-test-" });
  const app = [Deno.execPath(), "run", "-A", "--unstable-bundle", "main.ts"];
  // `script -e` exits with the app's status and passes SIGTERM on to it.
  const [program, ...args] = [
    ...(opts.wrap ?? []),
    ...(opts.terminal
      ? ["script", "-q", "-e", "-c", app.map(shellQuote).join(" "), "/dev/null"]
      : app),
  ];
  const child = new Deno.Command(program, {
    args,
    cwd: ROOT,
    env: {
      PORT: String(opts.port ?? 0),
      HOSTNAME: "127.0.0.1",
      DATA_DIR: dataDir,
      DEMO: "0",
      // Tests read the first start's links from the output, which is no terminal.
      PRINT_LINKS: "1",
      // One build of the browser bundle serves every test's server (fresh/bundle_cache.ts).
      BUNDLE_CACHE_DIR: TEST_BUNDLE_CACHE,
      ...opts.env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  let text = "";
  const waiters = new Set<() => void>();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      for (const w of waiters) w();
    }
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    for (const w of waiters) w();
    return s;
  });

  const waitForOutput = (pattern: string | RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = typeof pattern === "string"
          ? (text.includes(pattern) ? pattern : null)
          : text.match(pattern)?.[0] ?? null;
        if (m !== null) {
          cleanup();
          resolve(m);
        } else if (exited) {
          cleanup();
          reject(new Error(`app exited before printing ${pattern}:\n${text}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${pattern}:\n${text}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const send = (signal: Deno.Signal) => {
    try {
      child.kill(signal);
    } catch { /* already gone */ }
  };
  /** Sends `signal`; a process still there after STOP_TIMEOUT_MS is killed and the stop fails. */
  const stopWith = async (signal: Deno.Signal) => {
    if (!exited) send(signal);
    const inTime = await within(status, STOP_TIMEOUT_MS);
    if (!inTime) send("SIGKILL");
    await status;
    await pumps;
    if (!inTime) {
      throw new Error(`app still running ${STOP_TIMEOUT_MS} ms after ${signal}; killed:\n${text}`);
    }
  };

  try {
    await waitForOutput(/"msg":"listening"/);
  } catch (err) {
    await stopWith("SIGKILL");
    throw err;
  }
  const listenLine = text.split("\n").find((l) => l.includes('"msg":"listening"'))!;
  const url = JSON.parse(listenLine).url as string;
  return {
    url,
    dataDir,
    pid: child.pid,
    output: () => text,
    waitForOutput,
    stop: () => stopWith("SIGTERM"),
    kill: () => stopWith("SIGKILL"),
  };
}
