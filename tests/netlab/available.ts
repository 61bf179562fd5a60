/**
 * Whether this machine can build the network lab: root (CAP_NET_ADMIN), `ip netns`, `tc` and
 * `nft`. Lab tests pass {@linkcode labIgnored} to `Deno.test`'s `ignore`, and it prints the one
 * line saying why they are skipped, so a skip is never silent. On CI we are root and
 * `.ci/run`/`scripts/system_deps.ts` install nftables, so there the lab tests run.
 */

function why(): string | null {
  if (Deno.build.os !== "linux") return "not Linux";
  if (Deno.uid() !== 0) return "not root (network namespaces need CAP_NET_ADMIN)";
  for (const tool of ["/usr/sbin/ip", "/usr/sbin/tc", "/usr/sbin/nft"]) {
    try {
      Deno.statSync(tool);
    } catch {
      return `${tool} missing (apt-get install -y iproute2 nftables)`;
    }
  }
  const probe = new Deno.Command("ip", { args: ["netns", "list"], stdout: "null", stderr: "null" })
    .outputSync();
  if (!probe.success) return "`ip netns list` fails here";
  return null;
}

const reason = why();
let printed = false;

/** Why the lab cannot be built here, or null when it can (for the bench's own skip line). */
export function labUnavailableReason(): string | null {
  return reason;
}

/** True when the lab cannot be built; prints the reason once. */
export function labIgnored(): boolean {
  if (reason !== null && !printed) {
    printed = true;
    console.error(`network lab tests skipped: ${reason}`);
  }
  return reason !== null;
}
