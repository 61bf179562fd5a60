/**
 * How every resolver (links.ts, guest_links.ts) refuses a link or session: one audit row with
 * the reason only (never the token or a name), repeats of the same refusal for the same
 * appointment within {@linkcode REFUSAL_AUDIT_WINDOW_MS} sharing that row with a count, and
 * plain words for the person holding the link.
 */

import type { JWTPayload } from "jose";
import type { Store } from "./store.ts";
import type { TokenFailure, TokenKind } from "./tokens.ts";
import { t } from "../i18n/t.ts";

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

/** Plain words for the holder of the refused link, in the request's language. */
function messageFor(kind: TokenKind, reason: LinkFailureReason, professionalName?: string): string {
  const person = !kind.startsWith("pro-");
  const session = kind.endsWith("-session");
  const share = kind.startsWith("share-");
  const sender = professionalName ?? t("link.sender");
  switch (reason) {
    case "empty":
      return t(session ? "link.empty.session" : "link.empty");
    case "expired":
    case "ended":
      if (person) return t("link.ended.person");
      return t(session ? "link.ended.session" : "link.ended.proLink");
    case "signed_out":
      return t(session ? "link.signedOut.session" : "link.signedOut.proLink");
    case "deactivated":
      return t("link.deactivated");
    case "revoked":
      return t(share ? "link.revoked.share" : "link.revoked", { sender });
    case "removed":
      return t("link.removed", { sender });
    case "declined":
      return t("link.declined");
    case "not_open_yet":
      return t("link.notOpenYet");
    case "cancelled":
      return t("link.cancelled");
    case "unknown_appointment":
      return t("link.unknownAppointment");
    case "unknown_guest":
      return t("link.unknownGuest");
    case "unknown_professional":
      return t("link.unknownProfessional");
    case "wrong_appointment":
      return t("link.wrongAppointment");
    case "wrong_kind":
      return t(person ? "link.wrongKind.person" : "link.wrongKind.pro");
    case "malformed":
    case "missing_claim":
      return t("link.damaged");
    default:
      // bad signature or algorithm, wrong issuer or audience, not yet valid
      return t("link.invalid");
  }
}
