import assert from "node:assert/strict";
import { parseMetrics } from "./cluster_hold.ts";
import { renderClusterMetrics } from "../signaling/cluster/cluster_metrics.ts";

Deno.test("cluster bench: reads an instance's cluster counters from its own /metrics text", () => {
  const text = renderClusterMetrics({
    instanceSockets: 20,
    forwardedSockets: 13,
    remoteSockets: 7,
    ownedProfessionals: 2,
    sent: 420,
    sentBytes: 9_000,
    received: 400,
    receivedBytes: 8_000,
    redisUp: 1,
    redisReconnects: 0,
    peerLost: 3,
    drained: 0,
  }) + '\nfrontdesk_signaling_messages_rejected_total{reason="rate_limit"} 5\n';
  const m = parseMetrics(text);
  assert.equal(m.instance_sockets, 20);
  assert.equal(m.messages_total_sent, 420);
  assert.equal(m.messages_total_received, 400);
  assert.equal(m.peer_lost_total, 3);
  assert.equal(m.signaling_messages_rejected_total_rate_limit, 5);
});
