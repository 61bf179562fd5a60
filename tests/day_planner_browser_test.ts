/**
 * Issue 19 §3 in a real browser (system Chromium): the professional's day planner. The week is
 * written straight into the store (tests/helpers/planner_seed.ts) since the UI refuses past
 * starts; a client "waits" over a real signaling socket to the real server.
 *
 * It checks: the Today / Upcoming / Past groups and Next up, Join only on open rows; the waiting
 * queue with a live waiting time ("waiting 1 min" once a minute has passed, by the server's clock)
 * that stays in view at the bottom of the page; the desktop-notification permission asked only
 * on a click, and a notification once granted; the search; "New appointment" at the top and a
 * past start refused with the focus on its field; a long name truncated with the Status and
 * actions inside the viewport and no horizontal scroll at 1366×768 and 390×844, where "Join
 * call" and "Details" stay apart; and no WCAG 2.2 A/AA violation (axe-core). Screenshots of each
 * state go to test-results/screenshots/day-planner-*.png.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { addProfessional } from "./helpers/pro.ts";
import { testSecret } from "./helpers/tokens.ts";
import { clientLinkFrom } from "./helpers/browserless_client.ts";
import { Client } from "./helpers/browserless_client.ts";
import { clientFor, cookieHeader } from "./helpers/app_session.ts";
import { formatViolations, wcagViolations } from "./helpers/axe.ts";
import { LONG_NAME, seedWeek, WEEK } from "./helpers/planner_seed.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { PING_INTERVAL_MS, withProtocolVersion } from "../signaling/protocol.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const PRO = "Dr. Planner";
const VIEWPORTS = [
  { name: "desktop", width: 1366, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** Counts `Notification.requestPermission` calls and notifications shown, in every page. */
const SPY_NOTIFICATIONS = `(() => {
  const Real = window.Notification;
  if (!Real) return;
  window.__asked = 0;
  window.__shown = [];
  class Spy extends Real {
    constructor(title, options) {
      super(title, options);
      window.__shown.push(title);
    }
    static get permission() { return Real.permission; }
    static requestPermission(...args) {
      window.__asked++;
      return Real.requestPermission(...args);
    }
  }
  window.Notification = Spy;
})();`;

/** The names in one planner group, in order. */
function namesIn(page: Page, group: string): Promise<string[]> {
  return page.locator(`[data-group="${group}"] tbody .col-client .truncate`).evaluateAll((els) =>
    els.map((e) => e.getAttribute("title") ?? "")
  );
}

/** Asserts that nothing sticks out of the viewport sideways. */
async function assertNoHorizontalScroll(page: Page, label: string) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: globalThis.innerWidth,
  }));
  assert.ok(scroll <= inner, `${label}: page ${scroll}px wide in a ${inner}px viewport`);
}

Deno.test({
  name: "browser: the day planner — groups, waiting queue, notifications, search, long names",
  ...opts,
  async fn(t) {
    const secret = testSecret();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-planner-browser-" });
    const token = await addProfessional(dataDir, PRO, { LINK_SECRET: secret });
    const app = await startApp({ dataDir, env: { LINK_SECRET: secret, TZ: "UTC" } });
    // The full browser: the headless shell refuses notifications without a prompt.
    const browser = await launchBrowser({ full: true });
    const sockets: TestSocket[] = [];
    try {
      const ids = await seedWeek(dataDir, PRO);
      const ctx = await browser.newContext({
        timezoneId: "UTC",
        viewport: { width: 1366, height: 768 },
      });
      await ctx.addInitScript(SPY_NOTIFICATIONS);
      const pro = await ctx.newPage();
      await pro.goto(`${app.url}/pro-link?token=${token}`);
      await pro.waitForURL(`${app.url}/dashboard`);
      await pro.locator('.live-appointments[data-live="on"]').waitFor();

      await t.step("Today / Upcoming / Past and Next up; Join only on open ones", async () => {
        assert.deepEqual(await namesIn(pro, "today"), [WEEK.open.name, WEEK.long.name]);
        assert.deepEqual(await namesIn(pro, "upcoming"), [
          WEEK.inThreeDays.name,
          WEEK.nextWeek.name,
        ]);
        assert.deepEqual(await namesIn(pro, "past"), [
          WEEK.closedUnwritten.name,
          WEEK.missed.name,
          WEEK.completed.name,
        ]);
        const row = (id: string) => pro.locator(`tr[data-appointment="${id}"]`);
        for (const id of [ids.open, ids.long]) {
          assert.equal(await row(id).getByRole("link", { name: /Join call/ }).count(), 1);
        }
        for (const id of [ids.inThreeDays, ids.nextWeek, ids.missed, ids.closedUnwritten]) {
          assert.equal(await row(id).getByRole("link", { name: /Join call/ }).count(), 0);
        }
        assert.equal(await row(ids.missed).locator("[data-status]").textContent(), "Missed");
        assert.equal(
          await row(ids.closedUnwritten).locator("[data-status]").textContent(),
          "Missed",
          "nobody came: missed",
        );
        const next = pro.getByTestId("next-up");
        assert.match(await next.innerText(), new RegExp(WEEK.open.name));
        await next.getByRole("link", { name: /Join call/ }).waitFor();
      });

      await t.step("notification permission is asked only on a click", async () => {
        assert.equal(
          await pro.evaluate(() => (window as unknown as { __asked: number }).__asked),
          0,
        );
        await pro.getByRole("button", { name: "Turn on desktop notifications" }).click();
        await pro.waitForFunction(() => (window as unknown as { __asked: number }).__asked === 1);
        // Headless Chromium answers by itself; the toggle then says what it answered.
        await pro.locator('[data-testid="notification-toggle"]:not([data-state="default"])')
          .waitFor();
      });

      await ctx.grantPermissions(["notifications"], { origin: app.url });
      await pro.reload();
      await pro.locator('.live-appointments[data-live="on"]').waitFor();
      await pro.getByText("Desktop notifications are on").waitFor();

      /** The client of `id` opens their signaling socket, as their waiting-room page does. */
      const clientWaits = async (id: string) => {
        const dash = new Client(app.url);
        await (await dash.fetch(`/pro-link?token=${token}`)).body?.cancel();
        const link = clientLinkFrom((await dash.get(`/dashboard/appointments/${id}`)).text);
        const client = await clientFor(app.url, link);
        const socket = new TestSocket(
          withProtocolVersion(`${app.url.replace("http", "ws")}/ws?role=client`),
          { cookie: cookieHeader(client), origin: app.url },
        );
        sockets.push(socket);
        await socket.opened;
        // Pings as a browser does, so the server keeps the socket past its heartbeat timeout.
        const ping = setInterval(
          () => socket.send(JSON.stringify({ type: "ping" })),
          PING_INTERVAL_MS,
        );
        socket.closed.then(() => clearInterval(ping));
      };

      await t.step("a waiting client: the queue, a notification, and the time waited", async () => {
        await clientWaits(ids.open);
        const banner = pro.getByTestId("waiting-banner");
        await banner.waitFor();
        assert.match(await banner.innerText(), new RegExp(`${WEEK.open.name}\\s+is waiting`));
        await banner.getByTestId("waited").getByText("waiting less than a minute").waitFor();
        await pro.waitForFunction(
          (name) => (window as unknown as { __shown: string[] }).__shown.includes(name),
          `${WEEK.open.name} is waiting`,
        );
        // A second one, with the long name, joins the queue.
        await clientWaits(ids.long);
        await pro.getByTestId("waiting-banner").nth(1).getByTestId("waited")
          .getByText("waiting less than a minute").waitFor();
        // Real time passes (the server's clock is the one that counts): the words follow.
        await banner.first().getByTestId("waited").getByText("waiting 1 min")
          .waitFor({ timeout: 90_000 });
        await saveScreenshot(pro, "day-planner-desktop-waiting");
      });

      await t.step("the queue stays in view at the bottom of the page", async () => {
        await pro.evaluate(() => globalThis.scrollTo(0, document.body.scrollHeight));
        await pro.waitForFunction(() => globalThis.scrollY > 300);
        const box = await pro.getByTestId("waiting-banner").first().boundingBox();
        assert.ok(box, "banner rendered");
        assert.ok(box.y >= 0 && box.y + box.height <= 768, `banner in view at y=${box.y}`);
        await pro.screenshot({ path: await shotPath("day-planner-desktop-scrolled") });
        await pro.evaluate(() => globalThis.scrollTo(0, 0));
      });

      for (const vp of VIEWPORTS) {
        await t.step(
          `${vp.name} ${vp.width}×${vp.height}: a long name never pushes Status and Join off`,
          async () => {
            await pro.setViewportSize({ width: vp.width, height: vp.height });
            const row = pro.locator(`tr[data-appointment="${ids.long}"]`);
            const name = row.locator(".truncate");
            assert.equal(await name.getAttribute("title"), LONG_NAME, "the full name is there");
            assert.ok(
              await name.evaluate((e) => e.scrollWidth > e.clientWidth),
              "the name is cut with an ellipsis",
            );
            for (
              const part of [
                row.locator("[data-status]"),
                row.getByRole("link", { name: /Join call/ }),
                row.getByRole("link", { name: /Details/ }),
              ]
            ) {
              const box = await part.boundingBox();
              assert.ok(box, "shown");
              assert.ok(
                box.x >= 0 && box.x + box.width <= vp.width,
                `inside the viewport: ${JSON.stringify(box)}`,
              );
            }
            for (const banner of await pro.getByTestId("waiting-banner").all()) {
              const join = await banner.getByRole("link", { name: /Join call/ }).boundingBox();
              assert.ok(
                join && join.x + join.width <= vp.width,
                `queue's Join in view at ${vp.name}`,
              );
            }
            await assertNoHorizontalScroll(pro, vp.name);
            // "Join call" and "Details" are two targets apart, not one run of text.
            const join = (await row.getByRole("link", { name: /Join call/ }).boundingBox())!;
            const details = (await row.getByRole("link", { name: /Details/ }).boundingBox())!;
            const apart = join.x + join.width <= details.x - 4 || join.y + join.height <= details.y;
            assert.ok(apart, `Join ${JSON.stringify(join)} and Details ${JSON.stringify(details)}`);
            assert.ok(join.height >= 24 && details.height >= 24, "targets at least 24px high");
            await saveScreenshot(pro, `day-planner-${vp.name}`);
            const violations = await wcagViolations(pro);
            assert.deepEqual(violations, [], formatViolations(violations));
          },
        );
      }
      await pro.setViewportSize({ width: 1366, height: 768 });

      await t.step("search by client name", async () => {
        await pro.getByLabel("Search by client name").fill("mia");
        await pro.getByRole("button", { name: "Search" }).click();
        await pro.waitForURL(/\/dashboard\?q=mia$/);
        assert.deepEqual(await namesIn(pro, "today"), []);
        assert.deepEqual(await namesIn(pro, "past"), [WEEK.missed.name]);
        await pro.getByText("1 appointment with a client named like “mia”.").waitFor();
        await saveScreenshot(pro, "day-planner-search");
        await pro.getByRole("link", { name: "Clear search" }).click();
        await pro.waitForURL(`${app.url}/dashboard`);
      });

      await t.step("New appointment at the top; a past start is refused, focus on it", async () => {
        await pro.getByRole("link", { name: "New appointment" }).click();
        await pro.waitForURL(/#new-appointment$/);
        await pro.getByLabel("Client's name").fill("Late Larry");
        const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 16);
        await pro.getByLabel("Starts at").fill(threeHoursAgo);
        await pro.getByRole("button", { name: "Create appointment" }).click();
        await pro.getByText("That time is in the past. Please choose a start from now on.")
          .first().waitFor();
        await pro.waitForFunction(() => document.activeElement?.id === "start");
        const form = (await pro.locator("#new-appointment").boundingBox())!;
        assert.ok(form.y < 768, "the form is at the top, in view");
        const today = (await pro.locator('[data-group="today"]').boundingBox())!;
        assert.ok(form.y < today.y, "above the planner");
        await saveScreenshot(pro, "day-planner-past-start-refused");
        const violations = await wcagViolations(pro);
        assert.deepEqual(violations, [], formatViolations(violations));
      });

      await t.step("dark colour scheme: still no WCAG 2.2 A/AA violation", async () => {
        await pro.emulateMedia({ colorScheme: "dark" });
        await saveScreenshot(pro, "day-planner-dark");
        const violations = await wcagViolations(pro);
        assert.deepEqual(violations, [], formatViolations(violations));
      });
    } finally {
      for (const s of sockets) s.socket.close();
      await browser.close();
      await app.stop();
    }
  },
});

/** A path in test-results/screenshots/ for a viewport-only screenshot. */
async function shotPath(name: string): Promise<string> {
  const dir = new URL("../test-results/screenshots/", import.meta.url).pathname;
  await Deno.mkdir(dir, { recursive: true });
  return `${dir}${name}.png`;
}
