/**
 * Standby call sockets (system Chromium, fake devices): while a client waits, the dashboard opens
 * the professional's call socket ahead; the client does not see the professional until "Join
 * call", which then runs on that socket (no new handshake) and answers the client's offer the
 * socket was shown as held, without waiting for its seat. A standby socket that dropped just
 * before the click is replaced by a fresh call socket.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { launchBrowser } from "./helpers/browser.ts";
import {
  createAppointmentNow,
  newCallContext,
  openLink,
  proFromPrintedLink,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const CLIENT = "Standby Client";

/** Keeps every WebSocket the page creates in `window.__sockets`. */
const RECORD_SOCKETS = `
  (() => {
    const Original = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Original {
      constructor(...args) { super(...args); window.__sockets.push(this); }
    };
  })();
`;

/**
 * Counts, in `window.__offersApplied`, the remote offers the page's connections set, and in
 * `window.__offerFrames` the offers its sockets received on their own (not inside a `held`).
 */
const COUNT_OFFERS_APPLIED = `
  (() => {
    const set = RTCPeerConnection.prototype.setRemoteDescription;
    window.__offersApplied = 0;
    RTCPeerConnection.prototype.setRemoteDescription = function (d, ...rest) {
      if (d?.type === "offer") window.__offersApplied++;
      return set.call(this, d, ...rest);
    };
    window.__offerFrames = 0;
    const Original = window.WebSocket;
    window.WebSocket = class extends Original {
      constructor(...args) {
        super(...args);
        this.addEventListener("message", ({ data }) => {
          if (typeof data === "string" && data.startsWith('{"type":"offer"')) window.__offerFrames++;
        });
      }
    };
  })();
`;

type SocketInfo = { url: string; state: number };

const sockets = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __sockets: WebSocket[] }).__sockets.map((ws) => ({
      url: ws.url,
      state: ws.readyState,
    }))
  ) as Promise<SocketInfo[]>;

/** Waits for the dashboard's open standby socket; returns its index in `__sockets`. */
async function openStandby(pro: Page): Promise<number> {
  const handle = await pro.waitForFunction(() => {
    const all = (window as unknown as { __sockets: WebSocket[] }).__sockets;
    const i = all.findIndex((ws) => ws.url.includes("standby=1") && ws.readyState === 1);
    return i >= 0 ? i : false;
  });
  return await handle.jsonValue() as number;
}

/** The hub's open sockets, from /metrics. */
async function openSockets(app: AppProcess): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return Number(text.match(/^frontdesk_signaling_open_sockets (\d+)$/m)?.[1]);
}

async function clientWaitingWithStandby(app: AppProcess) {
  const browser = await launchBrowser();
  const proCtx = await newCallContext(browser);
  await proCtx.addInitScript(RECORD_SOCKETS);
  await proCtx.addInitScript(COUNT_OFFERS_APPLIED);
  const pro = await proCtx.newPage();
  await proFromPrintedLink(pro, app);
  const link = await createAppointmentNow(pro, CLIENT);
  await pro.goto(`${app.url}/dashboard`);
  const client = await (await newCallContext(browser)).newPage();
  await openLink(client, app, link);
  await client.getByTestId("join").click();
  await client.getByTestId("waiting-room").waitFor();
  const banner = pro.getByTestId("waiting-banner");
  await banner.waitFor();
  const standby = await openStandby(pro);
  // Dashboard, standby and client sockets, all admitted by the hub.
  for (let i = 0; i < 100 && await openSockets(app) < 3; i++) await pro.waitForTimeout(50);
  assert.equal(await openSockets(app), 3);
  return { browser, pro, client, banner, standby };
}

Deno.test({
  name: "browser: a waiting client's call socket stands by, unseen, and Join call runs on it",
  ...opts,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const { browser, pro, client, banner, standby } = await clientWaitingWithStandby(app);
    try {
      const before = await sockets(pro);
      assert.match(before[standby].url, /\/ws\?appointment=[^&]+&standby=1&v=2$/);
      // The hub admitted it; the client still waits and the row still says so.
      assert.ok(await client.getByText("will let you in shortly").isVisible());
      await pro.locator(`tr:has-text("${CLIENT}") [data-status="waiting"]`).waitFor();

      await banner.getByRole("link", { name: /Join call/ }).click();
      assert.ok(await waitForRemoteVideo(pro) > 0);
      assert.ok(await waitForRemoteVideo(client) > 0);
      const after = await sockets(pro);
      assert.equal(after.length, before.length, "no new socket: the call runs on the standby one");
      assert.equal(after[standby].state, WebSocket.OPEN);
      assert.equal(await openSockets(app), 3);
      // The standby socket was shown the client's held offer: the answer went out at the click,
      // before the seat's welcome came back (which then brought the same offer again).
      const at = await pro.evaluate(() =>
        Object.fromEntries(
          ["welcome", "offer", "answer"].map((step) => [
            step,
            performance.getEntriesByName(`frontdesk:${step}`, "mark")[0]?.startTime ?? null,
          ]),
        )
      );
      assert.ok(at.answer !== null && at.welcome !== null, JSON.stringify(at));
      assert.ok(at.answer < at.welcome, `answer before welcome: ${JSON.stringify(at)}`);
      // The seat's copy of the offer is known for the one answered, even once the candidates
      // that followed it are in (they change the connection's remoteDescription): one answer.
      await pro.waitForFunction(() =>
        (window as unknown as { __offerFrames: number }).__offerFrames > 0
      );
      const applied = await pro.evaluate(() =>
        (window as unknown as { __offersApplied: number }).__offersApplied
      );
      assert.equal(applied, 1, "the client's one offer is answered once");
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});

Deno.test({
  name: "browser: a standby socket that dropped before the click is replaced by a call socket",
  ...opts,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const { browser, pro, client, banner, standby } = await clientWaitingWithStandby(app);
    try {
      // Dropped and clicked in one task, so the standby socket cannot reconnect in between.
      await banner.getByRole("link", { name: /Join call/ }).evaluate((link, i) => {
        (window as unknown as { __sockets: WebSocket[] }).__sockets[i].close(4100, "test");
        (link as HTMLAnchorElement).click();
      }, standby);
      assert.ok(await waitForRemoteVideo(pro) > 0);
      assert.ok(await waitForRemoteVideo(client) > 0);
      const open = (await sockets(pro)).filter((s) => s.state === WebSocket.OPEN);
      assert.ok(
        open.some((s) => /\/ws\?appointment=[^&]+&v=2$/.test(s.url)),
        "the call has a plain call socket of its own",
      );
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
