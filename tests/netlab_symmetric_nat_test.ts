/**
 * Issue 20 §2, network lab: both people behind symmetric NAT (`masquerade fully-random`: a new
 * public port for every destination, so STUN-learned addresses are useless to the peer). With
 * TURN over UDP offered (ICE policy "all", as deployed) the call must connect through the relay
 * and media must flow both ways, steadily: no ICE restart loop (issue 20's first look saw
 * connected → disconnected → restart again and again).
 */
import assert from "node:assert/strict";
import { labIgnored } from "./netlab/available.ts";
import { startLabCall, withLab } from "./netlab/call.ts";
import { recordedStates, recordStates, selectedPair } from "./netlab/ice_stats.ts";
import { inboundBytes } from "./helpers/call_flow.ts";

Deno.test({
  name: "netlab: both behind symmetric NAT, the call connects through the TURN relay (UDP)",
  ignore: labIgnored(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const symmetric = { nat: "symmetric" } as const;
    await withLab([symmetric, symmetric], { stun: true, turn: "udp" }, async (run) => {
      const call = await startLabCall(run.proBrowser, run.clientBrowser, run.servers.app);
      const pages = [call.pro, call.client];
      for (const page of pages) await recordStates(page);
      const before = await Promise.all(pages.map((p) => inboundBytes(p)));
      // Steady media: watch it for a while after the first frame.
      await call.pro.waitForTimeout(8000);
      const after = await Promise.all(pages.map((p) => inboundBytes(p)));
      const pairs = await Promise.all(pages.map(selectedPair));
      const states = await Promise.all(pages.map(recordedStates));
      console.log(
        `symmetric NAT + TURN/UDP: first frame pro ${call.proFirstFrameMs} ms, client ` +
          `${call.clientFirstFrameMs} ms; pairs ${JSON.stringify(pairs)}; inbound video bytes ` +
          `${before} → ${after}; states after first frame ${JSON.stringify(states)}`,
      );
      for (const [i, pair] of pairs.entries()) {
        assert.ok(pair, "a selected candidate pair");
        assert.ok(pair.local === "relay" || pair.remote === "relay", JSON.stringify(pair));
        assert.ok(after[i] > before[i] + 20_000, `video keeps flowing: ${before[i]} → ${after[i]}`);
        assert.deepEqual(states[i], ["connected"], "no disconnect once media flows");
      }
    });
  },
});
