/**
 * One person of a cross-browser call, whichever engine their page runs in: a Chromium page
 * (playwright-core) or a Firefox page (puppeteer-core) behind the same few steps, so one test
 * body covers every browser combination.
 */
import type { Page as ChromiumPage } from "playwright-core";
import type { Page as FirefoxPage } from "puppeteer-core";
import { saveScreenshot } from "./browser.ts";
import { until } from "../../signaling/testing/until.ts";

/** Which browser engine a person uses. */
export type Engine = "chromium" | "firefox";

/** A person's page: navigation, clicks by test id, waits on selectors, code in the page. */
export interface Person {
  /** e.g. "Firefox client", for messages and logs. */
  label: string;
  engine: Engine;
  url(): string;
  goto(url: string): Promise<void>;
  /** Clicks the element with `data-testid="<testId>"`. */
  click(testId: string): Promise<void>;
  /** Waits until `selector` matches a visible element (or, with `gone`, none). */
  waitFor(selector: string, opts?: { timeout?: number; gone?: boolean }): Promise<void>;
  /** Types `text` into the field `selector` (focused first), then presses Enter. */
  typeAndEnter(selector: string, text: string): Promise<void>;
  /** Runs `fn` in the page (it must use nothing from outside itself but `arg`). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Saves a full-page screenshot under test-results/screenshots/. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

const testIdSelector = (id: string) => `[data-testid="${id}"]`;

/** A Chromium page as a {@linkcode Person}. */
export function chromiumPerson(page: ChromiumPage, label: string): Person {
  return {
    label,
    engine: "chromium",
    url: () => page.url(),
    goto: async (url) => void await page.goto(url),
    click: (id) => page.locator(testIdSelector(id)).first().click(),
    waitFor: (selector, opts = {}) =>
      page.locator(selector).first().waitFor({
        state: opts.gone ? "detached" : "visible",
        timeout: opts.timeout ?? 30_000,
      }),
    typeAndEnter: async (selector, text) => {
      await page.locator(selector).fill(text);
      await page.locator(selector).press("Enter");
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg),
    screenshot: (name) => saveScreenshot(page, name),
    close: () => page.context().close(),
  };
}

const SCREENSHOT_DIR = new URL("../../test-results/screenshots/", import.meta.url);

/** A Firefox page as a {@linkcode Person}. */
export function firefoxPerson(page: FirefoxPage, label: string): Person {
  return {
    label,
    engine: "firefox",
    url: () => page.url(),
    goto: async (url) => void await page.goto(url),
    // Not page.locator(): its in-page checks use eval, which the app's CSP refuses in Firefox.
    // Not page.click() either: its half a dozen BiDi round trips (scroll, box, pointer actions)
    // timed out on a loaded machine with four calls running; a DOM click is one.
    click: async (id) => {
      const selector = testIdSelector(id);
      await firefoxWait(page, selector, false, 30_000);
      await page.$eval(selector, (el) => (el as HTMLElement).click());
    },
    waitFor: (selector, opts = {}) =>
      firefoxWait(page, selector, opts.gone ?? false, opts.timeout ?? 30_000),
    typeAndEnter: async (selector, text) => {
      await page.focus(selector);
      await page.keyboard.type(text);
      await page.keyboard.press("Enter");
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    screenshot: async (name) => {
      await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
      const path = new URL(`${name.replace(/[^A-Za-z0-9._-]+/g, "-")}.png`, SCREENSHOT_DIR);
      await page.screenshot({ path: path.pathname as `${string}.png`, fullPage: true });
      return path.pathname;
    },
    close: () => page.browserContext().close(),
  };
}

/**
 * Waits until `selector` matches a visible element (or, `gone`, none that is), asking the page
 * every 100 ms. Not page.waitForSelector({ visible }): it polls on animation frames, which
 * Firefox throttled on a loaded machine until a page already showing the end screen went unseen
 * for over ten seconds (the screenshot taken then showed it). Not page.waitForFunction either:
 * its poller is built with Function(), which the app's CSP refuses.
 */
function firefoxWait(page: FirefoxPage, selector: string, gone: boolean, timeout: number) {
  const shown = () =>
    page.evaluate((sel: string) => {
      const el = document.querySelector(sel);
      const box = el?.getBoundingClientRect();
      return !!el && !!box && box.width > 0 && box.height > 0 &&
        getComputedStyle(el).visibility !== "hidden";
    }, selector);
  const what = `${selector} ${gone ? "gone" : "shown"} (${timeout} ms)`;
  return until(what, async () => (await shown()) !== gone, timeout, 100);
}
