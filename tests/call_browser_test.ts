/**
 * Issue 5 in real browsers (system Chromium, 3 fake cameras, microphones and
 * speakers; one context for the professional, one for the client): the whole
 * flow from the printed dashboard link to the end screen, with real media.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import {
  createAppointmentNow,
  endForEveryone,
  inboundBytes,
  newCallContext,
  openCallSettings,
  openLink,
  proFromPrintedLink,
  senderTrack,
  tileOf,
  waitForBytesToGrow,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function meterValues(page: Page, samples: number): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    values.push(await page.getByTestId("mic-level").evaluate((m) => (m as HTMLMeterElement).value));
    await page.waitForTimeout(100);
  }
  return values;
}

Deno.test({
  name:
    "browser call: pre-call, waiting room, join, media both ways, mute, switch, end for everyone",
  ...opts,
  async fn(t) {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      const proCtx = await newCallContext(browser);
      const pro = await proCtx.newPage();
      await proFromPrintedLink(pro, app);
      const link = await createAppointmentNow(pro, "Ada Client");
      await pro.goto(`${app.url}/dashboard`);

      const clientCtx = await newCallContext(browser);
      const client = await clientCtx.newPage();

      let preCallSpeaker = "";
      await t.step("pre-call check: preview, a moving level meter, a speaker choice", async () => {
        await openLink(client, app, link);
        await client.getByRole("heading", { name: "Check your camera and microphone" }).waitFor();
        await client.waitForFunction(() => {
          const v = document.querySelector<HTMLVideoElement>('[data-testid="self-video"]');
          return v !== null && v.videoWidth > 0;
        });
        const speakers = await client.locator("#pre-speaker option").evaluateAll((os) =>
          os.map((o) => (o as HTMLOptionElement).value)
        );
        assert.ok(speakers.length >= 2, "several fake speakers");
        preCallSpeaker = speakers[speakers.length - 1];
        await client.locator("#pre-speaker").selectOption(preCallSpeaker);
        const values = await meterValues(client, 15);
        assert.ok(new Set(values).size > 3, `meter moves: ${values.join(",")}`);
        assert.ok(Math.max(...values) > 0, "meter shows sound");
        await saveScreenshot(client, "call-1-precall");
      });

      await t.step("join: the client waits, the dashboard shows the banner", async () => {
        await client.getByTestId("join").click();
        await client.getByTestId("waiting-room").waitFor();
        await client.getByText("Dr. Ada Lovelace will let you in shortly.").waitFor();
        await saveScreenshot(client, "call-2-waiting-room");
        await pro.getByTestId("waiting-banner").waitFor();
        await pro.getByText(/Ada Client is waiting/).waitFor();
        await pro.locator('tr:has-text("Ada Client") [data-status="waiting"]').waitFor();
        assert.match(await pro.title(), /^\(1\) Client waiting/);
        await saveScreenshot(pro, "call-3-dashboard-client-waiting");
      });

      await t.step("the professional joins: video and bytes flow both ways", async () => {
        await pro.getByTestId("waiting-banner").getByRole("link", { name: /Join call/ }).click();
        await pro.waitForURL(/\/call$/);
        assert.ok(await waitForRemoteVideo(pro) > 0);
        assert.ok(await waitForRemoteVideo(client) > 0);
        for (const page of [pro, client]) {
          const before = await inboundBytes(page);
          await waitForBytesToGrow(page, before);
        }
        await client.locator('[data-state="connected"]').waitFor();
        await pro.locator('[data-state="connected"]').waitFor();

        await saveScreenshot(pro, "call-4-in-call-professional");
        await saveScreenshot(client, "call-5-in-call-client");
      });

      await t.step("the speaker chosen before joining plays the call", async () => {
        await client.waitForFunction((target) => {
          const v = document.querySelector('[data-testid="remote-video"]') as
            | (HTMLVideoElement & { sinkId: string })
            | null;
          return v?.sinkId === target;
        }, preCallSpeaker);
        assert.equal(await client.locator("#speaker-select").inputValue(), preCallSpeaker);
      });

      await t.step("microphone off and camera off show on the other side, and back", async () => {
        await client.getByTestId("toggle-mic").click();
        await tileOf(pro, "client").getByTestId("tile-muted").waitFor();
        assert.equal((await senderTrack(client, "audio"))?.enabled, false);
        assert.equal(await client.getByTestId("toggle-mic").getAttribute("aria-pressed"), "true");
        await client.getByTestId("toggle-cam").click();
        await tileOf(pro, "client").getByTestId("tile-initials").waitFor();
        assert.equal((await senderTrack(client, "video"))?.enabled, false);
        await client.getByTestId("toggle-mic").click();
        await client.getByTestId("toggle-cam").click();
        await tileOf(pro, "client").getByTestId("tile-muted").waitFor({ state: "detached" });
        await tileOf(pro, "client").getByTestId("tile-initials").waitFor({ state: "detached" });
        assert.equal((await senderTrack(client, "audio"))?.enabled, true);
        assert.equal((await senderTrack(client, "video"))?.enabled, true);
      });

      await t.step("switching camera replaces the sender's track; frames keep coming", async () => {
        await openCallSettings(client);
        const select = client.locator("#cam-select");
        const options = await select.locator("option").evaluateAll((os) =>
          os.map((o) => ({ id: (o as HTMLOptionElement).value, label: o.textContent ?? "" }))
        );
        assert.equal(options.length, 3, "three fake cameras");
        const current = (await senderTrack(client, "video"))!.deviceId;
        // Chromium's fake_device_1 is a Y16 depth camera whose frames no encoder takes, so the
        // switch goes between fake_device_0 and fake_device_2 (both ordinary colour cameras).
        const target = options.find((o) => o.id !== current && o.label !== "fake_device_1")!.id;
        await select.selectOption(target);
        await client.waitForFunction((target) => {
          // deno-lint-ignore no-explicit-any
          const pcs = (window as any).__pcs as RTCPeerConnection[];
          const t = pcs[pcs.length - 1].getSenders().find((s) => s.track?.kind === "video")?.track;
          return t?.getSettings().deviceId === target;
        }, target);
        const before = await inboundBytes(pro);
        await waitForBytesToGrow(pro, before);
        assert.ok(await waitForRemoteVideo(pro) > 0);
      });

      await t.step("switching speaker sets the remote video's sinkId", async () => {
        await openCallSettings(pro);
        const select = pro.locator("#speaker-select");
        const options = await select.locator("option").evaluateAll((os) =>
          os.map((o) => (o as HTMLOptionElement).value)
        );
        assert.ok(options.length >= 2, "several fake speakers");
        const target = options[options.length - 1];
        await select.selectOption(target);
        await pro.waitForFunction((target) => {
          const v = document.querySelector('[data-testid="remote-video"]') as
            | (HTMLVideoElement & { sinkId: string })
            | null;
          return v?.sinkId === target;
        }, target);
      });

      await t.step(
        "End for everyone asks first (Cancel keeps the call), then ends it on both sides; completed",
        async () => {
          await pro.getByTestId("end-for-everyone").click();
          await pro.getByText("End the appointment for everyone?").waitFor();
          await saveScreenshot(pro, "call-6a-end-confirmation");
          await pro.getByTestId("end-cancel").click();
          await pro.getByTestId("end-confirm").waitFor({ state: "hidden" });
          const before = await inboundBytes(client);
          await waitForBytesToGrow(client, before);
          assert.equal(await client.getByTestId("end-screen").count(), 0, "Cancel kept the call");
          await endForEveryone(pro);
          await client.getByTestId("end-screen").waitFor();
          await client.getByText("Dr. Ada Lovelace ended the appointment.").waitFor();
          await pro.getByTestId("end-screen").waitFor();
          await saveScreenshot(client, "call-6-end-screen-client");
          await saveScreenshot(pro, "call-7-end-screen-professional");
          await pro.getByRole("link", { name: "Back to your dashboard" }).click();
          await pro.locator('tr:has-text("Ada Client") [data-status="completed"]').waitFor();
        },
      );
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
