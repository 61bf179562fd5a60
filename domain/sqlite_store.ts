/**
 * The SQLite implementation of {@linkcode Store}, on the built-in `node:sqlite`.
 * All of Frontdesk's SQL lives here and in `migrations.ts`; values always go
 * through prepared-statement parameters.
 */

import type { Locale } from "../i18n/locales.ts";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { CLOSE_AFTER_MIN, joinWindow, statusAfterWindow } from "./appointments.ts";
import { migrate } from "./migrations.ts";
import { hasFreeSeat } from "./participants.ts";
import {
  type Actor,
  type Appointment,
  type AppointmentStatus,
  type AuditEntry,
  type AuditPage,
  type ClosedWindow,
  type Guest,
  type GuestRemoval,
  type NewAppointment,
  type NewAuditEntry,
  type NewGuest,
  type NewProfessional,
  NotFoundError,
  ParticipantLimitError,
  type Professional,
  type SignInClaimFailure,
  type Store,
} from "./store.ts";
import { SqliteAccounts } from "./sqlite_accounts.ts";
import { SqliteInvitations } from "./sqlite_invitations.ts";
import {
  APPOINTMENT_COLUMNS,
  type AppointmentRow,
  AUDIT_COLUMNS,
  type AuditRow,
  GUEST_COLUMNS,
  type GuestRow,
  toAppointment,
  toAuditEntry,
  toGuest,
} from "./sqlite_rows.ts";
import { newAppointment, newGuest } from "./new_records.ts";

/** A {@linkcode Store} backed by one SQLite file (or `":memory:"`). */
export class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #statements = new Map<string, StatementSync>();
  readonly #parts = {
    sql: (text: string) => this.#sql(text),
    transaction: <T>(work: () => T) => this.#transaction(work),
    now: () => this.#now(),
    audit: (entry: NewAuditEntry, at: number) => this.#insertAudit(entry, at),
  };
  readonly #accounts = new SqliteAccounts(this.#parts);
  readonly #invitations = new SqliteInvitations(this.#parts);

  /**
   * Opens (creating if needed) and migrates the database at `path`.
   * `now` is the clock for timestamps; tests pass a fixed one.
   */
  constructor(path: string, now: () => number = Date.now) {
    this.#now = now;
    this.#db = new DatabaseSync(path);
    try {
      this.#db.exec("PRAGMA journal_mode = WAL");
      this.#db.exec("PRAGMA foreign_keys = ON");
      this.#db.exec("PRAGMA busy_timeout = 5000");
      // FULL: writes are rare (a few per appointment), so durability across power loss is cheap.
      this.#db.exec("PRAGMA synchronous = FULL");
      migrate(this.#db);
    } catch (err) {
      this.#db.close();
      throw err;
    }
  }

  createProfessional(name: string, options?: NewProfessional): Promise<Professional> {
    return this.#accounts.create(name, options);
  }

  getProfessional(id: string): Promise<Professional | null> {
    return Promise.resolve(this.#accounts.get(id));
  }

  findProfessionalByEmail(email: string): Promise<Professional | null> {
    return Promise.resolve(this.#accounts.byEmail(email));
  }

  listProfessionals(): Promise<Professional[]> {
    return Promise.resolve(this.#accounts.list());
  }

  countProfessionals(): Promise<number> {
    return Promise.resolve(this.#accounts.count());
  }

  setProfessionalEmail(id: string, email: string): Promise<Professional> {
    return this.#accounts.setEmail(id, email);
  }

  setProfessionalTimeZone(id: string, timeZone: string): Promise<void> {
    return this.#accounts.setTimeZone(id, timeZone);
  }

  deactivateProfessional(id: string): Promise<Professional> {
    return this.#accounts.deactivate(id);
  }

  bumpSessionVersion(id: string): Promise<Professional> {
    return this.#accounts.bumpSessionVersion(id);
  }

  createSignInLink(professionalId: string, tokenHash: string, expiresAt: number): Promise<void> {
    return this.#accounts.createSignInLink(professionalId, tokenHash, expiresAt);
  }

  claimSignInLink(
    tokenHash: string,
    now: number,
  ): Promise<{ ok: true; professionalId: string } | { ok: false; reason: SignInClaimFailure }> {
    return this.#accounts.claimSignInLink(tokenHash, now);
  }

  setClientEmail(id: string, email: string | null, actor: Actor): Promise<Appointment> {
    return this.#invitations.setClientEmail(id, email, actor);
  }

  reschedule(id: string, startsAt: number, durationMin: number, actor: Actor) {
    return this.#invitations.reschedule(id, startsAt, durationMin, actor);
  }

  claimReminder(id: string, now: number): Promise<boolean> {
    return this.#invitations.claimReminder(id, now);
  }

  setClientLocale(id: string, locale: Locale): Promise<void> {
    return this.#invitations.setClientLocale(id, locale);
  }

  listDueReminders(now: number, leadMs: number): Promise<Appointment[]> {
    return this.#invitations.listDueReminders(now, leadMs);
  }

  createAppointment(input: NewAppointment): Promise<Appointment> {
    const now = this.#now();
    const appointment = newAppointment(input, now);
    return this.#transaction(() => {
      this.#sql(
        `INSERT INTO appointments (${APPOINTMENT_COLUMNS})
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        appointment.id,
        appointment.professionalId,
        appointment.kind,
        appointment.clientName,
        appointment.startsAt,
        appointment.durationMin,
        appointment.status,
        appointment.linkVersion,
        appointment.shareVersion,
        appointment.clientEmail,
        appointment.calendarSequence,
        appointment.reminderSentAt,
        appointment.cancelReason,
        appointment.clientLocale,
        appointment.createdAt,
        appointment.updatedAt,
      );
      this.#insertAudit({
        appointmentId: appointment.id,
        professionalId: appointment.professionalId,
        actor: "professional",
        action: "appointment.created",
        detail: appointment.kind === "instant" ? "instant call" : null,
      }, now);
      return appointment;
    });
  }

  getAppointment(id: string): Promise<Appointment | null> {
    return Promise.resolve(this.#appointment(id));
  }

  listAppointments(professionalId: string, from = Number.MIN_SAFE_INTEGER): Promise<Appointment[]> {
    const rows = this.#sql(
      `SELECT ${APPOINTMENT_COLUMNS} FROM appointments
       WHERE professional_id = ? AND starts_at >= ?
       ORDER BY starts_at, created_at, id`,
    ).all(professionalId, from) as unknown as AppointmentRow[];
    return Promise.resolve(rows.map(toAppointment));
  }

  setStatus(
    id: string,
    status: AppointmentStatus,
    actor: Actor,
    detail?: string,
  ): Promise<Appointment> {
    return this.#transaction(() => {
      const now = this.#now();
      const before = this.#requireAppointment(id);
      this.#sql("UPDATE appointments SET status = ?, updated_at = ? WHERE id = ?").run(
        status,
        now,
        id,
      );
      this.#insertAudit({
        appointmentId: id,
        professionalId: before.professionalId,
        actor,
        action: "appointment.status",
        detail: detail ?? `${before.status} -> ${status}`,
      }, now);
      return this.#requireAppointment(id);
    });
  }

  cancelAppointment(id: string, actor: Actor, reason: string): Promise<Appointment> {
    return this.#transaction(() => {
      const now = this.#now();
      const before = this.#requireAppointment(id);
      this.#sql(
        "UPDATE appointments SET status = 'cancelled', cancel_reason = ?, updated_at = ? WHERE id = ?",
      ).run(reason, now, id);
      this.#insertAudit({
        appointmentId: id,
        professionalId: before.professionalId,
        actor,
        action: "appointment.status",
        detail: `${before.status} -> cancelled${reason === "" ? "" : " (with a reason)"}`,
      }, now);
      return this.#requireAppointment(id);
    });
  }

  revokeLink(id: string, actor: Actor): Promise<Appointment> {
    return this.#bumpVersion(id, actor, "link");
  }

  revokeShareLink(id: string, actor: Actor): Promise<Appointment> {
    return this.#bumpVersion(id, actor, "share");
  }

  /** Revokes every client link (`link`) or share link (`share`) issued so far, with its audit row. */
  #bumpVersion(id: string, actor: Actor, which: "link" | "share"): Promise<Appointment> {
    // The column comes from this fixed pair, never from input.
    const column = which === "link" ? "link_version" : "share_version";
    return this.#transaction(() => {
      const now = this.#now();
      const before = this.#requireAppointment(id);
      this.#sql(
        `UPDATE appointments SET ${column} = ${column} + 1, updated_at = ? WHERE id = ?`,
      ).run(now, id);
      const after = this.#requireAppointment(id);
      this.#insertAudit({
        appointmentId: id,
        professionalId: before.professionalId,
        actor,
        action: which === "link" ? "link.revoked" : "share_link.revoked",
        detail: which === "link"
          ? `link version ${after.linkVersion}`
          : `share version ${after.shareVersion}`,
      }, now);
      return after;
    });
  }

  endAfterWindow(id: string, callHappened: boolean): Promise<Appointment> {
    return this.#transaction(() => {
      const now = this.#now();
      const before = this.#requireAppointment(id);
      const status = statusAfterWindow(before, callHappened);
      if (now < joinWindow(before).closesAt || status === before.status) return before;
      this.#sql("UPDATE appointments SET status = ?, updated_at = ? WHERE id = ?").run(
        status,
        now,
        id,
      );
      this.#insertAudit({
        appointmentId: id,
        professionalId: before.professionalId,
        actor: "system",
        action: "appointment.status",
        detail: `${before.status} -> ${status} (window closed)`,
      }, now);
      return this.#requireAppointment(id);
    });
  }

  listOpenAfterWindow(now: number): Promise<ClosedWindow[]> {
    // The window's end as joinWindow computes it: starts_at + (duration + CLOSE_AFTER_MIN) min.
    const rows = this.#sql(
      `SELECT ${APPOINTMENT_COLUMNS},
         EXISTS (SELECT 1 FROM audit_log l WHERE l.appointment_id = appointments.id
                 AND l.action = 'appointment.status' AND l.detail LIKE '% -> in_call%') AS met
       FROM appointments
       WHERE status NOT IN ('completed', 'cancelled', 'missed')
         AND starts_at + (duration_min + ?) * 60000 <= ?
       ORDER BY starts_at, id`,
    ).all(CLOSE_AFTER_MIN, now) as unknown as (AppointmentRow & { met: number })[];
    return Promise.resolve(
      rows.map((row) => ({ appointment: toAppointment(row), callHappened: row.met === 1 })),
    );
  }

  addGuest(input: NewGuest, maxParticipants: number): Promise<Guest> {
    return this.#transaction(() => {
      const now = this.#now();
      const appointment = this.#requireAppointment(input.appointmentId);
      const { n } = this.#sql(
        "SELECT count(*) AS n FROM guests WHERE appointment_id = ? AND removed_at IS NULL",
      ).get(appointment.id) as { n: number };
      if (!hasFreeSeat(appointment.kind, n, maxParticipants)) {
        throw new ParticipantLimitError(maxParticipants);
      }
      const guest = newGuest(input, appointment.id, now);
      this.#sql(
        `INSERT INTO guests (${GUEST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        guest.id,
        guest.appointmentId,
        guest.name,
        guest.role,
        guest.origin,
        guest.linkVersion,
        guest.admittedAt,
        guest.createdAt,
        guest.updatedAt,
        guest.removedAt,
        guest.removal,
      );
      this.#insertAudit({
        appointmentId: appointment.id,
        professionalId: appointment.professionalId,
        actor: guest.origin === "invited" ? "professional" : "guest",
        action: "guest.added",
        // The role is free text and may name someone ("Ada's mother"): only the origin.
        detail: `guest ${guest.id}: ${guest.origin}`,
      }, now);
      return guest;
    });
  }

  listGuests(appointmentId: string): Promise<Guest[]> {
    const rows = this.#sql(
      `SELECT ${GUEST_COLUMNS} FROM guests WHERE appointment_id = ? AND removed_at IS NULL
       ORDER BY created_at, rowid`,
    ).all(appointmentId) as unknown as GuestRow[];
    return Promise.resolve(rows.map(toGuest));
  }

  getGuest(appointmentId: string, guestId: string): Promise<Guest | null> {
    return Promise.resolve(this.#guest(appointmentId, guestId));
  }

  revokeGuestLink(appointmentId: string, guestId: string, actor: Actor): Promise<Guest> {
    return this.#transaction(() => {
      const now = this.#now();
      const before = this.#requireGuest(appointmentId, guestId);
      if (before.removedAt !== null) throw new NotFoundError("Guest was removed");
      this.#sql(
        "UPDATE guests SET link_version = link_version + 1, updated_at = ? WHERE id = ?",
      ).run(now, guestId);
      const after = this.#requireGuest(appointmentId, guestId);
      this.#auditGuest(
        after,
        actor,
        "guest.link_revoked",
        `link version ${after.linkVersion}`,
        now,
      );
      return after;
    });
  }

  removeGuest(
    appointmentId: string,
    guestId: string,
    actor: Actor,
    removal: GuestRemoval,
  ): Promise<Guest> {
    return this.#transaction(() => {
      const now = this.#now();
      const before = this.#requireGuest(appointmentId, guestId);
      if (before.removedAt !== null) return before;
      this.#sql(
        `UPDATE guests SET removed_at = ?, removal = ?, link_version = link_version + 1,
           updated_at = ?
         WHERE id = ?`,
      ).run(now, removal, now, guestId);
      const after = this.#requireGuest(appointmentId, guestId);
      this.#auditGuest(after, actor, "guest.removed", removal, now);
      return after;
    });
  }

  admitGuest(appointmentId: string, guestId: string, actor: Actor): Promise<Guest> {
    return this.#transaction(() => {
      const now = this.#now();
      const before = this.#requireGuest(appointmentId, guestId);
      if (before.removedAt !== null) throw new NotFoundError("Guest was removed");
      if (before.admittedAt !== null) return before;
      this.#sql("UPDATE guests SET admitted_at = ?, updated_at = ? WHERE id = ?").run(
        now,
        now,
        guestId,
      );
      const after = this.#requireGuest(appointmentId, guestId);
      this.#auditGuest(after, actor, "guest.admitted", null, now);
      return after;
    });
  }

  audit(entry: NewAuditEntry): Promise<void> {
    this.#insertAudit(entry, this.#now());
    return Promise.resolve();
  }

  listAudit(appointmentId: string): Promise<AuditEntry[]> {
    const rows = this.#sql(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE appointment_id = ? ORDER BY id`,
    ).all(appointmentId) as unknown as AuditRow[];
    return Promise.resolve(rows.map(toAuditEntry));
  }

  listAuditPage(
    appointmentId: string,
    page: { offset: number; limit: number },
  ): Promise<AuditPage> {
    const rows = this.#sql(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE appointment_id = ?
       ORDER BY id DESC LIMIT ? OFFSET ?`,
    ).all(appointmentId, page.limit, page.offset) as unknown as AuditRow[];
    const { n } = this.#sql("SELECT count(*) AS n FROM audit_log WHERE appointment_id = ?")
      .get(appointmentId) as { n: number };
    return Promise.resolve({ entries: rows.map(toAuditEntry), total: n });
  }

  close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
    return Promise.resolve();
  }

  /** One cached prepared statement per SQL text. */
  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` in one write transaction. IMMEDIATE takes the write lock up
   * front, so a concurrent writer waits (busy_timeout) instead of failing mid-way.
   */
  #transaction<T>(work: () => T): Promise<T> {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return Promise.resolve(result);
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      return Promise.reject(err);
    }
  }

  #appointment(id: string): Appointment | null {
    const row = this.#sql(`SELECT ${APPOINTMENT_COLUMNS} FROM appointments WHERE id = ?`).get(
      id,
    ) as AppointmentRow | undefined;
    return row ? toAppointment(row) : null;
  }

  #requireAppointment(id: string): Appointment {
    const appointment = this.#appointment(id);
    if (!appointment) throw new NotFoundError("Appointment not found");
    return appointment;
  }

  #guest(appointmentId: string, guestId: string): Guest | null {
    const row = this.#sql(
      `SELECT ${GUEST_COLUMNS} FROM guests WHERE id = ? AND appointment_id = ?`,
    ).get(guestId, appointmentId) as GuestRow | undefined;
    return row ? toGuest(row) : null;
  }

  #requireGuest(appointmentId: string, guestId: string): Guest {
    const guest = this.#guest(appointmentId, guestId);
    if (!guest) throw new NotFoundError("Guest not found");
    return guest;
  }

  /** A guest's audit row: names the guest by id (never by name) before `detail`. */
  #auditGuest(guest: Guest, actor: Actor, action: string, detail: string | null, at: number) {
    const appointment = this.#requireAppointment(guest.appointmentId);
    this.#insertAudit({
      appointmentId: guest.appointmentId,
      professionalId: appointment.professionalId,
      actor,
      action,
      detail: detail === null ? `guest ${guest.id}` : `guest ${guest.id}: ${detail}`,
    }, at);
  }

  #insertAudit(entry: NewAuditEntry, at: number): void {
    const row = [
      entry.appointmentId ?? null,
      entry.professionalId ?? null,
      entry.actor,
      entry.action,
      entry.detail ?? null,
    ];
    const window = entry.collapseWithinMs;
    const collapseKey = window && window > 0
      ? JSON.stringify([...row, window, Math.floor(at / window)])
      : null;
    const params: SQLInputValue[] = [...row, at, collapseKey];
    this.#sql(
      `INSERT INTO audit_log
         (appointment_id, professional_id, actor, action, detail, at, collapse_key)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (collapse_key) WHERE collapse_key IS NOT NULL
       DO UPDATE SET count = count + 1, last_at = excluded.at`,
    ).run(...params);
  }
}

/** Opens (creating and migrating if needed) the SQLite store at `path`. */
export function openSqliteStore(path: string, now?: () => number): Store {
  return new SqliteStore(path, now);
}
