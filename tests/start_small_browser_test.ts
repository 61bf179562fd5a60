/**
 * A camera starts at a quarter size and goes to full size once its connection has been up a while
 * (call/sender_bitrate.ts START_SCALE, START_SMALL_MS): at 1280×720 on a new connection's 300
 * kbit/s estimate libwebrtc drops the first frames, and the other side saw the first one later
 * (at 640×360 still in half the tries). System Chromium, fake devices, the professional joining
 * from the dashboard (the answering side) and the client (the offering side): each side's camera
 * sender is at a quarter size when its connection comes up, its first frame is at most 320 wide,
 * and the picture becomes 1280×720 on both.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { START_SCALE, START_SMALL_MS } from "../call/sender_bitrate.ts";
import { withClientWaiting } from "./helpers/call_setup.ts";

/** Keeps the width of the remote video's first frame in `window.__firstWidth`. */
const RECORD_FIRST_WIDTH = `
  (() => {
    const poll = setInterval(() => {
      const v = document.querySelector('[data-testid="remote-video"]');
      if (v && v.videoWidth > 0) {
        window.__firstWidth = v.videoWidth;
        clearInterval(poll);
      }
    }, 4);
  })();
`;

/**
 * Keeps in `window.__scaleAtConnect` the camera sender's scaleResolutionDownBy when the page's
 * first peer connection comes up: the sender with a video track, or the one the camera is about to
 * go on (a connection answered ahead on the dashboard is up before the camera is); null if none.
 */
const RECORD_SCALE_AT_CONNECT = `
  (() => {
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(...args) {
        super(...args);
        this.addEventListener("connectionstatechange", () => {
          if (this.connectionState !== "connected" || "__scaleAtConnect" in window) return;
          const camera = this.getSenders().find((s) => s.track?.kind === "video") ??
            this.getTransceivers().find((t) => t.receiver.track.kind === "video")?.sender;
          window.__scaleAtConnect = camera
            ? camera.getParameters().encodings[0]?.scaleResolutionDownBy ?? 1
            : null;
        });
      }
    };
  })();
`;

/** The camera sender's scaleResolutionDownBy on the page's newest connection, now. */
const scaleNow = (page: Page) =>
  page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const camera = pcs.at(-1)?.getSenders().find((s) => s.track?.kind === "video");
    return camera?.getParameters().encodings[0]?.scaleResolutionDownBy ?? null;
  });

/** The first remote frame's width, once there is one. */
const firstWidth = (page: Page) =>
  page.waitForFunction(() => (window as { __firstWidth?: number }).__firstWidth, undefined, {
    timeout: 30_000,
  }).then((h) => h.jsonValue() as Promise<number>);

/** Waits until the remote video is `width` wide. */
const remoteWidth = (page: Page, width: number) =>
  page.waitForFunction(
    (w) =>
      document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')?.videoWidth === w,
    width,
    { timeout: START_SMALL_MS + 15_000 },
  );

Deno.test({
  name: "browser: each camera starts at a quarter size, then goes to full size",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const scripts = [RECORD_FIRST_WIDTH, RECORD_SCALE_AT_CONNECT];
    await withClientWaiting({
      clientName: "Small Start",
      initScript: scripts,
      clientInitScript: scripts,
    }, async ({ pro, client, banner }) => {
      await banner.getByRole("link", { name: /Join call/ }).click();

      const widths = [await firstWidth(pro), await firstWidth(client)];
      const scales = await Promise.all(
        [pro, client].map((p) =>
          p.evaluate(() => (window as unknown as { __scaleAtConnect?: number }).__scaleAtConnect)
        ),
      );
      console.log(`first remote frames ${widths.join(" / ")} wide; senders at ${scales}`);
      assert.deepEqual(scales, [START_SCALE, START_SCALE], "both cameras start small");
      for (const w of widths) assert.ok(w > 0 && w <= 320, `first frame at most 320 wide: ${w}`);
      await remoteWidth(pro, 1280);
      await remoteWidth(client, 1280);
      assert.deepEqual([await scaleNow(pro), await scaleNow(client)], [1, 1]);
    });
  },
});
