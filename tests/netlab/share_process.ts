/**
 * `deno task share` run as a person would, inside a lab namespace (`ip netns exec NS deno task
 * share`), with everything it and the app under it print captured for the test to read.
 * With `terminal`, it runs on a pseudo-terminal (util-linux `script`), as typed in a shell:
 * {@linkcode ShareProcess.ctrlC} then types Ctrl-C there, and the terminal's line discipline
 * sends SIGINT to the foreground process group, as for a person pressing it.
 */
import { within } from "../../utils/within.ts";

const ROOT = new URL("../../", import.meta.url);

/** A running `deno task share`. */
export interface ShareProcess {
  pid: number;
  output(): string;
  /** The first match of `pattern` in the output (its first group when it has one). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number>;
  /** Sends `signal` to the process started (`ip netns exec`, then `deno task` or `script`). */
  signal(signal: Deno.Signal): void;
  /** Types Ctrl-C on the terminal (only with `terminal`). */
  ctrlC(): Promise<void>;
  /** SIGINT, then SIGKILL after 30 s; resolves with the exit code. Safe to call twice. */
  stop(): Promise<number>;
}

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Starts `deno task share` in namespace `ns` with `env` added to this process's environment. */
export function startShare(
  ns: string,
  env: Record<string, string>,
  opts: { terminal?: boolean } = {},
): ShareProcess {
  const task = [Deno.execPath(), "task", "share"];
  const command = opts.terminal
    // `script -e` exits with the command's status.
    ? ["script", "-q", "-e", "-c", task.map(shellQuote).join(" "), "/dev/null"]
    : task;
  const child = new Deno.Command("ip", {
    args: ["netns", "exec", ns, ...command],
    cwd: ROOT,
    env,
    stdin: opts.terminal ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const pump = async (s: ReadableStream<Uint8Array>) => {
    const d = new TextDecoder();
    for await (const c of s) text += d.decode(c, { stream: true });
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let done = false;
  const exited = child.status.then(async (s) => {
    done = true;
    await pumps;
    return s.code;
  });
  const signal = (sig: Deno.Signal) => {
    try {
      child.kill(sig);
    } catch { /* gone */ }
  };
  let stopping: Promise<number> | undefined;
  return {
    pid: child.pid,
    output: () => text,
    async waitForOutput(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = text.match(pattern);
        if (m) return m[1] ?? m[0];
        if (done) throw new Error(`share exited before printing ${pattern}:\n${text}`);
        if (Date.now() > deadline) {
          throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    exited,
    signal,
    async ctrlC() {
      const w = child.stdin.getWriter();
      await w.write(new Uint8Array([3]));
      w.releaseLock();
    },
    stop: () =>
      stopping ??= (async () => {
        if (!done) signal("SIGINT");
        if (!await within(exited, 30_000)) signal("SIGKILL");
        return await exited;
      })(),
  };
}
