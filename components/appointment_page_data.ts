/**
 * What the professional's appointment page shows, as the components render it: the shapes
 * web/appointment_page.ts loads (links, guests, forms as a refused post left them, the audit
 * page) and the audit trail's paging. Here, below the request code that fills them, so the
 * components need nothing from web/.
 */
import type { Appointment, AuditPage, Guest } from "../domain/store.ts";
import type { MailOutcome } from "../domain/emails.ts";
import type { AuditNames } from "../domain/audit_words.ts";
import type { GuestField, NewGuestForm } from "../domain/guests.ts";

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

/** Query parameter of the appointment page after a revoke (`?renewed=1`). */
export const LINK_RENEWED_PARAM = "renewed";

/** The number of audit pages for `total` rows. */
export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
}
