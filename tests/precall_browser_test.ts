/**
 * Issue 18 §6, before the call, in real Chromium with fake devices: the pre-call network check
 * against a real coturn (ready, relayed, nothing reachable, nothing configured), and a client
 * whose camera is blocked joining with audio only and being heard.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { freeLoopbackPort, startCoturn } from "./helpers/coturn.ts";
import { openClientPage } from "./helpers/client_page.ts";
import {
  endForEveryone,
  inboundBytes,
  newCallContext,
  proFromPrintedLink,
  tileOf,
} from "./helpers/call_flow.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "browser: the pre-call network check says what it found, in plain words",
  ...opts,
  async fn(t) {
    const coturn = await startCoturn();
    const closed = await freeLoopbackPort(); // nothing listens there
    const turnAt = (port: number) => ({
      TURN_URLS: `turn:127.0.0.1:${port}?transport=udp`,
      TURN_SECRET: coturn.secret,
    });
    const cases = [
      {
        name: "ready",
        env: { STUN_URLS: `stun:127.0.0.1:${coturn.port}`, ...turnAt(coturn.port) },
        ok: true,
        text: /^Your network is ready\.$/,
      },
      {
        name: "relayed",
        env: { STUN_URLS: `stun:127.0.0.1:${closed}`, ...turnAt(coturn.port) },
        ok: true,
        text: /^Direct calls are blocked here; the call will be relayed\./,
      },
      {
        name: "blocked",
        env: { STUN_URLS: `stun:127.0.0.1:${closed}`, ...turnAt(closed) },
        ok: false,
        text: /relay server cannot be reached .* may not connect\. Try another network/,
      },
      {
        name: "unchecked",
        env: {},
        ok: true,
        text: /connect directly .* no relay server to check/,
      },
    ];
    const browser = await launchBrowser();
    try {
      for (const c of cases) {
        await t.step(c.name, async () => {
          const app = await startApp({ env: { DEMO: "1", ...c.env } });
          try {
            const { page } = await openClientPage(browser, app, { name: "Net Client" });
            const check = page.getByTestId("network-check");
            await check.waitFor();
            const started = Date.now();
            await page.locator(`[data-testid="network-check"]:not([data-verdict="checking"])`)
              .waitFor({ timeout: 15_000 });
            // Bounded: a silent server never keeps the check spinning.
            assert.ok(Date.now() - started < 8_000, "the check ends within its time limit");
            assert.equal(await check.getAttribute("data-verdict"), c.name);
            assert.equal(await check.getAttribute("role"), "status");
            assert.match(await check.locator("p").innerText(), c.text);
            assert.equal(await check.evaluate((el) => el.classList.contains("warn")), !c.ok);
            await saveScreenshot(page, `precall-network-${c.name}`);
          } finally {
            await app.stop();
          }
        });
      }
    } finally {
      await browser.close();
      await coturn.stop();
    }
  },
});

Deno.test({
  name: "browser: with the camera blocked the client joins with audio only and is heard",
  ...opts,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    // No auto-accepting prompts: each context gets exactly the permissions it is granted.
    const browser = await launchBrowser({ fakeUi: false });
    try {
      const pro = await (await newCallContext(browser, {
        permissions: ["camera", "microphone"],
      })).newPage();
      await proFromPrintedLink(pro, app);
      const { page: client, id } = await openClientPage(browser, app, {
        name: "Audio Client",
        context: { permissions: ["microphone"] },
      });
      const help = client.getByTestId("media-help");
      await help.waitFor();
      assert.match(await help.innerText(), /^Camera blocked/);
      assert.match(await help.innerText(), /not allowed to use your camera\./);
      assert.match(
        await client.getByTestId("audio-only-help").innerText(),
        /You can still join with audio only: Dr\. Ada Lovelace will hear you but not see you\./,
      );
      await client.getByTestId("no-camera").waitFor();
      const join = client.getByTestId("join");
      assert.match(await join.innerText(), /^Join with audio only/);
      assert.equal(await join.isDisabled(), false);
      await saveScreenshot(client, "precall-audio-only");

      await join.click();
      await client.getByTestId("waiting-room").waitFor();
      await pro.goto(`${app.url}/dashboard/appointments/${id}/call`);
      // The professional hears the client: inbound audio bytes grow.
      const first = await waitFor(async () => {
        const bytes = await inboundBytes(pro, "audio");
        return bytes > 0 ? bytes : null;
      });
      await waitFor(async () => (await inboundBytes(pro, "audio")) > first + 1000 || null);
      assert.equal(await inboundBytes(pro, "video"), 0, "no video comes from the client");
      await tileOf(pro, "client").getByTestId("tile-initials").waitFor();
      await client.getByTestId("self-audio-only").waitFor();
      await saveScreenshot(client, "precall-audio-only-in-call");

      // Once the call is over, nothing on the page still says to check and join.
      await endForEveryone(pro);
      await client.getByTestId("end-screen").waitFor();
      const page = await client.locator("main").innerText();
      assert.doesNotMatch(page, /then join|will let you in/);
      await saveScreenshot(client, "end-screen-client");
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});

Deno.test({
  name: "browser: a client may choose to join with the camera off; the other side is told",
  ...opts,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      const pro = await (await newCallContext(browser)).newPage();
      await proFromPrintedLink(pro, app);
      const { page: client, id } = await openClientPage(browser, app, { name: "Shy Client" });
      const toggle = client.getByTestId("pre-toggle-cam");
      await client.getByTestId("self-video").waitFor();
      assert.equal(await toggle.getAttribute("aria-pressed"), "false");
      await toggle.click();
      assert.equal(await toggle.getAttribute("aria-pressed"), "true");
      await client.getByTestId("no-camera").waitFor();
      assert.match(await client.getByTestId("join").innerText(), /^Join with camera off/);
      await saveScreenshot(client, "precall-camera-off");
      await client.getByTestId("join").click();
      await client.getByTestId("waiting-room").waitFor();
      await pro.goto(`${app.url}/dashboard/appointments/${id}/call`);
      await tileOf(pro, "client").getByTestId("tile-initials").waitFor();
      // In the call the camera button shows it is off, and turning it on tells the other side.
      const cam = client.getByTestId("toggle-cam");
      assert.equal(await cam.getAttribute("aria-pressed"), "true");
      await cam.click();
      await tileOf(pro, "client").getByTestId("tile-initials").waitFor({ state: "detached" });
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});

/** Polls `probe` until it returns a value (not null), or fails after `timeoutMs`. */
async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 200));
  }
}
