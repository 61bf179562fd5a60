/**
 * Issue 17 §2 and §4 in a real browser, the page side: the professional adds a guest on the
 * appointment page, copies the guest's own link with the island and the guest opens it in a
 * context of their own (their page, token gone from the address bar); a withdrawn link shows
 * the refusal. Then an instant call: its copied link asks a visitor's name and shows the
 * call page, where they knock (tests/knock_browser_test.ts lets them in or not).
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { addProfessional } from "./helpers/pro.ts";
import { testSecret } from "./helpers/tokens.ts";
import type { BrowserContext, Page } from "playwright-core";

async function copiedLink(page: Page, button: string): Promise<string> {
  await page.getByRole("button", { name: button }).click();
  await page.getByText("Copied").first().waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /\/join-video\?token=/);
  return copied;
}

async function openLink(context: BrowserContext, base: string, link: string): Promise<Page> {
  const page = await context.newPage();
  const u = new URL(link);
  await page.goto(`${base}${u.pathname}${u.search}`);
  return page;
}

Deno.test({
  name: "browser: the professional adds a guest, the guest's link opens their page; instant call",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const secret = testSecret();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-guests-browser-" });
    const token = await addProfessional(dataDir, "Dr. Ada Browser", { LINK_SECRET: secret });
    const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
    const browser = await launchBrowser();
    try {
      const proContext = await browser.newContext({ timezoneId: "UTC" });
      await proContext.grantPermissions(["clipboard-read", "clipboard-write"], {
        origin: app.url,
      });
      const pro = await proContext.newPage();
      await pro.goto(`${app.url}/pro-link?token=${token}`);
      await pro.waitForURL(`${app.url}/dashboard`);
      // The form's default start is the next quarter hour: the appointment is open now.
      await pro.getByLabel("Client's name").fill("Browser Client");
      await pro.getByRole("button", { name: "Create appointment" }).click();
      await pro.getByRole("heading", { name: "Appointment with Browser Client" }).waitFor();

      await pro.getByLabel("Guest's name").fill("Maria Browser");
      await pro.getByLabel("Who they are").fill("interpreter");
      await pro.getByRole("button", { name: "Add guest" }).click();
      await pro.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]+#guests$/);
      await pro.getByText("3 of 4 places in the call taken").waitFor();
      const guestLink = await copiedLink(pro, "Copy Maria Browser's link");
      await saveScreenshot(pro, "guests-appointment-page");

      const guestContext = await browser.newContext();
      const guest = await openLink(guestContext, app.url, guestLink);
      await guest.waitForURL(/\/appointments\/[0-9a-f-]+$/);
      assert.ok(!guest.url().includes("token"), "token left the guest's address bar");
      await guest.getByRole("heading", { name: "Appointment with Dr. Ada Browser" }).waitFor();
      await guest.getByTestId("join").waitFor(); // an invited guest gets the pre-call check
      await saveScreenshot(guest, "guest-page");

      await pro.getByRole("button", { name: "Withdraw link" }).click();
      await pro.waitForURL(/#guests$/);
      await guest.reload();
      await guest.getByRole("heading", { name: "This link no longer works" }).waitFor();
      await guest.getByText(/replaced by a newer one/).waitFor();
      await saveScreenshot(guest, "guest-link-withdrawn");

      await pro.goto(`${app.url}/dashboard`);
      await pro.getByRole("button", { name: "Start an instant call" }).click();
      await pro.getByRole("heading", { name: "Instant call" }).waitFor();
      const callLink = await copiedLink(pro, "Copy call link");
      const visitorContext = await browser.newContext();
      const visitor = await openLink(visitorContext, app.url, callLink);
      await visitor.waitForURL(/\/knock$/);
      await visitor.getByRole("heading", { name: "Join the call with Dr. Ada Browser" }).waitFor();
      await visitor.getByRole("button", { name: "Ask to join" }).click();
      await visitor.getByText("Please enter a name.").waitFor();
      await visitor.getByLabel("Your name").fill("Vic Visitor");
      await visitor.getByRole("button", { name: "Ask to join" }).click();
      await visitor.waitForURL(/\/appointments\/[0-9a-f-]+$/);
      await visitor.getByTestId("join").click(); // the pre-call check, then the knock
      await visitor.locator('[data-testid="waiting-room"][data-knocking="1"]').waitFor();
      await saveScreenshot(visitor, "visitor-knocking");
      await pro.reload();
      await pro.locator("li.guest").getByText("Vic Visitor").waitFor();
      await pro.getByText(/not let in yet/).waitFor();
    } finally {
      await browser.close();
      await app.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
