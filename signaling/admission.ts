/** Whether a call socket may take its seat in an appointment's call. */
import type { Appointment, Guest, Store } from "../domain/store.ts";
import type { Participant } from "./hub_socket.ts";
import type { RejectReason } from "./metrics.ts";
import { CloseCode, CloseReason } from "./protocol.ts";
import { clientPhase, joinWindow } from "../domain/appointments.ts";
import { guestArrival } from "../domain/participants.ts";

/** The appointment a call socket may sit in, or how it is turned away. */
export type Admission =
  | {
    ok: true;
    appointment: Appointment;
    /** The participant's display name in the roster. */
    name: string;
    /** The professional's name, shown to the client and guests. */
    professionalName?: string;
    /** The stored guest, for a guest's socket. */
    guest?: Guest;
  }
  | { ok: false; code: number; reason: string; counted?: RejectReason };

/**
 * Checks a call socket of `participant` against `appointment`: it must exist, be theirs (for a
 * client: the professional of its signed link) and not be cancelled, and a client's session must
 * come from the current link version (a revoke may land between the cookie check and this one)
 * and the appointment must be open at `now` (its window; not completed). Each refusal has a close
 * code of its own, so the browser can say why and does not reconnect. A completed or missed
 * appointment refuses the professional too (4002); the window itself binds only the client.
 */
export function admitToCall(
  appointment: Appointment | null,
  participant: Participant,
  now: number,
): Admission {
  const { professionalId } = participant;
  if (!appointment) {
    return {
      ok: false,
      code: CloseCode.POLICY,
      reason: CloseReason.NOT_FOUND,
      counted: "forbidden",
    };
  }
  if (appointment.professionalId !== professionalId) {
    return {
      ok: false,
      code: CloseCode.POLICY,
      reason: CloseReason.FORBIDDEN,
      counted: "forbidden",
    };
  }
  if (appointment.status === "cancelled") {
    return { ok: false, code: CloseCode.CANCELLED, reason: CloseReason.CANCELLED };
  }
  // Ended for everyone, or its window closed: the professional cannot reopen it either.
  if (appointment.status === "completed" || appointment.status === "missed") {
    return { ok: false, code: CloseCode.ENDED, reason: whyEnded(appointment, now) };
  }
  if (participant.role === "client" || participant.role === "guest") {
    if (participant.role === "client" && participant.linkVersion !== appointment.linkVersion) {
      return { ok: false, code: CloseCode.REVOKED, reason: CloseReason.REVOKED };
    }
    const phase = clientPhase(appointment, now);
    if (phase === "finished") {
      return { ok: false, code: CloseCode.ENDED, reason: CloseReason.ENDED };
    }
    if (phase === "too_early") {
      return { ok: false, code: CloseCode.POLICY, reason: CloseReason.NOT_OPEN_YET };
    }
  }
  return { ok: true, appointment, name: "" };
}

/**
 * The reason a socket arriving for a completed or missed appointment is closed with (4002), so a
 * page that was reconnecting when it ended says why, like the pages that were connected: only the
 * professional's `end` completes an appointment before its window closes ("ended for everyone");
 * "missed" comes only from the window closing ("appointment time is over"); completed after the
 * window, by either, is just "appointment ended".
 */
function whyEnded(appointment: Appointment, now: number): string {
  if (appointment.status === "missed") return CloseReason.WINDOW_CLOSED;
  if (now < joinWindow(appointment).closesAt) return CloseReason.ENDED_FOR_EVERYONE;
  return CloseReason.ENDED;
}

/**
 * Checks a guest's call socket against the stored guest: one whose knock was declined is refused
 * with 4008; one removed (or not found) and a session from a withdrawn link version with 4004,
 * like a client's revoked link.
 */
export function admitGuest(guest: Guest | null, participant: Participant): Admission | null {
  if (participant.role !== "guest") return null;
  if (guest?.removal === "declined") {
    return { ok: false, code: CloseCode.DECLINED, reason: CloseReason.DECLINED };
  }
  if (!guest || guest.removedAt !== null || guest.linkVersion !== participant.linkVersion) {
    return { ok: false, code: CloseCode.REVOKED, reason: CloseReason.REVOKED };
  }
  return null;
}

/**
 * Whether `guest`'s socket knocks (`guestArrival` in domain/participants.ts): a visitor never let
 * in does, and so does an invited guest never let in who arrives while the professional has a seat
 * in the room (`professionalInRoom`). An invited guest arriving before waits in their seat.
 */
export function knocks(guest: Guest | null | undefined, professionalInRoom: boolean): boolean {
  return !!guest && guestArrival(guest, professionalInRoom) === "knock";
}

/**
 * Reads the participant's appointment and the name of its professional (shown in the welcome and
 * the roster) and checks it with {@linkcode admitToCall}; the participant's own name for the
 * roster comes with it. A professional's socket from a session older than their session version
 * (signed out everywhere meanwhile) is refused with 4009. Rejects when the store fails, also when
 * it throws at once.
 */
export async function readAdmission(
  store: Store,
  participant: Participant,
  now: number,
): Promise<Admission> {
  const id = participant.appointmentId;
  const appointment = id === null ? null : await store.getAppointment(id);
  const professional = appointment ? await store.getProfessional(appointment.professionalId) : null;
  const professionalName = professional?.name;
  // Signed out everywhere after this socket's session was checked (Hub.signOutEverywhere may
  // have run while the socket was being admitted): refused like the sockets it closed.
  if (
    participant.role === "pro" && professional &&
    (participant.sessionVersion ?? 1) < professional.sessionVersion
  ) {
    return { ok: false, code: CloseCode.SIGNED_OUT, reason: CloseReason.SIGNED_OUT };
  }
  const guest = appointment && participant.role === "guest"
    ? await store.getGuest(appointment.id, participant.guestId)
    : null;
  const admission = admitToCall(appointment, participant, now);
  if (!admission.ok) return admission;
  const guestRefusal = admitGuest(guest, participant);
  if (guestRefusal) return guestRefusal;
  if (guest) {
    admission.name = guest.name;
    admission.guest = guest;
  }
  if (professionalName !== undefined) admission.professionalName = professionalName;
  if (participant.role === "pro") admission.name = professionalName ?? "";
  else if (participant.role === "client") admission.name = admission.appointment.clientName;
  return admission;
}
