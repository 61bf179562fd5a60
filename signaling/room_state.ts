/**
 * The shared part of a room (see `room.ts`): plain, JSON-safe data with no socket or timer in it,
 * so it can later live in a store shared by several instances; and the rule that derives the
 * appointment's status from it.
 */
import type { AppointmentStatus } from "../domain/store.ts";
import { isFinalStatus } from "../domain/appointments.ts";
import type { HeldMessages } from "./held_messages.ts";
import type { MediaState } from "./protocol.ts";

/** A participant's role in a call. */
export type Role = "client" | "pro" | "guest";

/**
 * Whose seat it is, unique in its room: "pro", "client", or "guest:<guest id>" (see
 * {@linkcode participantIdOf}); protocol.ts checks the shape on the wire.
 */
export type ParticipantId = string;

/** The id of a participant of `role` (a guest's from its guest id). */
export function participantIdOf(role: Role, guestId?: string): ParticipantId {
  return role === "guest" ? `guest:${guestId}` : role;
}

/** One participant's seat. */
export interface SeatState {
  role: Role;
  /** The display name the others see in the roster. */
  name: string;
  /** A guest's role in the professional's words ("interpreter"), shown on their tile. */
  label?: string;
  /** "present": a socket sits in it; "away": its socket dropped and the seat is kept a while. */
  presence: "present" | "away";
  /** The last mute state it reported; forgotten when another socket takes the seat over. */
  media?: MediaState;
}

/** One appointment's call as any instance could hold it. */
export interface RoomState {
  appointmentId: string;
  professionalId: string;
  /** Last status the hub wrote or read; the dashboard shows this one. */
  status: AppointmentStatus;
  /** By participant id, in the order they took their seats. */
  seats: Record<ParticipantId, SeatState>;
  /**
   * An answer was relayed since the client and the professional were last both seated (the call
   * got going); a seat given up resets it, so someone coming back counts as "waiting" until their
   * new connection is answered. A room opened on an appointment stored as "in_call" (the server
   * restarted mid-call) starts with it set: the browsers' connection outlived the server.
   */
  answered: boolean;
  /** An answer was relayed at some point while the room was open (the window closer's "met"). */
  callHappened: boolean;
  /** The client sent an offer nobody has answered yet. */
  offerWaiting: boolean;
  /**
   * The professional has taken a seat since the room opened: until then clients and guests wait
   * for them and nothing is relayed between two of them (see `Relay.relay`). A room opened on an
   * appointment stored as "in_call" (the server restarted mid-call) starts with it set.
   */
  professionalCame: boolean;
  /** Messages held for participants not connected yet. */
  held: HeldMessages;
  /** While the status is "waiting": since when (epoch ms). */
  waitingSince?: number;
}

/**
 * The status the appointment should have given who is in the room, so the dashboard never shows
 * a call nobody is in. A seat kept for a dropped socket (its grace period) counts as in.
 *
 * - final statuses ("completed", "cancelled", "missed") stay: only `end` and the window closing
 *   make one;
 * - client and professional both in, the call going (an answer since both came, or the status
 *   already "in_call"): "in_call";
 * - the client in otherwise: "waiting";
 * - the client gone (whoever else is there): "scheduled", whether the call had started or not.
 */
export function nextStatus(
  current: AppointmentStatus,
  clientIn: boolean,
  proIn: boolean,
  answered: boolean,
): AppointmentStatus {
  if (isFinalStatus(current)) return current;
  if (!clientIn) return "scheduled";
  return proIn && (answered || current === "in_call") ? "in_call" : "waiting";
}
