/**
 * Issue 17 §2 in real browsers: four people in one call — the professional, the client and two
 * guests from their own links, one browser context each — in a full mesh. Guests and the client
 * wait until the professional is in the room; then every page receives three remote videos with
 * bytes growing on each of its three connections (getStats inbound-rtp). One guest leaves: the
 * other three go on; the guest rejoins and all four are in again. A fifth person's link (a guest
 * put straight into the store past the limit, as after `MAX_PARTICIPANTS` was lowered: the
 * appointment page itself never issues one) is refused and their page says the call is full.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { videoEncodingFor } from "../call/sender_bitrate.ts";
import {
  createAppointmentNow,
  newCallContext,
  openLink,
  proFromPrintedLink,
} from "./helpers/call_flow.ts";
import { guestsFrom } from "./helpers/guests.ts";
import { testSecret } from "./helpers/tokens.ts";
import { openSqliteStore } from "../domain/sqlite_store.ts";
import { DB_FILE } from "../app/open_store.ts";
import { signGuestLink } from "../domain/tokens.ts";
import { guestLinkUrl } from "../domain/link_urls.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** Remote video tiles of the page showing frames. */
function playingRemoteVideos(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')]
      .filter((v) => v.videoWidth > 0).length
  );
}

/** Inbound video bytes of each connected peer connection of the page. */
function bytesPerConnection(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const pcs = ((window as any).__pcs as RTCPeerConnection[])
      .filter((pc) => pc.connectionState === "connected");
    return await Promise.all(pcs.map(async (pc) => {
      let bytes = 0;
      (await pc.getStats()).forEach((r) => {
        if (r.type === "inbound-rtp" && r.kind === "video") bytes += r.bytesReceived ?? 0;
      });
      return bytes;
    }));
  });
}

/**
 * The camera sender's encoding on each connected peer connection of the page, waited for until
 * every one of the `n` is as `want` (call/sender_bitrate.ts); then the widest video the page
 * receives (inbound-rtp frameWidth).
 */
async function sendsAndReceives(
  page: Page,
  n: number,
  want: { maxBitrate?: number; scaleResolutionDownBy: number },
): Promise<number> {
  await page.waitForFunction(
    ([n, want]) => {
      // deno-lint-ignore no-explicit-any
      const pcs = ((window as any).__pcs as RTCPeerConnection[])
        .filter((pc) => pc.connectionState === "connected");
      const set = pcs.map((pc) =>
        pc.getSenders().find((s) => s.track?.kind === "video")?.getParameters().encodings[0]
      );
      return set.length === n && set.every((e) =>
        e?.maxBitrate === want.maxBitrate &&
        (e?.scaleResolutionDownBy ?? 1) === want.scaleResolutionDownBy
      );
    },
    [n, want] as const,
    { timeout: 15_000 },
  );
  return await page.evaluate(async () => {
    let widest = 0;
    // deno-lint-ignore no-explicit-any
    for (const pc of (window as any).__pcs as RTCPeerConnection[]) {
      if (pc.connectionState !== "connected") continue;
      (await pc.getStats()).forEach((r) => {
        if (r.type === "inbound-rtp" && r.kind === "video") {
          widest = Math.max(widest, r.frameWidth ?? 0);
        }
      });
    }
    return widest;
  });
}

/** Each peer connection of the page: its state and the kinds of its descriptions. */
function pcStates(page: Page) {
  return page.evaluate(() =>
    // deno-lint-ignore no-explicit-any
    ((window as any).__pcs as RTCPeerConnection[]).filter((pc) => pc.signalingState !== "closed")
      .map((pc) => ({
        connection: pc.connectionState,
        local: pc.localDescription?.type ?? null,
        remote: pc.remoteDescription?.type ?? null,
      }))
  );
}

/**
 * Waits until `page` shows `n` remote videos with frames and has `n` connected connections, each
 * of which receives more video bytes than a moment before.
 */
async function receivesFrom(page: Page, n: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [videos, first] = [await playingRemoteVideos(page), await bytesPerConnection(page)];
    if (videos === n && first.length === n) {
      await page.waitForTimeout(500);
      const later = await bytesPerConnection(page);
      if (later.length === n && later.every((b, i) => b > first[i])) return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${page.url()}: ${videos} remote videos, ${first.length} connections; wanted ${n}`,
      );
    }
    await page.waitForTimeout(250);
  }
}

async function person(browser: Browser, app: { url: string }, link: string): Promise<Page> {
  const page = await (await newCallContext(browser)).newPage();
  await openLink(page, app as never, link);
  await page.getByTestId("join").click();
  await page.getByTestId("waiting-room").waitFor();
  return page;
}

Deno.test({
  name:
    "browser mesh: four people from their own links; each receives three videos; a guest leaves and rejoins",
  ...opts,
  async fn(t) {
    const secret = testSecret();
    const app = await startApp({
      env: { DEMO: "1", SEAT_GRACE_MS: "2000", MAX_PARTICIPANTS: "4", LINK_SECRET: secret },
    });
    const browser = await launchBrowser();
    try {
      const pro = await (await newCallContext(browser)).newPage();
      await proFromPrintedLink(pro, app);
      const clientLink = await createAppointmentNow(pro, "Mesh Client");
      const appointmentUrl = pro.url();
      for (const [name, role] of [["Maria Guest", "interpreter"], ["Tom Guest", "colleague"]]) {
        await pro.getByLabel("Guest's name").fill(name);
        await pro.getByLabel("Who they are").fill(role);
        await pro.getByRole("button", { name: "Add guest" }).click();
        await pro.waitForURL(/#guests$/);
      }
      const links = guestsFrom(await pro.content());
      assert.deepEqual(links.map((g) => g.name), ["Maria Guest", "Tom Guest"]);

      const client = await person(browser, app, clientLink);
      const maria = await person(browser, app, links[0].link!);
      const tom = await person(browser, app, links[1].link!);
      const everyone = [pro, client, maria, tom];

      await t.step(
        "before the professional is in, nobody meets anybody, but every offer is made",
        async () => {
          await maria.waitForTimeout(1_500);
          let offers = 0;
          for (const page of [client, maria, tom]) {
            assert.equal(await playingRemoteVideos(page), 0);
            await page.getByTestId("waiting-room").waitFor();
            const states = await pcStates(page);
            assert.ok(states.every((s) => s.connection !== "connected"), page.url());
            offers += states.filter((s) => s.local === "offer" && s.remote === null).length;
          }
          // Three to the professional, one per pair of the three waiting (client–Maria, client–Tom,
          // Maria–Tom): made while waiting, held by the server until the professional is in.
          assert.equal(
            offers,
            6,
            JSON.stringify(await Promise.all([client, maria, tom].map(pcStates))),
          );
        },
      );

      await t.step("the professional joins: every page receives three videos", async () => {
        const t0 = Date.now();
        await pro.goto(`${appointmentUrl}/call`);
        for (const page of everyone) await receivesFrom(page, 3);
        console.log(`four people in the mesh ${Date.now() - t0} ms after the professional came`);
        // Three peers share the upload: 1 Mbit/s each, at half the camera's width and height.
        for (const page of everyone) {
          const widest = await sendsAndReceives(page, 3, videoEncodingFor(3));
          assert.ok(widest > 0 && widest <= 640, `${page.url()}: receives ${widest} px wide`);
        }
        await maria.getByText("Tom Guest · colleague").waitFor();
        await pro.getByText("Maria Guest · interpreter").waitFor();
        await saveScreenshot(pro, "mesh-1-four-people");
      });

      await t.step("a guest leaves: the other three go on", async () => {
        await tom.getByTestId("leave").click();
        await tom.getByTestId("left-screen").waitFor();
        for (const page of [pro, client, maria]) await receivesFrom(page, 2);
        assert.equal(await pro.getByText("Tom Guest · colleague").count(), 0);
        // Two peers: 1.5 Mbit/s each, the camera as captured again.
        for (const page of [pro, client, maria]) {
          await sendsAndReceives(page, 2, videoEncodingFor(2));
        }
      });

      await t.step("the guest rejoins: all four are in again", async () => {
        await tom.getByTestId("rejoin").click();
        for (const page of everyone) await receivesFrom(page, 3);
        await saveScreenshot(tom, "mesh-2-guest-back");
      });

      await t.step("a fifth person is refused and told the call is full", async () => {
        const store = openSqliteStore(`${app.dataDir}/${DB_FILE}`);
        const appointmentId = new URL(appointmentUrl).pathname.split("/").at(-1)!;
        const appointment = (await store.getAppointment(appointmentId))!;
        const fifth = await store.addGuest(
          { appointmentId, name: "Fifth Guest", role: "colleague", origin: "invited" },
          8, // past the app's limit of 4
        );
        const token = await signGuestLink(new TextEncoder().encode(secret), appointment, fifth);
        const page = await (await newCallContext(browser)).newPage();
        await openLink(page, app as never, guestLinkUrl(app.url, token));
        await page.getByTestId("join").click();
        await page.getByRole("heading", { name: "The call is full" }).waitFor();
        assert.equal(await playingRemoteVideos(page), 0);
        await saveScreenshot(page, "mesh-3-fifth-refused");
        await receivesFrom(pro, 3); // nobody was disturbed
      });
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
