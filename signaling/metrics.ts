/** Counters of the signaling hub, and their Prometheus text rendering. */

/** Why the hub refused a message or a socket. */
export type RejectReason =
  | "too_big"
  | "invalid_json"
  | "invalid_message"
  | "binary"
  | "rate_limit"
  | "expired"
  | "forbidden"
  | "buffer_full"
  | "no_room"
  | "not_allowed"
  | "too_many_sockets"
  | "unknown_participant"
  | "version"
  | "full";

/** Every reject reason, so each one is rendered even at zero. */
export const REJECT_REASONS: readonly RejectReason[] = [
  "too_big",
  "invalid_json",
  "invalid_message",
  "binary",
  "rate_limit",
  "expired",
  "forbidden",
  "buffer_full",
  "no_room",
  "not_allowed",
  "too_many_sockets",
  "unknown_participant",
  "version",
  "full",
];

/**
 * Why the hub closed sockets because their access or their appointment ended: a revoked link, a
 * cancelled appointment, the professional's `end`, the join window closing.
 */
export type EndedReason = "revoked" | "cancelled" | "ended" | "window_closed";

/** Every ended reason, so each one is rendered even at zero. */
export const ENDED_REASONS: readonly EndedReason[] = [
  "revoked",
  "cancelled",
  "ended",
  "window_closed",
];

/** A snapshot of the hub's counters. */
export interface HubMetrics {
  /** Sockets currently connected (call and dashboard). */
  openSockets: number;
  /** Of which dashboard sockets. */
  dashboardSockets: number;
  /** Appointments with at least one call socket. */
  activeRooms: number;
  /** Messages buffered right now, waiting for the other party. */
  bufferedMessages: number;
  /** Their UTF-8 bytes. */
  bufferedBytes: number;
  /** Messages passed to the other party, live or from the buffer (total). */
  messagesRelayed: number;
  /** Messages refused, by reason (total). */
  messagesRejected: Record<RejectReason, number>;
  /** Sockets closed because their link was revoked or their appointment cancelled (total). */
  socketsEnded: Record<EndedReason, number>;
  /** Sockets closed by the heartbeat sweep (total). */
  heartbeatTimeouts: number;
  /** Failed store calls (total). */
  storeErrors: number;
}

/** All-zero counters. */
export function emptyMetrics(): HubMetrics {
  return {
    openSockets: 0,
    dashboardSockets: 0,
    activeRooms: 0,
    bufferedMessages: 0,
    bufferedBytes: 0,
    messagesRelayed: 0,
    messagesRejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<
      RejectReason,
      number
    >,
    socketsEnded: Object.fromEntries(ENDED_REASONS.map((r) => [r, 0])) as Record<
      EndedReason,
      number
    >,
    heartbeatTimeouts: 0,
    storeErrors: 0,
  };
}

function metric(
  name: string,
  type: "gauge" | "counter",
  help: string,
  samples: [labels: string, value: number][],
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  return lines.join("\n");
}

/** Renders metrics in the Prometheus text exposition format (version 0.0.4). */
export function renderPrometheus(m: HubMetrics): string {
  const p = "frontdesk_signaling_";
  return [
    metric(`${p}open_sockets`, "gauge", "Open signaling WebSocket connections.", [
      ["", m.openSockets],
    ]),
    metric(`${p}dashboard_sockets`, "gauge", "Open professional dashboard sockets.", [
      ["", m.dashboardSockets],
    ]),
    metric(`${p}active_rooms`, "gauge", "Appointments with at least one call socket.", [
      ["", m.activeRooms],
    ]),
    metric(`${p}buffered_messages`, "gauge", "Messages waiting for the other party.", [
      ["", m.bufferedMessages],
    ]),
    metric(`${p}buffered_bytes`, "gauge", "UTF-8 bytes of the messages waiting.", [
      ["", m.bufferedBytes],
    ]),
    metric(`${p}messages_relayed_total`, "counter", "Messages relayed to the other party.", [
      ["", m.messagesRelayed],
    ]),
    metric(
      `${p}messages_rejected_total`,
      "counter",
      "Messages or sockets refused, by reason.",
      REJECT_REASONS.map((r) => [`{reason="${r}"}`, m.messagesRejected[r]]),
    ),
    metric(
      `${p}sockets_ended_total`,
      "counter",
      "Sockets closed because their link was revoked or their appointment cancelled.",
      ENDED_REASONS.map((r) => [`{reason="${r}"}`, m.socketsEnded[r]]),
    ),
    metric(`${p}heartbeat_timeouts_total`, "counter", "Sockets closed for silence.", [
      ["", m.heartbeatTimeouts],
    ]),
    metric(`${p}store_errors_total`, "counter", "Failed storage calls.", [["", m.storeErrors]]),
  ].join("\n") + "\n";
}

/** What {@linkcode renderProcessMetrics} reads: `Deno.memoryUsage()`'s shape. */
export interface ProcessMemory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

/**
 * The server process's memory, in the Prometheus text format: resident set size and the V8
 * heap, so an operator (and `deno task bench`) can tell JavaScript objects from native memory.
 */
export function renderProcessMetrics(mem: ProcessMemory = Deno.memoryUsage()): string {
  return [
    metric("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", [
      ["", mem.rss],
    ]),
    metric("deno_heap_total_bytes", "gauge", "V8 heap reserved, in bytes.", [
      ["", mem.heapTotal],
    ]),
    metric("deno_heap_used_bytes", "gauge", "V8 heap in use, in bytes.", [["", mem.heapUsed]]),
    metric(
      "deno_external_memory_bytes",
      "gauge",
      "Memory of JavaScript objects held outside the V8 heap, in bytes.",
      [["", mem.external]],
    ),
  ].join("\n") + "\n";
}
