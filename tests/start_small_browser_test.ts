/**
 * A camera starts at half size and goes to full size once its connection has been up a while
 * (call/sender_bitrate.ts START_SMALL_MS): at 1280×720 on a new connection's 300 kbit/s estimate
 * libwebrtc drops the first frames, and the other side saw the first one later. System Chromium,
 * fake devices, the professional joining from the dashboard (the answering side) and the client
 * (the offering side): each side's first remote frame is 640 wide, and the picture becomes
 * 1280×720 on both.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser } from "./helpers/browser.ts";
import {
  createAppointmentNow,
  newCallContext,
  openLink,
  proFromPrintedLink,
} from "./helpers/call_flow.ts";
import { START_SMALL_MS } from "../call/sender_bitrate.ts";

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
  name: "browser: each camera's first frames go at half size, then at full size",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      const proCtx = await newCallContext(browser);
      await proCtx.addInitScript(RECORD_FIRST_WIDTH);
      const pro = await proCtx.newPage();
      await proFromPrintedLink(pro, app);
      const link = await createAppointmentNow(pro, "Small Start");
      await pro.goto(`${app.url}/dashboard`);
      const clientCtx = await newCallContext(browser);
      await clientCtx.addInitScript(RECORD_FIRST_WIDTH);
      const client = await clientCtx.newPage();
      await openLink(client, app, link);
      await client.getByTestId("join").click();
      await client.getByTestId("waiting-room").waitFor();
      await pro.getByTestId("waiting-banner").getByRole("link", { name: /Join call/ }).click();

      assert.equal(await firstWidth(pro), 640, "the client's camera arrives at half size first");
      assert.equal(await firstWidth(client), 640, "so does the professional's");
      await remoteWidth(pro, 1280);
      await remoteWidth(client, 1280);
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
