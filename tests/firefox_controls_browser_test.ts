/**
 * Issue 20 §3: the call controls in Firefox (a Firefox client, a Chromium professional). Mute and
 * camera off show on the professional's tile and disable the Firefox sender's tracks; the device
 * switch replaces the sender's track while frames keep coming; the speaker menu follows what
 * Firefox offers; Leave stops the camera, the professional sees the client left, and Rejoin
 * brings frames back both ways (getStats() on both sides). Chat crosses the data channel both
 * ways. The connection-quality indicator reads
 * Firefox's stats too (it has no transport stats, only candidate pairs).
 *
 * Firefox's fake media (`media.navigator.streams.fake`) has exactly one camera and one
 * microphone, so the switch re-picks that camera from the menu: the same code path as choosing
 * another one (a new getUserMedia track moved into the sender with replaceTrack). Firefox fakes
 * no speakers and lists only the system's: a throwaway PulseAudio with two null sinks
 * (helpers/pulse.ts) gives it two, so its setSinkId is exercised.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { createAppointmentAt } from "./helpers/app_session.ts";
import { demoPro } from "./helpers/client_page.ts";
import { Browsers, crossCall } from "./helpers/cross_call.ts";
import { firefoxMissing } from "./helpers/firefox.ts";
import type { Person } from "./helpers/person.ts";
import { connectedPeerStats, framesGrow, waitForFrames } from "./helpers/rtc_stats.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const skip = firefoxMissing();
if (skip) console.warn(skip);

const clientTile = '.call-stage [data-participant="client"]';

/** The Firefox page's sender track of `kind`: id and enabled. */
function sender(person: Person, kind: "audio" | "video") {
  return person.evaluate((kind) => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    const t = pcs[pcs.length - 1].getSenders().find((s) => s.track?.kind === kind)?.track;
    return t ? { id: t.id, enabled: t.enabled, readyState: t.readyState } : null;
  }, kind);
}

/** Kinds of the page's camera/microphone tracks still live. */
function liveTracks(person: Person): Promise<string[]> {
  return person.evaluate(() =>
    (window as unknown as { __localTracks: MediaStreamTrack[] }).__localTracks
      .filter((t) => t.readyState === "live").map((t) => t.kind).sort()
  );
}

/** Waits (polling `fn` in Node) until it returns true. */
async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

Deno.test({
  name: "firefox controls: mute, camera off, device switch, speaker, Leave and Rejoin in Firefox",
  ignore: skip !== null,
  ...opts,
  async fn(t) {
    const app = await startApp({ env: { DEMO: "1", SEAT_GRACE_MS: "2000" } });
    const browsers = new Browsers();
    try {
      const { pro, client: firefox } = await crossCall(browsers, app, "chromium", "firefox");

      await t.step(
        "the quality indicator reads Firefox's stats (not stuck on unknown)",
        async () => {
          await until(
            "a known connection quality in Firefox",
            () =>
              firefox.evaluate(() =>
                [...document.querySelectorAll('[data-testid="quality"]')]
                  .some((q) =>
                    ["good", "fair", "poor"].includes(q.getAttribute("data-level") ?? "")
                  )
              ),
            15_000,
          );
        },
      );

      await t.step("chat both ways between Firefox and Chromium (data channel)", async () => {
        for (const p of [firefox, pro]) {
          await p.click("chat");
          await until(
            `${p.label} may send`,
            () =>
              p.evaluate(() =>
                !!document.querySelector("#call-chat-hint") &&
                !document.querySelector("#call-chat-hint")!.textContent!.includes("Nobody else")
              ),
          );
        }
        const inLog = (p: Person, text: string) =>
          until(
            `${p.label} shows "${text}"`,
            () =>
              p.evaluate((text) =>
                document.querySelector('[data-testid="chat-log"]')?.textContent?.includes(text) ??
                  false, text),
          );
        await firefox.typeAndEnter('[data-testid="chat-text"]', "Hello from Firefox");
        await inLog(pro, "Hello from Firefox");
        await pro.typeAndEnter('[data-testid="chat-text"]', "Hello from Chromium");
        await inLog(firefox, "Hello from Chromium");
        await firefox.screenshot("firefox-controls-0-chat");
        for (const p of [firefox, pro]) await p.click("chat"); // closed again
      });

      await t.step(
        "microphone and camera off show on the professional's tile, and back",
        async () => {
          await firefox.click("toggle-mic");
          await pro.waitFor(`${clientTile} [data-testid="tile-muted"]`, { timeout: 10_000 });
          assert.equal((await sender(firefox, "audio"))?.enabled, false);
          await firefox.click("toggle-cam");
          await pro.waitFor(`${clientTile} [data-testid="tile-initials"]`, { timeout: 10_000 });
          assert.equal((await sender(firefox, "video"))?.enabled, false);
          await firefox.screenshot("firefox-controls-1-muted-camera-off");
          await firefox.click("toggle-mic");
          await firefox.click("toggle-cam");
          await pro.waitFor(`${clientTile} [data-testid="tile-muted"]`, { gone: true });
          await pro.waitFor(`${clientTile} [data-testid="tile-initials"]`, { gone: true });
          assert.equal((await sender(firefox, "audio"))?.enabled, true);
          assert.equal((await sender(firefox, "video"))?.enabled, true);
          assert.ok(await framesGrow(pro, await pro.evaluate(connectedPeerStats)), "frames again");
        },
      );

      await t.step(
        "the camera menu's switch replaces the sender's track; frames go on",
        async () => {
          await firefox.click("settings");
          await firefox.waitFor("#cam-select");
          const cameras = await firefox.evaluate(() =>
            [...document.querySelectorAll<HTMLOptionElement>("#cam-select option")]
              .map((o) => o.textContent)
          );
          console.log(`Firefox cameras in the menu: ${JSON.stringify(cameras)}`);
          assert.ok(cameras.length >= 1);
          const before = (await sender(firefox, "video"))!.id;
          // With one fake camera there is no other option: choose the listed one again.
          await firefox.evaluate(() => {
            const select = document.querySelector<HTMLSelectElement>("#cam-select")!;
            select.value = select.options[select.options.length - 1].value;
            select.dispatchEvent(new Event("change", { bubbles: true }));
          });
          await until("a new camera track in the sender", async () => {
            const now = await sender(firefox, "video");
            return now !== null && now.id !== before && now.readyState === "live";
          });
          assert.ok(await framesGrow(pro, await pro.evaluate(connectedPeerStats)), "frames go on");
        },
      );

      await t.step(
        "the speaker: a menu where Firefox lists speakers, else a plain note",
        async () => {
          const offer = await firefox.evaluate(async () => ({
            setSinkId: "setSinkId" in HTMLMediaElement.prototype,
            outputs: (await navigator.mediaDevices.enumerateDevices())
              .filter((d) => d.kind === "audiooutput").length,
          }));
          console.log(`Firefox speaker choice: ${JSON.stringify(offer)}`);
          if (offer.setSinkId && offer.outputs > 0) {
            await firefox.waitFor("#speaker-select");
            const target = await firefox.evaluate(() => {
              const select = document.querySelector<HTMLSelectElement>("#speaker-select")!;
              select.value = select.options[select.options.length - 1].value;
              select.dispatchEvent(new Event("change", { bubbles: true }));
              return select.value;
            });
            await until(
              "the remote video plays through the chosen speaker",
              () =>
                firefox.evaluate(
                  (target) =>
                    (document.querySelector('[data-testid="remote-video"]') as
                      & HTMLVideoElement
                      & { sinkId: string })?.sinkId === target,
                  target,
                ),
            );
          } else {
            await firefox.waitFor('[data-testid="speaker-note"]');
          }
          await firefox.screenshot("firefox-controls-2-settings");
        },
      );

      await t.step(
        "Leave stops the camera; the professional sees it; Rejoin brings frames",
        async () => {
          await firefox.click("leave");
          await firefox.waitFor('[data-testid="left-screen"]');
          assert.deepEqual(await liveTracks(firefox), [], "camera and microphone off");
          await pro.waitFor('[data-state="peer-left"]', { timeout: 10_000 });
          await firefox.screenshot("firefox-controls-3-left");
          const t0 = Date.now();
          await firefox.click("rejoin");
          await Promise.all([waitForFrames(firefox, 1), waitForFrames(pro, 1)]);
          console.log(`Firefox rejoined: frames both ways ${Date.now() - t0} ms after Rejoin`);
          assert.deepEqual(await liveTracks(firefox), ["audio", "video"]);
        },
      );
    } finally {
      await browsers.close();
      await app.stop();
    }
  },
});

Deno.test({
  name: "firefox pre-call: camera preview, the microphone level meter, the speaker menu",
  ignore: skip !== null,
  ...opts,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browsers = new Browsers();
    try {
      const { link } = await createAppointmentAt(await demoPro(app), "Pre Client", Date.now());
      for (const engine of ["firefox", "chromium"] as const) {
        const person = await browsers.person(engine, `${engine} client`);
        const u = new URL(link);
        await person.goto(`${app.url}${u.pathname}${u.search}`);
        await until(
          "the self view shows the camera",
          () =>
            person.evaluate(() =>
              (document.querySelector('[data-testid="self-video"]') as HTMLVideoElement | null)
                ?.videoWidth! > 0
            ),
          20_000,
        );
        // Without any sound device (no /dev/snd and no PulseAudio) Firefox runs no AudioContext,
        // so the meter reads silence: checked wherever audio runs (the test PulseAudio of
        // pulse.ts), and one line says when it cannot be.
        const audioRuns = await person.evaluate(async () => {
          const ctx = new AudioContext();
          await Promise.race([ctx.resume(), new Promise((r) => setTimeout(r, 1_000))]);
          const running = ctx.state === "running";
          await ctx.close();
          return running;
        });
        if (audioRuns || engine === "chromium") {
          // Firefox's fake microphone is a steady tone: the meter shows sound, need not move.
          await until(
            "the level meter shows sound",
            () =>
              person.evaluate(() =>
                (document.querySelector('[data-testid="mic-level"]') as HTMLMeterElement | null)
                  ?.value! > 0
              ),
          );
        } else {
          console.warn(
            "Firefox level meter not checked: Firefox runs no AudioContext here (no sound device)",
          );
        }
        // A speaker menu where the browser lists speakers (Chromium's fake ones; Firefox's from
        // the test PulseAudio), else the note, never an empty gap.
        const outputs = await person.evaluate(async () =>
          (await navigator.mediaDevices.enumerateDevices())
            .filter((d) => d.kind === "audiooutput").length
        );
        await person.waitFor(outputs > 0 ? "#pre-speaker" : '[data-testid="speaker-note"]');
        console.log(`${person.label}: ${outputs} speakers; meter checked: ${audioRuns}`);
        await person.screenshot(`firefox-precall-${engine}`);
        await person.close();
      }
    } finally {
      await browsers.close();
      await app.stop();
    }
  },
});
