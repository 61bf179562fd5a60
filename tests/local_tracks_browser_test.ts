/**
 * When local tracks go into a call's peer connection (system Chromium, fake devices): a camera or
 * microphone switched mid-call replaces the sender's track with no renegotiation, on the offering
 * client and on the answering professional; a professional's camera that comes up after their
 * answer went out is sent on the answered connection, again with no renegotiation; the video
 * sender is capped at the per-peer bitrate.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser } from "./helpers/browser.ts";
import {
  createAppointmentNow,
  inboundBytes,
  newCallContext,
  openCallSettings,
  openLink,
  proFromPrintedLink,
  waitForBytesToGrow,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";
import { withCall } from "./helpers/call_setup.ts";
import { videoBitrateFor } from "../call/sender_bitrate.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** Counts each peer connection's offers, made or received (`__offers`, beside `__pcs`). */
const COUNT_OFFERS = `
  (() => {
    const Recorded = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Recorded {
      constructor(...args) {
        super(...args);
        this.__offers = 0;
        this.addEventListener("signalingstatechange", () => {
          if (this.signalingState.startsWith("have-")) this.__offers++;
        });
      }
    };
  })();
`;

type Pc = RTCPeerConnection & { __offers: number };

/** Starts counting the offers of the page's newest peer connection from now. */
const countOffersFromNow = (page: Page) =>
  page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: Pc[] }).__pcs;
    const pc = pcs[pcs.length - 1];
    pc.__offers = 0;
    pc.addEventListener("signalingstatechange", () => {
      if (pc.signalingState.startsWith("have-")) pc.__offers++;
    });
  });

/** The page's peer connections: how many, and the newest one's offers and descriptions. */
const negotiation = (page: Page) =>
  page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: Pc[] }).__pcs;
    const pc = pcs[pcs.length - 1];
    return {
      pcs: pcs.length,
      offers: pc.__offers,
      local: pc.localDescription?.sdp,
      remote: pc.remoteDescription?.sdp,
    };
  });

/** Facts about the newest peer connection's sender of `kind` and the self view. */
const sender = (page: Page, kind: "audio" | "video") =>
  page.evaluate((kind) => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const s = pcs[pcs.length - 1].getSenders().find((s) => s.track?.kind === kind);
    const self = document.querySelector<HTMLVideoElement>('[data-testid="self-video"]');
    const shown = (self?.srcObject as MediaStream | null)?.getTracks().find((t) => t.kind === kind);
    return {
      deviceId: s?.track?.getSettings().deviceId,
      live: s?.track?.readyState === "live",
      selfViewShowsIt: shown !== undefined && shown === s?.track,
      maxBitrate: s?.getParameters().encodings[0]?.maxBitrate,
    };
  }, kind);

/**
 * Picks another device in `select` and waits until the sender carries it; returns the device id.
 * Chromium's fake_device_1 is a Y16 depth camera whose frames no encoder takes: never chosen.
 */
async function switchTo(page: Page, select: string, kind: "audio" | "video"): Promise<string> {
  // The replaced track, to check it is stopped once the new one is in.
  await page.evaluate((kind) => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const w = window as unknown as { __replaced?: MediaStreamTrack | null };
    w.__replaced = pcs[pcs.length - 1].getSenders().find((s) => s.track?.kind === kind)?.track;
  }, kind);
  const current = (await sender(page, kind)).deviceId;
  const options = await page.locator(`${select} option`).evaluateAll((os) =>
    os.map((o) => ({ id: (o as HTMLOptionElement).value, label: o.textContent ?? "" }))
  );
  const target = options.find((o) => o.id !== current && o.label !== "fake_device_1")!.id;
  await openCallSettings(page);
  await page.locator(select).selectOption(target);
  await page.waitForFunction(([kind, target]) => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const s = pcs[pcs.length - 1].getSenders().find((s) => s.track?.kind === kind);
    const replaced = (window as unknown as { __replaced: MediaStreamTrack }).__replaced;
    return s?.track?.getSettings().deviceId === target && replaced.readyState === "ended";
  }, [kind, target]);
  return target;
}

Deno.test({
  name:
    "browser: camera and microphone switched mid-call replace the senders' tracks, no renegotiation",
  ...opts,
  fn: () =>
    withCall(async ({ pro, client }) => {
      for (const page of [pro, client]) await countOffersFromNow(page);
      const before = { pro: await negotiation(pro), client: await negotiation(client) };
      const bps = videoBitrateFor(1);
      for (const page of [pro, client]) {
        assert.equal((await sender(page, "video")).maxBitrate, bps, "video capped for one peer");
      }

      // The client offered; the professional answered into the offered transceivers.
      for (const [page, other] of [[client, pro], [pro, client]]) {
        const camera = await switchTo(page, "#cam-select", "video");
        const video = await sender(page, "video");
        assert.equal(video.deviceId, camera);
        assert.ok(video.live && video.selfViewShowsIt, "the self view shows the new camera");
        assert.equal(video.maxBitrate, bps, "the cap stays on the sender");
        await waitForBytesToGrow(other, await inboundBytes(other, "video"));
        assert.ok(await waitForRemoteVideo(other) > 0);

        const mic = await switchTo(page, "#mic-select", "audio");
        assert.equal((await sender(page, "audio")).deviceId, mic);
        await waitForBytesToGrow(other, await inboundBytes(other, "audio"));
      }

      const after = { pro: await negotiation(pro), client: await negotiation(client) };
      for (const side of ["pro", "client"] as const) {
        assert.equal(after[side].pcs, before[side].pcs, `${side}: no new connection`);
        assert.equal(after[side].local, before[side].local, `${side}: same local description`);
        assert.equal(after[side].remote, before[side].remote, `${side}: same remote description`);
        assert.equal(after[side].offers, 0, `${side}: no offer made or received`);
      }
    }),
});

/** Holds every getUserMedia call of the page for `ms` (a slow camera). */
const slowCamera = (ms: number) => `
  (() => {
    const md = navigator.mediaDevices;
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = (c) => new Promise((r) => setTimeout(r, ${ms})).then(() => gum(c));
  })();
`;

/** Start time of the page's `frontdesk:<step>` mark, or null. */
const markAt = (page: Page, step: string) =>
  page.evaluate(
    (name) => performance.getEntriesByName(name, "mark")[0]?.startTime ?? null,
    `frontdesk:${step}`,
  );

Deno.test({
  name:
    "browser: a camera that comes up after the answer is sent on that connection, no renegotiation",
  ...opts,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      const proCtx = await newCallContext(browser);
      await proCtx.addInitScript(COUNT_OFFERS);
      await proCtx.addInitScript(slowCamera(8_000));
      const pro = await proCtx.newPage();
      await proFromPrintedLink(pro, app);
      const link = await createAppointmentNow(pro, "Late Camera Client");
      const callUrl = pro.url() + "/call";
      const clientCtx = await newCallContext(browser);
      await clientCtx.addInitScript(COUNT_OFFERS);
      const client = await clientCtx.newPage();
      await openLink(client, app, link);
      await client.getByTestId("join").click();
      await client.getByTestId("waiting-room").waitFor();

      await pro.goto(callUrl);
      // The client's offer was held for the professional and answered before the camera was up.
      assert.ok(await waitForRemoteVideo(pro) > 0);
      const answeredAt = await markAt(pro, "answer");
      assert.notEqual(answeredAt, null);
      assert.equal(await markAt(pro, "media"), null, "answered while the camera was starting");

      // The camera comes up and goes into the answered transceivers.
      await pro.waitForFunction(() => performance.getEntriesByName("frontdesk:media").length > 0);
      assert.ok(answeredAt! < (await markAt(pro, "media"))!);
      await pro.waitForFunction(() => {
        const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
        const kinds = pcs[0].getSenders().map((s) => s.track?.kind).sort();
        return kinds.join() === "audio,video";
      });
      assert.ok(await waitForRemoteVideo(client) > 0);
      for (const kind of ["video", "audio"] as const) {
        await waitForBytesToGrow(client, await inboundBytes(client, kind));
      }
      assert.equal((await sender(pro, "video")).maxBitrate, videoBitrateFor(1));

      for (const page of [pro, client]) {
        const n = await negotiation(page);
        assert.equal(n.pcs, 1, "one connection");
        assert.equal(n.offers, 1, "the first offer only: no renegotiation");
      }
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
