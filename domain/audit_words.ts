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

const STATUS_WORDS: Record<AppointmentStatus, string> = {
  scheduled: "scheduled",
  waiting: "someone waiting",
  in_call: "in call",
  completed: "completed",
  cancelled: "cancelled",
  missed: "missed",
};

/** Why a link was refused, finishing "A link was refused: …" or standing alone. */
const REFUSAL_WORDS: Record<string, string> = {
  expired: "A link was opened after it had expired",
  revoked: "A link was opened after it had been revoked",
  removed: "A guest who had been removed from the call opened their link",
  declined: "Someone whose request to join was declined opened the link again",
  not_open_yet: "A link was opened before the appointment opened",
  not_yet_valid: "A link was opened before it became valid",
  bad_signature: "A link with a broken or forged signature was refused",
  malformed: "A damaged link was refused",
  empty: "An empty link was refused",
  bad_algorithm: "A link signed the wrong way was refused",
  wrong_issuer: "A link from another server was refused",
  wrong_audience: "A link meant for another page was refused",
  wrong_kind: "A link of the wrong kind was refused",
  missing_claim: "An incomplete link was refused",
  unknown_appointment: "A link to an appointment that no longer exists was refused",
  unknown_professional: "A link of a professional who no longer exists was refused",
  unknown_guest: "A guest link of someone no longer on the appointment was refused",
  wrong_appointment: "A link for another appointment was refused",
  deactivated: "A link of a deactivated account was refused",
  ended: "A link was opened after the appointment had ended",
  cancelled: "A link was opened after the appointment had been cancelled",
  signed_out: "A dashboard link from before “Sign out everywhere” was refused",
};

/** Which mail went to the client (the detail of invitation.sent and invitation.failed). */
const MAIL_WORDS: Record<string, string> = {
  invitation: "the invitation",
  update: "the new time",
  cancellation: "the cancellation",
  reminder: "a reminder",
};

/** Which link a refused token was: the "kind: reason" prefix of link.rejected details. */
const KIND_WORDS: Record<string, string> = {
  "guest-link": "a guest's link",
  "share-link": "the shared link",
  "guest-session": "a guest's session",
  "share-session": "a visitor's session",
};

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
  if (id === "client") return names.client || "The client";
  const guest = id.startsWith("guest:") ? names.guests.get(id.slice(6)) : undefined;
  return guest ?? "A guest";
}

function statusWhat(detail: string | null, names: AuditNames): string {
  const move = parseMove(detail);
  if (!move) return "The appointment's status changed";
  const { from, to, why } = move;
  const person = why.match(/^(\S+) (joined|left)$/);
  if (why === "window closed") {
    return to === "missed"
      ? "The appointment's time ran out with nobody in the call: marked missed"
      : `The appointment's time ran out: marked ${STATUS_WORDS[to]}`;
  }
  if (why === "ended for everyone") return "Ended the call for everyone";
  if (to === "cancelled") return "Cancelled the appointment";
  if (to === "in_call") return "The call started";
  if (person?.[2] === "joined" && to === "waiting") {
    return `${participantName(person[1], names)} joined the waiting room`;
  }
  if (person?.[2] === "left") {
    const who = participantName(person[1], names);
    return to === "scheduled"
      ? `${who} left; nobody is waiting any more`
      : `${who} left; now ${STATUS_WORDS[to]}`;
  }
  return `The status changed from ${STATUS_WORDS[from] ?? from} to ${STATUS_WORDS[to] ?? to}`;
}

function refusalWhat(detail: string | null): string {
  const m = detail?.match(/^([a-z-]+): (\w+)$/);
  const reason = m ? m[2] : detail ?? "";
  const words = REFUSAL_WORDS[reason] ?? "A link was refused";
  const kind = m ? KIND_WORDS[m[1]] : undefined;
  return kind ? `${words} (${kind})` : words;
}

/** Who acted on row `e`. */
function whoOf(e: AuditEntry, names: AuditNames): string {
  switch (e.actor) {
    case "professional":
      return names.professional;
    case "client":
      return names.client || "The client";
    case "guest": {
      const id = guestIdOf(e.detail);
      return (id && names.guests.get(id)) || "A guest";
    }
    default:
      return SYSTEM_ACTOR;
  }
}

/** Row `e` of an appointment's trail in plain words. */
export function describeAudit(e: AuditEntry, names: AuditNames): AuditWords {
  const who = whoOf(e, names);
  const guestId = guestIdOf(e.detail);
  const guest = (guestId && names.guests.get(guestId)) || "a guest";
  const afterColon = e.detail?.split(": ")[1] ?? "";
  const what = ((): string => {
    switch (e.action) {
      case "appointment.created":
        return e.detail === "instant call" ? "Started an instant call" : "Created the appointment";
      case "appointment.status":
        return statusWhat(e.detail, names);
      case "link.opened":
        return e.actor === "guest" ? "Opened their guest link" : "Opened their link";
      case "link.rejected":
        return refusalWhat(e.detail);
      case "link.revoked":
        return "Revoked the client's link and issued a new one";
      case "share_link.revoked":
        return "Withdrew the shared link and issued a new one";
      case "appointment.rescheduled":
        return "Moved the appointment";
      case "client.email_set":
        return "Set the client's email address";
      case "client.email_cleared":
        return "Removed the client's email address";
      case "invitation.sent":
        return `Emailed the client ${MAIL_WORDS[e.detail ?? ""] ?? "a message"}`;
      case "invitation.failed":
        return `Could not email the client ${MAIL_WORDS[e.detail ?? ""] ?? "a message"}`;
      case "guest.added":
        return afterColon === "visitor"
          ? `${guest} asked to join with the shared link`
          : `Added ${guest} as a guest`;
      case "guest.admitted":
        return `Let ${guest} into the call`;
      case "guest.link_revoked":
        return `Withdrew ${guest}'s link`;
      case "guest.removed":
        return afterColon === "declined"
          ? `Declined ${guest}'s request to join`
          : `Removed ${guest} from the call`;
      default:
        return "Something else happened";
    }
  })();
  return { who, what };
}
