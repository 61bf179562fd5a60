/**
 * What to do with a presented link or session token: the one decision used
 * by the link-exchange routes, the validate-link API and the session reader.
 * Every refusal is audited (the reason only, never the token); repeats of
 * the same refusal within {@linkcode REFUSAL_AUDIT_WINDOW_MS} share one row
 * with a count, so a flood of refused links cannot grow an appointment's trail.
 */

import type { JWTPayload } from "jose";
import type { Appointment, Professional, Store } from "./store.ts";
import { type TokenClaims, type TokenFailure, type TokenKind, verifyToken } from "./tokens.ts";

/** Why a link or session was refused. */
export type LinkFailureReason =
  | TokenFailure
  | "unknown_appointment"
  | "unknown_professional"
  | "wrong_appointment"
  | "revoked";

/** A refusal, ready for the route to show. */
export interface LinkFailure {
  ok: false;
  /** 410 when the link was real but is over (expired, replaced); 401 otherwise. */
  status: 401 | 410;
  reason: LinkFailureReason;
  /** Plain words for the person holding the link. */
  message: string;
}

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

/** The audit action of every refusal. */
export const LINK_REJECTED = "link.rejected";

/** Refusals alike within one such window (aligned to the clock) are one audit row. */
export const REFUSAL_AUDIT_WINDOW_MS = 10 * 60_000;

/**
 * Decides on a client's appointment link. A cancelled appointment is not a
 * refusal: the page shows the cancelled state.
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

/** Decides on a professional's session cookie; a missing cookie is not audited. */
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
    return await refuse(store, kind, verified.reason, verified.signedPayload);
  }
  const { claims } = verified;
  const appointment = await store.getAppointment(claims.sub);
  const professional = appointment && await store.getProfessional(appointment.professionalId);
  if (!appointment || !professional) {
    return await refuse(store, kind, "unknown_appointment");
  }
  const known = { appointmentId: appointment.id, professionalId: professional.id };
  if (options.expectedAppointmentId !== undefined && options.expectedAppointmentId !== claims.sub) {
    return await refuse(store, kind, "wrong_appointment", undefined, known);
  }
  if (!options.anyLinkVersion && claims.v !== appointment.linkVersion) {
    return await refuse(store, kind, "revoked", undefined, known, professional.name);
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
    return await refuse(store, kind, verified.reason, verified.signedPayload);
  }
  const professional = await store.getProfessional(verified.claims.sub);
  if (!professional) return await refuse(store, kind, "unknown_professional");
  return { ok: true, professional, claims: verified.claims };
}

interface AuditTarget {
  appointmentId?: string;
  professionalId?: string;
}

/** Audits a refusal (collapsing repeats) and builds the answer. */
async function refuse(
  store: Store,
  kind: TokenKind,
  reason: LinkFailureReason,
  signedPayload?: JWTPayload,
  known?: AuditTarget,
  professionalName?: string,
): Promise<LinkFailure> {
  const isSession = kind === "client-session" || kind === "pro-session";
  if (!(isSession && reason === "empty")) {
    const target = known ?? await targetOf(store, signedPayload);
    await store.audit({
      ...target,
      actor: "system",
      action: LINK_REJECTED,
      detail: reason,
      collapseWithinMs: REFUSAL_AUDIT_WINDOW_MS,
    });
  }
  return {
    ok: false,
    status: reason === "expired" || reason === "revoked" ? 410 : 401,
    reason,
    message: messageFor(kind, reason, professionalName),
  };
}

/**
 * The rows a refused but genuinely signed token refers to (an expired link,
 * a link of the wrong kind…), when they exist. Forged tokens name nothing.
 */
async function targetOf(store: Store, payload: JWTPayload | undefined): Promise<AuditTarget> {
  if (!payload || typeof payload.sub !== "string") return {};
  if (payload.kind === "client-link" || payload.kind === "client-session") {
    const appointment = await store.getAppointment(payload.sub);
    return appointment
      ? { appointmentId: appointment.id, professionalId: appointment.professionalId }
      : {};
  }
  if (payload.kind === "pro-link" || payload.kind === "pro-session") {
    const professional = await store.getProfessional(payload.sub);
    return professional ? { professionalId: professional.id } : {};
  }
  return {};
}

function messageFor(kind: TokenKind, reason: LinkFailureReason, professionalName?: string): string {
  const client = kind === "client-link" || kind === "client-session";
  const session = kind === "client-session" || kind === "pro-session";
  switch (reason) {
    case "empty":
      if (session) return "Please open the link you were sent to continue.";
      return "This address has no link in it. Please open the full link from your message.";
    case "expired":
      if (client) {
        return "This appointment has ended, so its link no longer works. " +
          "If you still need to talk, please ask for a new appointment.";
      }
      return session
        ? "You have been signed out after a while. Please open your dashboard link again."
        : "This dashboard link has expired. Please ask for a new one.";
    case "revoked":
      return `This link was replaced by a newer one. Ask ${
        professionalName ?? "the person who sent it"
      } for the new link.`;
    case "unknown_appointment":
      return "We could not find this appointment. Please check that you opened the latest link.";
    case "unknown_professional":
      return "We could not find this dashboard. Please ask for a new link.";
    case "wrong_appointment":
      return "This link is for a different appointment. Please open the link for this one.";
    case "wrong_kind":
      return client
        ? "This is not an appointment link. Please open the link you were sent for your appointment."
        : "This is not a dashboard link. Please open your own dashboard link.";
    case "malformed":
    case "missing_claim":
      return "This link is incomplete or damaged. Please copy the whole link from your message " +
        "and try again.";
    default:
      // bad signature or algorithm, wrong issuer or audience, not yet valid
      return "This link is not valid. Please ask for a new one.";
  }
}
