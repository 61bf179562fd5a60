/** The hub's running totals (the counters of {@linkcode HubMetrics}) and its store-failure log. */
import { emptyMetrics, type EndedReason, type HubMetrics, type RejectReason } from "./metrics.ts";

/** The gauges of {@linkcode HubMetrics}: read from the hub's state when asked, not counted. */
export type HubGauges = Pick<
  HubMetrics,
  "openSockets" | "dashboardSockets" | "activeRooms" | "bufferedMessages" | "bufferedBytes"
>;

/** Totals since the hub started. */
export class HubCounters {
  readonly #totals = emptyMetrics();

  /** A message reached another participant, live or from what was held. */
  relayed(): void {
    this.#totals.messagesRelayed++;
  }

  /** A message or a socket was refused. */
  rejected(reason: RejectReason): void {
    this.#totals.messagesRejected[reason]++;
  }

  /** A socket was closed because its access ended (revoked link, cancelled appointment). */
  ended(reason: EndedReason): void {
    this.#totals.socketsEnded[reason]++;
  }

  /** A silent socket was closed. */
  heartbeatTimeout(): void {
    this.#totals.heartbeatTimeouts++;
  }

  /** A store call failed: counted, and logged without personal data. */
  storeFailed(op: string, appointmentId: string, err: unknown): void {
    this.#totals.storeErrors++;
    // The error's name only: messages from a database may quote row values.
    const error = err instanceof Error ? err.name : typeof err;
    console.error(JSON.stringify({ msg: "signaling store call failed", op, appointmentId, error }));
  }

  /** The totals, as a copy, with `gauges`. */
  snapshot(gauges: HubGauges): HubMetrics {
    return {
      ...this.#totals,
      messagesRejected: { ...this.#totals.messagesRejected },
      socketsEnded: { ...this.#totals.socketsEnded },
      ...gauges,
    };
  }
}
