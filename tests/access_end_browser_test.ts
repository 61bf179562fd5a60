/**
 * Access that ends outside the call, in real Chromium: the professional cancels from the
 * appointment page in another tab and both call pages say the appointment was cancelled (and the
 * client's page stops there, no reconnect loop); a waiting client whose link is revoked is told
 * the link was withdrawn and leaves the dashboard's waiting banner.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { createAppointmentNow, newCallContext, openLink } from "./helpers/call_flow.ts";
import { startCall } from "./helpers/call_setup.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** The end screen's text, once it shows. */
async function endScreenText(page: Page): Promise<string> {
  const end = page.getByTestId("end-screen");
  await end.waitFor({ timeout: 10_000 });
  return await end.innerText();
}

Deno.test({
  name: "browser: cancelling ends a call on both sides; revoking tells a waiting client why",
  ...opts,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      const call = await startCall(browser, app);
      const clientSockets: string[] = [];
      call.client.on("websocket", (ws) => clientSockets.push(ws.url()));

      // A third tab: the appointment page, where the professional cancels.
      const admin = await call.pro.context().newPage();
      await admin.goto(call.callUrl.replace(/\/call$/, ""));
      // Cancel asks first, with an optional reason for the client.
      await admin.getByRole("link", { name: "Cancel appointment" }).click();
      await admin.getByRole("heading", { name: "Cancel the appointment with Resilient Client?" })
        .waitFor();
      await saveScreenshot(admin, "cancel-confirm");
      await admin.getByLabel("Reason for Resilient Client (optional)").fill(
        "I am unwell today; I will call you.",
      );
      await admin.getByRole("button", { name: "Cancel appointment" }).click();
      await admin.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]+$/);

      const proText = await endScreenText(call.pro);
      assert.match(proText, /The appointment was cancelled/);
      assert.match(proText, /ended for both of you/);
      const clientText = await endScreenText(call.client);
      assert.match(clientText, /The appointment was cancelled/);
      assert.match(clientText, /cancelled this appointment\. Please contact them/);
      await saveScreenshot(call.client, "call-ended-cancelled-client");
      await saveScreenshot(call.pro, "call-ended-cancelled-pro");
      // The client's page, opened again, says so with the reason.
      const clientAgain = await call.clientCtx.newPage();
      await clientAgain.goto(call.client.url());
      await clientAgain.getByTestId("cancel-reason").filter({
        hasText: "I am unwell today; I will call you.",
      }).waitFor();
      await clientAgain.close();

      // A second appointment: the client waits, the professional revokes its link.
      const link = await createAppointmentNow(admin, "Withdrawn Client");
      const dashboard = await call.pro.context().newPage();
      await dashboard.goto(`${app.url}/dashboard`);
      const waiting = await (await newCallContext(browser)).newPage();
      await openLink(waiting, app, link);
      await waiting.getByTestId("join").click();
      await waiting.getByTestId("waiting-room").waitFor();
      const banner = dashboard.getByTestId("waiting-banner").filter({
        hasText: "Withdrawn Client",
      });
      await banner.waitFor();
      // Revoke asks first too, then says to send the new link.
      await admin.getByRole("link", { name: "Revoke and issue a new link" }).click();
      await admin.getByRole("heading", { name: "Revoke Withdrawn Client's link?" }).waitFor();
      await admin.getByRole("button", { name: "Revoke and issue a new link" }).click();
      await admin.getByText("New link — send it again.").waitFor();
      await saveScreenshot(admin, "revoke-new-link");
      const withdrawn = await endScreenText(waiting);
      assert.match(withdrawn, /This link was withdrawn/);
      assert.match(withdrawn, /withdrew the link you joined with\. Please ask them/);
      await banner.waitFor({ state: "detached" });
      await saveScreenshot(waiting, "call-ended-link-withdrawn");

      // All of the above took seconds: the cancelled client's page never opened another socket.
      assert.deepEqual(clientSockets, [], "no reconnect after the cancel");
      assert.equal(await call.client.getByTestId("end-screen").isVisible(), true);
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
