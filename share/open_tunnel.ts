/** Opens the tunnel `deno task share` was asked for. */
import type { ShareOptions } from "./options.ts";
import { openSshTunnel } from "./ssh_tunnel.ts";
import type { LocalTarget, Tunnel } from "./tunnel.ts";

/**
 * The SSH tunnel with `SHARE_SSH`, localtunnel otherwise (loaded only then). `abort` gives up
 * while it is opening: the attempt then fails with a `TunnelError`.
 */
export async function openTunnel(
  share: ShareOptions,
  local: LocalTarget,
  abort?: AbortSignal,
): Promise<Tunnel> {
  if (share.kind === "ssh") return await openSshTunnel(share, local, abort);
  const { openLocaltunnel } = await import("./local_tunnel.ts");
  return await openLocaltunnel(share, local, abort);
}
