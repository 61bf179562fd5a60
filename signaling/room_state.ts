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
export type Role = "client" | "pro";

/**
 * Whose seat it is, unique in its room. Today a call has one seat per role, named after it;
 * guests (several per room) will widen this to ids of their own.
 */
export type ParticipantId = Role;

/** One participant's seat. */
export interface SeatState {
  role: Role;
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
  seats: Partial<Record<ParticipantId, SeatState>>;
  /** An answer was relayed since the room opened or the last hang-up (the call got going). */
  answered: boolean;
  /** The client sent an offer nobody has answered yet. */
  offerWaiting: boolean;
  /** Messages held for participants not connected yet. */
  held: HeldMessages;
}

/**
 * The status the appointment should have given who is connected.
 *
 * - final statuses ("completed", "cancelled", "missed") stay: only a hang-up completes.
 * - client and professional both in the call after an answer: "in_call";
 * - client connected otherwise: "waiting";
 * - client gone before the call started: back to "scheduled"; gone during a
 *   call: stays "in_call" (interrupted, until it resumes or someone hangs up).
 */
export function nextStatus(
  current: AppointmentStatus,
  clientPresent: boolean,
  proPresent: boolean,
  answered: boolean,
): AppointmentStatus {
  if (isFinalStatus(current)) return current;
  if (clientPresent) return proPresent && answered ? "in_call" : "waiting";
  return current === "waiting" ? "scheduled" : current;
}
