/**
 * A localtunnel (npm `localtunnel`, the second sketch's `yarn lt`): the client asks the server
 * (its public one, or a self-hosted one) for a name, then keeps a few TCP connections open to it
 * and serves the requests that arrive over them from the app. The address is https:// on the
 * public server. Untested here: this machine cannot reach any localtunnel server.
 */
import localtunnel from "localtunnel";
import type { LocaltunnelShare } from "./options.ts";
import { type LocalTarget, type Tunnel, TunnelError } from "./tunnel.ts";

/** How long the server may take to hand out an address (the client retries every second). */
export const LOCALTUNNEL_READY_TIMEOUT_MS = 30_000;

/** The part of the client's tunnel object used here (the package ships no types). */
interface LtTunnel {
  url: string;
  on(event: "close", fn: () => void): void;
  on(event: "error", fn: (err: Error) => void): void;
  close(): void;
}

type LtOpen = (opts: {
  port: number;
  host: string;
  subdomain?: string;
  local_host: string;
}) => Promise<LtTunnel>;

/** Opens the tunnel; resolves once the server has given its address. */
export async function openLocaltunnel(
  share: LocaltunnelShare,
  local: LocalTarget,
  abort?: AbortSignal,
): Promise<Tunnel> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LOCALTUNNEL_READY_TIMEOUT_MS);
    abort?.addEventListener("abort", () => resolve(null), { once: true });
  });
  // local_host also rewrites each request's Host header to the app's own; the app is told the
  // public origin through PUBLIC_URL and ALLOWED_ORIGINS, so the socket's Origin check passes.
  const opening = (localtunnel as unknown as LtOpen)({
    port: local.port,
    host: share.host,
    subdomain: share.subdomain,
    local_host: local.host,
  });
  let lt: LtTunnel | null;
  try {
    lt = await Promise.race([opening, timeout]);
  } catch (err) {
    throw new TunnelError(
      `the localtunnel server ${share.host} refused: ${(err as Error).message}`,
    );
  } finally {
    clearTimeout(timer);
  }
  if (abort?.aborted) {
    // The client may still hand out an address later: close it then.
    opening.then((t) => t.close(), () => {});
    throw new TunnelError("stopped while the tunnel was opening");
  }
  if (lt === null) {
    throw new TunnelError(
      `no answer from the localtunnel server ${share.host} within ` +
        `${LOCALTUNNEL_READY_TIMEOUT_MS / 1000} s (is it reachable from here?)`,
    );
  }
  const tunnel = lt;
  let closing = false;
  const closed = new Promise<string>((resolve) => {
    tunnel.on("close", () => {
      if (!closing) resolve("the localtunnel closed");
    });
  });
  // A connection to the server that failed; the client opens another by itself.
  tunnel.on("error", (err) => console.error(`localtunnel: ${err.message}`));
  return {
    publicUrl: tunnel.url.replace(/\/+$/, ""),
    description: `localtunnel through ${share.host}`,
    closed,
    close: () => {
      if (!closing) {
        closing = true;
        tunnel.close();
      }
      return Promise.resolve();
    },
  };
}
