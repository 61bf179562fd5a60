/**
 * Issue 19 §1 in a real browser with a real SMTP receiver on loopback: a professional asks for
 * a sign-in link at /login, opens the emailed link and lands on the dashboard; "Sign out" then
 * Back shows the signed-out page, not the dashboard; "Sign out everywhere" in one browser ends
 * another browser's session. axe-core checks the new pages.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { formatViolations, wcagViolations } from "./helpers/axe.ts";
import { signInLinkFrom, startSmtpReceiver } from "./helpers/smtp_receiver.ts";
import { testSecret } from "./helpers/tokens.ts";

const ADA = "ada.signin@example.com";

async function assertAccessible(page: Page, what: string) {
  const violations = await wcagViolations(page);
  assert.equal(violations.length, 0, `${what}: ${formatViolations(violations)}`);
}

Deno.test({
  name: "browser: sign in by emailed link; sign out then Back; sign out everywhere",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const secret = testSecret();
    const smtp = await startSmtpReceiver();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-signin-browser-" });
    await addProfessional(dataDir, "Dr. Ada Signin", { LINK_SECRET: secret }, ADA);
    const app = await startApp({
      dataDir,
      env: { LINK_SECRET: secret, SMTP_URL: smtp.url, MAIL_FROM: "desk@example.org" },
    });
    const browser = await launchBrowser();
    /** Signs `page` in through the form and the emailed link. */
    const signIn = async (page: Page, shots: boolean) => {
      const before = smtp.mails.length;
      await page.goto(`${app.url}/`);
      await page.getByRole("link", { name: "Sign in" }).first().click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      if (shots) {
        await assertAccessible(page, "/login");
        await saveScreenshot(page, "sign-in-form");
      }
      await page.getByLabel("Email address").fill("Ada.Signin@Example.com");
      await page.getByRole("button", { name: "Email me a sign-in link" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor();
      if (shots) {
        await assertAccessible(page, "/login sent");
        await saveScreenshot(page, "sign-in-sent");
      }
      const mail = await smtp.waitForMail((m) => m.to.includes(ADA), before);
      await page.goto(signInLinkFrom(mail).replace(/^http:\/\/localhost:/, "http://127.0.0.1:"));
      await page.getByRole("heading", { name: "Sign in to Frontdesk" }).waitFor();
      if (shots) await assertAccessible(page, "/login/link");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText("Signed in as Dr. Ada Signin").waitFor();
      assert.equal(new URL(page.url()).pathname, "/dashboard", "the token left the address bar");
    };
    try {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, true);
      await page.getByRole("heading", { name: "Your appointments" }).waitFor();
      await assertAccessible(page, "dashboard with the sign-out buttons");

      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await page.getByRole("heading", { name: "You are signed out" }).waitFor();
      await assertAccessible(page, "/signed-out");
      await saveScreenshot(page, "signed-out");
      await page.goBack();
      await page.getByRole("heading", { name: "You are signed out" }).waitFor();
      assert.equal(new URL(page.url()).pathname, "/dashboard");
      assert.equal(await page.getByText("Your appointments").count(), 0, "no dashboard on Back");
      await saveScreenshot(page, "signed-out-after-back");

      // Two browsers signed in; "Sign out everywhere" in one ends the other's session.
      await signIn(page, false);
      const other = await (await browser.newContext()).newPage();
      await signIn(other, false);
      await other.locator('.live-appointments[data-live="on"]').waitFor();
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      await page.getByText("You are signed out in every browser").waitFor();
      // The other browser's open dashboard hears it at once (4009), without a reload.
      await other.getByTestId("signed-out").getByText("You signed out everywhere").waitFor();
      assert.equal(
        await other.locator(".live-appointments").getAttribute("data-live"),
        "off",
        "the live list stops (no reconnect)",
      );
      await saveScreenshot(other, "signed-out-everywhere-live-dashboard");
      await other.reload();
      await other.getByRole("heading", { name: "Please sign in" }).waitFor();
      await other.getByText("signed out everywhere").waitFor();
      await assertAccessible(other, "refused session");
      await saveScreenshot(other, "signed-out-everywhere-other-browser");
      await other.getByRole("link", { name: "Sign in" }).click();
      await other.getByRole("heading", { name: "Sign in" }).waitFor();
    } finally {
      await browser.close();
      await app.stop();
      await smtp.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "browser: an admin's team page adds a professional and is accessible at two sizes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const secret = testSecret();
    const smtp = await startSmtpReceiver();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-team-browser-" });
    const token = await addProfessional(
      dataDir,
      "Dr. Admin Browser",
      { LINK_SECRET: secret },
      "admin.browser@example.com",
      ["--admin"],
    );
    const app = await startApp({
      dataDir,
      env: { LINK_SECRET: secret, SMTP_URL: smtp.url, MAIL_FROM: "desk@example.org" },
    });
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } }))
        .newPage();
      await page.goto(`${app.url}/pro-link?token=${token}`);
      await page.getByRole("link", { name: "Team" }).click();
      await page.getByRole("heading", { name: "Team" }).waitFor();
      await page.getByLabel("Name").fill("Grace Hopper");
      await page.getByLabel("Email address").fill("grace.browser@example.org");
      await page.getByRole("button", { name: "Add and invite" }).click();
      await page.getByText("an invitation is on its way to grace.browser@example.org").waitFor();
      await smtp.waitForMail((m) => m.to.includes("grace.browser@example.org"));
      await assertAccessible(page, "/dashboard/team");
      await saveScreenshot(page, "team-1366");
      await page.setViewportSize({ width: 390, height: 844 });
      await saveScreenshot(page, "team-390");
      await page.getByRole("button", { name: "Deactivate Grace Hopper" }).click();
      await page.getByRole("cell", { name: "Deactivated" }).waitFor();
      await assertAccessible(page, "/dashboard/team after deactivating");
    } finally {
      await browser.close();
      await app.stop();
      await smtp.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
