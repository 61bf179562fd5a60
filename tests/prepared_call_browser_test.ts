/**
 * The dashboard draws a waiting client's call ahead (system Chromium, fake devices): hidden, with
 * no camera, no seat in the call and no page chrome of its own, so that "Join call" shows
 * the call it already drew (the same elements) while camera and socket start. The camera is asked
 * for at the click, before the call is shown. When the client stops waiting, the drawn call goes.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import {
  createAppointmentNow,
  newCallContext,
  openLink,
  proFromPrintedLink,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const CLIENT = "Prepared Client";

/**
 * Records, in order, each getUserMedia call (and whether the open call was drawn by then) and
 * each dialog shown modally (`__order`).
 */
const RECORD_ORDER = `
  (() => {
    window.__order = [];
    const md = navigator.mediaDevices;
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = (c) => {
      const drawn = document.querySelector('[data-testid="in-page-call"]') !== null;
      window.__order.push(drawn ? "getUserMedia once the call was drawn" : "getUserMedia");
      return gum(c);
    };
    const showModal = HTMLDialogElement.prototype.showModal;
    HTMLDialogElement.prototype.showModal = function () {
      window.__order.push("showModal");
      return showModal.call(this);
    };
  })();
`;

const order = (page: import("playwright-core").Page) =>
  page.evaluate(() => (window as unknown as { __order: string[] }).__order);

Deno.test({
  name: "browser: a waiting client's call is drawn ahead, hidden and idle; Join call shows it",
  ...opts,
  async fn(t) {
    // A short seat grace, so a client who closes the tab stops waiting soon.
    const app = await startApp({ env: { DEMO: "1", SEAT_GRACE_MS: "1000" } });
    const browser = await launchBrowser();
    try {
      const proCtx = await newCallContext(browser);
      await proCtx.addInitScript(RECORD_ORDER);
      const pro = await proCtx.newPage();
      await proFromPrintedLink(pro, app);
      const link = await createAppointmentNow(pro, CLIENT);
      await pro.goto(`${app.url}/dashboard`);
      const clientCtx = await newCallContext(browser);
      let client = await clientCtx.newPage();
      await openLink(client, app, link);
      await client.getByTestId("join").click();
      await client.getByTestId("waiting-room").waitFor();
      const prepared = pro.getByTestId("prepared-call");

      await t.step("while the client waits: drawn, hidden, no camera, no seat", async () => {
        await prepared.locator(".call-stage").waitFor({ state: "attached" });
        assert.equal(await prepared.evaluate((d) => (d as HTMLDialogElement).open), false);
        assert.equal(await prepared.isVisible(), false);
        assert.deepEqual(await order(pro), [], "no camera asked for, no dialog shown");
        assert.equal(
          await pro.evaluate(() => document.documentElement.classList.contains("in-call")),
          false,
          "the dashboard keeps its own chrome",
        );
        assert.ok(await pro.getByTestId("waiting-banner").isVisible());
        // The client still waits: the professional is not in the call.
        await client.waitForTimeout(500);
        assert.ok(await client.getByTestId("waiting-room").isVisible());
        await saveScreenshot(pro, "prepared-call-dashboard");
      });

      await t.step("Join call shows the drawn call; the camera was asked for first", async () => {
        await prepared.locator(".call-stage").evaluate((el) =>
          (el as unknown as { __drawnAhead: boolean }).__drawnAhead = true
        );
        await pro.getByTestId("waiting-banner").getByRole("link", { name: /Join call/ }).click();
        const dialog = pro.getByRole("dialog", { name: `Call with ${CLIENT}` });
        await dialog.waitFor();
        assert.equal(
          await dialog.locator(".call-stage").evaluate((el) =>
            (el as unknown as { __drawnAhead?: boolean }).__drawnAhead === true
          ),
          true,
          "the same elements, not drawn again",
        );
        assert.deepEqual(await order(pro), ["getUserMedia", "showModal"]);
        assert.ok(await waitForRemoteVideo(pro) > 0);
        assert.ok(await waitForRemoteVideo(client) > 0);
        await saveScreenshot(pro, "prepared-call-joined");
      });

      await t.step("the client waits again, then leaves: the drawn call goes", async () => {
        await pro.goBack(); // leaves the call; the client is left waiting
        await prepared.locator(".call-stage").waitFor({ state: "attached" });
        await client.close();
        await prepared.waitFor({ state: "detached", timeout: 30_000 });
        // Back again, the client's call is drawn again.
        client = await clientCtx.newPage();
        await openLink(client, app, link);
        await client.getByTestId("join").click();
        await prepared.locator(".call-stage").waitFor({ state: "attached" });
      });
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
