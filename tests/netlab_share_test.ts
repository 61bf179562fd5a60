/**
 * Issue 20 §4: `deno task share` through an SSH reverse tunnel, end to end in the network lab.
 *
 * Debian's OpenSSH server is the "public" host (sshd on 203.0.113.1, `tests/netlab/sshd.ts`).
 * `deno task share` runs in a home network behind NAT (client network 1), with
 * `SHARE_SSH=root@203.0.113.1`: it opens `ssh -R`, then starts the app with PUBLIC_URL set to
 * http://203.0.113.1:8000. The professional's and the client's Chromium, each behind its own
 * home router (networks 2 and 3), open the links the app printed, which reach it only through
 * the tunnel, and complete a call (frames and growing inbound bytes on both sides; coturn on
 * the public segment serves STUN only, for the media's NAT traversal). The address is plain
 * http://, so the share task must warn that it is not HTTPS, and the browsers are given
 * `--unsafely-treat-insecure-origin-as-secure` for it (tests/netlab/browser.ts) to use their
 * fake cameras. The task runs on a pseudo-terminal, as typed in a shell; Ctrl-C typed there
 * stops it: it exits 0, nothing is left running in the home network and the public port is
 * closed. First, a key the server refuses: the task says so and starts no app. Last, the SSH
 * connection lost (ssh killed): the task says so, stops the app and exits 1.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { labIgnored } from "./netlab/available.ts";
import { launchBrowserIn } from "./netlab/browser.ts";
import { startLabCoturn, TURN_PORT } from "./netlab/call.ts";
import { selectedPair } from "./netlab/ice_stats.ts";
import { createLab, PUBLIC_ADDRESS } from "./netlab/lab.ts";
import { inNs, run } from "./netlab/run.ts";
import { startShare } from "./netlab/share_process.ts";
import { SSHD_PATH, startLabSshd } from "./netlab/sshd.ts";
import { newCallContext, waitForBytesToGrow } from "./helpers/call_flow.ts";
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

/** ms until the page's remote video shows a frame, counted from `since`. */
async function firstFrame(page: import("playwright-core").Page, since: number): Promise<number> {
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      return v !== null && v.videoWidth > 0;
    },
    undefined,
    { timeout: 30_000, polling: 100 },
  );
  return Date.now() - since;
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

Deno.test({
  name: "netlab: deno task share over SSH: links from another network complete a call; Ctrl-C " +
    "leaves nothing",
  ignore: ignored(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const lab = await createLab();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-share-test-" });
    const browsers: Browser[] = [];
    try {
      const home = await lab.addClient({ nat: "home" });
      const proNet = await lab.addClient({ nat: "home" });
      const clientNet = await lab.addClient({ nat: "home" });
      const coturn = await startLabCoturn(lab);
      const sshd = await startLabSshd(lab).catch(async (err) => {
        await coturn.stop();
        throw err;
      });
      try {
        const env = {
          SHARE_SSH: sshd.destination,
          SHARE_SSH_OPTIONS: sshd.sshOptions,
          PORT: String(PORT),
          DATA_DIR: dataDir,
          DEMO: "1",
          STUN_URLS: `stun:${PUBLIC_ADDRESS}:${TURN_PORT}`,
        };
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
          const shared = await share.waitForOutput(/Sharing Frontdesk at (\S+) /);
          assert.equal(shared, origin);
          await share.waitForOutput(/Warning: \S+ is not HTTPS/);
          const dashboardLink = await share.waitForOutput(/Dashboard link: (\S+)/);
          const clientLink = await share.waitForOutput(/Client link: (\S+)/);
          const readyMs = Date.now() - started;
          assert.ok(dashboardLink.startsWith(`${origin}/`), dashboardLink);
          assert.ok(clientLink.startsWith(`${origin}/`), clientLink);
          // The app itself listens only on the home network's loopback: the tunnel is the way in.
          const listening = await inNs(home.ns, "ss", ["-ltnH", `sport = :${PORT}`]);
          const locals = listening.trim().split("\n").map((l) => l.trim().split(/\s+/)[3]);
          assert.deepEqual(locals, [`127.0.0.1:${PORT}`]);

          browsers.push(await launchBrowserIn(proNet.ns, origin));
          browsers.push(await launchBrowserIn(clientNet.ns, origin));
          const pro = await (await newCallContext(browsers[0])).newPage();
          const client = await (await newCallContext(browsers[1])).newPage();
          await pro.goto(dashboardLink);
          await pro.waitForURL(`${origin}/dashboard`);
          await client.goto(clientLink);
          await client.getByTestId("join").click();
          await client.getByTestId("waiting-room").waitFor();
          const join = pro.getByRole("link", { name: /Join call/ }).first();
          const callPath = await join.getAttribute("href");
          assert.ok(callPath, "a Join call link on the dashboard");
          const since = Date.now();
          await pro.goto(new URL(callPath, origin).href);
          const [proMs, clientMs] = await Promise.all([
            firstFrame(pro, since),
            firstFrame(client, since),
          ]);
          for (const page of [pro, client]) await waitForBytesToGrow(page, 0);
          const pairs = [await selectedPair(pro), await selectedPair(client)];
          console.log(
            `share over SSH: links printed ${readyMs} ms after start; first frame pro ${proMs} ` +
              `ms, client ${clientMs} ms; pairs ${JSON.stringify(pairs)}`,
          );
          for (const b of browsers.splice(0)) await b.close();

          const stopAt = Date.now();
          await share.ctrlC();
          assert.ok(
            await within(share.exited, 30_000),
            `still running after Ctrl-C:\n${share.output()}`,
          );
          assert.equal(await share.exited, 0, share.output());
          console.log(`share over SSH: stopped ${Date.now() - stopAt} ms after Ctrl-C`);
          assert.match(share.output(), /"msg":"stopped"/);
          assert.deepEqual(await run("ip", ["netns", "pids", home.ns]), "");
          const publicPort = await inNs(lab.publicNs, "ss", ["-ltnH", `sport = :${PORT}`]);
          assert.equal(publicPort.trim(), "", "the public port closed with the tunnel");
          // No token ever in what the share task printed besides the app's two hand-off lines.
          const other = share.output().split("\n").filter((l) =>
            !/^(Dashboard|Client) link:/.test(l)
          );
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
      } finally {
        await sshd.stop();
        await coturn.stop();
      }
    } finally {
      await Promise.allSettled(browsers.map((b) => b.close()));
      await lab.destroy();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
