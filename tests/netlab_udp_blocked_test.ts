/**
 * Issue 20 §2, network lab: every UDP packet leaving either LAN is dropped (a corporate
 * firewall), TURN is offered over TCP (`turn:…?transport=tcp`). The only way out is a TCP
 * connection to coturn, so the call must connect through a relay reached over TCP and media must
 * flow both ways. (Issue 20's first look: relay candidates on both sides, yet no pair succeeded.)
 * The same over TLS: `turns:` on port 443, coturn holding a certificate from a throwaway CA.
 */
import assert from "node:assert/strict";
import { labIgnored } from "./netlab/available.ts";
import { startLabCall, withLab } from "./netlab/call.ts";
import { selectedPair } from "./netlab/ice_stats.ts";
import { inboundBytes } from "./helpers/call_flow.ts";

for (const turn of ["tcp", "tls"] as const) {
  Deno.test({
    name: `netlab: all UDP blocked, the call connects through TURN over ${turn.toUpperCase()}` +
      (turn === "tls" ? " (turns: on port 443)" : ""),
    ignore: labIgnored(),
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const firewalled = { nat: "home", blockUdp: true } as const;
      await withLab([firewalled, firewalled], { stun: true, turn }, async (run) => {
        const call = await startLabCall(run.proBrowser, run.clientBrowser, run.servers.app);
        const pages = [call.pro, call.client];
        const before = await Promise.all(pages.map((p) => inboundBytes(p)));
        await call.pro.waitForTimeout(3000);
        const after = await Promise.all(pages.map((p) => inboundBytes(p)));
        const pairs = await Promise.all(pages.map(selectedPair));
        console.log(
          `UDP blocked + TURN/${turn.toUpperCase()}: first frame pro ${call.proFirstFrameMs} ms, client ` +
            `${call.clientFirstFrameMs} ms; pairs ${JSON.stringify(pairs)}; inbound video bytes ` +
            `${before} → ${after}`,
        );
        for (const [i, pair] of pairs.entries()) {
          assert.ok(pair, "a selected candidate pair");
          // Both ends are behind the firewall: each reaches the other only through its own relay.
          assert.equal(pair.local, "relay");
          assert.equal(pair.relayProtocol, turn);
          assert.ok(after[i] > before[i], `video flows: ${before[i]} → ${after[i]}`);
        }
      });
    },
  });
}
