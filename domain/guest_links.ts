/**
 * What to do with a guest's link or session, and with an instant call's share link or share
 * session: the decisions the link-exchange route, the session reader and the socket
 * authentication will use, like links.ts for clients. Refusals are audited and collapsed
 * the same way (link_refusal.ts).
 *
 * The flow they serve:
 * - invited guest: guest link → (exchange) guest session cookie → appointment page → call
 *   socket; entry as in participants.ts;
 * - visitor: share link → (exchange) share session cookie → a page asking for a name →
 *   `addVisitor` (guests.ts) → guest session cookie (origin "visitor") → knock.
 * A guest session re-reads the guest row each time, so revoking the guest's link, removing
 * the guest or declining their knock ends it at once.
 */

import { clientPhase } from "./appointments.ts";
import { type LinkFailure, refuse } from "./link_refusal.ts";
import type { ResolveOptions } from "./links.ts";
import type { Appointment, Guest, Professional, Store } from "./store.ts";
import { type TokenClaims, verifyToken } from "./tokens.ts";

export type GuestAccess =
  | {
    ok: true;
    appointment: Appointment;
    professional: Professional;
    guest: Guest;
    claims: TokenClaims;
  }
  | LinkFailure;

export type ShareAccess =
  | { ok: true; appointment: Appointment; professional: Professional; claims: TokenClaims }
  | LinkFailure;

export interface GuestResolveOptions extends ResolveOptions {
  /**
   * Refuse unless the appointment is open now ("not_open_yet", "cancelled", "ended"): for the
   * call socket. Unset, a guest's link to a cancelled, early or finished appointment resolves,
   * as a client's does, and the page shows that state.
   */
  requireOpen?: boolean;
}

/** Decides on an invited guest's own link. */
export function resolveGuestLink(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  options: GuestResolveOptions = {},
): Promise<GuestAccess> {
  return resolveGuest(store, secret, token, "guest-link", options);
}

/**
 * Decides on a guest's session cookie (an invited guest's or a visitor's). A missing cookie is
 * refused without an audit row.
 */
export function resolveGuestSession(
  store: Store,
  secret: Uint8Array,
  cookieValue: string | null | undefined,
  options: GuestResolveOptions = {},
): Promise<GuestAccess> {
  return resolveGuest(store, secret, cookieValue, "guest-session", options);
}

/**
 * Decides on an instant call's share link. Only while the call is open: a visitor has no page
 * to wait on, so early, cancelled and ended calls are refused in plain words. A stopped link
 * ("Stop the link", `Store.revokeShareLink`) is refused as revoked.
 */
export function resolveShareLink(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  options: ResolveOptions = {},
): Promise<ShareAccess> {
  return resolveShare(store, secret, token, "share-link", options);
}

/** Decides on a share session cookie (opened the share link, no name given yet). */
export function resolveShareSession(
  store: Store,
  secret: Uint8Array,
  cookieValue: string | null | undefined,
  options: ResolveOptions = {},
): Promise<ShareAccess> {
  return resolveShare(store, secret, cookieValue, "share-session", options);
}

async function resolveGuest(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  kind: "guest-link" | "guest-session",
  options: GuestResolveOptions,
): Promise<GuestAccess> {
  const found = await findAppointment(store, secret, token, kind, options);
  if (!found.ok) return found;
  const { appointment, professional, claims, known } = found;
  const professionalName = professional.name;
  const guest = await store.getGuest(appointment.id, claims.gid!);
  if (!guest) return await refuse(store, kind, "unknown_guest", { known });
  if (guest.removal !== null) {
    return await refuse(store, kind, guest.removal, { known, professionalName });
  }
  if (!options.anyLinkVersion && claims.v !== guest.linkVersion) {
    return await refuse(store, kind, "revoked", { known, professionalName });
  }
  if (options.requireOpen) {
    const closed = await refuseUnlessOpen(store, kind, appointment, known, options.now);
    if (closed) return closed;
  }
  return { ok: true, appointment, professional, guest, claims };
}

async function resolveShare(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  kind: "share-link" | "share-session",
  options: ResolveOptions,
): Promise<ShareAccess> {
  const found = await findAppointment(store, secret, token, kind, options);
  if (!found.ok) return found;
  const { appointment, professional, claims, known } = found;
  if (appointment.kind !== "instant") return await refuse(store, kind, "wrong_kind", { known });
  if (claims.v !== appointment.shareVersion) {
    return await refuse(store, kind, "revoked", { known, professionalName: professional.name });
  }
  const closed = await refuseUnlessOpen(store, kind, appointment, known, options.now);
  if (closed) return closed;
  return { ok: true, appointment, professional, claims };
}

type Found =
  | {
    ok: true;
    appointment: Appointment;
    professional: Professional;
    claims: TokenClaims;
    known: { appointmentId: string; professionalId: string };
  }
  | LinkFailure;

/** The checks every appointment-bound token shares: signature and claims, rows, route. */
async function findAppointment(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  kind: "guest-link" | "guest-session" | "share-link" | "share-session",
  options: ResolveOptions,
): Promise<Found> {
  const verified = await verifyToken(secret, token, kind, options.now);
  if (!verified.ok) {
    return await refuse(store, kind, verified.reason, { signedPayload: verified.signedPayload });
  }
  const { claims } = verified;
  const appointment = await store.getAppointment(claims.sub);
  const professional = appointment && await store.getProfessional(appointment.professionalId);
  if (!appointment || !professional) return await refuse(store, kind, "unknown_appointment");
  const known = { appointmentId: appointment.id, professionalId: professional.id };
  if (options.expectedAppointmentId !== undefined && options.expectedAppointmentId !== claims.sub) {
    return await refuse(store, kind, "wrong_appointment", { known });
  }
  return { ok: true, appointment, professional, claims, known };
}

async function refuseUnlessOpen(
  store: Store,
  kind: "guest-link" | "guest-session" | "share-link" | "share-session",
  appointment: Appointment,
  known: { appointmentId: string; professionalId: string },
  now: number = Date.now(),
): Promise<LinkFailure | null> {
  switch (clientPhase(appointment, now)) {
    case "open":
      return null;
    case "too_early":
      return await refuse(store, kind, "not_open_yet", { known });
    case "cancelled":
      return await refuse(store, kind, "cancelled", { known });
    case "finished":
      return await refuse(store, kind, "ended", { known });
  }
}
