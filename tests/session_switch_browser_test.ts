/**
 * Issue 16, finding 6a in a real browser: another site sends a professional
 * signed in as Ada to Bob's dashboard link. Chromium shows the question, the
 * session stays Ada's, the attacker's own auto-posted confirmation is refused,
 * and the page's own "Switch" button does switch.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { testSecret } from "./helpers/tokens.ts";

Deno.test({
  name: "browser: a cross-site link to another dashboard asks; only the page's button switches",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const secret = testSecret();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-switch-browser-" });
    const ada = await addProfessional(dataDir, "Dr. Ada Switch", { LINK_SECRET: secret });
    const bob = await addProfessional(dataDir, "Dr. Bob Other", { LINK_SECRET: secret });
    const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
    // The attacker's site: another origin, with a link and a self-submitting forged confirmation.
    const attacker = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
      const html = new URL(req.url).pathname === "/post"
        ? `<form id="f" method="post" action="${app.url}/pro-link">
             <input name="token" value="${bob}"><input name="csrf" value="${"A".repeat(43)}">
           </form><script>document.getElementById("f").submit()</script>`
        : `<a id="go" href="${app.url}/pro-link?token=${bob}">See the cute cat</a>`;
      return new Response(html, { headers: { "content-type": "text/html" } });
    });
    const evil = `http://127.0.0.1:${attacker.addr.port}`;
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${app.url}/pro-link?token=${ada}`);
      await page.getByText("Signed in as Dr. Ada Switch").waitFor();

      await page.goto(`${evil}/`);
      await page.click("#go");
      await page.getByRole("heading", { name: "Switch dashboards?" }).waitFor();
      await page.getByText("You are signed in as Dr. Ada Switch").waitFor();
      assert.equal(new URL(page.url()).pathname, "/pro-link");
      await saveScreenshot(page, "switch-dashboards-question");

      await page.goto(`${evil}/post`);
      await page.getByRole("heading", { name: "This question has expired" }).waitFor();
      await page.goto(`${app.url}/dashboard`);
      await page.getByText("Signed in as Dr. Ada Switch").waitFor();

      await page.goto(`${evil}/`);
      await page.click("#go");
      await page.getByRole("button", { name: "Switch to Dr. Bob Other" }).click();
      await page.waitForURL(`${app.url}/dashboard`);
      await page.getByText("Signed in as Dr. Bob Other").waitFor();
    } finally {
      await browser.close();
      await attacker.shutdown();
      await app.stop();
    }
  },
});
