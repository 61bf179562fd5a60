/**
 * Issue 6: calls survive a page reload, a network blip and a restart of the
 * Frontdesk server (media is peer-to-peer), in real browsers.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import {
  endForEveryone,
  inboundBytes,
  waitForBytesToGrow,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";
import { startCall, withCall } from "./helpers/call_setup.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "browser: reloading the client's page mid-call rejoins within 10 s",
  ...opts,
  fn: () =>
    withCall(async ({ pro, client }) => {
      const t0 = Date.now();
      await client.reload();
      await client.locator('[data-state="connected"]').waitFor({ timeout: 10_000 });
      assert.ok(await waitForRemoteVideo(client) > 0);
      await waitForBytesToGrow(client, 0, 10_000 - (Date.now() - t0));
      const before = await inboundBytes(pro);
      await waitForBytesToGrow(pro, before, 10_000);
      assert.ok(Date.now() - t0 < 10_000, `back in the call after ${Date.now() - t0} ms`);
      await saveScreenshot(client, "resilience-after-reload");
    }),
});

Deno.test({
  name: "browser: reloading the professional's page mid-call rejoins",
  ...opts,
  fn: () =>
    withCall(async ({ pro, client }) => {
      await pro.reload();
      await pro.locator('[data-state="connected"]').waitFor({ timeout: 10_000 });
      assert.ok(await waitForRemoteVideo(pro) > 0);
      const before = await inboundBytes(client);
      await waitForBytesToGrow(client, before, 10_000);
    }),
});

Deno.test({
  name:
    "browser: killing the server mid-call keeps media flowing; after restart End for everyone works",
  ...opts,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-restart-call-" });
    let app = await startApp({ dataDir, env: { DEMO: "1" } });
    const port = Number(new URL(app.url).port);
    const browser = await launchBrowser();
    try {
      const { pro, client } = await startCall(browser, app);
      await app.kill();
      await client.locator('[data-state="reconnecting"]').waitFor();
      // 20 seconds without the server: media keeps flowing both ways.
      const start = { pro: await inboundBytes(pro), client: await inboundBytes(client) };
      const until = Date.now() + 20_000;
      let last = start;
      while (Date.now() < until) {
        await pro.waitForTimeout(2_000);
        const now = { pro: await inboundBytes(pro), client: await inboundBytes(client) };
        assert.ok(now.pro > last.pro && now.client > last.client, "bytes keep growing");
        last = now;
      }
      app = await startApp({ dataDir, port, env: { DEMO: "1" } });
      await client.locator('[data-state="connected"]').waitFor({ timeout: 20_000 });
      await pro.locator('[data-state="connected"]').waitFor({ timeout: 20_000 });
      // Both sides are back on signaling: End for everyone reaches the other side.
      await pro.waitForFunction(() => !document.querySelector('[data-state="reconnecting"]'));
      await endForEveryone(pro);
      await client.getByTestId("end-screen").waitFor({ timeout: 10_000 });
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});

/** The ICE username fragment of the page's current local description. */
function localUfrag(page: import("playwright-core").Page): Promise<string | undefined> {
  return page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    return pcs[pcs.length - 1].localDescription?.sdp.match(/a=ice-ufrag:(\S+)/)?.[1];
  });
}

Deno.test({
  name: "browser: the client offline for 5 s — reconnecting, then ICE restarts and media flows",
  ...opts,
  fn: () =>
    withCall(async ({ pro, client, clientCtx }) => {
      const ufrag = await localUfrag(client);
      await clientCtx.setOffline(true);
      await client.locator('[data-state="reconnecting"]').waitFor();
      await client.waitForTimeout(5_000);
      await clientCtx.setOffline(false);
      await client.locator('[data-state="connected"]').waitFor({ timeout: 20_000 });
      await client.waitForFunction(
        (before) => {
          // deno-lint-ignore no-explicit-any
          const pcs = (window as any).__pcs as RTCPeerConnection[];
          const pc = pcs[pcs.length - 1];
          const now = pc.localDescription?.sdp.match(/a=ice-ufrag:(\S+)/)?.[1];
          return now !== before && pc.connectionState === "connected";
        },
        ufrag,
        { timeout: 20_000 },
      );
      for (const page of [client, pro]) await waitForBytesToGrow(page, await inboundBytes(page));
    }),
});
