/**
 * Issue 18 §1–§2 in real browsers, the parts the speaker layout hides: three people (the
 * professional, the client and a guest) whose fake microphones are silent, so nobody takes the
 * floor and the stage stays an even grid. At each of the six window sizes every tile and control
 * lies inside the window with no scrolling, on every side; on a phone the names on the tiles are
 * whole (the role words give way; the tile's accessible name keeps them). Ctrl+E turns the camera off and on (the
 * others see initials), but not while typing in the chat. Full screen puts the stage in full
 * screen and the same button (its name says so) takes it out again.
 * Screenshots: test-results/screenshots/stage-grid-3p-<w>x<h>-<side>.png.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { createAppointmentNow } from "./helpers/call_flow.ts";
import { guestsFrom } from "./helpers/guests.ts";
import {
  assertAccessible,
  assertFits,
  BAR,
  buttonState,
  everyViewport,
  joinFromLink,
  PRO_BAR,
  signedInPro,
  waitForRemotes,
} from "./helpers/stage_fit.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** One second of 16-bit mono silence at 48 kHz, as a WAV file (Chromium loops it). */
function silentWav(): Uint8Array {
  const rate = 48_000;
  const data = rate * 2;
  const buf = new DataView(new ArrayBuffer(44 + data));
  const text = (at: number, s: string) =>
    [...s].forEach((c, i) => buf.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  buf.setUint32(4, 36 + data, true);
  text(8, "WAVE");
  text(12, "fmt ");
  buf.setUint32(16, 16, true);
  buf.setUint16(20, 1, true); // PCM
  buf.setUint16(22, 1, true); // mono
  buf.setUint32(24, rate, true);
  buf.setUint32(28, rate * 2, true);
  buf.setUint16(32, 2, true);
  buf.setUint16(34, 16, true);
  text(36, "data");
  buf.setUint32(40, data, true);
  return new Uint8Array(buf.buffer);
}

/** The stage's layout mode on `page` (stage_layout.ts). */
const modeOf = (page: Page) => page.locator(".stage-tiles").getAttribute("data-mode");

Deno.test({
  name: "browser stage: three silent people — the grid fits six windows; Ctrl+E; full screen",
  ...opts,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "frontdesk-grid-" });
    const wav = `${dir}/silence.wav`;
    await Deno.writeFile(wav, silentWav());
    const app = await startApp({ env: { DEMO: "1", MAX_PARTICIPANTS: "4" } });
    const browser = await launchBrowser({ args: [`--use-file-for-fake-audio-capture=${wav}`] });
    try {
      const pro = await signedInPro(browser, app);
      const clientLink = await createAppointmentNow(pro, "Grid Client");
      const appointmentUrl = pro.url();
      await pro.getByLabel("Guest's name").fill("Maria Guest");
      await pro.getByLabel("Who they are").fill("interpreter");
      await pro.getByRole("button", { name: "Add guest" }).click();
      await pro.waitForURL(/#guests$/);
      const [maria] = guestsFrom(await pro.content());
      const client = await joinFromLink(browser, app, clientLink);
      const guest = await joinFromLink(browser, app, maria.link!);
      await pro.goto(`${appointmentUrl}/call`);
      const everyone = [
        { name: "pro", page: pro, controls: PRO_BAR },
        { name: "client", page: client, controls: BAR },
        { name: "maria", page: guest, controls: BAR },
      ];
      for (const s of everyone) await waitForRemotes(s.page, 2);

      await t.step("nobody speaks: an even grid on every side", async () => {
        // Longer than the speaker rule's take-over time (1.2 s): silence never takes the floor.
        await pro.waitForTimeout(2_500);
        for (const s of everyone) assert.equal(await modeOf(s.page), "grid", s.name);
      });

      await t.step("every control and tile of the grid inside each window", async () => {
        await everyViewport(everyone, 3, "stage-grid");
        for (const s of everyone) assert.equal(await modeOf(s.page), "grid", s.name);
        await assertAccessible(pro, "the grid, professional");
      });

      await t.step(
        "on a phone the names are whole: the role gives way, the name may wrap",
        async () => {
          await guest.setViewportSize({ width: 390, height: 844 });
          await guest.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
          const names = await guest.locator(".call-stage .tile-name").evaluateAll((els) =>
            els.map((el) => ({
              text: (el as HTMLElement).innerText.replace(/\s+/g, " ").trim(),
              clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
            }))
          );
          assert.deepEqual(names.filter((n) => n.clipped), [], JSON.stringify(names));
          assert.ok(names.some((n) => n.text === "Dr. Ada Lovelace"), JSON.stringify(names));
          await guest.getByRole("group", { name: "Grid Client · client" }).waitFor();
          await guest.setViewportSize({ width: 1280, height: 720 });
        },
      );

      await t.step("Ctrl+E turns the camera off and on; the others see initials", async () => {
        const initials = pro.locator('[data-participant="client"] [data-testid="tile-initials"]');
        await client.locator("body").press("Control+e");
        assert.deepEqual(await buttonState(client, "toggle-cam"), {
          name: "Turn camera on",
          pressed: "true",
        });
        await initials.waitFor();
        await guest.locator('[data-participant="client"] [data-testid="tile-initials"]').waitFor();
        await client.locator("body").press("Control+e");
        assert.equal((await buttonState(client, "toggle-cam")).pressed, "false");
        await initials.waitFor({ state: "detached" });
      });

      await t.step("typing in the chat, Ctrl+E is left to the text box", async () => {
        await client.getByTestId("chat").click();
        const box = client.getByTestId("chat-text");
        await box.fill("hello");
        await box.press("Control+e");
        assert.equal((await buttonState(client, "toggle-cam")).pressed, "false", "camera on");
        await client.getByTestId("chat").click();
      });

      await t.step("full screen: the stage fills the screen, the button leaves it", async () => {
        assert.deepEqual(await buttonState(pro, "fullscreen"), {
          name: "Full screen",
          pressed: "false",
        });
        await pro.getByTestId("fullscreen").click();
        await pro.waitForFunction(() => document.fullscreenElement?.matches(".call-stage"));
        await pro.waitForFunction(() =>
          document.querySelector('[data-testid="fullscreen"]')?.getAttribute("aria-pressed") ===
            "true"
        );
        assert.equal((await buttonState(pro, "fullscreen")).name, "Exit full screen");
        // Still the whole call inside the screen: tiles and bar.
        await assertFits(pro, 3, PRO_BAR, "full screen, professional");
        await saveScreenshot(pro, "stage-grid-3p-fullscreen-pro");
        await pro.getByTestId("fullscreen").click();
        await pro.waitForFunction(() => document.fullscreenElement === null);
        await pro.waitForFunction(() =>
          document.querySelector('[data-testid="fullscreen"]')?.getAttribute("aria-pressed") ===
            "false"
        );
      });
    } finally {
      await browser.close();
      await app.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
