/**
 * The storage contract of Frontdesk. Routes and signaling talk to this
 * interface only; all SQL lives in the store modules (SQLite, the embedded default:
 * `sqlite_store.ts`; PostgreSQL with `DATABASE_URL`: `postgres_store.ts`) so a backend never
 * touches a route. `store_contract.ts` holds the tests both must pass.
 */
import type { Locale } from "../i18n/locales.ts";

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
  /**
   * Where sign-in links go: unique, lower-cased (`checkEmail` in emails.ts). Personal data:
   * never logged or audited. A placeholder under `.invalid` (`isPlaceholderEmail`) for a
   * professional created before addresses existed, until the operator sets theirs.
   */
  email: string;
  /**
   * Bumped by "Sign out everywhere": sessions and dashboard links carry the version they were
   * issued under (`sv`) and older ones are refused. Starts at 1.
   */
  sessionVersion: number;
  /** May add and deactivate professionals. */
  admin: boolean;
  /** When deactivated (epoch ms), else null: their links and sessions are refused. */
  deactivatedAt: number | null;
  /**
   * The IANA zone their browser last reported (validated by `isTimeZone`), or null before
   * their first visit: their pages show times in it on any device from the first load.
   */
  timeZone: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** Options of {@linkcode Store.createProfessional}; the email already passed `checkEmail`. */
export interface NewProfessional {
  /** Default: a placeholder that cannot receive mail (see emails.ts). */
  email?: string;
  /** Default false. */
  admin?: boolean;
}

/** Why {@linkcode Store.claimSignInLink} refused a link. */
export type SignInClaimFailure = "unknown" | "used" | "expired";

/** Raised when an email address is already another professional's. */
export class DuplicateEmailError extends Error {
  override name = "DuplicateEmailError";
  constructor() {
    super("Another professional already has this email address");
  }
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
  /**
   * Where the invitation, its updates and the reminder go (optional; validated by
   * `checkEmail`). Personal data: never logged or audited.
   */
  clientEmail: string | null;
  /** The calendar event's SEQUENCE: 0, raised each time the appointment moves. */
  calendarSequence: number;
  /** When the reminder was claimed for sending (epoch ms), else null. */
  reminderSentAt: number | null;
  /**
   * The professional's reason for cancelling, shown to the client ("" when none was given, or
   * not cancelled). Free text from the professional: never logged nor put in the audit trail.
   */
  cancelReason: string;
  /**
   * The language mails to the client go out in when no request of theirs says (the reminder):
   * the booking page's at first, then the client's own once they opened their link.
   */
  clientLocale: Locale;
  createdAt: number;
  updatedAt: number;
}

/**
 * How a guest came: "invited" by the professional (added by name, gets a guest link of their
 * own), or a "visitor" who opened an instant call's share link, typed a name and knocked.
 */
export type GuestOrigin = "invited" | "visitor";

/** Why a guest was taken off: "removed" from the call, or "declined" at the door. */
export type GuestRemoval = "removed" | "declined";

/**
 * Someone besides the professional and the client in one appointment's call. A guest holds a
 * seat from being added until removed (see participants.ts), present or not.
 */
export interface Guest {
  /** Random and URL-safe (22 characters of base64url); unique across appointments. */
  id: string;
  appointmentId: string;
  /** Display name, validated by `checkPersonName`; personal data: never logged or audited. */
  name: string;
  /**
   * What the guest is to the call, in the professional's own words ("interpreter", "mother"),
   * validated by `checkGuestRole` (guests.ts); "guest" for a visitor. Free text, so it may say
   * more than a role: never logged or audited either.
   */
  role: string;
  origin: GuestOrigin;
  /** Bumped to revoke the guest's link (and sessions) issued before. Starts at 1. */
  linkVersion: number;
  /**
   * When the professional first let this guest in (epoch ms), else null. Once set, the guest
   * is let in again automatically when they come back (see `guestArrival`), until removed.
   */
  admittedAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** When taken off (epoch ms), else null; a removed guest's link and sessions stop working. */
  removedAt: number | null;
  /** Set together with `removedAt`. */
  removal: GuestRemoval | null;
}

/** Input for {@linkcode Store.addGuest}; name and role already passed their checks. */
export interface NewGuest {
  appointmentId: string;
  name: string;
  role: string;
  origin: GuestOrigin;
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

/** One result of {@linkcode Store.listOpenAfterWindow}. */
export interface ClosedWindow {
  appointment: Appointment;
  /** The professional and someone else were in the call together at some point. */
  callHappened: boolean;
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
  /** The client's address, already through `checkEmail`; absent or null for none. */
  clientEmail?: string | null;
  /** The language of the page that booked it (see `Appointment.clientLocale`); default "en". */
  clientLocale?: Locale;
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

/**
 * Raised by a {@linkcode Store} method asked to change a row that does not exist (for a guest:
 * not in that appointment, or already removed where that matters).
 */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** Raised by {@linkcode Store.reschedule} for an appointment that is over (final status). */
export class AppointmentOverError extends Error {
  override name = "AppointmentOverError";
}

/**
 * Raised by {@linkcode Store.addGuest} when the call has no free seat: the professional, the
 * client (of a scheduled appointment) and every guest not removed already make `limit`.
 */
export class ParticipantLimitError extends Error {
  override name = "ParticipantLimitError";
  constructor(readonly limit: number) {
    super(`The call already has ${limit} participants, its limit`);
  }
}

/**
 * Persistent storage. Every method that changes more than one row does it in
 * one transaction, together with its audit row.
 */
export interface Store {
  /** Raises {@linkcode DuplicateEmailError} when the address is taken. */
  createProfessional(name: string, options?: NewProfessional): Promise<Professional>;
  getProfessional(id: string): Promise<Professional | null>;
  /** The professional with this (normalised) address, deactivated ones included, or null. */
  findProfessionalByEmail(email: string): Promise<Professional | null>;
  /** Sets the address (raises {@linkcode DuplicateEmailError}, {@linkcode NotFoundError}). */
  setProfessionalEmail(id: string, email: string): Promise<Professional>;
  /** Keeps the professional's time zone (already validated; raises {@linkcode NotFoundError}). */
  setProfessionalTimeZone(id: string, timeZone: string): Promise<void>;
  /**
   * Deactivates a professional (their links and sessions are refused from now on) with an audit
   * row; a deactivated one is returned unchanged.
   */
  deactivateProfessional(id: string): Promise<Professional>;
  /**
   * "Sign out everywhere": bumps the session version (older sessions and dashboard links stop)
   * and voids the professional's unused sign-in links, with an audit row, in one transaction.
   */
  bumpSessionVersion(id: string): Promise<Professional>;
  /** Records an emailed sign-in link by the SHA-256 of its token (hex), valid until `expiresAt`. */
  createSignInLink(professionalId: string, tokenHash: string, expiresAt: number): Promise<void>;
  /**
   * Claims a sign-in link once: the one statement that marks it used succeeds for one caller
   * only, so two clicks at once cannot both sign in. Returns the professional id, or why not.
   */
  claimSignInLink(
    tokenHash: string,
    now: number,
  ): Promise<{ ok: true; professionalId: string } | { ok: false; reason: SignInClaimFailure }>;
  /** Every professional, oldest first (for the `pro list` command). */
  listProfessionals(): Promise<Professional[]>;
  countProfessionals(): Promise<number>;

  /** Creates the appointment (status "scheduled", link and share versions 1) and its audit row. */
  createAppointment(input: NewAppointment): Promise<Appointment>;
  /**
   * Sets (or clears, with null) the client's address, with an audit row that does not hold it.
   * Raises {@linkcode NotFoundError}.
   */
  setClientEmail(id: string, email: string | null, actor: Actor): Promise<Appointment>;
  /**
   * Moves an appointment that is not over yet: new start and length, the calendar SEQUENCE
   * raised and the reminder due again, with an audit row, in one transaction. Raises
   * {@linkcode NotFoundError}, or {@linkcode AppointmentOverError} once it is completed, missed or
   * cancelled.
   */
  reschedule(id: string, startsAt: number, durationMin: number, actor: Actor): Promise<Appointment>;
  /**
   * Claims the reminder of appointment `id`: true for exactly one caller (across every instance
   * sharing the store), false when it was claimed already.
   */
  claimReminder(id: string, now: number): Promise<boolean>;
  /** Remembers the language the client reads in (their page's); not audited. */
  setClientLocale(id: string, locale: Locale): Promise<void>;
  /**
   * Scheduled appointments with a client address whose reminder is unclaimed and due: they
   * start after `now` and at most `leadMs` later.
   */
  listDueReminders(now: number, leadMs: number): Promise<Appointment[]>;
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
  /**
   * Cancels the appointment (status "cancelled") with the professional's `reason` ("" for none,
   * already checked: cancel_reason.ts) and writes the status's audit row (which says whether a
   * reason was given, never the reason).
   */
  cancelAppointment(id: string, actor: Actor, reason: string): Promise<Appointment>;
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
  /**
   * For the hub's window closer: the appointments not final yet whose join window had closed at
   * `now` (see `joinWindow`), each with whether a call happened in it: an audit row of a status
   * move to "in_call" (the hub's status rows start with `"<from> -> <to>"`).
   */
  listOpenAfterWindow(now: number): Promise<ClosedWindow[]>;

  /**
   * Adds a guest (link version 1, not admitted) and its audit row ("guest.added", actor
   * "professional" for an invited guest, "guest" for a visitor). Counting the seats and the
   * insert are one transaction, so two adds at once cannot pass `maxParticipants` (see
   * `seatsTaken` in participants.ts); a full call raises {@linkcode ParticipantLimitError},
   * an unknown appointment {@linkcode NotFoundError}.
   */
  addGuest(input: NewGuest, maxParticipants: number): Promise<Guest>;
  /** The appointment's guests not removed (pending visitors too), oldest first. */
  listGuests(appointmentId: string): Promise<Guest[]>;
  /** One guest of the appointment, removed ones included (so a refusal can say so), or null. */
  getGuest(appointmentId: string, guestId: string): Promise<Guest | null>;
  /**
   * Bumps the guest's link version (older guest links and sessions stop) with an audit row, to
   * issue a new link. `admittedAt` stays: it is the same person. A removed guest is refused.
   */
  revokeGuestLink(appointmentId: string, guestId: string, actor: Actor): Promise<Guest>;
  /**
   * Takes a guest off ("removed" from the call, or a knock "declined"): sets `removedAt` and
   * bumps the link version, with an audit row; the seat is free again. Removing a removed
   * guest changes nothing.
   */
  removeGuest(
    appointmentId: string,
    guestId: string,
    actor: Actor,
    removal: GuestRemoval,
  ): Promise<Guest>;
  /**
   * Records that the professional let the guest in (`admittedAt`), with an audit row, the
   * first time only: a guest admitted before is returned unchanged. Refuses a removed guest.
   */
  admitGuest(appointmentId: string, guestId: string, actor: Actor): Promise<Guest>;

  audit(entry: NewAuditEntry): Promise<void>;
  /** The appointment's whole audit trail, oldest first. */
  listAudit(appointmentId: string): Promise<AuditEntry[]>;
  /** `limit` rows of the appointment's audit trail, newest first, after skipping `offset`. */
  listAuditPage(
    appointmentId: string,
    page: { offset: number; limit: number },
  ): Promise<AuditPage>;

  /**
   * Releases the database: SQLite closes its file at once; PostgreSQL ends its pool, letting
   * running queries finish. Await it where the process goes on (tests, shutdown).
   */
  close(): Promise<void>;
}
