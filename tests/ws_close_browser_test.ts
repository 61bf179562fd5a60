/**
 * Close codes reach a real browser that is still sending (issue 16, finding 7): Chromium's
 * WebSocket flooding pings, or sending an oversized message amid others, sees the server's code
 * and reason, not 1006 (which its page would answer by reconnecting).
 */
import assert from "node:assert/strict";
import { withProtocolVersion } from "../signaling/protocol.ts";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { addProfessional } from "./helpers/pro.ts";
import { testSecret } from "./helpers/tokens.ts";
import { CloseReason, MAX_MESSAGE_BYTES } from "../signaling/protocol.ts";

Deno.test({
  name: "browser: a flooding or oversized sender reads 1008 / 1009 and the reason",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const secret = testSecret();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-ws-close-" });
    const token = await addProfessional(dataDir, "Dr. Flood", { LINK_SECRET: secret });
    const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${app.url}/pro-link?token=${token}`);
      await page.waitForURL(`${app.url}/dashboard`);
      const wsUrl = withProtocolVersion(`${app.url.replace("http", "ws")}/ws`);
      /** In the page: opens a socket as the signed-in professional, sends, waits for the close. */
      const sendAndClose = (bad: string | null, count: number) =>
        page.evaluate(async ({ url, bad, count }) => {
          const ws = new WebSocket(url);
          await new Promise((resolve) => ws.onopen = resolve);
          const closed = new Promise<{ code: number; reason: string }>((resolve) => {
            ws.onclose = (e) => resolve({ code: e.code, reason: e.reason });
          });
          for (let i = 0; i < count; i++) {
            if (bad !== null && i === 20) ws.send(bad);
            ws.send(JSON.stringify({ type: "ping", id: i }));
          }
          return await closed;
        }, { url: wsUrl, bad, count });

      assert.deepEqual(await sendAndClose(null, 1000), {
        code: 1008,
        reason: CloseReason.RATE_LIMIT,
      });
      assert.deepEqual(await sendAndClose("x".repeat(MAX_MESSAGE_BYTES + 1), 500), {
        code: 1009,
        reason: CloseReason.TOO_BIG,
      });
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
