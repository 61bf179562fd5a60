/**
 * What the transport and the routes use of the signaling hub: the in-memory {@linkcode Hub}
 * itself (one instance), or `cluster/cluster_hub.ts` in front of it (`REDIS_URL`), which has the
 * same methods and serves each socket where its call is held.
 */
import type { AppointmentStatus } from "../domain/store.ts";
import type { Connection, EndReason, HubSession, Participant } from "./hub.ts";
import type { HubMetrics } from "./metrics.ts";

/** The hub's methods that the rest of the app calls. */
export interface SignalingHub {
  connect(conn: Connection, participant: Participant, version?: number | null): Promise<HubSession>;
  revokeLink(appointmentId: string, version: number): void;
  revokeGuest(appointmentId: string, guestId: string, version?: number): void;
  signOutEverywhere(professionalId: string, version: number): void;
  endAppointment(appointmentId: string, reason: EndReason, status?: AppointmentStatus): void;
  metrics(): HubMetrics;
  /** More `/metrics` text (the cluster layer's), if any. */
  extraMetrics?(): string;
  /** Stops: closes every socket and waits for store writes. */
  close(): Promise<void>;
}
