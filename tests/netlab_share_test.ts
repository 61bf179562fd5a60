/**
 * Issue 20 §4: `deno task share` through an SSH reverse tunnel, end to end in the network lab.
 *
 * Debian's OpenSSH server is the "public" host (sshd on 203.0.113.1, `tests/netlab/sshd.ts`).
 * `deno task share` runs in a home network behind NAT (client network 1), with
 * `SHARE_SSH=root@203.0.113.1`: it opens `ssh -R`, then starts the app with PUBLIC_URL set to
 * the public address. The professional's and the client's Chromium, each behind its own home
 * router (networks 2 and 3), open the links the app printed, which reach it only through the
 * tunnel, and complete a call (`tests/netlab/share_call.ts`; coturn on the public segment serves
 * STUN only, for the media's NAT traversal).
 *
 * - Plain: the address is http://203.0.113.1:8000 (sshd's `GatewayPorts yes`), so the task must
 *   warn that it is not HTTPS, and the browsers are given
 *   `--unsafely-treat-insecure-origin-as-secure` for it (tests/netlab/browser.ts) to use their
 *   fake cameras. The task runs on a pseudo-terminal, as typed in a shell; Ctrl-C typed there
 *   stops it: it exits 130 (Ctrl-C, as shells report it), nothing is left running in the home network and the public port is
 *   closed. First, a key the server refuses: the task says so and starts no app. Last, the SSH
 *   connection lost (ssh killed): the task says so, stops the app and exits 1.
 * - HTTPS: a TLS proxy on the public host (`tests/netlab/tls_proxy.ts`, standing for Caddy or
 *   nginx) in front of the forwarded port, and `SHARE_PUBLIC_URL=https://203.0.113.1`: no
 *   warning, https:// links (a secure context in their own right), and the signaling socket's
 *   Origin (https://…) accepted although the app sees plain http behind the proxy.
 */
import assert from "node:assert/strict";
import { labIgnored } from "./netlab/available.ts";
import { startLabCoturn, TURN_PORT } from "./netlab/call.ts";
import { type ClientNet, createLab, type Lab, PUBLIC_ADDRESS } from "./netlab/lab.ts";
import { inNs, run } from "./netlab/run.ts";
import { callThroughSharedLinks } from "./netlab/share_call.ts";
import { startShare } from "./netlab/share_process.ts";
import { type LabSshd, SSHD_PATH, startLabSshd } from "./netlab/sshd.ts";
import { makeTestCert } from "./netlab/tls_cert.ts";
import { startTlsProxy } from "./netlab/tls_proxy.ts";
import { within } from "../utils/within.ts";

/** The app's port in the home network, and so (SHARE_REMOTE_PORT's default) the public one. */
const PORT = 8000;

function ignored(): boolean {
  if (labIgnored()) return true;
  try {
    Deno.statSync(SSHD_PATH);
    return false;
  } catch {
    console.error(`share lab test skipped: ${SSHD_PATH} missing (apt-get install openssh-server)`);
    return true;
  }
}

/** Pids of the processes called `name` inside namespace `ns`. */
async function pidsNamed(ns: string, name: string): Promise<number[]> {
  const pids = (await run("ip", ["netns", "pids", ns])).split("\n").filter((l) => l !== "");
  const named: number[] = [];
  for (const pid of pids.map(Number)) {
    const comm = await Deno.readTextFile(`/proc/${pid}/comm`).catch(() => "");
    if (comm.trim() === name) named.push(pid);
  }
  return named;
}

/** Addresses listening on TCP `port` inside `ns`. */
async function listeners(ns: string, port: number): Promise<string[]> {
  const out = await inNs(ns, "ss", ["-ltnH", `sport = :${port}`]);
  return out.trim().split("\n").filter((l) => l !== "").map((l) => l.trim().split(/\s+/)[3]);
}

interface ShareLab {
  lab: Lab;
  home: ClientNet;
  proNet: ClientNet;
  clientNet: ClientNet;
  sshd: LabSshd;
  /** The share task's environment (a fresh data directory with the demo). */
  env: Record<string, string>;
}

/** Builds the lab (three home networks, coturn for STUN, sshd), runs `fn`, tears it all down. */
async function withShareLab(fn: (s: ShareLab) => Promise<void>): Promise<void> {
  const lab = await createLab();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-share-test-" });
  try {
    const home = await lab.addClient({ nat: "home" });
    const proNet = await lab.addClient({ nat: "home" });
    const clientNet = await lab.addClient({ nat: "home" });
    const coturn = await startLabCoturn(lab);
    try {
      const sshd = await startLabSshd(lab);
      try {
        const env = {
          SHARE_SSH: sshd.destination,
          SHARE_SSH_OPTIONS: sshd.sshOptions,
          PORT: String(PORT),
          DATA_DIR: dataDir,
          DEMO: "1",
          STUN_URLS: `stun:${PUBLIC_ADDRESS}:${TURN_PORT}`,
        };
        await fn({ lab, home, proNet, clientNet, sshd, env });
      } finally {
        await sshd.stop();
      }
    } finally {
      await coturn.stop();
    }
  } finally {
    await lab.destroy();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

const labTest = { ignore: ignored(), sanitizeOps: false, sanitizeResources: false };

Deno.test({
  ...labTest,
  name: "netlab: deno task share over SSH: links from another network complete a call; Ctrl-C " +
    "leaves nothing",
  fn: () =>
    withShareLab(async ({ lab, home, proNet, clientNet, sshd, env }) => {
      // A key the server does not know: the task says why, with ssh's own line, and starts
      // no app.
      const refused = startShare(home.ns, {
        ...env,
        SHARE_SSH_OPTIONS: sshd.sshOptions.replace(/-i \S+/, "-i /dev/null"),
      });
      assert.equal(await refused.exited, 1, refused.output());
      assert.match(refused.output(), /could not open the tunnel/);
      assert.match(refused.output(), /ssh: .*Permission denied/);
      assert.doesNotMatch(refused.output(), /"msg":"listening"/);

      const started = Date.now();
      // On a terminal, as typed by a person: the app prints its first links there.
      const share = startShare(home.ns, env, { terminal: true });
      try {
        const origin = `http://${PUBLIC_ADDRESS}:${PORT}`;
        assert.equal(await share.waitForOutput(/Sharing Frontdesk at (\S+) /), origin);
        await share.waitForOutput(/Warning: \S+ is not HTTPS/);
        const dashboard = await share.waitForOutput(/Dashboard link: (\S+)/);
        const client = await share.waitForOutput(/Client link: (\S+)/);
        const readyMs = Date.now() - started;
        assert.ok(dashboard.startsWith(`${origin}/`), dashboard);
        assert.ok(client.startsWith(`${origin}/`), client);
        // The app itself listens only on the home network's loopback: the tunnel is the way in.
        assert.deepEqual(await listeners(home.ns, PORT), [`127.0.0.1:${PORT}`]);

        const call = await callThroughSharedLinks(
          { pro: proNet, client: clientNet },
          { origin, dashboard, client },
        );
        console.log(
          `share over SSH (http): links printed ${readyMs} ms after start; first frame pro ` +
            `${call.proFirstFrameMs} ms, client ${call.clientFirstFrameMs} ms; pairs ` +
            JSON.stringify(call.pairs),
        );

        const stopAt = Date.now();
        await share.ctrlC();
        assert.ok(await within(share.exited, 30_000), `running after Ctrl-C:\n${share.output()}`);
        assert.equal(await share.exited, 130, share.output());
        console.log(`share over SSH: stopped ${Date.now() - stopAt} ms after Ctrl-C`);
        assert.match(share.output(), /"msg":"stopped"/);
        assert.deepEqual(await run("ip", ["netns", "pids", home.ns]), "");
        assert.deepEqual(await listeners(lab.publicNs, PORT), [], "public port closed");
        // No token in what the task printed besides the app's two hand-off lines.
        const other = share.output().split("\n").filter((l) => !/(Dashboard|Client) link:/.test(l));
        assert.ok(!other.some((l) => l.includes("token=")), "no token outside the link lines");
      } finally {
        await share.stop();
      }

      // The SSH connection lost (its ssh killed): the task says so and stops the app too.
      const again = startShare(home.ns, env);
      try {
        await again.waitForOutput(/"msg":"listening"/);
        const ssh = await pidsNamed(home.ns, "ssh");
        assert.equal(ssh.length, 1, `one ssh in the home network, got ${ssh.length}`);
        Deno.kill(ssh[0], "SIGKILL");
        assert.ok(await within(again.exited, 30_000), `still running:\n${again.output()}`);
        assert.equal(await again.exited, 1, again.output());
        assert.match(
          again.output(),
          /the SSH tunnel closed \(ssh exited with status \d+\); stopping/,
        );
        assert.match(again.output(), /"msg":"stopped"/);
        assert.deepEqual(await run("ip", ["netns", "pids", home.ns]), "");
      } finally {
        await again.stop();
      }
    }),
});

Deno.test({
  ...labTest,
  name: "netlab: deno task share over SSH behind an HTTPS proxy: https:// links, no warning, " +
    "a call in a secure context",
  fn: () =>
    withShareLab(async ({ lab, home, proNet, clientNet, env }) => {
      const cert = await makeTestCert(PUBLIC_ADDRESS);
      try {
        const proxy = await startTlsProxy(lab, cert, PORT);
        try {
          const share = startShare(home.ns, {
            ...env,
            SHARE_PUBLIC_URL: proxy.url,
            PRINT_LINKS: "1",
          });
          try {
            const origin = proxy.url;
            assert.equal(await share.waitForOutput(/Sharing Frontdesk at (\S+) /), origin);
            const dashboard = await share.waitForOutput(/Dashboard link: (\S+)/);
            const client = await share.waitForOutput(/Client link: (\S+)/);
            assert.ok(dashboard.startsWith(`${origin}/`), dashboard);
            assert.ok(client.startsWith(`${origin}/`), client);
            assert.doesNotMatch(share.output(), /not HTTPS/);
            const call = await callThroughSharedLinks(
              { pro: proNet, client: clientNet },
              { origin, dashboard, client },
              [`--ignore-certificate-errors-spki-list=${cert.spkiHash}`],
            );
            console.log(
              `share over SSH (https proxy): first frame pro ${call.proFirstFrameMs} ms, client ` +
                `${call.clientFirstFrameMs} ms; pairs ${JSON.stringify(call.pairs)}`,
            );
            // share.stop() is a SIGINT: 130, as for Ctrl-C.
            assert.equal(await share.stop(), 130, share.output());
            assert.deepEqual(await run("ip", ["netns", "pids", home.ns]), "");
          } finally {
            await share.stop();
          }
        } finally {
          await proxy.stop();
        }
      } finally {
        await cert.remove();
      }
    }),
});
