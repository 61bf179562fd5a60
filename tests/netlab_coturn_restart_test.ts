/**
 * Issue 20 §2, network lab: both people behind symmetric NAT, so the call runs only through the
 * TURN relay; mid-call coturn is restarted (every allocation is lost). The browsers' relay
 * candidates are dead, the connection goes disconnected, the app restarts ICE, new allocations
 * are made, and frames must flow again within 15 s.
 */
import assert from "node:assert/strict";
import { labIgnored } from "./netlab/available.ts";
import { startLabCall, withLab } from "./netlab/call.ts";
import { recordedStates, recordStates, selectedPair } from "./netlab/ice_stats.ts";
import { framesAgain } from "./netlab/media.ts";

/** What the issue asks: the call recovers within 15 s. */
const RECOVER_WITHIN_MS = 15_000;

Deno.test({
  name: "netlab: coturn restarted mid-call on a relay-only path, the call recovers within 15 s",
  ignore: labIgnored(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const symmetric = { nat: "symmetric" } as const;
    await withLab([symmetric, symmetric], { stun: true, turn: "udp" }, async (run) => {
      const call = await startLabCall(run.proBrowser, run.clientBrowser, run.servers.app);
      const pages = [call.pro, call.client];
      for (const page of pages) await recordStates(page);
      await call.pro.waitForTimeout(2000);
      const since = Date.now();
      await run.servers.restartCoturn();
      const restartMs = Date.now() - since;
      const again = await Promise.all(
        pages.map((p) => framesAgain(p, since, RECOVER_WITHIN_MS + 5000)),
      );
      const pairs = await Promise.all(pages.map(selectedPair));
      const states = await Promise.all(pages.map(recordedStates));
      console.log(
        `coturn restarted (${restartMs} ms): frames again after pro ${again[0]} ms, client ` +
          `${again[1]} ms; pairs ${JSON.stringify(pairs)}; states ${JSON.stringify(states)}`,
      );
      for (const ms of again) assert.ok(ms <= RECOVER_WITHIN_MS, `frames again after ${ms} ms`);
      for (const pair of pairs) {
        assert.ok(pair && (pair.local === "relay" || pair.remote === "relay"), "still relayed");
      }
    });
  },
});
