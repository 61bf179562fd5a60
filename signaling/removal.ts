/**
 * The professional's "Remove from the call" (`remove {id}`, protocol.ts): the store write first
 * (a guest taken off, or the client's link replaced), then that person's sockets closed with 4004
 * so the others see them leave at once. Only the professional's own call socket may remove, and
 * only someone on its appointment.
 */
import type { Store } from "../domain/store.ts";
import type { HubCounters } from "./hub_counters.ts";
import type { Socket } from "./hub_socket.ts";
import type { RemoveMessage } from "./protocol.ts";

/** What {@linkcode removeParticipant} needs from the hub. */
export interface RemovalOptions {
  store: Store;
  counters: HubCounters;
  /** Closes the client sockets of `appointmentId` older than link `version` (Hub.revokeLink). */
  revokeClient(appointmentId: string, version: number): void;
  /** Closes guest `guestId`'s sockets (Hub.revokeGuest). */
  revokeGuest(appointmentId: string, guestId: string): void;
}

/** The professional's `s` sent `remove`. */
export async function removeParticipant(
  s: Socket,
  msg: RemoveMessage,
  opts: RemovalOptions,
): Promise<void> {
  const { store, counters } = opts;
  const appointmentId = s.participant.appointmentId;
  if (s.role !== "pro" || appointmentId === null || msg.id === "pro") {
    counters.rejected("not_allowed");
    return s.send({
      type: "error",
      code: "not_allowed",
      message: "only the professional of this call can remove someone else from it",
    });
  }
  const appointment = await store.getAppointment(appointmentId);
  const guestId = msg.id.startsWith("guest:") ? msg.id.slice("guest:".length) : null;
  const guest = guestId === null ? null : await store.getGuest(appointmentId, guestId);
  const known = guestId === null
    ? appointment?.kind === "scheduled"
    : guest !== null && guest.removedAt === null;
  if (!appointment || !known) {
    counters.rejected("unknown_participant");
    return s.send({
      type: "error",
      code: "unknown_participant",
      message: `${msg.id} is not on this appointment`,
    });
  }
  try {
    if (guestId !== null) {
      await store.removeGuest(appointmentId, guestId, "professional", "removed");
      opts.revokeGuest(appointmentId, guestId);
    } else {
      const revoked = await store.revokeLink(appointmentId, "professional");
      opts.revokeClient(appointmentId, revoked.linkVersion);
    }
  } catch (err) {
    counters.storeFailed(guestId !== null ? "removeGuest" : "revokeLink", appointmentId, err);
    s.send({
      type: "error",
      code: "remove_failed",
      message: "that did not work; please try again",
    });
  }
}
