/**
 * What the professional's appointment page shows (routes/dashboard/appointments/[id]/): the
 * client link or, for an instant call, the share link; the guests with their own links; the
 * seats taken; a page of the audit trail. Loaded here because the add-guest form answers with
 * the same page when it has errors.
 */
import type { Appointment, AuditEntry, Guest, Professional } from "../domain/store.ts";
import { isFinalStatus } from "../domain/appointments.ts";
import { invitationText } from "../domain/invitation.ts";
import { toLocalInput } from "../domain/zoned_time.ts";
import { invitationFacts } from "../app/appointment_mail.ts";
import { mailerFor } from "../app/mailer.ts";
import { type AuditNames, guestIdsIn } from "../domain/audit_words.ts";
import { seatsTaken } from "../domain/participants.ts";
import { signClientLink, signGuestLink, signShareLink } from "../domain/tokens.ts";
import { clientLinkUrl, guestLinkUrl, shareLinkUrl } from "../domain/link_urls.ts";
import { appContext } from "../app/app_context.ts";
import { refusalResponse } from "./refusal.tsx";
import { t } from "../i18n/request_locale.ts";
import {
  type AppointmentPageData,
  AUDIT_PAGE_SIZE,
  type GuestFormState,
  type InvitationCard,
  LINK_RENEWED_PARAM,
  type ListedGuest,
  pageCount,
  type PageForms,
  type PageNotice,
  type RescheduleFormState,
} from "../components/appointment_page_data.ts";

export {
  type AppointmentPageData,
  AUDIT_PAGE_SIZE,
  type GuestFormState,
  type InvitationCard,
  LINK_RENEWED_PARAM,
  type ListedGuest,
  pageCount,
  type PageForms,
  type PageNotice,
  type RescheduleFormState,
};

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
