/**
 * Issue 18 §5 in real browsers: screen share in a call. The professional shares (headless
 * Chromium picks the entire screen by itself); a guest already in the call and a client who joins
 * while the share runs both receive a second video that is not the professional's camera — the
 * professional's sender of that very transceiver (same mid) carries the getDisplayMedia track —
 * and show it as the large tile with the professional's camera still playing beside it; the
 * professional sees a small preview of what they share on their own tile. Stopping from the bar, and from the browser's own control (the track ends), restores the
 * layout on every side. A browser without getDisplayMedia is offered no share button.
 * Screenshots: test-results/screenshots/share-1366x768-<side>.png.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { formatViolations, wcagViolations } from "./helpers/axe.ts";
import {
  createAppointmentNow,
  newCallContext,
  openLink,
  proFromPrintedLink,
} from "./helpers/call_flow.ts";
import { guestsFrom } from "./helpers/guests.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** Remote camera videos of the page showing frames. */
function waitForCameras(page: Page, n: number) {
  return page.waitForFunction(
    (n) =>
      [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')]
        .filter((v) => v.videoWidth > 0).length === n,
    n,
    { timeout: 30_000, polling: 250 },
  );
}

/** The page shows a shared screen, large, with frames, from `sharer`. */
async function waitForScreen(page: Page, sharer: string) {
  await page.waitForFunction(
    (sharer) => {
      const v = document.querySelector<HTMLVideoElement>(
        `.stage-tiles[data-mode="screen"] .stage-large[data-screen="${sharer}"] ` +
          '[data-testid="screen-video"]',
      );
      return v !== null && v.videoWidth > 0;
    },
    sharer,
    { timeout: 30_000, polling: 250 },
  );
}

/** The layout is back to people only: no screen tile on the page. */
async function waitForNoScreen(page: Page) {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="screen-video"]') === null &&
      document.querySelector('.stage-tiles[data-mode="screen"]') === null,
    undefined,
    { timeout: 15_000, polling: 250 },
  );
}

/**
 * What the receiving page's screen video is, from its peer connections: the mid of the
 * transceiver that receives it, and whether it is the same track as the camera video's.
 */
function receivedScreen(page: Page) {
  return page.evaluate(() => {
    const screen = document.querySelector<HTMLVideoElement>('[data-testid="screen-video"]')!;
    const track = (screen.srcObject as MediaStream).getVideoTracks()[0];
    const cameras = [...document.querySelectorAll<HTMLVideoElement>(
      '[data-testid="remote-video"]',
    )].flatMap((v) => (v.srcObject as MediaStream | null)?.getVideoTracks() ?? []);
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    const t = pcs.flatMap((pc) => pc.getTransceivers())
      .find((t) => t.receiver.track.id === track.id);
    return { mid: t?.mid ?? null, isCamera: cameras.some((c) => c.id === track.id) };
  });
}

/** The label of the track the sharing page sends on the transceiver `mid`, for each peer. */
function sentOnMid(page: Page, mid: string) {
  return page.evaluate((mid) => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    return pcs.filter((pc) => pc.connectionState === "connected")
      .map((pc) => pc.getTransceivers().find((t) => t.mid === mid)?.sender.track?.label ?? null);
  }, mid);
}

async function joinFromLink(browser: Browser, app: { url: string }, link: string, noShare = false) {
  const ctx = await newCallContext(browser);
  if (noShare) {
    // As on most phones.
    await ctx.addInitScript(() => {
      delete (MediaDevices.prototype as { getDisplayMedia?: unknown }).getDisplayMedia;
    });
  }
  const page = await ctx.newPage();
  await openLink(page, app as never, link);
  await page.getByTestId("join").click();
  await page.locator(".call-stage").waitFor();
  return page;
}

Deno.test({
  name: "browser: screen share — a second video, large on every side, late joiner too, stops",
  ...opts,
  async fn(t) {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser({
      args: ["--auto-select-desktop-capture-source=Entire screen"],
    });
    try {
      const pro = await (await newCallContext(browser)).newPage();
      await proFromPrintedLink(pro, app);
      const clientLink = await createAppointmentNow(pro, "Share Client");
      const appointmentUrl = pro.url();
      await pro.getByLabel("Guest's name").fill("Maria Guest");
      await pro.getByLabel("Who they are").fill("interpreter");
      await pro.getByRole("button", { name: "Add guest" }).click();
      await pro.waitForURL(/#guests$/);
      const [guestLink] = guestsFrom(await pro.content());
      // The guest's browser has no getDisplayMedia.
      const guest = await joinFromLink(browser, app, guestLink.link!, true);
      await pro.goto(`${appointmentUrl}/call`);
      await waitForCameras(pro, 1);
      await waitForCameras(guest, 1);

      await t.step("the share button only where getDisplayMedia exists", async () => {
        await pro.getByTestId("share-screen").waitFor();
        assert.equal(await guest.getByTestId("share-screen").count(), 0);
      });

      await t.step("sharing: the guest gets the screen large, the camera still there", async () => {
        const button = pro.getByTestId("share-screen");
        await button.click();
        await pro.getByTestId("sharing-notice").waitFor();
        assert.equal(await button.getAttribute("aria-pressed"), "true");
        await waitForScreen(guest, "pro");
        await waitForCameras(guest, 1);
        const got = await receivedScreen(guest);
        assert.equal(got.isCamera, false, "the screen is not the camera's track");
        assert.ok(got.mid !== null);
        const sent = await sentOnMid(pro, got.mid!);
        assert.equal(sent.length, 1);
        assert.match(sent[0] ?? "", /^screen:/, "the sender's track came from getDisplayMedia");
        // The professional's camera goes on, on its own sender.
        const camera = await pro.evaluate(() =>
          // deno-lint-ignore no-explicit-any
          ((window as any).__pcs as RTCPeerConnection[]).find((pc) =>
            pc.connectionState === "connected"
          )!.getSenders().filter((s) => s.track?.kind === "video").map((s) => s.track!.label)
        );
        assert.equal(camera.length, 2);
        assert.ok(camera.some((l) => !l.startsWith("screen:")), `camera senders: ${camera}`);
        // The sharer sees what they share, small, on their own tile.
        await pro.waitForFunction(() =>
          (document.querySelector(
            '.stage-self [data-testid="self-screen-video"]',
          ) as HTMLVideoElement | null)?.videoWidth! > 0
        );
      });

      let client = pro;
      await t.step("a client joining during the share gets it too", async () => {
        client = await joinFromLink(browser, app, clientLink);
        await waitForCameras(client, 2);
        await waitForScreen(client, "pro");
        assert.equal((await receivedScreen(client)).isCamera, false);
        await pro.setViewportSize({ width: 1366, height: 768 });
        await client.setViewportSize({ width: 1366, height: 768 });
        await client.getByRole("group", { name: "Dr. Ada Lovelace's screen" }).waitFor();
        // The large tile is the screen's, and wider than any camera tile.
        const sizes = await client.evaluate(() => {
          const w = (sel: string) =>
            [...document.querySelectorAll(sel)].map((el) => el.getBoundingClientRect().width);
          return {
            screen: w(".stage-screen")[0],
            cameras: w(".stage-cell:not(.stage-screen)"),
            scroll: document.documentElement.scrollHeight <= innerHeight,
          };
        });
        assert.ok(sizes.cameras.every((c) => c < sizes.screen / 2), JSON.stringify(sizes));
        assert.ok(sizes.scroll, "the stage does not scroll");
        const violations = await wcagViolations(client);
        assert.deepEqual(violations.map((v) => v.id), [], formatViolations(violations));
        console.log(await saveScreenshot(client, "share-1366x768-client"));
        console.log(await saveScreenshot(pro, "share-1366x768-pro"));
        console.log(await saveScreenshot(guest, "share-1280x720-guest"));
      });

      await t.step("stop from the bar: the layout comes back on every side", async () => {
        await pro.getByTestId("share-screen").click();
        assert.equal(await pro.getByTestId("share-screen").getAttribute("aria-pressed"), "false");
        await pro.getByTestId("self-screen").waitFor({ state: "detached" });
        for (const page of [guest, client]) {
          await waitForNoScreen(page);
          await waitForCameras(page, 2);
        }
      });

      await t.step("stop from the browser's own control (the track ends)", async () => {
        await pro.getByTestId("share-screen").click();
        for (const page of [guest, client]) await waitForScreen(page, "pro");
        await pro.evaluate(() => {
          // deno-lint-ignore no-explicit-any
          for (const pc of (window as any).__pcs as RTCPeerConnection[]) {
            for (const s of pc.getSenders()) {
              if (s.track?.label.startsWith("screen:")) {
                s.track.stop();
                s.track.dispatchEvent(new Event("ended"));
                return;
              }
            }
          }
        });
        await pro.getByTestId("sharing-notice").waitFor({ state: "detached" });
        assert.equal(await pro.getByTestId("share-screen").getAttribute("aria-pressed"), "false");
        await pro.getByTestId("self-screen").waitFor({ state: "detached" });
        for (const page of [guest, client]) {
          await waitForNoScreen(page);
          await waitForCameras(page, 2);
        }
      });
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
