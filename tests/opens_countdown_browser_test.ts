/**
 * Issue 18 §6: an early client sees the date and time the appointment opens, in the browser's
 * time zone, and a countdown; when the time comes the page opens the pre-call check by itself.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { openClientPage } from "./helpers/client_page.ts";
import { OPEN_BEFORE_MIN } from "../domain/appointments.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const MINUTE = 60_000;
/** The form takes the start to the second. */
const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

Deno.test({
  name: "browser: an early client sees the opening date and a countdown, then the page opens",
  ...opts,
  async fn(t) {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    const context = { timezoneId: "Asia/Kolkata" }; // UTC+5:30: a wrong zone shows at once
    try {
      await t.step(
        "16 minutes ahead: date, time in the browser's zone, a running countdown",
        async () => {
          const startsAt = toSecond(Date.now() + (OPEN_BEFORE_MIN + 1) * MINUTE);
          const opensAt = startsAt - OPEN_BEFORE_MIN * MINUTE;
          const { page } = await openClientPage(browser, app, {
            name: "Early Client",
            startsAt,
            context,
          });
          const when = page.getByTestId("opens-at");
          const clock = new Intl.DateTimeFormat("en-GB", {
            timeZone: "Asia/Kolkata",
            hour: "2-digit",
            minute: "2-digit",
          }).format(opensAt);
          const day = new Intl.DateTimeFormat("en-GB", {
            timeZone: "Asia/Kolkata",
            weekday: "short",
            day: "numeric",
            month: "short",
            year: "numeric",
          }).format(opensAt);
          await page.waitForFunction(
            ([clock]) =>
              document.querySelector('[data-testid="opens-at"]')?.textContent?.includes(clock),
            [clock],
          );
          const text = await when.innerText();
          assert.ok(text.startsWith(day), `"${text}" starts with the date ${day}`);
          assert.match(text, /GMT\+5:30|IST/, "says which zone");
          assert.equal(
            await when.getAttribute("datetime"),
            new Date(opensAt).toISOString(),
          );
          // The start time above it is in the same zone, even on this first visit.
          const start = new Intl.DateTimeFormat("en-GB", {
            timeZone: "Asia/Kolkata",
            hour: "2-digit",
            minute: "2-digit",
          }).format(startsAt);
          assert.match(await page.locator("h1 + p").innerText(), new RegExp(`${start} GMT\\+5:30`));
          const countdown = page.getByTestId("countdown");
          assert.equal(await countdown.getAttribute("role"), "timer");
          const first = await countdown.innerText();
          assert.match(first, /^(1 min \d\d s|\d{1,2} s)$/);
          await page.waitForFunction(
            (first) => document.querySelector('[data-testid="countdown"]')?.textContent !== first,
            first,
          );
          assert.match(
            await page.getByTestId("opens-countdown").innerText(),
            /opens the appointment by itself/,
          );
          assert.equal(
            await page.getByTestId("join").count(),
            0,
            "no call before the window opens",
          );
          await saveScreenshot(page, "early-countdown");
        },
      );

      await t.step(
        "a window opening in a few seconds: the pre-call check comes by itself",
        async () => {
          const startsAt = toSecond(Date.now() + OPEN_BEFORE_MIN * MINUTE + 8_000);
          const { page } = await openClientPage(browser, app, {
            name: "Soon Client",
            startsAt,
            context,
          });
          await page.getByTestId("countdown").waitFor();
          assert.match(await page.getByTestId("countdown").innerText(), /^\d s$/);
          // No page.reload() here: the page does it when the time comes.
          await page.getByRole("heading", { name: "Check your camera and microphone" })
            .waitFor({ timeout: 20_000 });
          assert.ok(Date.now() >= startsAt - OPEN_BEFORE_MIN * MINUTE, "not before the opening");
          await page.getByTestId("join").waitFor();
          assert.equal(await page.getByTestId("opens-countdown").count(), 0);
        },
      );
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
