/**
 * Issue 20 §2, network lab: both people behind home routers (port-preserving masquerade),
 * Frontdesk and coturn on the public segment. STUN-learned (srflx) addresses work there, so the
 * call connects directly between the two routers without the TURN relay, though TURN is offered.
 */
import assert from "node:assert/strict";
import { labIgnored } from "./netlab/available.ts";
import { startLabCall, withLab } from "./netlab/call.ts";
import { selectedPair } from "./netlab/ice_stats.ts";
import { waitForBytesToGrow } from "./helpers/call_flow.ts";

Deno.test({
  name: "netlab: both behind home-router NAT, the call connects on srflx/host, no relay",
  ignore: labIgnored(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const home = { nat: "home" } as const;
    await withLab([home, home], { stun: true, turn: "udp" }, async (run) => {
      const call = await startLabCall(run.proBrowser, run.clientBrowser, run.servers.app);
      const pairs = [await selectedPair(call.pro), await selectedPair(call.client)];
      console.log(
        `home NAT: first frame pro ${call.proFirstFrameMs} ms, client ` +
          `${call.clientFirstFrameMs} ms; pairs ${JSON.stringify(pairs)}`,
      );
      for (const pair of pairs) {
        assert.ok(pair, "a selected candidate pair");
        assert.ok(["host", "srflx", "prflx"].includes(pair.local), `local ${pair.local}`);
        assert.ok(["host", "srflx", "prflx"].includes(pair.remote), `remote ${pair.remote}`);
      }
      for (const page of [call.pro, call.client]) await waitForBytesToGrow(page, 0);
    });
  },
});
