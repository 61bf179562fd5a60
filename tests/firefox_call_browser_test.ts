/**
 * Issue 20 §3: calls between Firefox (Debian's firefox-esr through puppeteer-core) and Chromium,
 * every way round: a Chromium professional with a Firefox client, a Firefox professional with a
 * Chromium client, and Firefox with Firefox. Each side's getStats() shows video frames decoded and
 * growing; the candidate pair types and the time to frames are printed. The professional's End
 * for everyone then reaches the other browser.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { Browsers, type CrossCall, crossCall, engineName } from "./helpers/cross_call.ts";
import { firefoxMissing } from "./helpers/firefox.ts";
import type { Engine } from "./helpers/person.ts";
import { pairTypes } from "./helpers/rtc_stats.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const skip = firefoxMissing();
if (skip) console.warn(skip);

const combos: [Engine, Engine][] = [
  ["chromium", "firefox"],
  ["firefox", "chromium"],
  ["firefox", "firefox"],
];

Deno.test({
  name: "firefox call: every browser combination: frames both ways, End for everyone",
  ignore: skip !== null,
  ...opts,
  async fn(t) {
    // One app and one launch of each browser for all combinations: a Firefox start is the
    // slowest part of a test on a busy machine.
    const app = await startApp({ env: { DEMO: "1" } });
    const browsers = new Browsers();
    try {
      for (const [proEngine, clientEngine] of combos) {
        const name = `${engineName(proEngine)} professional, ${engineName(clientEngine)} client`;
        await t.step(name, async () => {
          const call = await crossCall(browsers, app, proEngine, clientEngine);
          try {
            await checkCall(name, call, `firefox-call-${proEngine}-pro-${clientEngine}-client`);
          } finally {
            await Promise.allSettled([call.pro.close(), call.client.close()]);
          }
        });
      }
    } finally {
      await browsers.close();
      await app.stop();
    }
  },
});

/** Frames both ways on a selected pair, then the professional's End for everyone. */
async function checkCall(name: string, call: CrossCall, tag: string): Promise<void> {
  console.log(
    `${name}: frames both ways ${call.msToFrames} ms after the professional opened the call; ` +
      `pairs (local/remote) professional ${pairTypes(call.proStats)}, client ${
        pairTypes(call.clientStats)
      }`,
  );
  for (const stats of [call.proStats, call.clientStats]) {
    assert.equal(stats.length, 1);
    assert.ok(stats[0].framesDecoded > 0);
    assert.ok(stats[0].local && stats[0].remote, "a selected candidate pair");
  }
  await call.client.waitFor('[data-state="connected"]');
  await call.pro.waitFor('[data-state="connected"]');
  await call.pro.screenshot(`${tag}-professional`);
  await call.client.screenshot(`${tag}-client`);

  await call.pro.click("end-for-everyone");
  await call.pro.click("end-confirm-button");
  await call.client.waitFor('[data-testid="end-screen"]', { timeout: 10_000 });
  await call.pro.waitFor('[data-testid="end-screen"]', { timeout: 10_000 });
  assert.match(
    await call.client.evaluate(() =>
      document.querySelector('[data-testid="end-screen"]')!.textContent ?? ""
    ),
    /ended the appointment/,
  );
}
