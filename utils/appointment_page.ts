/**
 * What the professional's appointment page shows (routes/dashboard/appointments/[id]/): the
 * client link or, for an instant call, the share link; the guests with their own links; the
 * seats taken; a page of the audit trail. Loaded here because the add-guest form answers with
 * the same page when it has errors.
 */
import type { Appointment, AuditPage, Guest } from "../domain/store.ts";
import type { GuestField, NewGuestForm } from "../domain/guests.ts";
import { seatsTaken } from "../domain/participants.ts";
import { signClientLink, signGuestLink, signShareLink } from "../domain/tokens.ts";
import { clientLinkUrl, guestLinkUrl, shareLinkUrl } from "../domain/link_urls.ts";
import { appContext } from "./app_context.ts";
import { refusalResponse } from "./refusal.tsx";

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

export interface AppointmentPageData {
  appointment: Appointment;
  /** The client link (scheduled) or the share link (instant). */
  link: string;
  guests: ListedGuest[];
  seats: { taken: number; max: number };
  guestForm: GuestFormState;
  audit: AuditPage;
  page: number;
  tz: string;
  /** The client link was just revoked: the page says "New link — send it again". */
  linkRenewed?: boolean;
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
    title: "No such page",
    message: "The audit trail's page number must be a whole number from 1. " +
      "Go back to the appointment and use its page links.",
  });
}

/** Everything the page shows, or a refusal page (404 past the audit trail's last page). */
export async function loadAppointmentPage(
  appt: Appointment,
  page: number,
  tz: string,
  guestForm: GuestFormState = { values: { name: "", role: "" }, errors: {} },
): Promise<AppointmentPageData | Response> {
  const { store, secret, baseUrl, config } = appContext();
  const audit = await store.listAuditPage(appt.id, {
    offset: (page - 1) * AUDIT_PAGE_SIZE,
    limit: AUDIT_PAGE_SIZE,
  });
  if (page > 1 && audit.entries.length === 0) {
    return refusalResponse({
      status: 404,
      title: "No such page",
      message: `The audit trail has ${pageCount(audit.total)} page(s). ` +
        "Go back to the appointment and use its page links.",
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
    audit,
    page,
    tz,
  };
}
