/**
 * Chromium inside a lab namespace, driven by Playwright from the host.
 *
 * How: Playwright's `chromium.launch` talks to Chromium over a pipe (`--remote-debugging-pipe`,
 * file descriptors 3 and 4), not over TCP. We give it as `executablePath` a two-line wrapper,
 * `exec ip netns exec NS chromium "$@"`: `ip netns exec` enters the namespace and execs in the
 * same process (no fork), so the pipe's descriptors, the pid Playwright kills on `close()`, and
 * the exit status all stay Chromium's. The browser's sockets are then the namespace's (its
 * ICE candidates are the client's private address behind its router), while Playwright needs no
 * route into the lab at all. A CDP port bound inside the namespace would need a veth and an
 * address on the host, i.e. something to leave behind; the pipe needs nothing.
 *
 * The app is served over plain http://203.0.113.1:PORT, which is not a secure context, so
 * `--unsafely-treat-insecure-origin-as-secure` lets that one origin use the (fake) camera.
 */
import type { Browser } from "playwright-core";
import { chromePath, launchBrowser } from "../helpers/browser.ts";

/** Launches Chromium (fake devices, as in every browser test) inside namespace `ns`. */
export async function launchBrowserIn(
  ns: string,
  appOrigin: string,
  args: string[] = [],
): Promise<Browser> {
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-netlab-chromium-" });
  const wrapper = `${dir}/chromium-in-netns`;
  await Deno.writeTextFile(
    wrapper,
    `#!/bin/sh\nexec ip netns exec '${ns}' '${chromePath(true)}' "$@"\n`,
    { mode: 0o755 },
  );
  try {
    const browser = await launchBrowser({
      executablePath: wrapper,
      args: [`--unsafely-treat-insecure-origin-as-secure=${appOrigin}`, ...args],
    });
    browser.on("disconnected", () => Deno.remove(dir, { recursive: true }).catch(() => {}));
    return browser;
  } catch (err) {
    await Deno.remove(dir, { recursive: true });
    throw err;
  }
}
