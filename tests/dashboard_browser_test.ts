/**
 * Issue 3 in a real browser: from the printed dashboard link, create an
 * appointment, copy its client link with the island, open it in a second
 * browser context and see the appointment page. Neither address bar keeps
 * its token.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";

Deno.test({
  name: "browser: printed dashboard link → create appointment → copied client link opens",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      const printed = await app.waitForOutput(/Dashboard link: \S+/);
      const dashboardLink = new URL(printed.replace("Dashboard link: ", ""));
      const proContext = await browser.newContext({ timezoneId: "Europe/Paris" });
      await proContext.grantPermissions(["clipboard-read", "clipboard-write"], {
        origin: app.url,
      });
      const pro = await proContext.newPage();
      await pro.goto(`${app.url}${dashboardLink.pathname}${dashboardLink.search}`);
      await pro.waitForURL(`${app.url}/dashboard`);
      assert.ok(!pro.url().includes("token"), "token left the professional's address bar");
      await pro.getByRole("heading", { name: "Your appointments" }).waitFor();
      // The demo appointment from the first start is listed.
      await pro.getByRole("cell", { name: "Demo Client", exact: true }).waitFor();
      await saveScreenshot(pro, "dashboard");

      await pro.getByLabel("Client's name").fill("Browser Client");
      await pro.getByLabel(/Duration/).fill("30");
      await pro.getByText("Times are in Europe/Paris time.").waitFor();
      await pro.getByRole("button", { name: "Create appointment" }).click();
      await pro.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]+$/, { timeout: 5000 }).catch(
        async (e) => {
          await saveScreenshot(pro, "create-appointment-failed");
          throw e;
        },
      );
      await pro.getByRole("heading", { name: "Appointment with Browser Client" }).waitFor();
      const copyButton = pro.getByRole("button", { name: "Copy client link" });
      // Enabled once its island has hydrated (the server's HTML has it disabled).
      await pro.waitForFunction(() =>
        [...document.querySelectorAll("button")].some((b) =>
          b.textContent === "Copy client link" && !b.disabled
        )
      );
      await copyButton.click();
      await pro.getByText("Copied").waitFor();
      const copied = await pro.evaluate(() => navigator.clipboard.readText());
      assert.match(copied, /\/join-video\?token=/);
      await saveScreenshot(pro, "appointment-details");

      const clientContext = await browser.newContext();
      const client = await clientContext.newPage();
      const link = new URL(copied);
      await client.goto(`${app.url}${link.pathname}${link.search}`);
      await client.waitForURL(/\/appointments\/[0-9a-f-]+$/);
      assert.ok(!client.url().includes("token"), "token left the client's address bar");
      await client.getByRole("heading", { name: /Your appointment with Dr. Ada Lovelace/ })
        .waitFor();
      await saveScreenshot(client, "client-appointment-page");
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
