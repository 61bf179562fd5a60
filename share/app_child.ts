/**
 * The app as `deno task share` runs it: `deno task start` (so the manifest is refreshed and the
 * flags are the start task's) with the environment the share task computed, its output on this
 * terminal (so the first start's links print here, as with `deno task start`).
 */

/** How long the app may take to stop (its own shutdown grace is 5 s). */
const APP_STOP_TIMEOUT_MS = 15_000;

/** A running app. */
export interface AppChild {
  /** Resolves with the exit code when the app ends. */
  exited: Promise<number>;
  /** SIGTERM, then SIGKILL for its whole process group after 15 s; resolves once it is gone. */
  stop(): Promise<void>;
}

/** Starts `deno task start` in `root` with `env` as its whole environment. */
export function startAppChild(root: string | URL, env: Record<string, string>): AppChild {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "start"],
    cwd: root,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
    // Its own session and process group: Ctrl-C reaches the share task only, which stops the
    // app and then the tunnel, in that order; and the group can be killed whole if it hangs.
    detached: true,
  }).spawn();
  const exited = child.status.then((s) => s.code);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      const killer = setTimeout(() => {
        try {
          // `deno task` and the app under it: the group whose id is the task's pid.
          Deno.kill(-child.pid, "SIGKILL");
        } catch { /* already gone */ }
      }, APP_STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    })();
  return { exited, stop };
}
