/**
 * Child processes of the bench (the servers under test and the load client): started through
 * bash to raise the open-file limit (`ulimit -n`) and optionally pinned to CPUs with taskset, then
 * `exec`ed so the pid we hold is the program's own (for /proc readings and for stopping it).
 */

/** Open files each child may hold: sockets, mostly. */
export const FILE_LIMIT = 1_048_576;

/** Options of {@linkcode spawnChild}. */
export interface SpawnOptions {
  cmd: string[];
  cwd: string;
  env: Record<string, string>;
  /** taskset CPU list, e.g. "0"; undefined runs unpinned. */
  cpus?: string;
  stdin?: "piped" | "null";
}

/** The open-file limit children actually get: {@linkcode FILE_LIMIT} or the hard limit. */
export async function childFileLimit(): Promise<number> {
  const out = await new Deno.Command("bash", {
    args: [
      "-c",
      `{ ulimit -n ${FILE_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; }; ulimit -n`,
    ],
    stdout: "piped",
    stderr: "null",
  }).output();
  return Number(new TextDecoder().decode(out.stdout).trim()) || 1024;
}

/** A spawned child with its output kept (bounded) for error messages. */
export interface Child {
  pid: number;
  process: Deno.ChildProcess;
  /** The last output lines (stderr and, unless consumed by the caller, stdout). */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Starts `cmd` with the raised file limit. `stdout` is left to the caller when `keepStdout`. */
export function spawnChild(opts: SpawnOptions, keepStdout = false): Child {
  const pin = opts.cpus !== undefined ? `taskset -c ${opts.cpus} ` : "";
  // Without CAP_SYS_RESOURCE the hard limit cannot be raised: fall back to it.
  const raise = `{ ulimit -n ${FILE_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; }`;
  const script = `${raise} && exec ${pin}${opts.cmd.map(quote).join(" ")}`;
  const process = new Deno.Command("bash", {
    args: ["-c", script],
    cwd: opts.cwd,
    env: opts.env,
    stdin: opts.stdin ?? "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let tail = "";
  const keep = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      tail = (tail + decoder.decode(chunk)).slice(-4000);
    }
  };
  const pumps = [
    keep(process.stderr),
    keepStdout ? Promise.resolve() : keep(process.stdout),
  ];
  let exited = false;
  const status = process.status.then((s) => {
    exited = true;
    return s;
  });
  return {
    pid: process.pid,
    process,
    tail: () => tail,
    async stop(graceMs = 10_000) {
      if (!exited) {
        try {
          process.kill("SIGTERM");
        } catch { /* already gone */ }
        const timer = setTimeout(() => {
          try {
            process.kill("SIGKILL");
          } catch { /* already gone */ }
        }, graceMs);
        await status;
        clearTimeout(timer);
      }
      await Promise.allSettled(pumps);
    },
  };
}

/** Reads `stream` line by line until `match` returns a value, or fails after `timeoutMs`. */
export async function waitForLine<T>(
  child: Child,
  lines: AsyncIterator<string>,
  match: (line: string) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`no expected line after ${timeoutMs} ms:\n${child.tail()}`),
        ),
      timeoutMs,
    );
  });
  try {
    for (let i = 0; i < 10_000; i++) {
      const next = await Promise.race([lines.next(), timeout]);
      if (next.done) throw new Error(`process ended early:\n${child.tail()}`);
      const found = match(next.value);
      if (found !== undefined) return found;
    }
    throw new Error("too many lines before the expected one");
  } finally {
    clearTimeout(timer);
  }
}

/** Lines of a byte stream. */
export async function* linesOf(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  let pending = "";
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    pending += decoder.decode(bytes, { stream: true });
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    yield* parts;
  }
  if (pending !== "") yield pending;
}
