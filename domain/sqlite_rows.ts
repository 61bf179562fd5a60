/**
 * Rows of the SQLite store as `node:sqlite` returns them, the column lists its queries select, and
 * their mapping to the domain types of `store.ts`.
 */
import { isLocale } from "../i18n/locales.ts";
import type {
  Actor,
  Appointment,
  AppointmentKind,
  AppointmentStatus,
  AuditEntry,
  Guest,
  GuestOrigin,
  GuestRemoval,
  Professional,
} from "./store.ts";

export interface ProfessionalRow {
  id: string;
  name: string;
  email: string;
  session_version: number;
  is_admin: number;
  deactivated_at: number | null;
  time_zone: string | null;
  created_at: number;
}

export const PROFESSIONAL_COLUMNS =
  "id, name, email, session_version, is_admin, deactivated_at, time_zone, created_at";

export interface AppointmentRow {
  id: string;
  professional_id: string;
  kind: AppointmentKind;
  client_name: string;
  starts_at: number;
  duration_min: number;
  status: AppointmentStatus;
  link_version: number;
  share_version: number;
  client_email: string | null;
  calendar_sequence: number;
  reminder_sent_at: number | null;
  cancel_reason: string;
  client_locale: string;
  created_at: number;
  updated_at: number;
}

export interface AuditRow {
  id: number;
  appointment_id: string | null;
  professional_id: string | null;
  actor: Actor;
  action: string;
  detail: string | null;
  at: number;
  count: number;
  last_at: number | null;
}

export interface GuestRow {
  id: string;
  appointment_id: string;
  name: string;
  role: string;
  origin: GuestOrigin;
  link_version: number;
  admitted_at: number | null;
  created_at: number;
  updated_at: number;
  removed_at: number | null;
  removal: GuestRemoval | null;
}

export const GUEST_COLUMNS = "id, appointment_id, name, role, origin, link_version, admitted_at, " +
  "created_at, updated_at, removed_at, removal";

export const AUDIT_COLUMNS =
  "id, appointment_id, professional_id, actor, action, detail, at, count, last_at";

export const APPOINTMENT_COLUMNS =
  "id, professional_id, kind, client_name, starts_at, duration_min, status, link_version, " +
  "share_version, client_email, calendar_sequence, reminder_sent_at, cancel_reason, client_locale, " +
  "created_at, updated_at";

export function toProfessional(row: ProfessionalRow): Professional {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    sessionVersion: row.session_version,
    admin: row.is_admin === 1,
    deactivatedAt: row.deactivated_at,
    timeZone: row.time_zone,
    createdAt: row.created_at,
  };
}

export function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    professionalId: row.professional_id,
    kind: row.kind,
    clientName: row.client_name,
    startsAt: row.starts_at,
    durationMin: row.duration_min,
    status: row.status,
    linkVersion: row.link_version,
    shareVersion: row.share_version,
    clientEmail: row.client_email,
    calendarSequence: row.calendar_sequence,
    reminderSentAt: row.reminder_sent_at,
    cancelReason: row.cancel_reason,
    // The column's CHECK keeps it to the supported languages.
    clientLocale: isLocale(row.client_locale) ? row.client_locale : "en",
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toGuest(row: GuestRow): Guest {
  return {
    id: row.id,
    appointmentId: row.appointment_id,
    name: row.name,
    role: row.role,
    origin: row.origin,
    linkVersion: row.link_version,
    admittedAt: row.admitted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    removedAt: row.removed_at,
    removal: row.removal,
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    appointmentId: row.appointment_id,
    professionalId: row.professional_id,
    actor: row.actor,
    action: row.action,
    detail: row.detail,
    at: row.at,
    count: row.count,
    lastAt: row.last_at ?? row.at,
  };
}
