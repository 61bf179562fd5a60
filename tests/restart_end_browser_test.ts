/**
 * Issue 17: the server stopped with SIGTERM mid-call and started again on the same port and data
 * directory; End for everyone, clicked as soon as both pages show connected again, ends the call
 * on both pages and completes the appointment — every time (10 runs in a row). The end is never
 * lost: it waits in the page's socket queue while reconnecting, waits in the transport while the
 * socket is admitted, and nothing closes before the store has "completed".
 */
import assert from "node:assert/strict";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { createAppointment } from "./helpers/app_session.ts";
import { demoPro } from "./helpers/client_page.ts";
import {
  endForEveryone,
  newCallContext,
  openLink,
  proFromPrintedLink,
  waitForRemoteVideo,
} from "./helpers/call_flow.ts";

const RUNS = Number(Deno.env.get("RESTART_RUNS") ?? 10);

Deno.test({
  name: `browser: SIGTERM and restart mid-call, then End for everyone ends it — ${RUNS} of ${RUNS}`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-restart-end-" });
    let app: AppProcess = await startApp({ dataDir, env: { DEMO: "1" } });
    const port = Number(new URL(app.url).port);
    const browser = await launchBrowser();
    try {
      const pro = await (await newCallContext(browser)).newPage();
      await proFromPrintedLink(pro, app);
      // The same professional without a browser, to make each run's appointment quickly.
      const proClient = await demoPro(app);
      for (let run = 1; run <= RUNS; run++) {
        const name = `Restart Client ${run}`;
        const t0 = Date.now();
        const { id, link } = await createAppointment(proClient, name, 0);
        const callUrl = `${app.url}/dashboard/appointments/${id}/call`;
        const clientCtx = await newCallContext(browser);
        const client = await clientCtx.newPage();
        await openLink(client, app, link);
        await client.getByTestId("join").click();
        await client.getByTestId("waiting-room").waitFor();
        await pro.goto(callUrl);
        await waitForRemoteVideo(pro);
        await waitForRemoteVideo(client);

        const t1 = Date.now();
        await app.stop(); // SIGTERM: sockets closed with 1001, the browsers reconnect
        await client.locator('[data-state="reconnecting"]').waitFor();
        const t2 = Date.now();
        app = await startApp({ dataDir, port, env: { DEMO: "1" } });
        const t3 = Date.now();
        for (const page of [pro, client]) {
          await page.locator('[data-state="connected"]').waitFor({ timeout: 20_000 });
        }
        const t4 = Date.now();
        await endForEveryone(pro);
        try {
          await pro.getByTestId("end-screen").waitFor({ timeout: 10_000 });
          await client.getByTestId("end-screen").waitFor({ timeout: 10_000 });
        } catch (err) {
          await saveScreenshot(pro, `restart-end-run-${run}-pro`);
          await saveScreenshot(client, `restart-end-run-${run}-client`);
          throw new Error(`run ${run}: the end did not reach everyone: ${err}`);
        }
        console.log(
          `run ${run}: call ${t1 - t0} ms, stop ${t2 - t1} ms, start ${t3 - t2} ms, ` +
            `reconnect ${t4 - t3} ms, end ${Date.now() - t4} ms`,
        );
        await pro.goto(`${app.url}/dashboard`);
        const status = await pro.locator(`tr:has-text("${name}") [data-status]`).first()
          .getAttribute("data-status");
        assert.equal(status, "completed", `run ${run}: stored completed`);
        await clientCtx.close();
      }
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
