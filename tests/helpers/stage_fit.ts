/**
 * The call stage as the browser tests see it (tests/call_stage_browser_test.ts,
 * tests/stage_grid_browser_test.ts): the bar's controls, the six window sizes of issue 18, the
 * check that every tile and control lies inside the window with no scrolling, axe, a button's
 * accessible state, and people joining from their links.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { saveScreenshot } from "./browser.ts";
import { formatViolations, wcagViolations } from "./axe.ts";
import { newCallContext, openLink, proFromPrintedLink } from "./call_flow.ts";

/**
 * The bar's controls everyone has at every window size (full screen is left out on phones;
 * screen share is there because desktop Chromium has getDisplayMedia, whatever its window).
 */
export const BAR = [
  "toggle-mic",
  "toggle-cam",
  "share-screen",
  "chat",
  "participants",
  "settings",
  "leave",
];
export const PRO_BAR = [...BAR, "end-for-everyone"];
export const VIEWPORTS = [
  [1920, 1080],
  [1366, 768],
  [1280, 720],
  [768, 1024],
  [390, 844],
  [844, 390],
] as const;

/** Remote videos of the page showing frames. */
export function playingRemoteVideos(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')]
      .filter((v) => v.videoWidth > 0).length
  );
}

export async function waitForRemotes(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')]
        .filter((v) => v.videoWidth > 0).length === n,
    n,
    { timeout: 30_000, polling: 250 },
  );
}

/**
 * Asserts the stage fits `page`'s window: `tiles` tiles and every shown bar control inside it,
 * none squashed, and no scrolling either way.
 */
export async function assertFits(page: Page, tiles: number, controls: string[], where: string) {
  // One frame for the layout after a resize.
  // (Bounded: a page whose frames are throttled must not hang the test.)
  await page.evaluate(() =>
    new Promise((r) => {
      requestAnimationFrame(() => r(null));
      setTimeout(() => r(null), 500);
    })
  );
  const r = await page.evaluate(() => {
    const w = innerWidth;
    const h = innerHeight;
    const outside: string[] = [];
    const boxes = (selector: string) =>
      [...document.querySelectorAll<HTMLElement>(selector)].map((el) => ({
        el,
        b: el.getBoundingClientRect(),
      })).filter(({ b }) => b.width > 0 || b.height > 0);
    const tiles = boxes('.call-stage [data-testid="tile"]');
    const controls = boxes(".control-bar button.ctl");
    for (const { el, b } of [...tiles, ...controls]) {
      if (b.left < -0.5 || b.top < -0.5 || b.right > w + 0.5 || b.bottom > h + 0.5) {
        outside.push(
          `${el.getAttribute("aria-label") ?? el.textContent?.trim()}: ` +
            `${Math.round(b.left)},${Math.round(b.top)} ${Math.round(b.width)}×${
              Math.round(b.height)
            }`,
        );
      }
    }
    const d = document.documentElement;
    return {
      outside,
      tiles: tiles.length,
      smallestTile: Math.min(...tiles.map(({ b }) => Math.min(b.width, b.height))),
      controls: controls.map(({ el }) => el.dataset.testid),
      scroll: { sh: d.scrollHeight, sw: d.scrollWidth, w, h },
    };
  });
  assert.deepEqual(r.outside, [], `${where}: outside the window`);
  assert.equal(r.tiles, tiles, `${where}: tiles`);
  assert.ok(r.smallestTile >= 60, `${where}: a tile is only ${r.smallestTile} px`);
  for (const id of controls) assert.ok(r.controls.includes(id), `${where}: no ${id} in the bar`);
  assert.ok(r.scroll.sh <= r.scroll.h, `${where}: scrolls down ${JSON.stringify(r.scroll)}`);
  assert.ok(r.scroll.sw <= r.scroll.w, `${where}: scrolls sideways ${JSON.stringify(r.scroll)}`);
}

export async function assertAccessible(page: Page, where: string) {
  const violations = await wcagViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], `${where}\n${formatViolations(violations)}`);
}

/**
 * Resizes every page to each viewport in turn and checks the stage on each; photographs one side
 * per viewport, in turn (`<prefix>-<people>p-<w>x<h>-<side>.png`), so every side is seen: a
 * screenshot of a page drawing live video is costly, and 24 of them in a call of four took
 * minutes of a loaded CI machine.
 */
export async function everyViewport(
  sides: { name: string; page: Page; controls: string[] }[],
  people: number,
  prefix = "stage",
) {
  for (const [i, [width, height]] of VIEWPORTS.entries()) {
    for (const s of sides) await s.page.setViewportSize({ width, height });
    for (const s of sides) {
      const where = `${people} people, ${width}×${height}, ${s.name}`;
      await assertFits(s.page, people, s.controls, where);
    }
    const shown = sides[i % sides.length];
    await saveScreenshot(shown.page, `${prefix}-${people}p-${width}x${height}-${shown.name}`);
  }
  for (const s of sides) await s.page.setViewportSize({ width: 1280, height: 720 });
}

/** The accessible name of `testId`'s button, and its aria-pressed. */
export async function buttonState(page: Page, testId: string) {
  const button = page.getByTestId(testId);
  return {
    name:
      (await button.evaluate((el) => (el as HTMLElement).querySelector(".sr-only")?.textContent))
        ?.trim(),
    pressed: await button.getAttribute("aria-pressed"),
  };
}

/** The server's count of messages it relayed (from /metrics, served to loopback). */
export async function relayed(app: { url: string }): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split("\n").find((l) =>
    l.startsWith("frontdesk_signaling_messages_relayed_total")
  );
  return Number(line!.split(" ").at(-1));
}

export async function signedInPro(browser: Browser, app: { url: string }) {
  const pro = await (await newCallContext(browser)).newPage();
  await proFromPrintedLink(pro, app as never);
  return pro;
}

export async function joinFromLink(browser: Browser, app: { url: string }, link: string) {
  const page = await (await newCallContext(browser)).newPage();
  await openLink(page, app as never, link);
  await page.getByTestId("join").click();
  await page.locator(".call-stage").waitFor();
  return page;
}
