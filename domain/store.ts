/**
 * The storage contract of Frontdesk. Routes and signaling talk to this
 * interface only; all SQL lives in one implementation module (SQLite today,
 * PostgreSQL later) so a new backend never touches a route.
 */

/** Lifecycle of an appointment as the dashboard shows it. */
export type AppointmentStatus = "scheduled" | "waiting" | "in_call" | "completed" | "cancelled";

/** Every status, in lifecycle order. */
export const APPOINTMENT_STATUSES: readonly AppointmentStatus[] = [
  "scheduled",
  "waiting",
  "in_call",
  "completed",
  "cancelled",
];

/** Who caused an audited change. */
export type Actor = "professional" | "client" | "system";

/** A professional (doctor, therapist, tutor, coach) who runs appointments. */
export interface Professional {
  id: string;
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** One scheduled video appointment between a professional and a client. */
export interface Appointment {
  id: string;
  professionalId: string;
  /** The client's display name; personal data: never logged. */
  clientName: string;
  /** Start, epoch milliseconds. */
  startsAt: number;
  durationMin: number;
  status: AppointmentStatus;
  /** Bumped to revoke every client link issued before. Starts at 1. */
  linkVersion: number;
  createdAt: number;
  updatedAt: number;
}

/** One row of an appointment's audit trail. Never holds a token. */
export interface AuditEntry {
  id: number;
  appointmentId: string | null;
  professionalId: string | null;
  actor: Actor;
  /** Machine-readable verb, e.g. "appointment.created", "link.rejected". */
  action: string;
  /** Short human-readable detail, free of tokens and names. */
  detail: string | null;
  /** Epoch milliseconds (of the first time, when `count` > 1). */
  at: number;
  /** How many times it happened: above 1 for collapsed repeats (see `collapseWithinMs`). */
  count: number;
  /** Epoch milliseconds of the latest time; equals `at` when `count` is 1. */
  lastAt: number;
}

/** One page of an appointment's audit trail, newest first. */
export interface AuditPage {
  entries: AuditEntry[];
  /** Rows in the whole trail. */
  total: number;
}

/** Input for {@linkcode Store.createAppointment}. */
export interface NewAppointment {
  professionalId: string;
  clientName: string;
  startsAt: number;
  durationMin: number;
}

/** Input for {@linkcode Store.audit}. */
export interface NewAuditEntry {
  appointmentId?: string | null;
  professionalId?: string | null;
  actor: Actor;
  action: string;
  detail?: string | null;
  /**
   * Collapse repeats: entries equal in appointment, professional, actor,
   * action and detail within one window of this many milliseconds (windows
   * aligned to the epoch) become one row with a count, so a flood of the same
   * refusal cannot grow the trail. Unset: every entry is its own row.
   */
  collapseWithinMs?: number;
}

/** Raised by a {@linkcode Store} method asked to change a row that does not exist. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/**
 * Persistent storage. Every method that changes more than one row does it in
 * one transaction, together with its audit row.
 */
export interface Store {
  createProfessional(name: string): Promise<Professional>;
  getProfessional(id: string): Promise<Professional | null>;
  /** Every professional, oldest first (for the `pro list` command). */
  listProfessionals(): Promise<Professional[]>;
  countProfessionals(): Promise<number>;

  /** Creates the appointment (status "scheduled", link version 1) and its audit row. */
  createAppointment(input: NewAppointment): Promise<Appointment>;
  getAppointment(id: string): Promise<Appointment | null>;
  /** A professional's appointments starting at or after `from` (epoch ms), earliest first. */
  listAppointments(professionalId: string, from?: number): Promise<Appointment[]>;
  /** Sets the status and writes an audit row; returns the updated appointment. */
  setStatus(
    id: string,
    status: AppointmentStatus,
    actor: Actor,
    detail?: string,
  ): Promise<Appointment>;
  /** Bumps the link version (revoking older client links) and writes an audit row. */
  revokeLink(id: string, actor: Actor): Promise<Appointment>;

  audit(entry: NewAuditEntry): Promise<void>;
  /** The appointment's whole audit trail, oldest first. */
  listAudit(appointmentId: string): Promise<AuditEntry[]>;
  /** `limit` rows of the appointment's audit trail, newest first, after skipping `offset`. */
  listAuditPage(
    appointmentId: string,
    page: { offset: number; limit: number },
  ): Promise<AuditPage>;

  close(): void;
}
