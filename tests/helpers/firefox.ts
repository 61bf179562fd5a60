/**
 * Launches Debian's stock Firefox (`firefox-esr`) through puppeteer-core over WebDriver BiDi for
 * the cross-browser call tests. Playwright drives only its own patched Firefox build, which we
 * cannot download; puppeteer-core never downloads a browser and drives the system one.
 */
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { RECORD_LOCAL_TRACKS, RECORD_PEER_CONNECTIONS } from "./call_flow.ts";

const DEFAULT_FIREFOX = "/usr/bin/firefox-esr";

/**
 * Fake camera and microphone without a prompt, and loopback ICE candidates: Firefox drops
 * 127.0.0.1 candidates unless `media.peerconnection.ice.loopback` is on, and every test call
 * runs on loopback.
 */
export const FIREFOX_PREFS: Record<string, unknown> = {
  "media.navigator.streams.fake": true,
  "media.navigator.permission.disabled": true,
  "permissions.default.camera": 1,
  "permissions.default.microphone": 1,
  "media.peerconnection.ice.loopback": true,
  // No first-run pages, updates or telemetry pings in a test profile.
  "browser.shell.checkDefaultBrowser": false,
  "app.update.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "toolkit.telemetry.reportingpolicy.firstRun": false,
};

/** `FIREFOX_PATH` when set, else `/usr/bin/firefox-esr`; null when that file does not exist. */
export function firefoxPath(): string | null {
  const candidate = Deno.env.get("FIREFOX_PATH") || DEFAULT_FIREFOX;
  return isFile(candidate) ? candidate : null;
}

/**
 * Why the Firefox tests cannot run here, or null when they can. Test files print it as their one
 * skip line (scripts/run_tests.ts installs firefox-esr as root, so CI always runs them).
 */
export function firefoxMissing(): string | null {
  if (firefoxPath()) return null;
  return `Firefox tests skipped: no Firefox at ${
    Deno.env.get("FIREFOX_PATH") || DEFAULT_FIREFOX
  }. Install it with \`apt-get install -y firefox-esr\` (as root), or set FIREFOX_PATH.`;
}

/**
 * Headless Firefox with fake media in a fresh temporary profile (puppeteer makes one per
 * launch and removes it on close). `executablePath` replaces the one {@linkcode firefoxPath}
 * finds; `pulseServer` (see pulse.ts) gives it speakers to list.
 */
export function launchFirefox(
  opts: { executablePath?: string; pulseServer?: string } = {},
): Promise<Browser> {
  const executablePath = opts.executablePath ?? firefoxPath();
  if (!executablePath) throw new Error(firefoxMissing()!);
  const env = Deno.env.toObject();
  if (opts.pulseServer) env.PULSE_SERVER = opts.pulseServer;
  return puppeteer.launch({
    browser: "firefox",
    executablePath,
    headless: true,
    env,
    extraPrefsFirefox: FIREFOX_PREFS,
    // Startup of a cold profile on a busy machine can take a while.
    timeout: 60_000,
    protocolTimeout: 60_000,
  });
}

/**
 * A page in its own user context (cookies apart, like one person's browser) that records its
 * peer connections and camera/microphone tracks, as Chromium's `newCallContext` pages do.
 */
export async function newFirefoxCallPage(browser: Browser): Promise<Page> {
  const ctx = await browser.createBrowserContext();
  const page = await ctx.newPage();
  await page.evaluateOnNewDocument(RECORD_PEER_CONNECTIONS);
  await page.evaluateOnNewDocument(RECORD_LOCAL_TRACKS);
  return page;
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
