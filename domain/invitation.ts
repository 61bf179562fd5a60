/**
 * What a client is sent about their appointment: the invitation as short text (for "Copy
 * invitation" and the email's body) and as an iCalendar file (RFC 5545, with the iTIP methods of
 * RFC 5546) that calendars add, update when the appointment moves and strike when it is
 * cancelled. One event per appointment: its UID is the appointment's, and SEQUENCE grows with
 * every update so calendars take the newest.
 *
 * Pure: no store, no mail. The texts say the time in the zone the professional works in, with
 * that zone named, so a client elsewhere can tell.
 */
import { createEvent, type EventAttributes } from "ics";
import { joinWindow } from "./appointments.ts";
import { formatClock, formatDateTime } from "../utils/format_time.ts";
import type { Locale } from "../i18n/locales.ts";
import { translator } from "../i18n/translator.ts";

/** What the invitation says. */
export interface InvitationFacts {
  appointmentId: string;
  professionalName: string;
  /** The professional's address (organizer); null when they have no real one. */
  professionalEmail: string | null;
  clientName: string;
  clientEmail: string | null;
  startsAt: number;
  durationMin: number;
  /** The zone the times are written in (the professional's). */
  tz: string;
  /** The client's signed link. */
  link: string;
  /** The language the words and dates are in; English when not given. */
  locale?: Locale;
}

const tr = (f: Pick<InvitationFacts, "locale">) => translator(f.locale ?? "en");

/** Which message about the appointment. */
export type InvitationKind = "invitation" | "update" | "cancellation" | "reminder";

/** The calendar event's UID: one per appointment, the same in every update. */
export function eventUid(appointmentId: string): string {
  return `${appointmentId}@frontdesk`;
}

/** e.g. "Wed, 2 Dec 2026, 10:00–10:30 GMT-5 (America/New_York)". */
export function whenText(
  f: Pick<InvitationFacts, "startsAt" | "durationMin" | "tz" | "locale">,
): string {
  const end = f.startsAt + f.durationMin * 60_000;
  return `${formatDateTime(f.startsAt, f.tz, { zone: true, locale: f.locale })}`.replace(
    /(\d\d:\d\d)/,
    `$1–${formatClock(end, f.tz, f.locale)}`,
  ) + ` (${f.tz})`;
}

/** The invitation as plain text: who, when with its zone, the link and when it opens. */
export function invitationText(f: InvitationFacts): string {
  const { t } = tr(f);
  const opens = formatClock(joinWindow(f).opensAt, f.tz, f.locale);
  return [
    t("mail.invites", { pro: f.professionalName }),
    "",
    t("mail.when", { when: whenText(f) }),
    t("mail.join", { link: f.link }),
    "",
    t("mail.opens", { opens }),
  ].join("\n");
}

/** The subject line of each kind of message. */
export function subjectOf(kind: InvitationKind, f: InvitationFacts): string {
  const when = formatDateTime(f.startsAt, f.tz, { zone: true, locale: f.locale });
  return tr(f).t(`mail.subject.${kind}`, { pro: f.professionalName, when });
}

/** The mail body of each kind (the cancellation with the professional's reason, if any). */
export function bodyOf(kind: InvitationKind, f: InvitationFacts, reason?: string): string {
  const { t } = tr(f);
  const pro = f.professionalName;
  switch (kind) {
    case "invitation":
      return invitationText(f);
    case "update":
      return `${t("mail.moved", { pro })}\n\n` +
        invitationText(f).split("\n").slice(2).join("\n");
    case "cancellation":
      return [
        t("mail.cancelled", { pro, when: whenText(f) }),
        ...(reason ? ["", t("mail.reason", { reason })] : []),
        "",
        t("mail.noLonger"),
      ].join("\n");
    case "reminder":
      return `${t("mail.reminder", { pro })}\n\n` +
        invitationText(f).split("\n").slice(2).join("\n");
  }
}

/** The UTC date-time array `ics` takes. */
function utcArray(ms: number): [number, number, number, number, number] {
  const d = new Date(ms);
  return [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  ];
}

/**
 * The .ics of the appointment: METHOD:REQUEST (a new or moved appointment, `sequence` 0 then
 * growing) or METHOD:CANCEL with STATUS:CANCELLED. Times are in UTC.
 */
export function invitationIcs(
  f: InvitationFacts,
  opts: { method: "REQUEST" | "CANCEL"; sequence: number; reason?: string; now?: number },
): string {
  const cancel = opts.method === "CANCEL";
  const event: EventAttributes = {
    uid: eventUid(f.appointmentId),
    sequence: opts.sequence,
    method: opts.method,
    productId: "frontdesk/invitation",
    start: utcArray(f.startsAt),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: f.durationMin },
    title: tr(f).t("mail.ics.title", { pro: f.professionalName }),
    description: cancel
      ? bodyOf("cancellation", f, opts.reason)
      : tr(f).t("mail.ics.description", { link: f.link }),
    ...(cancel ? {} : { url: f.link, location: f.link }),
    status: cancel ? "CANCELLED" : "CONFIRMED",
    organizer: f.professionalEmail
      ? { name: f.professionalName, email: f.professionalEmail }
      : { name: f.professionalName },
    attendees: f.clientEmail
      ? [{ name: f.clientName, email: f.clientEmail, rsvp: false, role: "REQ-PARTICIPANT" }]
      : [],
    ...(opts.now ? { lastModified: utcArray(opts.now) } : {}),
  };
  const { error, value } = createEvent(event);
  if (error || !value) throw error ?? new Error("no calendar file");
  return value;
}
