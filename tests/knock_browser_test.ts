/**
 * Issue 17 §3 and §4 in real browsers, one context per person: an instant call's link opened by
 * two people; both knock, the professional (in the call) sees "… (guest) is waiting — Let in /
 * Not now", lets one in and declines the other. The one let in gets frames both ways; the
 * declined one gets a polite message, stops reconnecting, and their link says so too.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import {
  inboundBytes,
  newCallContext,
  waitForBytesToGrow,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";
import { addProfessional } from "./helpers/pro.ts";
import { testSecret } from "./helpers/tokens.ts";

/** A visitor opens the call link in a context of their own, gives a name and knocks. */
async function knock(browser: Browser, base: string, link: string, name: string): Promise<Page> {
  const page = await (await newCallContext(browser)).newPage();
  const u = new URL(link);
  await page.goto(`${base}${u.pathname}${u.search}`);
  await page.waitForURL(/\/knock$/);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Ask to join" }).click();
  await page.waitForURL(/\/appointments\/[0-9a-f-]+$/);
  await page.getByTestId("join").click(); // the pre-call check
  await page.locator('[data-testid="waiting-room"][data-knocking="1"]').waitFor();
  return page;
}

Deno.test({
  name: "browser: two people knock on an instant call; one is let in, the other declined",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const secret = testSecret();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-knock-browser-" });
    const token = await addProfessional(dataDir, "Dr. Ada Knock", { LINK_SECRET: secret });
    const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
    const browser = await launchBrowser();
    try {
      const proContext = await newCallContext(browser, { timezoneId: "UTC" });
      await proContext.grantPermissions(["clipboard-read", "clipboard-write"], {
        origin: app.url,
      });
      const pro = await proContext.newPage();
      await pro.goto(`${app.url}/pro-link?token=${token}`);
      await pro.waitForURL(`${app.url}/dashboard`);
      await pro.getByRole("button", { name: "Start an instant call" }).click();
      await pro.getByRole("heading", { name: "Instant call" }).waitFor();
      await pro.getByRole("button", { name: "Copy call link" }).click();
      await pro.getByText("Copied").first().waitFor();
      const link = await pro.evaluate(() => navigator.clipboard.readText());
      const appointment = new URL(pro.url()).pathname;
      await pro.goto(`${app.url}${appointment}/call`);
      // Nobody is named ahead in an instant call, and no empty tile stands for them.
      await pro.getByText("Waiting for others to join…").waitFor();
      assert.equal(await pro.getByTestId("remote-video").count(), 0);

      const vic = await knock(browser, app.url, link, "Vic Visitor");
      const wera = await knock(browser, app.url, link, "Wera Visitor");
      const vicKnock = pro.getByTestId("knock").filter({
        hasText: "Vic Visitor (guest) is waiting",
      });
      const weraKnock = pro.getByTestId("knock").filter({
        hasText: "Wera Visitor (guest) is waiting",
      });
      await vicKnock.waitFor();
      await weraKnock.waitFor();
      await saveScreenshot(pro, "knock-1-two-knocking");

      await vicKnock.getByRole("button", { name: "Let in" }).click();
      await weraKnock.getByRole("button", { name: "Not now" }).click();

      // Let in: frames both ways.
      await waitForRemoteVideo(vic);
      // The professional sees Vic in a tile of their own (an instant call has no client).
      await pro.waitForFunction(
        () =>
          [...document.querySelectorAll<HTMLVideoElement>(
            '[data-participant^="guest:"] [data-testid="remote-video"]',
          )].some((v) => v.videoWidth > 0),
        undefined,
        { timeout: 30_000 },
      );
      await pro.getByText("Vic Visitor · guest").waitFor();
      await waitForBytesToGrow(vic, await inboundBytes(vic));
      await waitForBytesToGrow(pro, await inboundBytes(pro));
      await saveScreenshot(vic, "knock-2-let-in");

      // Declined: a polite end screen, and no more sockets.
      await wera.getByRole("heading", { name: "You were not let in" }).waitFor();
      await wera.getByText(/Sorry, Dr\. Ada Knock could not let you into this call/).waitFor();
      await saveScreenshot(wera, "knock-3-declined");
      let sockets = 0;
      wera.on("websocket", () => sockets++);
      await wera.waitForTimeout(3_000);
      assert.equal(sockets, 0, "the declined page does not reconnect");
      await wera.reload();
      await wera.getByText(/Sorry, you were not let into this call/).waitFor();

      assert.equal(await pro.getByTestId("knock").count(), 0, "nobody knocks any more");
      assert.equal(await vic.getByTestId("waiting-room").count(), 0);
    } finally {
      await browser.close();
      await app.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "browser: knocks show on the dashboard; Not now and Let in work from there",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const secret = testSecret();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-knock-dashboard-" });
    const token = await addProfessional(dataDir, "Dr. Ada Knock", { LINK_SECRET: secret });
    const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
    const browser = await launchBrowser();
    try {
      const proContext = await newCallContext(browser, { timezoneId: "UTC" });
      await proContext.grantPermissions(["clipboard-read", "clipboard-write"], {
        origin: app.url,
      });
      const pro = await proContext.newPage();
      await pro.goto(`${app.url}/pro-link?token=${token}`);
      await pro.waitForURL(`${app.url}/dashboard`);
      // A dashboard loaded before the call existed: it has no row for it.
      const early = await proContext.newPage();
      await early.goto(`${app.url}/dashboard`);
      await early.locator('.live-appointments[data-live="on"]').waitFor();
      await pro.getByRole("button", { name: "Start an instant call" }).click();
      await pro.getByRole("heading", { name: "Instant call" }).waitFor();
      await pro.getByRole("button", { name: "Copy call link" }).click();
      await pro.getByText("Copied").first().waitFor();
      const link = await pro.evaluate(() => navigator.clipboard.readText());
      // The professional is on the dashboard, not in the call.
      await pro.goto(`${app.url}/dashboard`);
      await pro.locator('.live-appointments[data-live="on"]').waitFor();

      const vic = await knock(browser, app.url, link, "Vic Visitor");
      const wera = await knock(browser, app.url, link, "Wera Visitor");
      const vicKnock = pro.getByTestId("dashboard-knock").filter({
        hasText: "Vic Visitor (guest) is waiting",
      });
      const weraKnock = pro.getByTestId("dashboard-knock").filter({
        hasText: "Wera Visitor (guest) is waiting",
      });
      await vicKnock.waitFor();
      await weraKnock.waitFor();
      // How long each has knocked, from the server's clock (issue 19 §3).
      await vicKnock.getByTestId("waited").getByText("waiting less than a minute").waitFor();
      await pro.getByText("Instant call").first().waitFor();
      await saveScreenshot(pro, "knock-dashboard-1-two-knocking");

      // The dashboard loaded before the call shows the knocks too, for "another call".
      await early.getByTestId("dashboard-knock").filter({
        hasText: "Vic Visitor (guest) is waiting · another call",
      }).waitFor();
      // A dashboard opened later shows the knocks too.
      const second = await proContext.newPage();
      await second.goto(`${app.url}/dashboard`);
      await second.getByTestId("dashboard-knock").filter({ hasText: "Vic Visitor" }).waitFor();

      await weraKnock.getByRole("button", { name: "Not now" }).click();
      await wera.getByRole("heading", { name: "You were not let in" }).waitFor();
      await vicKnock.getByRole("button", { name: "Let in" }).click();
      // Let in, before the professional is in: Vic waits for the professional, no longer knocking.
      await vic.locator('[data-testid="waiting-room"]:not([data-knocking])').waitFor();
      await second.waitForFunction(() =>
        !document.querySelector('[data-testid="dashboard-knock"]')
      );
      assert.equal(await pro.getByTestId("dashboard-knock").count(), 0, "nobody knocks any more");

      // The professional joins from the dashboard: frames from Vic.
      await pro.locator('tr:has-text("Instant call")').getByRole("link", { name: /Join call/ })
        .click();
      await waitForRemoteVideo(vic);
      await waitForBytesToGrow(vic, await inboundBytes(vic));
      await saveScreenshot(pro, "knock-dashboard-2-let-in-joined");
    } finally {
      await browser.close();
      await app.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
