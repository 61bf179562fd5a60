/**
 * Issue 20: the server restarts during call set-up, between the offer and the answer, by SIGTERM
 * and by SIGKILL; the call still comes up, with no reload. The client waits (its offer held on
 * the server), the professional opens the call and gets the offer; the answering page's answer is
 * held in the page (helpers/held_answer.ts) while the server stops and starts again on the same
 * port and data directory; then the answer goes. Frames must flow both ways (getStats) over a
 * selected candidate pair, in the same documents.
 *
 * Last, the client's page closes while the server is down: the professional sees them
 * reconnecting, then gone, not "reconnecting" for ever.
 *
 * Which page is back on the restarted server first is up to their reconnection backoff (random);
 * it mattered (the professional back first dropped the half-made connection, see
 * CallController's welcome), so each stop runs RUNS times and the log says who was back first.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { createAppointment } from "./helpers/app_session.ts";
import { demoPro } from "./helpers/client_page.ts";
import { newCallContext, openLink, proFromPrintedLink } from "./helpers/call_flow.ts";
import { answerHeld, HOLD_ANSWER, releaseAnswer } from "./helpers/held_answer.ts";
import { chromiumPerson } from "./helpers/person.ts";
import { pairTypes, type PeerStats, waitForFrames } from "./helpers/rtc_stats.ts";

const RUNS = Number(Deno.env.get("RESTART_SETUP_RUNS") ?? 3);

/** How long the call may take to come up once the server is back and the answer goes. */
const UP_WITHIN_MS = 20_000;

const STOPS: [string, (app: AppProcess) => Promise<void>][] = [
  ["SIGTERM", (app) => app.stop()],
  ["SIGKILL", (app) => app.kill()],
];

/** Init script: the epoch-ms time each of the page's WebSockets opened (`__socketOpens`). */
const RECORD_SOCKET_OPENS = `
  (() => {
    const Original = window.WebSocket;
    window.__socketOpens = [];
    window.WebSocket = class extends Original {
      constructor(...args) {
        super(...args);
        this.addEventListener("open", () => window.__socketOpens.push(Date.now()));
      }
    };
  })();
`;

/** When `page`'s first socket opened after `since` (epoch ms), or Infinity. */
const openedAfter = (page: Page, since: number) =>
  page.evaluate(
    (t) => (window as unknown as { __socketOpens: number[] }).__socketOpens.find((x) => x > t),
    since,
  ).then((t) => t ?? Infinity);

/** The page (of `pages`) holding an answer, once one does. */
async function heldAnswerOn(pages: Page[], timeoutMs = 15_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const page of pages) if (await answerHeld(page)) return page;
    if (Date.now() > deadline) throw new Error("no offer arrived: no answer held");
    await pages[0].waitForTimeout(50);
  }
}

/** Marks the page's document, to tell afterwards that it was never reloaded. */
const markDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { __sameDocument: boolean }).__sameDocument = true);
const sameDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

Deno.test({
  name: `browser: the server restarts between offer and answer (SIGTERM, SIGKILL; ${RUNS} each); ` +
    "the call comes up",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-restart-setup-" });
    let app: AppProcess = await startApp({ dataDir, env: { DEMO: "1" } });
    const port = Number(new URL(app.url).port);
    const browser = await launchBrowser();
    try {
      const proCtx = await newCallContext(browser);
      for (const script of [HOLD_ANSWER, RECORD_SOCKET_OPENS]) await proCtx.addInitScript(script);
      const pro = await proCtx.newPage();
      await proFromPrintedLink(pro, app);
      // The same professional without a browser: each run's appointment, after a restart too.
      const proClient = await demoPro(app);
      for (let run = 1; run <= RUNS; run++) {
        for (const [signal, stop] of STOPS) {
          const label = `${signal} run ${run}`;
          const { id, link } = await createAppointment(proClient, `Set-up ${label}`, 0);
          const clientCtx = await newCallContext(browser);
          for (const s of [HOLD_ANSWER, RECORD_SOCKET_OPENS]) await clientCtx.addInitScript(s);
          const client = await clientCtx.newPage();
          await openLink(client, app, link);
          await client.getByTestId("join").click();
          await client.getByTestId("waiting-room").waitFor();
          await pro.goto(`${app.url}/dashboard/appointments/${id}/call`);
          const answerer = await heldAnswerOn([pro, client]);
          for (const page of [pro, client]) await markDocument(page);

          const stoppedAt = Date.now();
          await stop(app);
          app = await startApp({ dataDir, port, env: { DEMO: "1" } });
          const upAt = Date.now();
          // Every later answer goes at once too, on both pages (an ICE restart's, say).
          for (const page of [pro, client]) await releaseAnswer(page);
          let stats: PeerStats[][];
          try {
            stats = await Promise.all([
              waitForFrames(chromiumPerson(pro, "professional"), 1, UP_WITHIN_MS),
              waitForFrames(chromiumPerson(client, "client"), 1, UP_WITHIN_MS),
            ]);
          } catch (err) {
            await saveScreenshot(pro, `restart-setup-${signal}-${run}-pro`);
            await saveScreenshot(client, `restart-setup-${signal}-${run}-client`);
            throw new Error(`${label}: the call did not come up: ${err}`);
          }
          const framesAt = Date.now();
          const [proBack, clientBack] = await Promise.all(
            [pro, client].map((p) => openedAfter(p, stoppedAt)),
          );
          console.log(
            `${label}: ${answerer === pro ? "professional" : "client"} answered; server down ` +
              `${upAt - stoppedAt} ms; ${proBack < clientBack ? "professional" : "client"} back ` +
              `first (sockets ${proBack - upAt} / ${clientBack - upAt} ms after the start); ` +
              `frames both ways ${framesAt - upAt} ms after the start (${
                framesAt - stoppedAt
              } ms after the stop); pairs pro ${pairTypes(stats[0])}, client ${
                pairTypes(stats[1])
              }`,
          );
          for (const [i, page] of [pro, client].entries()) {
            assert.ok(await sameDocument(page), `${label}: page ${i} was not reloaded`);
            assert.ok(stats[i][0].local && stats[i][0].remote, `${label}: a selected pair`);
            assert.ok(stats[i][0].bytesReceived > 0, `${label}: video bytes arrive`);
          }
          await clientCtx.close();
        }
      }

      // The client's page closes while the server is down and never comes back: the kept
      // half-made connection shows them reconnecting, then gone (CallController's
      // HALF_MADE_KEEP_MS, 20 s), not "reconnecting" for ever.
      const { id, link } = await createAppointment(proClient, "Set-up gone", 0);
      const goneCtx = await newCallContext(browser);
      await goneCtx.addInitScript(HOLD_ANSWER);
      const gone = await goneCtx.newPage();
      await openLink(gone, app, link);
      await gone.getByTestId("join").click();
      await gone.getByTestId("waiting-room").waitFor();
      await pro.goto(`${app.url}/dashboard/appointments/${id}/call`);
      await heldAnswerOn([pro, gone]);
      await app.kill();
      await goneCtx.close();
      const stoppedAt = Date.now();
      app = await startApp({ dataDir, port, env: { DEMO: "1" } });
      await releaseAnswer(pro);
      await pro.locator('[data-state="peer-away"]').waitFor({ timeout: 10_000 });
      await pro.locator('[data-state="peer-left"]').waitFor({ timeout: 30_000 });
      await pro.getByText("Set-up gone left the call.", { exact: false }).waitFor();
      console.log(
        `client gone during the restart: "left" ${Date.now() - stoppedAt} ms after the stop`,
      );
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
