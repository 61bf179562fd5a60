/**
 * The call for people who cannot or do not use a mouse or a big screen, and
 * for browsers that refuse the camera: permission denied shows plain help,
 * the professional joins and hangs up with the keyboard alone, and both
 * sides are usable 360 px wide.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
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

/** Presses Tab until the focused element matches `name` (an accessible-name regexp). */
async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? (el.getAttribute("aria-label") ?? el.innerText ?? "").trim() : "";
    });
    if (name.test(focused)) return;
  }
  throw new Error(`could not reach ${name} with Tab`);
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client + 1, `page scrolls sideways: ${scroll} > ${client}`);
}

Deno.test({
  name: "browser: permission denied shows help in plain words, not a blank page",
  ...opts,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser({ fakeUi: false });
    try {
      const pro = await (await browser.newContext()).newPage();
      await proFromPrintedLink(pro, app);
      const link = await createAppointmentNow(pro, "Denied Client");
      const ctx = await browser.newContext({ permissions: [] });
      const client = await ctx.newPage();
      await openLink(client, app, link);
      const help = client.getByTestId("media-help");
      await help.waitFor();
      assert.match(await help.innerText(), /not allowed to use your camera and microphone/);
      assert.match(await help.innerText(), /choose Allow, then reload/);
      assert.equal(await client.getByTestId("join").isDisabled(), true);
      await saveScreenshot(client, "call-permission-denied");
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});

Deno.test({
  name: "browser: keyboard only — the professional joins and ends the call; 360 px layouts",
  ...opts,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      const pro = await (await newCallContext(browser)).newPage();
      await proFromPrintedLink(pro, app);
      const link = await createAppointmentNow(pro, "Keyboard Client");
      await pro.goto(`${app.url}/dashboard`);
      const client = await (await newCallContext(browser, {
        viewport: { width: 360, height: 740 },
      })).newPage();
      await openLink(client, app, link);
      await client.getByTestId("join").waitFor();
      await noHorizontalScroll(client);
      await client.getByTestId("join").click();
      await pro.getByTestId("waiting-banner").waitFor();

      await tabTo(pro, /^Join call\s*with Keyboard Client$/);
      await pro.keyboard.press("Enter");
      await pro.waitForURL(/\/call$/);
      assert.ok(await waitForRemoteVideo(pro) > 0);
      assert.ok(await waitForRemoteVideo(client) > 0);
      await noHorizontalScroll(client);
      await saveScreenshot(client, "call-360px-client");

      // Every control has a visible focus ring and an accessible name (the closed confirmation
      // dialog's buttons are not shown, so not focusable).
      const shown = ":is(.controls button, .controls select):not(dialog *)";
      const controls = await pro.locator(shown).evaluateAll((els) =>
        els.map((el) => {
          (el as HTMLElement).focus();
          const style = getComputedStyle(el);
          const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : "";
          return {
            name: (el.getAttribute("aria-label") ?? (el as HTMLElement).innerText ?? "").trim() ||
              (label ?? "").trim(),
            outline: style.outlineStyle !== "none" && style.outlineWidth !== "0px",
          };
        })
      );
      for (const c of controls) {
        assert.ok(c.name.length > 0, "control has an accessible name");
        assert.ok(c.outline, `${c.name} shows focus`);
      }

      await pro.locator("body").focus();
      await tabTo(pro, /^End call for everyone/);
      await pro.keyboard.press("Space");
      await pro.getByTestId("end-confirm").waitFor();
      // The dialog takes focus (Cancel first); End is the next stop.
      await pro.keyboard.press("Tab");
      await pro.keyboard.press("Space");
      await pro.getByTestId("end-screen").waitFor();
      await client.getByTestId("end-screen").waitFor();
      await pro.setViewportSize({ width: 360, height: 740 });
      await pro.goto(`${app.url}/dashboard`);
      await pro.locator('tr:has-text("Keyboard Client") [data-status="completed"]').waitFor();
      await noHorizontalScroll(pro);
      await saveScreenshot(pro, "dashboard-360px");
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
