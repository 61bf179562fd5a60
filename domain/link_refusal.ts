/**
 * How every resolver (links.ts, guest_links.ts) refuses a link or session: one audit row with
 * the reason only (never the token or a name), repeats of the same refusal for the same
 * appointment within {@linkcode REFUSAL_AUDIT_WINDOW_MS} sharing that row with a count, and
 * plain words for the person holding the link.
 */

import type { JWTPayload } from "jose";
import type { Store } from "./store.ts";
import type { TokenFailure, TokenKind } from "./tokens.ts";

/** Why a link or session was refused. */
export type LinkFailureReason =
  | TokenFailure
  | "unknown_appointment"
  | "unknown_professional"
  | "unknown_guest"
  | "wrong_appointment"
  | "revoked"
  /** The guest was removed from the call (`Store.removeGuest(…, "removed")`). */
  | "removed"
  /** The guest's knock was declined (`Store.removeGuest(…, "declined")`). */
  | "declined"
  /** The rest only where the call must be open (share links; guest resolvers on request). */
  | "not_open_yet"
  | "cancelled"
  | "ended"
  /** The professional was deactivated: none of their links or sessions work. */
  | "deactivated"
  /** A professional's session or dashboard link from before "Sign out everywhere". */
  | "signed_out";

/** A refusal, ready for the route to show. */
export interface LinkFailure {
  ok: false;
  /**
   * 410 when the link was real but is over (expired, replaced, removed, ended, signed out), 403
   * for a deactivated professional; 401 otherwise.
   */
  status: 401 | 403 | 410;
  reason: LinkFailureReason;
  /** Plain words for the person holding the link. */
  message: string;
}

/** The audit action of every refusal. */
export const LINK_REJECTED = "link.rejected";

/** Refusals alike within one such window (aligned to the clock) are one audit row. */
export const REFUSAL_AUDIT_WINDOW_MS = 10 * 60_000;

/** The rows a refusal is filed under, when known. */
export interface AuditTarget {
  appointmentId?: string;
  professionalId?: string;
}

/** What a resolver knows about the refused token besides its kind and the reason. */
export interface RefusalContext {
  /** The payload of a token whose signature checked out (expired, wrong kind…). */
  signedPayload?: JWTPayload;
  /** The rows the token was found to refer to. */
  known?: AuditTarget;
  /** Named in the message ("Ask Dr. Ada for the new link"); never audited. */
  professionalName?: string;
}

const OVER = new Set<LinkFailureReason>([
  "expired",
  "revoked",
  "removed",
  "declined",
  "cancelled",
  "ended",
  "signed_out",
]);

/**
 * Audits a refusal (collapsing repeats) and builds the answer. A missing session cookie is an
 * ordinary visit and is not audited. The detail is the reason alone for the professional's and
 * the client's tokens (as it always was), and `kind: reason` for the others ("guest-link:
 * revoked"), so the trail tells a guest's refused link from the client's.
 */
export async function refuse(
  store: Store,
  kind: TokenKind,
  reason: LinkFailureReason,
  context: RefusalContext = {},
): Promise<LinkFailure> {
  const isSession = kind.endsWith("-session");
  if (!(isSession && reason === "empty")) {
    const target = context.known ?? await targetOf(store, context.signedPayload);
    const original = kind.startsWith("pro-") || kind.startsWith("client-");
    await store.audit({
      ...target,
      actor: "system",
      action: LINK_REJECTED,
      detail: original ? reason : `${kind}: ${reason}`,
      collapseWithinMs: REFUSAL_AUDIT_WINDOW_MS,
    });
  }
  return {
    ok: false,
    status: reason === "deactivated" ? 403 : OVER.has(reason) ? 410 : 401,
    reason,
    message: messageFor(kind, reason, context.professionalName),
  };
}

/**
 * The rows a refused but genuinely signed token refers to (an expired link,
 * a link of the wrong kind…), when they exist. Forged tokens name nothing.
 */
async function targetOf(store: Store, payload: JWTPayload | undefined): Promise<AuditTarget> {
  if (!payload || typeof payload.sub !== "string" || typeof payload.kind !== "string") return {};
  if (payload.kind === "pro-link" || payload.kind === "pro-session") {
    const professional = await store.getProfessional(payload.sub);
    return professional ? { professionalId: professional.id } : {};
  }
  if (/^(client|guest|share)-(link|session)$/.test(payload.kind)) {
    const appointment = await store.getAppointment(payload.sub);
    return appointment
      ? { appointmentId: appointment.id, professionalId: appointment.professionalId }
      : {};
  }
  return {};
}

function messageFor(kind: TokenKind, reason: LinkFailureReason, professionalName?: string): string {
  const person = !kind.startsWith("pro-");
  const session = kind.endsWith("-session");
  const share = kind.startsWith("share-");
  const sender = professionalName ?? "the person who sent it";
  switch (reason) {
    case "empty":
      if (session) return "Please open the link you were sent to continue.";
      return "This address has no link in it. Please open the full link from your message.";
    case "expired":
    case "ended":
      if (person) {
        return "This appointment has ended, so its link no longer works. " +
          "If you still need to talk, please ask for a new appointment.";
      }
      return session
        ? "You have been signed out after a while. Please sign in again."
        : "This dashboard link has expired. Please sign in again to get a new one.";
    case "signed_out":
      return session
        ? "You were signed out: this account was signed out everywhere. Please sign in again."
        : "This dashboard link was revoked when the account was signed out everywhere. " +
          "Please sign in again.";
    case "deactivated":
      return "This Frontdesk account has been deactivated, so its links and sign-ins no longer " +
        "work. If you think this is a mistake, please contact whoever runs this Frontdesk.";
    case "revoked":
      if (share) {
        return `This call's link was stopped, so nobody new can join with it. Ask ${sender} ` +
          "for a new link if you still need to join.";
      }
      return `This link was replaced by a newer one. Ask ${sender} for the new link.`;
    case "removed":
      return "You were removed from this call, so your link no longer works. If you think this " +
        `is a mistake, please contact ${sender}.`;
    case "declined":
      return "Sorry, you were not let into this call. If you think this is a mistake, please " +
        "contact the person who sent you the link.";
    case "not_open_yet":
      return "This call has not opened yet. Please open the link again closer to its start time.";
    case "cancelled":
      return "This appointment was cancelled, so its link no longer works.";
    case "unknown_appointment":
      return "We could not find this appointment. Please check that you opened the latest link.";
    case "unknown_guest":
      return "We could not find your invitation to this appointment. Please check that you " +
        "opened the latest link.";
    case "unknown_professional":
      return "We could not find this dashboard. Please ask for a new link.";
    case "wrong_appointment":
      return "This link is for a different appointment. Please open the link for this one.";
    case "wrong_kind":
      return person
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
