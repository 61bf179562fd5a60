/**
 * Issue 17 §1 in real browsers: the appointment is a room open during its window. Closing the
 * tab and coming back after the seat's grace period gets back into the call (the others saw the
 * person as left meanwhile); Leave keeps the appointment open and Rejoin works; only the
 * professional's End for everyone (confirmed) ends it; the dashboard never shows "In call" once
 * everyone has gone. A short grace (`SEAT_GRACE_MS`) keeps the waits short.
 */
import assert from "node:assert/strict";
import type { Page, WebSocketRoute } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import {
  endForEveryone,
  inboundBytes,
  liveLocalTracks,
  waitForBytesToGrow,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";
import { type LiveCall, startCall } from "./helpers/call_setup.ts";
import type { AppProcess } from "./helpers/app_process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const GRACE_MS = 2_000;

/** Runs `fn` on a connected call of an app whose seats are kept for {@linkcode GRACE_MS}. */
async function withShortGraceCall(fn: (call: LiveCall, app: AppProcess) => Promise<void>) {
  const app = await startApp({ env: { DEMO: "1", SEAT_GRACE_MS: String(GRACE_MS) } });
  const browser = await launchBrowser();
  try {
    await fn(await startCall(browser, app), app);
  } finally {
    await browser.close();
    await app.stop();
  }
}

/** Frames flow both ways: both pages' newest connection receive growing video bytes. */
async function framesBothWays(a: Page, b: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const page of [a, b]) {
    await waitForRemoteVideo(page);
    const before = await inboundBytes(page);
    await waitForBytesToGrow(page, before, Math.max(1, deadline - Date.now()));
  }
  assert.ok(Date.now() <= deadline, `frames both ways within ${timeoutMs} ms`);
}

/** The status badge of the appointment of `clientName` on the dashboard page. */
function rowStatus(dashboard: Page, clientName: string): Promise<string | null> {
  return dashboard.locator(`tr:has-text("${clientName}") [data-status]`).first()
    .getAttribute("data-status");
}

Deno.test({
  name:
    "browser room: a tab closed past the grace comes back, the others saw it left; both closed, no In call",
  ...opts,
  fn: () =>
    withShortGraceCall(async ({ pro, client, clientCtx, callUrl }) => {
      // The client closes the tab: the professional sees them reconnecting, then left.
      const clientUrl = client.url();
      await client.close();
      await pro.locator('[data-state="peer-away"]').waitFor({ timeout: GRACE_MS });
      await pro.getByText("Resilient Client is reconnecting…").first().waitFor();
      await pro.locator('[data-state="peer-left"]').waitFor({ timeout: GRACE_MS + 10_000 });
      await pro.getByText("Resilient Client left the call.").waitFor();
      assert.equal(await pro.getByTestId("remote-video").count(), 0, "no frozen frame");
      await saveScreenshot(pro, "room-1-client-left");
      await pro.waitForTimeout(GRACE_MS); // well past the grace
      assert.equal(await pro.locator('[data-state="failed"]').count(), 0, "no 'Could not connect'");

      // The client opens the link again (the same browser, a new tab).
      const again = await clientCtx.newPage();
      await again.goto(clientUrl);
      const t0 = Date.now();
      await again.getByTestId("join").click();
      await framesBothWays(again, pro, 10_000);
      await again.locator('[data-state="connected"]').waitFor();
      await pro.locator('[data-state="connected"]').waitFor();
      console.log(`client back in the call ${Date.now() - t0} ms after Join`);

      // Now the professional closes the call page and comes back.
      const proCtx = pro.context();
      await pro.close();
      await again.locator('[data-state="peer-left"]').waitFor({ timeout: GRACE_MS + 10_000 });
      await again.getByText(/left the call\. Stay on this page/).waitFor();
      await again.waitForTimeout(GRACE_MS);
      const proAgain = await proCtx.newPage();
      const t1 = Date.now();
      await proAgain.goto(callUrl);
      await framesBothWays(proAgain, again, 10_000);
      console.log(`professional back in the call ${Date.now() - t1} ms after opening the page`);

      // Both browsers closed: the dashboard (another browser of the professional's) stops
      // showing "In call" within the grace period plus 5 s.
      const dashboard = await (await proCtx.browser()!.newContext()).newPage();
      await dashboard.context().addCookies(await proCtx.cookies());
      await dashboard.goto(new URL("/dashboard", callUrl).href);
      await dashboard.locator('tr:has-text("Resilient Client") [data-status="in_call"]')
        .waitFor({ timeout: 10_000 });
      const t2 = Date.now();
      await clientCtx.close();
      await proCtx.close();
      await dashboard.waitForFunction(
        () => !document.querySelector('tr [data-status="in_call"]'),
        undefined,
        { timeout: GRACE_MS + 5_000 },
      );
      const gone = Date.now() - t2;
      assert.ok(gone <= GRACE_MS + 5_000, `In call gone after ${gone} ms`);
      assert.equal(await rowStatus(dashboard, "Resilient Client"), "scheduled");
      await dashboard.reload();
      assert.equal(await rowStatus(dashboard, "Resilient Client"), "scheduled", "stored too");
    }),
});

Deno.test({
  name: "browser room: the client's Leave keeps it open and Rejoin works; End for everyone ends it",
  ...opts,
  fn: () =>
    withShortGraceCall(async ({ pro, client }) => {
      const dashboard = await pro.context().newPage();
      await dashboard.goto(new URL("/dashboard", pro.url()).href);
      assert.deepEqual(await liveLocalTracks(client), ["audio", "video"], "camera on in the call");
      await client.getByTestId("toggle-mic").click(); // muted before leaving
      await client.getByTestId("leave").click();
      await client.getByTestId("left-screen").waitFor();
      await client.getByText("You left the call").waitFor();
      // Out of the call, the camera and microphone are off (every track stopped).
      assert.deepEqual(await liveLocalTracks(client), [], "camera off on the 'You left' screen");
      await pro.locator('[data-state="peer-left"]').waitFor({ timeout: 5_000 });
      await saveScreenshot(client, "room-2-client-left-screen");
      // The appointment is open: waiting for the client again, not completed.
      await dashboard.locator('tr:has-text("Resilient Client") [data-status="scheduled"]')
        .waitFor({ timeout: 10_000 });

      await client.getByTestId("rejoin").click();
      await framesBothWays(client, pro, 10_000);
      await client.locator('[data-state="connected"]').waitFor();
      assert.deepEqual(await liveLocalTracks(client), ["audio", "video"], "Rejoin starts them");
      // Still muted after Rejoin: the new microphone track starts disabled.
      assert.equal(
        await client.evaluate(() =>
          (window as unknown as { __localTracks: MediaStreamTrack[] }).__localTracks
            .find((t) => t.kind === "audio" && t.readyState === "live")?.enabled
        ),
        false,
      );
      // The professional receives the client's new camera: the rejoined page sends its video.
      await waitForBytesToGrow(pro, await inboundBytes(pro));
      await dashboard.locator('tr:has-text("Resilient Client") [data-status="in_call"]')
        .waitFor({ timeout: 10_000 });

      // Only the professional has End for everyone; Cancel keeps the call.
      assert.equal(await client.getByTestId("end-for-everyone").count(), 0);
      await pro.getByTestId("end-for-everyone").click();
      await pro.getByText("End the appointment for everyone?").waitFor();
      await pro.getByTestId("end-cancel").click();
      await waitForBytesToGrow(client, await inboundBytes(client));
      assert.equal(await client.getByTestId("end-screen").count(), 0);
      await endForEveryone(pro);
      await client.getByTestId("end-screen").waitFor({ timeout: 10_000 });
      await pro.getByTestId("end-screen").waitFor({ timeout: 10_000 });
      await client.getByText(/ended the appointment\./).waitFor();
      assert.deepEqual(await liveLocalTracks(client), [], "camera off on the end screen");
      assert.deepEqual(await liveLocalTracks(pro), [], "on the professional's too");
      await dashboard.locator('tr:has-text("Resilient Client") [data-status="completed"]')
        .waitFor({ timeout: 10_000 });
      await saveScreenshot(client, "room-3-ended-for-everyone");
    }),
});

Deno.test({
  name:
    "browser room: a client reconnecting when the professional ends the call is told who ended it",
  ...opts,
  fn: () =>
    withShortGraceCall(async ({ pro, client }) => {
      // The client's signaling sockets go through a route the test can cut.
      let cut = false;
      const routes: WebSocketRoute[] = [];
      await client.routeWebSocket(/\/ws/, (ws) => {
        if (cut) return ws.close({ code: 3000, reason: "network down (test)" });
        routes.push(ws);
        ws.connectToServer();
      });
      await client.reload(); // back in the call at once, on a routed socket
      await waitForRemoteVideo(client);
      await client.locator('[data-state="connected"]').waitFor();

      // The client's network drops; it keeps trying to reconnect meanwhile.
      cut = true;
      for (const ws of routes) await ws.close({ code: 3000, reason: "network down (test)" });
      await client.getByText(/Reconnecting/i).first().waitFor({ timeout: 30_000 });
      await pro.locator('[data-state="peer-away"]').waitFor({ timeout: 30_000 });
      // The professional ends the appointment for everyone while the client is away.
      await endForEveryone(pro);
      await pro.getByTestId("end-screen").waitFor({ timeout: 30_000 });

      // The network is back: the client's next try hears why, not a generic "call has ended".
      cut = false;
      await client.getByTestId("end-screen").waitFor({ timeout: 20_000 });
      await client.getByText(/Dr\. .* ended the appointment\./).waitFor();
      await saveScreenshot(client, "room-4-ended-while-reconnecting");
    }),
});
