/**
 * One timed call through Frontdesk in Chromium, two people or four: the client (and guests) wait,
 * the professional's "Join call" click on the dashboard banner starts the clock, and the first
 * remote frames on the pages stop it. Shared by the loopback bench (run_browser.ts) and the
 * network lab's (run_lab.ts).
 */
import type { Browser, Page } from "playwright-core";
import type { AppProcess } from "../tests/helpers/app_process.ts";
import { createAppointmentNow, newCallContext, openLink } from "../tests/helpers/call_flow.ts";
import { RECORD_FIRST_REMOTE_FRAME, recordRemoteFrames } from "./call_timing.ts";
import { guestsFrom } from "../tests/helpers/guests.ts";
import { type LoadSample, startLoadMeter } from "./load_meter.ts";
import { SETUP_STEPS, type SetupStep } from "../call/marks.ts";

/** The load around one timed sample. */
export type SampleLoad = Pick<
  LoadSample,
  "otherCores" | "oursCores" | "loadavg1" | "stealPct"
>;

/**
 * How long the professional looks at the "is waiting" banner before clicking "Join call". A
 * person takes longer; the dashboard fetches the call's settings in that time.
 */
const REACTION_MS = 500;

/** One timed four-person call: the professional's Join → frames from all peers on every page. */
export type FourPersonCall = (
  browser: Browser,
  app: AppProcess,
  pro: Page,
  name: string,
) => Promise<{ all: number; perPage: number[] }>;

/** The guests of the four-person call: name and the role the professional types. */
const GUESTS = [["Maria Guest", "interpreter"], [
  "Tom Guest",
  "colleague",
]] as const;

/**
 * Leaves the dashboard for a page with no live parts once a timed call is over. The two-person
 * and the four-person calls have a professional's page each (the same professional); a dashboard
 * left open reacts to the other call's waiting people (banner, call settings fetched, a standby
 * socket), which measured ~60 ms more per two-person set-up (the professional's camera up 151-277
 * ms after the click instead of 105-179): the cost of a second tab, not of the call.
 */
async function parkOffDashboard(pro: Page, app: AppProcess): Promise<void> {
  await pro.goto(`${app.url}/healthz`);
}

/** Opens `link` in a context of its own, passes the pre-call check and waits in the waiting room. */
async function waitingPerson(browser: Browser, app: AppProcess, link: string) {
  const ctx = await newCallContext(browser);
  await ctx.addInitScript(recordRemoteFrames(3));
  const page = await ctx.newPage();
  await openLink(page, app, link);
  await page.getByTestId("join").click();
  await page.getByTestId("waiting-room").waitFor();
  return { ctx, page };
}

/**
 * One timed four-person call through Frontdesk: the professional creates an appointment and adds
 * two guests on its page; the client and both guests open their own links and wait; the
 * professional clicks "Join call" on the dashboard banner. Returns ms from that click to the last
 * page (of the four) showing frames from all three peers, and to each page's (professional,
 * client, guests). `pro`'s context records the click and
 * three remote frames (RECORD_JOIN_CLICK, recordRemoteFrames(3)).
 */
async function timedFourPersonCall(
  browser: Browser,
  app: AppProcess,
  pro: Page,
  name: string,
): Promise<{ all: number; perPage: number[] }> {
  const clientLink = await createAppointmentNow(pro, name);
  for (const [i, [guest, role]] of GUESTS.entries()) {
    await pro.getByLabel("Guest's name").fill(guest);
    await pro.getByLabel("Who they are").fill(role);
    await pro.getByRole("button", { name: "Add guest" }).click();
    await pro.locator("li.guest").nth(i).waitFor();
  }
  const guestLinks = guestsFrom(await pro.content()).map((g) => g.link!);
  const people = [];
  try {
    for (const link of [clientLink, ...guestLinks]) {
      people.push(await waitingPerson(browser, app, link));
    }
    await pro.goto(`${app.url}/dashboard`);
    const banner = pro.getByTestId("waiting-banner");
    await banner.waitFor();
    const frames = Promise.all(
      [pro, ...people.map((p) => p.page)].map(readAllFrames),
    );
    await new Promise((r) => setTimeout(r, REACTION_MS));
    await banner.getByRole("link", { name: /Join call/ }).click();
    await pro.waitForURL(/\/call$/);
    const at = await frames;
    const clickedAt = Number(
      await pro.evaluate(() => sessionStorage.getItem("__joinClickAt")),
    );
    await pro.getByTestId("end-for-everyone").click();
    await pro.getByTestId("end-confirm-button").click();
    for (const p of people) await p.page.getByTestId("end-screen").waitFor();
    await parkOffDashboard(pro, app);
    const perPage = at.map((t) => Math.round(t - clickedAt));
    return { all: Math.max(...perPage), perPage };
  } finally {
    for (const p of people) await p.ctx.close();
  }
}

/**
 * The four-person call set-up through Frontdesk (professional, client, two guests from their own
 * links): the professional's Join → first frames from all three peers on every page. The bench
 * times it interleaved with the four-person floor and reports it beside the floor, goal ≤ 1.5×.
 */
export function fourPersonCall(): FourPersonCall {
  return timedFourPersonCall;
}

/** Times `work` with the load around it. */
export async function underLoad<T>(
  work: () => Promise<T>,
): Promise<[T, SampleLoad]> {
  const meter = startLoadMeter();
  const value = await work();
  const { otherCores, oursCores, loadavg1, stealPct } = meter.stop();
  return [value, { otherCores, oursCores, loadavg1, stealPct }];
}

/**
 * Resolves with the page's first-remote-frame time (recorded in the page by
 * RECORD_FIRST_REMOTE_FRAME). Started before the click, so Playwright's own script injection
 * into the page happens before the clock starts; it polls slowly since the time is in the page.
 */
const readFrame = (page: Page) => readPageTime(page, "__firstRemoteFrameAt");

/** Resolves with the time recordRemoteFrames(n) recorded in the page. */
const readAllFrames = (page: Page) => readPageTime(page, "__remoteFramesAt");

/** Resolves with the epoch-ms time the page keeps in `window[key]`, once set (30 s at most). */
const readPageTime = (page: Page, key: string) =>
  page.waitForFunction(
    (k) => (window as unknown as Record<string, number | undefined>)[k],
    key,
    { timeout: 30_000, polling: 100 },
  ).then((h) => h.jsonValue() as Promise<number>);

/** One timed call: the client waits, the professional joins, both see video, the client hangs up. */
export async function timedCall(
  browser: Browser,
  app: AppProcess,
  pro: Page,
  name: string,
) {
  const link = await createAppointmentNow(pro, name);
  await pro.goto(`${app.url}/dashboard`);
  const clientCtx = await newCallContext(browser);
  await clientCtx.addInitScript(RECORD_FIRST_REMOTE_FRAME);
  try {
    const client = await clientCtx.newPage();
    await openLink(client, app, link);
    await client.getByTestId("join").click();
    await client.getByTestId("waiting-room").waitFor();
    const banner = pro.getByTestId("waiting-banner");
    await banner.waitFor();
    const frames = Promise.all([readFrame(pro), readFrame(client)]);
    await new Promise((r) => setTimeout(r, REACTION_MS));
    // The CPU the whole call takes while it sets up: every Chromium process and the server.
    const meter = startLoadMeter();
    await banner.getByRole("link", { name: /Join call/ }).click();
    await pro.waitForURL(/\/call$/);
    const [proFrame, clientFrame] = await frames;
    const setupCores = meter.stop().oursCores;
    const clickedAt = Number(
      await pro.evaluate(() => sessionStorage.getItem("__joinClickAt")),
    );
    const steps = await pro.evaluate((names) => {
      const at: Record<string, number> = {};
      for (const name of names) {
        const m = performance.getEntriesByName(`frontdesk:${name}`, "mark")[0];
        if (m) at[name] = performance.timeOrigin + m.startTime;
      }
      return at;
    }, [...SETUP_STEPS]);
    await pro.getByTestId("end-for-everyone").click();
    await pro.getByTestId("end-confirm-button").click();
    await client.getByTestId("end-screen").waitFor();
    await parkOffDashboard(pro, app);
    return {
      both: Math.max(proFrame, clientFrame) - clickedAt,
      pro: proFrame - clickedAt,
      client: clientFrame - clickedAt,
      setupCores,
      steps: Object.fromEntries(
        Object.entries(steps).map(([k, v]) => [k, v - clickedAt]),
      ) as Partial<Record<SetupStep, number>>,
    };
  } finally {
    await clientCtx.close();
  }
}
