/**
 * Debian's OpenSSH server as the lab's "public" host for `deno task share`: sshd in the public
 * namespace on 203.0.113.1:22 with its own throwaway host key and a client key made for the
 * test (ssh-keygen in a temp dir), accepting only that key, for root, with `GatewayPorts yes`
 * so a reverse-forwarded port listens on the public address. Nothing of /etc/ssh is used.
 */
import { run } from "./run.ts";
import type { Lab } from "./lab.ts";
import { PUBLIC_ADDRESS } from "./lab.ts";
import { within } from "../../utils/within.ts";

/** Debian's sshd. */
export const SSHD_PATH = "/usr/sbin/sshd";

/** A running lab sshd. */
export interface LabSshd {
  /** `SHARE_SSH` for it. */
  destination: string;
  /** `SHARE_SSH_OPTIONS` for it: the test's key and known_hosts, no user or system config. */
  sshOptions: string;
  output(): string;
  /** Stops sshd and removes its keys. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts sshd in `lab`'s public namespace; resolves once it listens. */
export async function startLabSshd(lab: Lab): Promise<LabSshd> {
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-netlab-sshd-" });
  const f = (name: string) => `${dir}/${name}`;
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "lab-host", "-f", f("host_key")]);
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "lab-share", "-f", f("id")]);
  await Deno.copyFile(f("id.pub"), f("authorized_keys"));
  const hostPub = (await Deno.readTextFile(f("host_key.pub"))).trim();
  await Deno.writeTextFile(f("known_hosts"), `${PUBLIC_ADDRESS} ${hostPub}\n`);
  await Deno.writeTextFile(
    f("sshd_config"),
    [
      `ListenAddress ${PUBLIC_ADDRESS}:22`,
      `HostKey ${f("host_key")}`,
      `AuthorizedKeysFile ${f("authorized_keys")}`,
      `PidFile ${f("sshd.pid")}`,
      // The temp dir sits under /tmp (world-writable): its path fails sshd's ownership checks.
      "StrictModes no",
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "AllowTcpForwarding remote",
      "GatewayPorts yes",
      "PermitTTY no",
      "",
    ].join("\n"),
  );
  // sshd's privilege-separation directory; Debian's service creates it at boot, we have none.
  await Deno.mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const child = new Deno.Command("ip", {
    args: ["netns", "exec", lab.publicNs, SSHD_PATH, "-D", "-e", "-f", f("sshd_config")],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const pump = async (s: ReadableStream<Uint8Array>) => {
    const d = new TextDecoder();
    for await (const c of s) text += d.decode(c, { stream: true });
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
      if (!await within(child.status, 5_000)) child.kill("SIGKILL");
      await child.status;
      await pumps;
      await Deno.remove(dir, { recursive: true });
    })();
  const deadline = Date.now() + 10_000;
  while (!text.includes("Server listening on")) {
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`sshd did not start:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    destination: `root@${PUBLIC_ADDRESS}`,
    sshOptions: [
      ...["-F", "/dev/null", "-i", f("id"), "-o", "IdentitiesOnly=yes"],
      ...["-o", `UserKnownHostsFile=${f("known_hosts")}`, "-o", "StrictHostKeyChecking=yes"],
    ].join(" "),
    output: () => text,
    stop,
  };
}
