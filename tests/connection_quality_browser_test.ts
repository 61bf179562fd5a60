/**
 * The connection-quality poller on a real call between two peer connections in one Chromium page
 * (fake devices, loopback): the first report is "unknown", the next ones are good with real
 * figures (round trip, frame rate, bitrates from the change between reports); a closed
 * connection stops its poller. The active-speaker poller on the same pair finds the one speaking.
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./helpers/browser.ts";
import { openModulePage } from "./helpers/module_page.ts";
import type { QualityPage } from "./helpers/quality_page.ts";

declare global {
  var quality: QualityPage;
}

Deno.test({
  name: "browser: pollQuality between two peer connections reports good with real figures",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const browser = await launchBrowser();
    const mp = await openModulePage(
      browser,
      new URL("./helpers/quality_page.ts", import.meta.url),
      "quality",
    );
    try {
      const { page } = mp;
      await page.evaluate(() => quality.start(500));
      // Wait for frames to be decoded at the receiving end, then for a report that reads good on
      // both ends: on loopback it is, once the encoder has settled (a busy machine, e.g. other
      // test files running beside this one, may hold it at "fair" for a few reports).
      // The reports that met it (a newer one may already read "fair" again on a busy machine).
      const { a, b } = await page.waitForFunction(
        () => {
          const seen = quality.seen();
          const { a, b } = seen;
          return b.length >= 4 && (b.at(-1)?.fps ?? 0) > 0 && b.at(-1)?.level === "good" &&
            a.at(-1)?.level === "good" && structuredClone(seen);
        },
        undefined,
        { timeout: 30_000 },
      ).then((h) => h.jsonValue() as Promise<ReturnType<typeof quality.seen>>).catch(
        // The assertions below say what the last reports were.
        () => page.evaluate(() => quality.seen()),
      );
      assert.equal(a[0].level, "unknown", "one report is not enough");
      assert.equal(b[0].level, "unknown");

      const atB = b.at(-1)!;
      assert.equal(atB.level, "good", JSON.stringify(atB));
      assert.ok(atB.rttMs !== null && atB.rttMs < 100, `loopback round trip: ${atB.rttMs}`);
      assert.equal(atB.lossPercent, 0);
      assert.ok(atB.jitterMs !== null);
      assert.ok(atB.receiveBps! > 10_000, `b receives a's media: ${atB.receiveBps}`);

      const atA = a.at(-1)!;
      assert.equal(atA.level, "good", JSON.stringify(atA));
      assert.ok(atA.sendBps! > 10_000, `a sends: ${atA.sendBps}`);
      assert.equal(atA.fps, null, "a receives no video");

      // Chromium's fake microphone beeps: played out at b, a is the one speaking (after nobody);
      // b hears a level above silence.
      await page.evaluate(() => quality.watchSpeaker());
      await page.waitForFunction(() => quality.speakers.includes("a"));
      await page.waitForFunction(async () => (await quality.audioLevelAtB()) > 0);
      assert.deepEqual(await page.evaluate(() => quality.speakers), [null, "a"], "on change only");

      // Closed, b's poller stops by itself while a's goes on: three more reports from a.
      const before = await page.evaluate(() => [quality.seen().a.length, quality.seen().b.length]);
      await page.evaluate(() => quality.closeB());
      await page.waitForFunction((n) => quality.seen().a.length >= n + 3, before[0]);
      const bAfter = await page.evaluate(() => quality.seen().b.length);
      assert.ok(bAfter - before[1] <= 1, `b's poller stopped: ${before[1]} → ${bAfter}`);
      assert.deepEqual(mp.errors, []);
    } finally {
      await mp.page.evaluate(() => quality.stop()).catch(() => {});
      await mp.close();
      await browser.close();
    }
  },
});
