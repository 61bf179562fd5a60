/**
 * What `/metrics` adds with `REDIS_URL`: this instance's own sockets (those served by its hub and
 * those it forwards to another instance) and the traffic between instances.
 */

/** A snapshot of the cluster layer's gauges and counters. */
export interface ClusterMetrics {
  /** WebSockets connected to this instance, whoever holds their call. */
  instanceSockets: number;
  /** Of which forwarded to the instance holding their call. */
  forwardedSockets: number;
  /** Sockets connected to other instances whose calls this instance holds. */
  remoteSockets: number;
  /** Professionals whose calls and dashboards this instance holds. */
  ownedProfessionals: number;
  /** Messages to other instances (total), and their bytes. */
  sent: number;
  sentBytes: number;
  /** Messages from other instances (total), and their bytes. */
  received: number;
  receivedBytes: number;
  /** Whether the link to Redis is up (1) or not (0). */
  redisUp: number;
  /** Times the Redis link came back after being down (total). */
  redisReconnects: number;
  /** Sockets closed because the instance at the other end went silent (total). */
  peerLost: number;
  /** Sockets closed with 1012 by a drain (total). */
  drained: number;
}

function metric(name: string, type: "gauge" | "counter", help: string, value: string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${value}`;
}

/** Renders `m` in the Prometheus text exposition format (version 0.0.4). */
export function renderClusterMetrics(m: ClusterMetrics): string {
  const p = "frontdesk_cluster_";
  const one = (name: string, v: number) => `${p}${name} ${v}`;
  return [
    metric(
      `${p}instance_sockets`,
      "gauge",
      "WebSockets connected to this instance.",
      one("instance_sockets", m.instanceSockets),
    ),
    metric(
      `${p}forwarded_sockets`,
      "gauge",
      "Sockets here whose call another instance holds.",
      one("forwarded_sockets", m.forwardedSockets),
    ),
    metric(
      `${p}remote_sockets`,
      "gauge",
      "Sockets on other instances whose call this instance holds.",
      one("remote_sockets", m.remoteSockets),
    ),
    metric(
      `${p}owned_professionals`,
      "gauge",
      "Professionals whose calls this instance holds.",
      one("owned_professionals", m.ownedProfessionals),
    ),
    metric(
      `${p}messages_total`,
      "counter",
      "Messages between instances, by direction.",
      `${p}messages_total{direction="sent"} ${m.sent}\n` +
        `${p}messages_total{direction="received"} ${m.received}`,
    ),
    metric(
      `${p}bytes_total`,
      "counter",
      "Bytes of the messages between instances, by direction.",
      `${p}bytes_total{direction="sent"} ${m.sentBytes}\n` +
        `${p}bytes_total{direction="received"} ${m.receivedBytes}`,
    ),
    metric(`${p}redis_up`, "gauge", "Whether the link to Redis is up.", one("redis_up", m.redisUp)),
    metric(
      `${p}redis_reconnects_total`,
      "counter",
      "Times the Redis link came back.",
      one("redis_reconnects_total", m.redisReconnects),
    ),
    metric(
      `${p}peer_lost_total`,
      "counter",
      "Sockets closed because the instance at the other end went silent.",
      one("peer_lost_total", m.peerLost),
    ),
    metric(
      `${p}drained_total`,
      "counter",
      "Sockets told to reconnect (1012) by a drain.",
      one("drained_total", m.drained),
    ),
  ].join("\n") + "\n";
}
