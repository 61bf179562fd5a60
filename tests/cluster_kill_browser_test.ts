/**
 * A browser call through HAProxy in front of three instances (one PostgreSQL, one redis-server),
 * and the instance holding the call SIGKILLed mid-call: media, peer to peer, never stops; both
 * pages reconnect through the proxy to the other instances, one of which takes the call over
 * within the TTL; End for everyone then still reaches the client.
 */
import assert from "node:assert/strict";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import {
  createAppointmentNow,
  endForEveryone,
  inboundBytes,
  newCallContext,
  waitForBytesToGrow,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";
import { clusterUnavailable, metricSample, startClusterParts } from "./helpers/cluster_parts.ts";
import { haproxyConfig } from "../scripts/cluster_haproxy.ts";

const HAPROXY = "/usr/sbin/haproxy";
const unavailable = clusterUnavailable() ??
  (() => {
    try {
      Deno.statSync(HAPROXY);
      return null;
    } catch {
      return `${HAPROXY} is missing: install HAProxy (apt-get install haproxy)`;
    }
  })();
if (unavailable) console.warn(`Skipping the cluster kill browser test: ${unavailable}`);

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

Deno.test({
  name: "browser call through HAProxy: the instance holding it SIGKILLed, media goes on, End works",
  ignore: unavailable !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const port = freePort();
    const proxyUrl = `http://127.0.0.1:${port}`;
    const parts = await startClusterParts({ PUBLIC_URL: proxyUrl });
    const { env } = parts;
    const apps: AppProcess[] = [];
    const dir = await Deno.makeTempDir({ prefix: "frontdesk-haproxy-" });
    let haproxy: Deno.ChildProcess | null = null;
    let browser;
    try {
      apps.push(await startApp({ env: { ...env, DEMO: "1" } }));
      apps.push(await startApp({ env }));
      apps.push(await startApp({ env }));
      const backends = apps.map((a, i) => ({ name: "abc"[i], port: Number(new URL(a.url).port) }));
      await Deno.writeTextFile(`${dir}/haproxy.cfg`, haproxyConfig(port, backends));
      haproxy = new Deno.Command(HAPROXY, {
        args: ["-f", `${dir}/haproxy.cfg`, "-db"],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      await until("haproxy", async () => {
        try {
          const res = await fetch(`${proxyUrl}/healthz`);
          await res.body?.cancel();
          return res.ok;
        } catch {
          return false;
        }
      });
      browser = await launchBrowser();
      const pro = await (await newCallContext(browser)).newPage();
      const printed = await apps[0].waitForOutput(/Dashboard link: \S+/);
      await pro.goto(printed.replace("Dashboard link: ", ""));
      await pro.waitForURL(`${proxyUrl}/dashboard`);
      const link = await createAppointmentNow(pro, "Kill Client");
      const client = await (await newCallContext(browser)).newPage();
      await client.goto(link);
      await client.getByTestId("join").click();
      await client.getByTestId("waiting-room").waitFor();
      await pro.goto(pro.url() + "/call");
      await waitForRemoteVideo(pro);
      await waitForRemoteVideo(client);

      const owned = await Promise.all(
        apps.map((a) => metricSample(a, "frontdesk_cluster_owned_professionals")),
      );
      const holder = owned.findIndex((n) => n === 1);
      assert.ok(holder >= 0, `one instance holds the call: ${owned}`);
      const survivors = apps.filter((_, i) => i !== holder);
      const before = [await inboundBytes(pro), await inboundBytes(client)];
      await apps[holder].kill();

      // Media is peer to peer: it keeps flowing while signaling reconnects.
      await waitForBytesToGrow(pro, before[0]);
      await waitForBytesToGrow(client, before[1]);
      // Within the TTL another instance takes the call over and both pages are back on it.
      await until("both pages back on the new holder", async () => {
        const counts = await Promise.all(survivors.map(async (a) => ({
          owned: await metricSample(a, "frontdesk_cluster_owned_professionals"),
          served: await metricSample(a, "frontdesk_signaling_open_sockets"),
        })));
        return counts.some((c) => c.owned === 1 && c.served === 2);
      });
      const still = [await inboundBytes(pro), await inboundBytes(client)];
      await waitForBytesToGrow(pro, still[0]);
      await waitForBytesToGrow(client, still[1]);
      await saveScreenshot(client, "cluster-kill-client-after");

      await endForEveryone(pro);
      await client.getByTestId("end-screen").waitFor();
      await client.getByText("Dr. Ada Lovelace ended the appointment.").waitFor();
    } finally {
      await browser?.close();
      if (haproxy) {
        try {
          haproxy.kill("SIGTERM");
        } catch { /* gone */ }
        await haproxy.status;
      }
      for (const app of apps) await app.stop().catch(() => {});
      await parts.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
