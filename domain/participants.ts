/**
 * Who may be in a call, and how they get in: the rules the store, the signaling hub and the
 * routes share. A call holds at most `MAX_PARTICIPANTS` people (app/config.ts, default 4).
 *
 * Seats. The professional always has one. A scheduled appointment's client has one, whether or
 * not they have arrived. Every guest not removed has one from the moment it is added: an
 * invited guest as soon as the professional adds them, a visitor of an instant call as soon as
 * they knock. A pending knock counts on purpose: the professional can then let in every
 * knocking person without going over the limit, and a forwarded share link cannot pile up
 * knocks without end. Declining a knock or removing a guest (`Store.removeGuest`) frees the
 * seat. `Store.addGuest` checks the limit in the same transaction as the insert.
 *
 * Entry (`guestArrival`), for the hub when a guest's call socket arrives:
 * - a guest the professional has let in once (`admittedAt`) enters again at once: reloading,
 *   losing the network or leaving and coming back never means knocking again;
 * - an invited guest who arrives before the professional waits in the waiting room, like the
 *   client; when the professional comes in, everyone waiting is in the call, and the hub marks
 *   each such guest admitted (`Store.admitGuest`);
 * - an invited guest who arrives while the professional is in the room knocks: the professional
 *   sees "Maria (Interpreter) is waiting — Let in / Not now"; "Let in" is `admitGuest`, "Not
 *   now" changes nothing (they keep waiting and may be let in later);
 * - a visitor always knocks until let in, even before the professional is there (they came
 *   through a link anyone may have forwarded); declining is `removeGuest(…, "declined")`, and
 *   their page then says so politely (`resolveGuestSession` refuses with "declined").
 * The client never knocks: it is their appointment.
 */

import type { AppointmentKind, Guest } from "./store.ts";

/** Seats taken in a call of `kind` with `activeGuests` guests not removed. */
export function seatsTaken(kind: AppointmentKind, activeGuests: number): number {
  const client = kind === "scheduled" ? 1 : 0;
  return 1 + client + activeGuests;
}

/** Whether one more guest fits under `maxParticipants`. */
export function hasFreeSeat(
  kind: AppointmentKind,
  activeGuests: number,
  maxParticipants: number,
): boolean {
  return seatsTaken(kind, activeGuests) < maxParticipants;
}

/**
 * What happens to a guest arriving in the call: "enter" (take the seat now), "wait" (waiting
 * room until the professional comes in, then enter), or "knock" (ask the professional).
 * Only for guests that are not removed: the hub refuses removed ones before.
 */
export type GuestArrival = "enter" | "wait" | "knock";

/** The rule of the module comment, for a guest arriving while the professional is or is not in the room. */
export function guestArrival(
  guest: Pick<Guest, "origin" | "admittedAt">,
  professionalInRoom: boolean,
): GuestArrival {
  if (guest.admittedAt !== null) return "enter";
  if (guest.origin === "visitor" || professionalInRoom) return "knock";
  return "wait";
}
