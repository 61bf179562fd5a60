/**
 * An audit row in plain words for the professional who reads it: who acted (a name where a
 * person did, "Frontdesk" where the server did on its own) and what happened ("The client
 * joined the waiting room", "A link was opened after it had been revoked"). The store keeps
 * machine codes (`action`, `detail`: no names, no tokens); names are only put in here, when the
 * appointment's own professional looks at the trail. The CSV export keeps the codes in columns
 * of their own (audit_csv.ts).
 *
 * Every sentence of the trail lives in this module, so it is the one place to translate.
 */
import type { AppointmentStatus, AuditEntry } from "./store.ts";
import { t } from "../i18n/t.ts";
import type { MessageKey } from "../i18n/catalogs.ts";

/** The names an appointment's trail may mention. */
export interface AuditNames {
  professional: string;
  /** "" for an instant call (nobody is "the client" there). */
  client: string;
  /** Guests by id, removed ones included. */
  guests: ReadonlyMap<string, string>;
}

/** An audit row as the trail shows it. */
export interface AuditWords {
  who: string;
  what: string;
}

/** The words the server uses when nobody acted (the window closed, a refused link). */
export const SYSTEM_ACTOR = "Frontdesk";

const STATUS_KEYS = {
  scheduled: "audit.status.scheduled",
  waiting: "audit.status.waiting",
  in_call: "audit.status.in_call",
  completed: "audit.status.completed",
  cancelled: "audit.status.cancelled",
  missed: "audit.status.missed",
} as const;

/** An appointment status in words ("someone waiting"); the code itself if unknown. */
function statusWord(status: string): string {
  return status in STATUS_KEYS ? t(STATUS_KEYS[status as AppointmentStatus]) : status;
}

/** The reasons of link.rejected details that have words of their own (audit.refusal.*). */
const REFUSAL_REASONS = new Set([
  "expired",
  "revoked",
  "removed",
  "declined",
  "not_open_yet",
  "not_yet_valid",
  "bad_signature",
  "malformed",
  "empty",
  "bad_algorithm",
  "wrong_issuer",
  "wrong_audience",
  "wrong_kind",
  "missing_claim",
  "unknown_appointment",
  "unknown_professional",
  "unknown_guest",
  "wrong_appointment",
  "deactivated",
  "ended",
  "cancelled",
  "signed_out",
]);

const MAIL_KINDS = ["invitation", "update", "cancellation", "reminder"] as const;

/** Which mail went to the client (the detail of invitation.sent and invitation.failed). */
function mailWord(detail: string | null): string {
  const kind = MAIL_KINDS.find((k) => k === detail);
  return t(kind ? `audit.mail.${kind}` : "audit.mail.other");
}

const LINK_KINDS = ["guest-link", "share-link", "guest-session", "share-session"] as const;

/** Which link a refused token was: the "kind: reason" prefix of link.rejected details. */
function kindWord(raw: string): string | undefined {
  const kind = LINK_KINDS.find((k) => k === raw);
  return kind ? t(`audit.kind.${kind}`) : undefined;
}

/** The guest id a row's detail starts with ("guest <id>" or "guest <id>: …"), if any. */
export function guestIdOf(detail: string | null): string | null {
  return detail?.match(/^guest ([A-Za-z0-9_-]+)/)?.[1] ?? null;
}

/** The guest ids the rows mention, once each. */
export function guestIdsIn(entries: readonly AuditEntry[]): string[] {
  return [...new Set(entries.map((e) => guestIdOf(e.detail)).filter((id) => id !== null))];
}

/** The status move of an appointment.status detail: "from -> to" and, in brackets, why. */
function parseMove(detail: string | null) {
  const m = detail?.match(/^(\w+) -> (\w+)(?: \((.*)\))?$/);
  if (!m) return null;
  return { from: m[1] as AppointmentStatus, to: m[2] as AppointmentStatus, why: m[3] ?? "" };
}

/** A participant id ("pro", "client", "guest:<id>") as a name. */
function participantName(id: string, names: AuditNames): string {
  if (id === "pro") return names.professional;
  if (id === "client") return names.client || t("audit.theClient");
  const guest = id.startsWith("guest:") ? names.guests.get(id.slice(6)) : undefined;
  return guest ?? t("audit.aGuest");
}

function statusWhat(detail: string | null, names: AuditNames): string {
  const move = parseMove(detail);
  if (!move) return t("audit.statusChanged");
  const { from, to, why } = move;
  const person = why.match(/^(\S+) (joined|left)$/);
  if (why === "window closed") {
    return to === "missed"
      ? t("audit.windowMissed")
      : t("audit.windowClosed", { status: statusWord(to) });
  }
  if (why === "ended for everyone") return t("audit.endedForEveryone");
  if (to === "cancelled") return t("audit.cancelled");
  if (to === "in_call") return t("audit.callStarted");
  if (person?.[2] === "joined" && to === "waiting") {
    return t("audit.joinedWaiting", { name: participantName(person[1], names) });
  }
  if (person?.[2] === "left") {
    const who = participantName(person[1], names);
    return to === "scheduled"
      ? t("audit.leftNobody", { name: who })
      : t("audit.leftNow", { name: who, status: statusWord(to) });
  }
  return t("audit.statusFromTo", { from: statusWord(from), to: statusWord(to) });
}

function refusalWhat(detail: string | null): string {
  const m = detail?.match(/^([a-z-]+): (\w+)$/);
  const reason = m ? m[2] : detail ?? "";
  const words = REFUSAL_REASONS.has(reason)
    ? t(`audit.refusal.${reason}` as MessageKey)
    : t("audit.refused");
  const kind = m ? kindWord(m[1]) : undefined;
  return kind ? t("audit.refusedKind", { words, kind }) : words;
}

/** Who acted on row `e`. */
function whoOf(e: AuditEntry, names: AuditNames): string {
  switch (e.actor) {
    case "professional":
      return names.professional;
    case "client":
      return names.client || t("audit.theClient");
    case "guest": {
      const id = guestIdOf(e.detail);
      return (id && names.guests.get(id)) || t("audit.aGuest");
    }
    default:
      return SYSTEM_ACTOR;
  }
}

/** Row `e` of an appointment's trail in plain words. */
export function describeAudit(e: AuditEntry, names: AuditNames): AuditWords {
  const who = whoOf(e, names);
  const guestId = guestIdOf(e.detail);
  const guest = (guestId && names.guests.get(guestId)) || t("audit.aGuestLower");
  const afterColon = e.detail?.split(": ")[1] ?? "";
  const what = ((): string => {
    switch (e.action) {
      case "appointment.created":
        return t(e.detail === "instant call" ? "audit.created.instant" : "audit.created");
      case "appointment.status":
        return statusWhat(e.detail, names);
      case "link.opened":
        return t(e.actor === "guest" ? "audit.opened.guest" : "audit.opened");
      case "link.rejected":
        return refusalWhat(e.detail);
      case "link.revoked":
        return t("audit.linkRevoked");
      case "share_link.revoked":
        return t("audit.shareRevoked");
      case "appointment.rescheduled":
        return t("audit.rescheduled");
      case "client.email_set":
        return t("audit.emailSet");
      case "client.email_cleared":
        return t("audit.emailCleared");
      case "invitation.sent":
        return t("audit.mailSent", { mail: mailWord(e.detail) });
      case "invitation.failed":
        return t("audit.mailFailed", { mail: mailWord(e.detail) });
      case "guest.added":
        return afterColon === "visitor"
          ? t("audit.visitorAsked", { guest })
          : t("audit.guestAdded", { guest });
      case "guest.admitted":
        return t("audit.guestAdmitted", { guest });
      case "guest.link_revoked":
        return t("audit.guestLinkRevoked", { guest });
      case "guest.removed":
        return afterColon === "declined"
          ? t("audit.guestDeclined", { guest })
          : t("audit.guestRemoved", { guest });
      default:
        return t("audit.other");
    }
  })();
  return { who, what };
}
