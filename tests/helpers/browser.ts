/**
 * Launches the system Chromium through playwright-core for browser tests, with fake camera and
 * microphone devices, and saves screenshots as test artifacts.
 */
import { type Browser, chromium, type Page } from "playwright-core";

/** The full Chromium, in its headless mode. */
const FULL_CHROME = "/usr/bin/chromium";
/**
 * Debian's Chromium headless shell (package chromium-headless-shell, what Playwright itself runs
 * headless): same engine, same WebRTC, no browser window behind the page. Two call tests took 85
 * CPU-seconds in it against 127 in the full browser (57 s against 76 s), which on a two-core
 * machine running three test files at once is the difference between frames arriving and a test
 * waiting past its timeout. It has no permission prompts, though (camera and microphone not
 * granted are refused with NotSupportedError, notifications outright) and does not take
 * `--unsafely-treat-insecure-origin-as-secure`: those tests ask for the full browser.
 */
const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
const SCREENSHOT_DIR = new URL("../../test-results/screenshots/", import.meta.url);

/**
 * `CHROME_PATH`, else the headless shell (unless `full`) or the full Chromium, the first
 * installed; throws with the install command when none is.
 */
export function chromePath(full = false): string {
  const fromEnv = Deno.env.get("CHROME_PATH");
  const defaults = full ? [FULL_CHROME] : [HEADLESS_SHELL, FULL_CHROME];
  for (const candidate of [fromEnv, ...defaults]) {
    if (candidate && isFile(candidate)) return candidate;
  }
  throw new Error(
    `No Chromium found${fromEnv ? ` at CHROME_PATH=${fromEnv}` : ""} or at ` +
      `${defaults.join(" or ")}. Install it with ` +
      "`apt-get install -y chromium chromium-headless-shell` (as root), or set CHROME_PATH to a " +
      "Chromium/Chrome executable.",
  );
}

/**
 * Launches headless Chromium with 3 fake cameras, microphones and speakers.
 * With `fakeUi: false` permission prompts are not auto-accepted, so a
 * context without granted permissions sees getUserMedia refused. `args` go after ours (e.g.
 * `--auto-select-desktop-capture-source=Entire screen`, which fakes a screen share).
 * `executablePath` replaces the Chromium found by {@linkcode chromePath} (the network lab passes
 * a wrapper that starts it inside a namespace). `full` (implied by `fakeUi: false`) asks for the
 * full browser rather than the headless shell: permission prompts answered as a person's "Block".
 */
export function launchBrowser(
  opts: { fakeUi?: boolean; full?: boolean; args?: string[]; executablePath?: string } = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: opts.executablePath ?? chromePath(opts.full || opts.fakeUi === false),
    headless: true,
    args: [
      "--no-sandbox",
      ...(opts.fakeUi === false ? [] : ["--use-fake-ui-for-media-stream"]),
      "--use-fake-device-for-media-stream=device-count=3",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-gpu",
      ...(opts.args ?? []),
    ],
  });
}

/**
 * How long one screenshot may take. Just after a resize, a page decoding two videos on a busy
 * two-core machine took 0.1–15.7 s for one (stage grid test, next to a Firefox room test), and
 * over 30 s (Playwright's default) once in CI; a picture is evidence, not a timing check.
 */
const SCREENSHOT_TIMEOUT_MS = 120_000;

/** Saves a full-page PNG as `test-results/screenshots/<name>.png`; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  const safeName = name.replace(/[^A-Za-z0-9._-]+/g, "-");
  const path = new URL(`${safeName}.png`, SCREENSHOT_DIR).pathname;
  await page.screenshot({ path, fullPage: true, timeout: SCREENSHOT_TIMEOUT_MS });
  return path;
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
