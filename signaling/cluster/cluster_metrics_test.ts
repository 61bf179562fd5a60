import assert from "node:assert/strict";
import { renderClusterMetrics } from "./cluster_metrics.ts";

Deno.test("cluster metrics: every gauge and counter rendered, traffic by direction", () => {
  const text = renderClusterMetrics({
    instanceSockets: 3,
    forwardedSockets: 1,
    remoteSockets: 2,
    ownedProfessionals: 1,
    sent: 10,
    sentBytes: 1000,
    received: 7,
    receivedBytes: 700,
    redisUp: 1,
    redisReconnects: 0,
    peerLost: 0,
    drained: 0,
  });
  assert.match(text, /^frontdesk_cluster_instance_sockets 3$/m);
  assert.match(text, /^frontdesk_cluster_messages_total\{direction="sent"\} 10$/m);
  assert.match(text, /^frontdesk_cluster_bytes_total\{direction="received"\} 700$/m);
  assert.match(text, /^# TYPE frontdesk_cluster_redis_up gauge$/m);
  assert.ok(text.endsWith("\n"));
});
