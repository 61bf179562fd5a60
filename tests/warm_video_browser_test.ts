/**
 * Warm videos (call/warm_video.ts), system Chromium, fake devices: while a client waits, the
 * dashboard plays the connection answered ahead in a muted `<video>` that is not in the page;
 * at "Join call" the client's tile is that very element (unmuted, with the tile's attributes,
 * showing frames), the element rendered for the tile stays hidden and unnamed, and nothing of it
 * is left in the page once the call ends.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { saveScreenshot } from "./helpers/browser.ts";
import { endForEveryone, waitForRemoteVideo } from "./helpers/call_flow.ts";
import { withClientWaiting } from "./helpers/call_setup.ts";

/** Each `<video>` the page plays is kept in `window.__played`, with whether it was in the page. */
const RECORD_PLAYED = `
  (() => {
    window.__played = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      if (!window.__played.some((p) => p.el === this)) {
        window.__played.push({ el: this, inPage: this.isConnected, muted: this.muted });
      }
      return play.call(this);
    };
  })();
`;

type Played = { el: HTMLVideoElement; inPage: boolean; muted: boolean };

/** The videos played so far that had a stream with a video track, as seen then. */
const warmOnes = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __played: Played[] }).__played
      .filter((p) => (p.el.srcObject as MediaStream | null)?.getVideoTracks().length)
      .map((p) => ({ inPage: p.inPage, muted: p.muted }))
  );

Deno.test({
  name: "browser: the client's tile is the video the dashboard played ahead",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withClientWaiting({
      clientName: "Warm Client",
      initScript: RECORD_PLAYED,
    }, async ({ pro, client, banner }) => {
      await pro.waitForFunction(
        () => (window as unknown as { __played: Played[] }).__played.length > 0,
        undefined,
        { timeout: 15_000 },
      );
      const before = await warmOnes(pro);
      assert.deepEqual(before, [{ inPage: false, muted: true }], "one muted video, not shown");
      assert.equal(
        await pro.locator("video:visible").count(),
        0,
        "no video shown in the dashboard",
      );

      await banner.getByRole("link", { name: /Join call/ }).click();
      assert.ok(await waitForRemoteVideo(pro) > 0, "the professional sees the client");
      const tile = await pro.evaluate(() => {
        const played = (window as unknown as { __played: Played[] }).__played;
        const shown = [
          ...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]'),
        ];
        const hidden = [...document.querySelectorAll<HTMLVideoElement>("video.remote")]
          .filter((v) => !shown.includes(v));
        const v = shown[0];
        return {
          shown: shown.length,
          playedAhead: played.findIndex((p) => p.el === v),
          muted: v.muted,
          classes: v.className,
          label: v.getAttribute("aria-label"),
          visible: v.getBoundingClientRect().width > 0,
          hidden: hidden.map((h) => getComputedStyle(h).display),
        };
      });
      assert.equal(tile.shown, 1, "one remote video");
      assert.equal(tile.playedAhead, 0, "the tile shows the video played before the click");
      assert.equal(tile.muted, false, "the client is heard");
      assert.match(tile.classes, /\btile\b.*\bremote\b/);
      assert.match(tile.label ?? "", /Warm Client/);
      assert.ok(tile.visible, "laid out in its tile");
      assert.deepEqual(tile.hidden, ["none"], "the tile's own element stays hidden");
      assert.ok(await waitForRemoteVideo(client) > 0, "the client sees the professional");
      console.log(`screenshot: ${await saveScreenshot(pro, "warm-video-pro")}`);

      await endForEveryone(pro);
      await client.getByTestId("end-screen").waitFor();
      assert.equal(await pro.locator("video.remote").count(), 0, "nothing left in the page");
    });
  },
});
