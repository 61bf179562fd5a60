/**
 * An SSH reverse tunnel (`ssh -R`) to any OpenSSH server: the server listens on a port and
 * forwards each connection back through the SSH connection to the app on this machine.
 *
 * ssh says when the server accepted the forward only in its debug output, so it runs with `-v`:
 * its `debug1:` lines are read (for "remote forward success") and dropped, everything else it
 * prints (errors, "Allocated port …") is passed on. `ExitOnForwardFailure` makes a port the
 * server refuses end ssh instead of leaving a tunnel to nowhere; `BatchMode` makes it fail
 * rather than ask for a password or a host key confirmation on a terminal no one watches;
 * `ServerAliveInterval` notices a dead connection in under a minute.
 */
import { sshPublicUrl, type SshShare } from "./options.ts";
import { type LocalTarget, type Tunnel, TunnelError } from "./tunnel.ts";

/** How long ssh may take to connect, log in and get the forward accepted. */
export const SSH_READY_TIMEOUT_MS = 30_000;

/** How long ssh may take to exit once told to. */
const SSH_STOP_TIMEOUT_MS = 5_000;

/** An IPv6 address in brackets, as ssh's forward specifications want it. */
function bracketed(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** The ssh command line for `share` to `local` (the program is `ssh`). */
export function sshArgs(share: SshShare, local: LocalTarget): string[] {
  return [
    ...share.sshOptions,
    ...["-v", "-N", "-T"],
    ...["-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes", "-o", "ConnectTimeout=15"],
    ...["-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3"],
    // "*": every interface of the server where its GatewayPorts allows it, loopback otherwise.
    ...["-R", `*:${share.remotePort}:${bracketed(local.host)}:${local.port}`],
    "--",
    share.destination,
  ];
}

/** What one line of ssh's stderr says about the forward. */
export function readSshLine(
  line: string,
): { ready?: true; port?: number; show: boolean } {
  const allocated = line.match(/^Allocated port (\d+) for remote forward/);
  if (allocated) return { port: Number(allocated[1]), show: true };
  if (/^debug1: remote forward success for: listen/.test(line)) return { ready: true, show: false };
  // -v's own chatter besides its debug lines: the version banner and the closing byte counts.
  const chatter = /^(debug|OpenSSH_|Transferred: |Bytes per second)/.test(line);
  return { show: !chatter && line.trim() !== "" };
}

/** Opens the tunnel; resolves once the server listens on the remote port. */
export async function openSshTunnel(
  share: SshShare,
  local: LocalTarget,
  abort?: AbortSignal,
): Promise<Tunnel> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("ssh", {
      args: sshArgs(share, local),
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      // Its own session: a Ctrl-C on the terminal reaches the share task alone, which then
      // closes the tunnel after the app (otherwise ssh would exit first, like a lost tunnel).
      detached: true,
    }).spawn();
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    throw new TunnelError("no ssh here: install OpenSSH's client (apt-get install openssh-client)");
  }
  let port = share.remotePort;
  let accepted = false;
  let ready = () => {};
  const isReady = new Promise<void>((resolve) => ready = resolve);
  const lines = (async () => {
    let pending = "";
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      pending += decoder.decode(chunk, { stream: true });
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const raw of parts) {
        const line = raw.replace(/\r$/, "");
        const said = readSshLine(line);
        if (said.port !== undefined) port = said.port;
        if (said.show) console.error(`ssh: ${line}`);
        accepted ||= said.ready === true;
        // With port 0 the port comes on the line after the acceptance.
        if (accepted && port !== 0) ready();
      }
    }
  })();
  let closing = false;
  const status = child.status;
  const exited = status.then((s) => `ssh exited with status ${s.code}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve("timeout"), SSH_READY_TIMEOUT_MS);
  });
  const aborted = new Promise<string>((resolve) => {
    if (abort?.aborted) resolve("aborted");
    abort?.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
  const first = await Promise.race([isReady.then(() => "ready"), exited, timeout, aborted]);
  clearTimeout(timer);
  const close = async () => {
    closing = true;
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    const killer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, SSH_STOP_TIMEOUT_MS);
    await status;
    clearTimeout(killer);
    await lines;
  };
  if (first !== "ready") {
    await close();
    throw new TunnelError(
      first === "aborted"
        ? "stopped while the tunnel was opening"
        : first === "timeout"
        ? `ssh to ${share.destination} did not open the tunnel within ${
          SSH_READY_TIMEOUT_MS / 1000
        } s`
        : `ssh to ${share.destination} could not open the tunnel (${first}; see its lines above)`,
    );
  }
  return {
    publicUrl: sshPublicUrl(share, port),
    description: `SSH reverse tunnel through ${share.destination}, port ${port} there`,
    closed: exited.then(async (why) => {
      await lines;
      // Never settles after close(): the caller asked for it.
      return closing ? new Promise<string>(() => {}) : `the SSH tunnel closed (${why})`;
    }),
    close,
  };
}
