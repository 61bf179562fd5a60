/**
 * A browser call whose two parties are on different instances (two app processes on one
 * PostgreSQL and one redis-server): the professional on A, the client on B, real media both ways,
 * checked on each instance's /metrics (B forwards the client's socket to A, which holds the call),
 * and End for everyone reaches the client across instances.
 */
import assert from "node:assert/strict";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import {
  createAppointmentNow,
  endForEveryone,
  inboundBytes,
  newCallContext,
  openLink,
  proFromPrintedLink,
  waitForBytesToGrow,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";
import { clusterUnavailable, metricSample, startClusterParts } from "./helpers/cluster_parts.ts";

const unavailable = clusterUnavailable();
if (unavailable) console.warn(`Skipping the cluster browser test: ${unavailable}`);

Deno.test({
  name: "browser call across two instances: professional on A, client on B, media both ways",
  ignore: unavailable !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const parts = await startClusterParts();
    const { env } = parts;
    const apps: AppProcess[] = [];
    let browser;
    try {
      // A creates the demo professional in the empty database; B finds it there.
      const a = await startApp({ env: { ...env, DEMO: "1" } });
      apps.push(a);
      const b = await startApp({ env });
      apps.push(b);
      await a.waitForOutput('"msg":"redis connected"');
      await b.waitForOutput('"msg":"redis connected"');
      browser = await launchBrowser();

      const pro = await (await newCallContext(browser)).newPage();
      await proFromPrintedLink(pro, a);
      const link = await createAppointmentNow(pro, "Cluster Client");
      const callUrl = pro.url() + "/call";
      const client = await (await newCallContext(browser)).newPage();
      await openLink(client, b, link);
      await client.getByTestId("join").click();
      await client.getByTestId("waiting-room").waitFor();
      await pro.goto(callUrl);
      assert.ok(await waitForRemoteVideo(pro) > 0);
      assert.ok(await waitForRemoteVideo(client) > 0);
      await waitForBytesToGrow(client, await inboundBytes(client));
      await waitForBytesToGrow(pro, await inboundBytes(pro));
      await saveScreenshot(client, "cluster-call-client-on-b");

      // The professional's dashboard claimed the call for A; the client's socket is B's own,
      // forwarded to A.
      assert.ok(await metricSample(b, "frontdesk_cluster_forwarded_sockets") >= 1);
      assert.ok(await metricSample(b, "frontdesk_cluster_instance_sockets") >= 1);
      assert.equal(await metricSample(b, "frontdesk_signaling_open_sockets"), 0);
      assert.ok(await metricSample(a, "frontdesk_cluster_remote_sockets") >= 1);
      assert.ok(
        await metricSample(a, 'frontdesk_cluster_messages_total{direction="received"}') > 0,
      );
      assert.ok(
        await metricSample(b, 'frontdesk_cluster_messages_total{direction="received"}') > 0,
      );

      await endForEveryone(pro);
      await client.getByTestId("end-screen").waitFor();
      await client.getByText("Dr. Ada Lovelace ended the appointment.").waitFor();
      await saveScreenshot(client, "cluster-call-ended-on-b");
    } finally {
      await browser?.close();
      for (const app of apps) await app.stop().catch(() => {});
      await parts.stop();
    }
  },
});
