/**
 * The call screen's parts in Chromium (tests/helpers/call_parts_page.tsx): a press on the
 * microphone changes its accessible name and aria-pressed; Ctrl+D and Ctrl+E toggle the
 * microphone and camera but not while typing in the chat box; tooltips with the shortcut and the
 * quality figures show on hover and on keyboard focus, and Escape hides them; a tile with the camera off shows initials
 * and keeps its video; a screenshot of it all goes to test-results/.
 */
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { openModulePage } from "./helpers/module_page.ts";
import type { PartsPage } from "./helpers/call_parts_page.tsx";

declare global {
  var parts: PartsPage;
}

/** Whether a tooltip is shown (they are hidden with visibility, to keep their place). */
const shown = (tip: Locator) => tip.evaluate((t) => getComputedStyle(t).visibility === "visible");

const PARTS_PAGE = new URL("./helpers/call_parts_page.tsx", import.meta.url);

Deno.test({
  name: "browser: control buttons, shortcuts, tooltips and tiles of the call screen",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const browser = await launchBrowser();
    const mp = await openModulePage(browser, PARTS_PAGE, "parts");
    const { page } = mp;
    try {
      await page.evaluate(() => parts.camera());

      // A press: the name says what the next press will do; pressed means muted.
      const mute = page.getByRole("button", { name: "Mute microphone", exact: true });
      assert.equal(await mute.getAttribute("aria-pressed"), "false");
      await mute.click();
      const unmute = page.getByRole("button", { name: "Unmute microphone", exact: true });
      assert.equal(await unmute.getAttribute("aria-pressed"), "true");
      assert.equal(await unmute.locator("svg").getAttribute("data-icon"), "mic-off");
      assert.equal(
        await unmute.evaluate((b) => getComputedStyle(b).backgroundColor),
        "rgb(197, 34, 31)",
        "red while muted",
      );
      // My tile shows the muted badge.
      const mine = page.getByRole("group", { name: "You" });
      await mine.getByRole("img", { name: "Microphone off" }).waitFor();

      // Ctrl+D unmutes; Ctrl+E turns the camera off: initials, the video still there.
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("Control+d");
      assert.equal((await page.evaluate(() => parts.state())).micOn, true);
      await page.keyboard.press("Control+e");
      assert.equal((await page.evaluate(() => parts.state())).camOn, false);
      await page.getByRole("button", { name: "Turn camera on", exact: true }).waitFor();
      assert.equal(await mine.getByTestId("tile-initials").textContent(), "AL");
      assert.equal(await mine.locator("video").count(), 1, "kept mounted");
      assert.equal(
        await mine.locator(".tile-media").evaluate((m) => getComputedStyle(m).visibility),
        "hidden",
      );

      // Typing in the chat box: Ctrl+D is the text field's, not the microphone's.
      const chat = page.getByRole("button", { name: /^Open chat/ });
      assert.equal(await chat.getAttribute("aria-expanded"), "false");
      assert.match((await chat.textContent())!, /3/);
      await chat.click();
      assert.equal(
        await page.getByTestId("chat").getAttribute("aria-expanded"),
        "true",
      );
      await page.getByLabel("Message", { exact: true }).focus();
      await page.keyboard.press("Control+d");
      await page.keyboard.press("Control+e");
      const state = await page.evaluate(() => parts.state());
      assert.deepEqual([state.micOn, state.camOn], [true, false], "untouched while typing");

      // The chat: Enter sends, Shift+Enter is a new line; a message from Maria carries the
      // room's name for her, not the name her frame claims; closed, it is announced.
      const box = page.getByLabel("Message", { exact: true });
      await box.fill("Hello");
      await box.press("Shift+Enter");
      await box.pressSequentially("again");
      await box.press("Enter");
      assert.deepEqual(await page.evaluate(() => parts.texts()), ["Hello\nagain"]);
      assert.equal(await box.inputValue(), "", "cleared once sent");
      await page.evaluate(() => parts.receive("Can you see my screen?"));
      const log = page.getByRole("log", { name: "Messages" });
      await log.getByText("Can you see my screen?").waitFor();
      assert.match(await log.innerText(), /Maria Ortiz · Interpreter/);
      assert.doesNotMatch(await log.innerText(), /claiming/);
      assert.equal(await page.getByTestId("chat-announcer").textContent(), "", "the log reads it");
      await page.getByTestId("chat").click();
      await page.evaluate(() => parts.receive("Are you there?"));
      assert.equal(
        await page.getByTestId("chat-announcer").textContent(),
        "New message from Maria Ortiz · Interpreter: Are you there?",
      );
      await page.getByTestId("chat").click();

      // Tooltips: on keyboard focus and on hover, with the shortcut.
      const cam = page.getByTestId("cam");
      const tip = cam.locator(".ctl-tip");
      assert.equal(await shown(tip), false);
      await page.getByTestId("mic").focus();
      await page.keyboard.press("Tab");
      assert.equal(await shown(tip), true, "shown on keyboard focus");
      assert.equal(await tip.textContent(), "Turn camera onCtrl+E");
      await page.keyboard.press("Escape");
      assert.equal(await shown(tip), false, "Escape hides it (WCAG 1.4.13)");
      assert.equal(await cam.evaluate((b) => b === document.activeElement), true, "focus stays");
      await page.getByLabel("Message", { exact: true }).focus();
      await cam.focus();
      assert.equal(await shown(tip), true, "back on the next focus");
      await page.getByLabel("Message", { exact: true }).focus();
      assert.equal(await shown(tip), false, "gone with the focus");
      await cam.hover();
      assert.equal(await shown(tip), true, "shown on hover");

      // Quality figures: the bars' name, shown on focus.
      const maria = page.getByRole("group", { name: "Maria Ortiz · Interpreter" });
      const bars = maria.getByRole("img", { name: /^Good connection: round trip 38 ms/ });
      await bars.focus();
      assert.equal(await shown(bars.locator(".quality-tip")), true);
      await page.keyboard.press("Escape");
      assert.equal(await shown(bars.locator(".quality-tip")), false);
      const ben = page.getByRole("group", { name: "Ben Okafor" });
      assert.equal(await ben.getByTestId("tile-initials").textContent(), "BO");
      await ben.getByRole("img", { name: "Microphone off" }).waitFor();
      await page.getByRole("group", { name: "Chen Wei · Guest" }).getByRole("status")
        .filter({ hasText: "Reconnecting…" }).waitFor();
      await page.getByRole("group", { name: "Maria Ortiz's screen" }).waitFor();

      // Real video in a tile.
      await page.waitForFunction(() =>
        document.querySelector<HTMLVideoElement>('[aria-label="Maria Ortiz · Interpreter"] video')!
          .videoWidth > 0
      );
      await page.getByRole("button", { name: "Turn camera on", exact: true }).hover();
      const shot = await saveScreenshot(page, "call-parts");
      assert.ok(shot.endsWith("call-parts.png"));
      assert.deepEqual(mp.errors, []);
    } finally {
      await mp.close();
      await browser.close();
    }
  },
});
