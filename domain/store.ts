/**
 * The storage contract of Frontdesk. Routes and signaling talk to this
 * interface only; all SQL lives in one implementation module (SQLite today,
 * PostgreSQL later) so a new backend never touches a route.
 */

/**
 * Lifecycle of an appointment as the dashboard shows it. "completed", "cancelled" and "missed"
 * are final (see `isFinalStatus` in appointments.ts): "missed" is an appointment whose window
 * closed without a call taking place (see `statusAfterWindow`).
 */
export type AppointmentStatus =
  | "scheduled"
  | "waiting"
  | "in_call"
  | "completed"
  | "cancelled"
  | "missed";

/** Every status, in lifecycle order. */
export const APPOINTMENT_STATUSES: readonly AppointmentStatus[] = [
  "scheduled",
  "waiting",
  "in_call",
  "completed",
  "cancelled",
  "missed",
];

/**
 * "scheduled": booked ahead for one client, who gets a client link. "instant": started now
 * from the dashboard, with no client; people come in through one shareable link (a share
 * link) that may be forwarded, type their name and knock.
 */
export type AppointmentKind = "scheduled" | "instant";

export const APPOINTMENT_KINDS: readonly AppointmentKind[] = ["scheduled", "instant"];

/** Who caused an audited change. "guest" is an invited guest or a visitor of an instant call. */
export type Actor = "professional" | "client" | "guest" | "system";

/** A professional (doctor, therapist, tutor, coach) who runs appointments. */
export interface Professional {
  id: string;
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** One video appointment: a professional and a client, or an instant call. */
export interface Appointment {
  id: string;
  professionalId: string;
  kind: AppointmentKind;
  /**
   * The client's display name; personal data: never logged. Always "" for an instant call,
   * which has no client (show "Instant call" instead; `appointmentTitle` in appointments.ts).
   */
  clientName: string;
  /** Start, epoch milliseconds. */
  startsAt: number;
  durationMin: number;
  status: AppointmentStatus;
  /** Bumped to revoke every client link issued before. Starts at 1. */
  linkVersion: number;
  /**
   * Bumped to stop every share link of an instant call issued before ("Stop the link").
   * Starts at 1; unused by scheduled appointments, which have no share link.
   */
  shareVersion: number;
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

/** Input for {@linkcode Store.createAppointment}; `instantCall()` in appointments.ts builds one. */
export interface NewAppointment {
  professionalId: string;
  /** Default "scheduled". */
  kind?: AppointmentKind;
  /** A validated name for a scheduled appointment; "" for an instant call. */
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

  /** Creates the appointment (status "scheduled", link and share versions 1) and its audit row. */
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
  /**
   * Bumps the share version of an instant call ("Stop the link"): share links and share
   * sessions issued before stop working, so nobody new can knock with them. People who
   * already knocked or were let in are guests by then and stay (remove them one by one).
   */
  revokeShareLink(id: string, actor: Actor): Promise<Appointment>;
  /**
   * For the hub once the join window has closed: moves an appointment that is not final yet to
   * `statusAfterWindow(appointment, callHappened)` ("completed" or "missed") with an audit row
   * (actor "system"), in one transaction, so a concurrent cancel is never overwritten. Before
   * the window closes, or when already final, returns the appointment unchanged.
   */
  endAfterWindow(id: string, callHappened: boolean): Promise<Appointment>;

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
