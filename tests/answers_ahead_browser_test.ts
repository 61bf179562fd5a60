/**
 * Answers made ahead on the dashboard (call/answers_ahead.ts), system Chromium, fake devices: while
 * a client waits, the professional's dashboard answers the client's held offer in a peer
 * connection of its own and sends nothing (the client's connection stays unanswered and sees no
 * connectivity check); a client who reloads while waiting gets a fresh one (the old one closed);
 * "Join call" sends that answer and the call runs on that same connection: frames both ways, and
 * no second connection made on the professional's page.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser } from "./helpers/browser.ts";
import {
  createAppointmentNow,
  endForEveryone,
  newCallContext,
  openLink,
  proFromPrintedLink,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";

/** What each RTCPeerConnection of the page is at: signaling state, its answer, ICE state. */
const peerConnections = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.map((pc) => ({
      signaling: pc.signalingState,
      local: pc.localDescription?.type ?? null,
      ice: pc.iceConnectionState,
    }))
  );

/** Waits until the professional's page holds `n` connections, the last one answered. */
async function answeredAhead(pro: Page, n: number) {
  await pro.waitForFunction(
    (n) => {
      const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
      return pcs.length === n && pcs[n - 1].localDescription?.type === "answer";
    },
    n,
    { timeout: 15_000 },
  );
}

Deno.test({
  name: "browser: the dashboard answers a waiting client ahead, sends it only at Join call",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      const pro = await (await newCallContext(browser)).newPage();
      await proFromPrintedLink(pro, app);
      const link = await createAppointmentNow(pro, "Ahead Client");
      await pro.goto(`${app.url}/dashboard`);
      const client = await (await newCallContext(browser)).newPage();
      await openLink(client, app, link);
      await client.getByTestId("join").click();
      await client.getByTestId("waiting-room").waitFor();
      await pro.getByTestId("waiting-banner").waitFor();

      await t.step("while the client waits: answered on the dashboard, nothing sent", async () => {
        await answeredAhead(pro, 1);
        // Long enough for an answer or a connectivity check to have reached the client.
        await new Promise((r) => setTimeout(r, 1_500));
        const [ahead] = await peerConnections(pro);
        assert.deepEqual(ahead, { signaling: "stable", local: "answer", ice: "new" });
        const clientPcs = await peerConnections(client);
        assert.ok(clientPcs.length > 0, "the client made its offer");
        for (const pc of clientPcs) {
          assert.equal(pc.signaling, "have-local-offer", "the client got no answer");
          assert.equal(pc.ice, "new", "no connectivity check reached the client");
        }
        assert.equal(
          await pro.locator('[data-testid="in-page-call"][open]').count(),
          0,
          "no call opened",
        );
      });

      await t.step("the client reloads: a fresh answer, the old connection closed", async () => {
        // A page that had joined goes straight back into the waiting room.
        await client.reload();
        await client.getByTestId("waiting-room").waitFor();
        await answeredAhead(pro, 2);
        const [old] = await peerConnections(pro);
        assert.equal(old.signaling, "closed");
      });

      await t.step("Join call: the call runs on the connection answered ahead", async () => {
        await pro.getByTestId("waiting-banner").getByRole("link", { name: /Join call/ }).click();
        assert.ok(await waitForRemoteVideo(pro) > 0, "the professional sees the client");
        assert.ok(await waitForRemoteVideo(client) > 0, "the client sees the professional");
        const pcs = await peerConnections(pro);
        assert.equal(pcs.length, 2, "no connection made at the click");
        assert.deepEqual(pcs[1], { signaling: "stable", local: "answer", ice: "connected" });
        await endForEveryone(pro);
        await client.getByTestId("end-screen").waitFor();
      });
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
