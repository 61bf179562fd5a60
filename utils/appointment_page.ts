/**
 * What the professional's appointment page shows (routes/dashboard/appointments/[id]/): the
 * client link or, for an instant call, the share link; the guests with their own links; the
 * seats taken; a page of the audit trail. Loaded here because the add-guest form answers with
 * the same page when it has errors.
 */
import type { Appointment, AuditEntry, AuditPage, Guest, Professional } from "../domain/store.ts";
import { isFinalStatus } from "../domain/appointments.ts";
import { invitationText } from "../domain/invitation.ts";
import { toLocalInput } from "../domain/zoned_time.ts";
import { invitationFacts, type MailOutcome } from "./appointment_mail.ts";
import { mailerFor } from "./mailer.ts";
import { type AuditNames, guestIdsIn } from "../domain/audit_words.ts";
import type { GuestField, NewGuestForm } from "../domain/guests.ts";
import { seatsTaken } from "../domain/participants.ts";
import { signClientLink, signGuestLink, signShareLink } from "../domain/tokens.ts";
import { clientLinkUrl, guestLinkUrl, shareLinkUrl } from "../domain/link_urls.ts";
import { appContext } from "./app_context.ts";
import { refusalResponse } from "./refusal.tsx";
import { t } from "../i18n/request_locale.ts";

/** Audit rows shown on one page. */
export const AUDIT_PAGE_SIZE = 50;

/** A guest as listed, with their own link when invited (visitors came through the share link). */
export interface ListedGuest {
  guest: Guest;
  link: string | null;
}

/** The add-guest form's values and errors, kept after a refused post. */
export interface GuestFormState {
  values: NewGuestForm;
  errors: Partial<Record<GuestField, string>>;
}

/** The invitation card: the text to copy, the client's address and whether mail is set up. */
export interface InvitationCard {
  text: string;
  email: string;
  /** Why the address was refused, after a post. */
  error?: string;
  mailOn: boolean;
}

/** The "Move the appointment" form's values and errors. */
export interface RescheduleFormState {
  values: { start: string; durationMin: string };
  errors: Partial<Record<"start" | "durationMin", string>>;
}

/** What the page says after a redirect: a mail sent (or not), an appointment moved. */
export interface PageNotice {
  mail?: MailOutcome;
  moved?: boolean;
}

/** The forms of the page as a refused post left them, and the notice of a redirect. */
export interface PageForms {
  guest?: GuestFormState;
  invitation?: { email: string; error: string };
  reschedule?: RescheduleFormState;
  notice?: PageNotice;
}

export interface AppointmentPageData {
  appointment: Appointment;
  /** The client link (scheduled) or the share link (instant). */
  link: string;
  guests: ListedGuest[];
  seats: { taken: number; max: number };
  guestForm: GuestFormState;
  /** Null for an instant call (nobody to invite) and once the appointment is over. */
  invitation: InvitationCard | null;
  reschedule: RescheduleFormState;
  notice: PageNotice;
  audit: AuditPage;
  /** The names the audit rows of this page mention (domain/audit_words.ts). */
  auditNames: AuditNames;
  page: number;
  tz: string;
  /** The client link was just revoked: the page says "New link — send it again". */
  linkRenewed?: boolean;
}

/**
 * The names `entries` of `appt`'s trail mention: its professional, its client and each guest
 * named in a row, removed ones too (`known` saves looking up the ones already listed).
 */
export async function auditNamesFor(
  appt: Appointment,
  entries: readonly AuditEntry[],
  known: readonly Guest[] = [],
): Promise<AuditNames> {
  const { store } = appContext();
  const guests = new Map(known.map((g) => [g.id, g.name]));
  for (const id of guestIdsIn(entries)) {
    if (guests.has(id)) continue;
    const guest = await store.getGuest(appt.id, id);
    if (guest) guests.set(id, guest.name);
  }
  const professional = (await store.getProfessional(appt.professionalId))?.name ?? "";
  return { professional, client: appt.kind === "instant" ? "" : appt.clientName, guests };
}

/** The appointment's professional (there always is one: a foreign key). */
async function requirePro(appt: Appointment): Promise<Professional> {
  const pro = await appContext().store.getProfessional(appt.professionalId);
  if (!pro) throw new Error("appointment without its professional");
  return pro;
}

/** Query parameter of the appointment page after a revoke (`?renewed=1`). */
export const LINK_RENEWED_PARAM = "renewed";

/** The number of audit pages for `total` rows. */
export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
}

/** The audit page number of `?page=`, or a refusal page (400 not a number). */
export function auditPageParam(url: URL): number | Response {
  const param = url.searchParams.get("page") ?? "1";
  if (/^[1-9]\d{0,5}$/.test(param)) return Number(param);
  return refusalResponse({
    status: 400,
    title: t("auditPage.title"),
    message: t("auditPage.number"),
  });
}

/** Everything the page shows, or a refusal page (404 past the audit trail's last page). */
export async function loadAppointmentPage(
  appt: Appointment,
  page: number,
  tz: string,
  forms: PageForms = {},
): Promise<AppointmentPageData | Response> {
  const guestForm = forms.guest ?? { values: { name: "", role: "" }, errors: {} };
  const { store, secret, baseUrl, config } = appContext();
  const audit = await store.listAuditPage(appt.id, {
    offset: (page - 1) * AUDIT_PAGE_SIZE,
    limit: AUDIT_PAGE_SIZE,
  });
  if (page > 1 && audit.entries.length === 0) {
    return refusalResponse({
      status: 404,
      title: t("auditPage.title"),
      message: t("auditPage.range", { pages: pageCount(audit.total) }),
    });
  }
  const guests = await store.listGuests(appt.id);
  const link = appt.kind === "instant"
    ? shareLinkUrl(baseUrl, await signShareLink(secret, appt))
    : clientLinkUrl(baseUrl, await signClientLink(secret, appt));
  return {
    appointment: appt,
    link,
    guests: await Promise.all(guests.map(async (guest) => ({
      guest,
      link: guest.origin === "invited"
        ? guestLinkUrl(baseUrl, await signGuestLink(secret, appt, guest))
        : null,
    }))),
    seats: { taken: seatsTaken(appt.kind, guests.length), max: config.maxParticipants },
    guestForm,
    invitation: appt.kind === "instant" || isFinalStatus(appt.status) ? null : {
      text: invitationText(await invitationFacts(appt, await requirePro(appt), tz)),
      email: forms.invitation?.email ?? appt.clientEmail ?? "",
      error: forms.invitation?.error,
      mailOn: mailerFor(config) !== null,
    },
    reschedule: forms.reschedule ?? {
      values: { start: toLocalInput(appt.startsAt, tz), durationMin: String(appt.durationMin) },
      errors: {},
    },
    notice: forms.notice ?? {},
    audit,
    auditNames: await auditNamesFor(appt, audit.entries, guests),
    page,
    tz,
  };
}
