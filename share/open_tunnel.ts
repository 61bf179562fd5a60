/** Opens the tunnel `deno task share` was asked for. */
import type { ShareOptions } from "./options.ts";
import { openSshTunnel } from "./ssh_tunnel.ts";
import type { LocalTarget, Tunnel } from "./tunnel.ts";

/** The SSH tunnel with `SHARE_SSH`, localtunnel otherwise (loaded only then). */
export async function openTunnel(share: ShareOptions, local: LocalTarget): Promise<Tunnel> {
  if (share.kind === "ssh") return await openSshTunnel(share, local);
  const { openLocaltunnel } = await import("./local_tunnel.ts");
  return await openLocaltunnel(share, local);
}
