/**
 * What to do with a presented professional's or client's link or session
 * token: the one decision used by the link-exchange routes, the validate-link
 * API and the session reader (guests and share links: guest_links.ts).
 * Every refusal is audited (the reason only, never the token); repeats of
 * the same refusal within {@linkcode REFUSAL_AUDIT_WINDOW_MS} share one row
 * with a count, so a flood of refused links cannot grow an appointment's trail
 * (link_refusal.ts).
 */

import { type LinkFailure, refuse } from "./link_refusal.ts";
import type { Appointment, Professional, Store } from "./store.ts";
import { type TokenClaims, verifyToken } from "./tokens.ts";

export {
  LINK_REJECTED,
  type LinkFailure,
  type LinkFailureReason,
  REFUSAL_AUDIT_WINDOW_MS,
} from "./link_refusal.ts";

export type ClientAccess =
  | { ok: true; appointment: Appointment; professional: Professional; claims: TokenClaims }
  | LinkFailure;

export type ProAccess = { ok: true; professional: Professional; claims: TokenClaims } | LinkFailure;

export interface ResolveOptions {
  /** Epoch ms; defaults to the clock. */
  now?: number;
  /**
   * The appointment the route is about (e.g. `/appointments/:id`). A token
   * for any other appointment is then refused.
   */
  expectedAppointmentId?: string;
  /**
   * Accept a session of an older link version, for the signaling socket: it only identifies
   * who connects, and the hub's admission closes a revoked one with its own code (4004), so the
   * browser learns why instead of retrying a refused upgrade.
   */
  anyLinkVersion?: boolean;
}

/**
 * Decides on a client's appointment link. A cancelled appointment is not a
 * refusal: the page shows the cancelled state. An instant call has no client,
 * so a client link for one is refused as the wrong kind.
 */
export function resolveClientLink(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  options: ResolveOptions = {},
): Promise<ClientAccess> {
  return resolveClient(store, secret, token, "client-link", options);
}

/**
 * Decides on a client's session cookie. It re-checks the appointment's
 * current link version, so revoking a link also ends sessions opened with it.
 * A missing cookie is refused without an audit row (it is an ordinary visit).
 */
export function resolveClientSession(
  store: Store,
  secret: Uint8Array,
  cookieValue: string | null | undefined,
  options: ResolveOptions = {},
): Promise<ClientAccess> {
  return resolveClient(store, secret, cookieValue, "client-session", options);
}

/** Decides on a professional's dashboard link. */
export function resolveProLink(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  options: { now?: number } = {},
): Promise<ProAccess> {
  return resolvePro(store, secret, token, "pro-link", options.now);
}

/**
 * Decides on a professional's session cookie; a missing cookie is not audited. Like a dashboard
 * link, a session is refused once the professional is deactivated or signed out everywhere
 * (its `sv` is older than their session version): checked on every request and socket.
 */
export function resolveProSession(
  store: Store,
  secret: Uint8Array,
  cookieValue: string | null | undefined,
  options: { now?: number } = {},
): Promise<ProAccess> {
  return resolvePro(store, secret, cookieValue, "pro-session", options.now);
}

async function resolveClient(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  kind: "client-link" | "client-session",
  options: ResolveOptions,
): Promise<ClientAccess> {
  const verified = await verifyToken(secret, token, kind, options.now);
  if (!verified.ok) {
    return await refuse(store, kind, verified.reason, { signedPayload: verified.signedPayload });
  }
  const { claims } = verified;
  const appointment = await store.getAppointment(claims.sub);
  const professional = appointment && await store.getProfessional(appointment.professionalId);
  if (!appointment || !professional) {
    return await refuse(store, kind, "unknown_appointment");
  }
  const known = { appointmentId: appointment.id, professionalId: professional.id };
  if (options.expectedAppointmentId !== undefined && options.expectedAppointmentId !== claims.sub) {
    return await refuse(store, kind, "wrong_appointment", { known });
  }
  if (appointment.kind !== "scheduled") return await refuse(store, kind, "wrong_kind", { known });
  if (!options.anyLinkVersion && claims.v !== appointment.linkVersion) {
    return await refuse(store, kind, "revoked", { known, professionalName: professional.name });
  }
  return { ok: true, appointment, professional, claims };
}

async function resolvePro(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  kind: "pro-link" | "pro-session",
  now: number | undefined,
): Promise<ProAccess> {
  const verified = await verifyToken(secret, token, kind, now);
  if (!verified.ok) {
    return await refuse(store, kind, verified.reason, { signedPayload: verified.signedPayload });
  }
  const professional = await store.getProfessional(verified.claims.sub);
  if (!professional) return await refuse(store, kind, "unknown_professional");
  const known = { professionalId: professional.id };
  if (professional.deactivatedAt !== null) {
    return await refuse(store, kind, "deactivated", { known });
  }
  if ((verified.claims.sv ?? 1) !== professional.sessionVersion) {
    return await refuse(store, kind, "signed_out", { known });
  }
  return { ok: true, professional, claims: verified.claims };
}
