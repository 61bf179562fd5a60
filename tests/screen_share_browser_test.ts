/**
 * Screen sharing in headless Chromium, which fakes the capture with
 * `--use-fake-ui-for-media-stream --auto-select-desktop-capture-source="Entire screen"`: a share
 * gives a video track of the screen marked "detail"; it ends from our button or from the
 * browser's control, reported once either way; no getDisplayMedia, no share. The app's own pages
 * allow display-capture in their Permissions-Policy, and a share really starts on them.
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./helpers/browser.ts";
import { openModulePage } from "./helpers/module_page.ts";
import { startApp } from "./helpers/app_process.ts";
import { PERMISSIONS_POLICY } from "../routes/_middleware.ts";
import type { SharePage } from "./helpers/screen_share_page.ts";

declare global {
  var share: SharePage;
}

const opts = { sanitizeOps: false, sanitizeResources: false };

/** Headless Chromium that picks the entire screen in getDisplayMedia's picker by itself. */
const launchWithScreen = () =>
  launchBrowser({ args: ["--auto-select-desktop-capture-source=Entire screen"] });

const PAGE = new URL("./helpers/screen_share_page.ts", import.meta.url);

Deno.test({
  name: "browser: a screen share is a 'detail' screen track; stopped or ended, reported once",
  ...opts,
  async fn() {
    const browser = await launchWithScreen();
    const mp = await openModulePage(browser, PAGE, "share");
    const { page } = mp;
    try {
      assert.equal(await page.evaluate(() => share.canShare()), true);
      const started = await page.evaluate(() => share.start());
      assert.equal(started.ok, true, JSON.stringify(started));
      const s = await page.evaluate(() => share.state());
      assert.equal(s.kind, "video");
      assert.match(s.label!, /^screen:/, "the track comes from getDisplayMedia, not the camera");
      assert.equal(s.contentHint, "detail");
      assert.equal(s.displaySurface, "monitor");
      assert.ok(s.width! > 0);
      assert.equal(s.sharing, true);

      // A second start while sharing keeps the same share.
      assert.equal((await page.evaluate(() => share.start())).ok, true);

      // Our button: the track stops, reported once; stopping again reports nothing.
      await page.evaluate(() => share.stop());
      await page.evaluate(() => share.stop());
      let after = await page.evaluate(() => share.state());
      assert.deepEqual(after.ends, ["stopped"]);
      assert.equal(after.readyState, "ended");
      assert.equal(after.sharing, false);

      // The browser's control ends the track: reported once, as "ended"; our button after it
      // does nothing more.
      assert.equal((await page.evaluate(() => share.start())).ok, true);
      await page.evaluate(() => share.browserStops());
      await page.evaluate(() => share.stop());
      after = await page.evaluate(() => share.state());
      assert.deepEqual(after.ends, ["stopped", "ended"]);
      assert.equal(after.sharing, false);
      assert.deepEqual(mp.errors, []);
    } finally {
      await mp.close();
      await browser.close();
    }
  },
});

Deno.test({
  name: "browser: where getDisplayMedia does not exist there is no share",
  ...opts,
  async fn() {
    const browser = await launchWithScreen();
    const ctx = await browser.newContext();
    // As on most phones.
    await ctx.addInitScript(() => {
      delete (MediaDevices.prototype as { getDisplayMedia?: unknown }).getDisplayMedia;
    });
    const mp = await openModulePage(ctx, PAGE, "share");
    try {
      assert.equal(await mp.page.evaluate(() => share.canShare()), false);
      assert.deepEqual(await mp.page.evaluate(() => share.start()), {
        ok: false,
        reason: "unsupported",
      });
    } finally {
      await mp.close();
      await browser.close();
    }
  },
});

Deno.test({
  name: "browser: the app's pages allow display-capture for their own origin, and a share starts",
  ...opts,
  async fn() {
    const app = await startApp();
    const browser = await launchWithScreen();
    try {
      const res = await fetch(`${app.url}/`);
      await res.body?.cancel();
      const policy = res.headers.get("permissions-policy") ?? "";
      assert.equal(policy, PERMISSIONS_POLICY);
      assert.match(policy, /(^|, )display-capture=\(self\)(,|$)/);
      assert.match(policy, /(^|, )geolocation=\(\)(,|$)/, "what we do not use stays off");

      const page = await browser.newPage();
      await page.goto(`${app.url}/`);
      const outcome = await page.evaluate(async () => {
        try {
          const stream = await navigator.mediaDevices.getDisplayMedia({ video: true });
          const label = stream.getVideoTracks()[0].label;
          stream.getTracks().forEach((t) => t.stop());
          return label;
        } catch (err) {
          return `refused: ${(err as Error).name}`;
        }
      });
      assert.match(outcome, /^screen:/);
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
