/**
 * The SQL of invitations on the store's SQLite database: the client's address, moving an
 * appointment (the calendar SEQUENCE raised, the reminder due again) and claiming reminders so
 * exactly one sender sends each (an UPDATE that only one connection can win).
 */
import type { Locale } from "../i18n/locales.ts";
import { isFinalStatus } from "./appointments.ts";
import { type Actor, type Appointment, AppointmentOverError, NotFoundError } from "./store.ts";
import type { SqliteParts } from "./sqlite_accounts.ts";
import { APPOINTMENT_COLUMNS, type AppointmentRow, toAppointment } from "./sqlite_rows.ts";

/** Invitations on one SQLite database. */
export class SqliteInvitations {
  constructor(readonly db: SqliteParts) {}

  setClientEmail(id: string, email: string | null, actor: Actor): Promise<Appointment> {
    return this.db.transaction(() => {
      const before = this.#require(id);
      const now = this.db.now();
      this.db.sql("UPDATE appointments SET client_email = ?, updated_at = ? WHERE id = ?")
        .run(email, now, id);
      this.db.audit({
        appointmentId: id,
        professionalId: before.professionalId,
        actor,
        // Never the address itself.
        action: email === null ? "client.email_cleared" : "client.email_set",
      }, now);
      return this.#require(id);
    });
  }

  reschedule(id: string, startsAt: number, durationMin: number, actor: Actor) {
    return this.db.transaction(() => {
      const before = this.#require(id);
      if (isFinalStatus(before.status)) {
        throw new AppointmentOverError(`The appointment is ${before.status}`);
      }
      const now = this.db.now();
      this.db.sql(
        `UPDATE appointments SET starts_at = ?, duration_min = ?,
           calendar_sequence = calendar_sequence + 1, reminder_sent_at = NULL, updated_at = ?
         WHERE id = ?`,
      ).run(startsAt, durationMin, now, id);
      const iso = (ms: number) => new Date(ms).toISOString();
      this.db.audit({
        appointmentId: id,
        professionalId: before.professionalId,
        actor,
        action: "appointment.rescheduled",
        detail: `${iso(before.startsAt)} ${before.durationMin} min -> ${
          iso(startsAt)
        } ${durationMin} min`,
      }, now);
      return this.#require(id);
    });
  }

  claimReminder(id: string, now: number): Promise<boolean> {
    return this.db.transaction(() => {
      const claimed = this.db.sql(
        "UPDATE appointments SET reminder_sent_at = ? WHERE id = ? AND reminder_sent_at IS NULL",
      ).run(now, id);
      return Number(claimed.changes) === 1;
    });
  }

  setClientLocale(id: string, locale: Locale): Promise<void> {
    this.db.sql(
      "UPDATE appointments SET client_locale = ? WHERE id = ? AND client_locale <> ?",
    ).run(locale, id, locale);
    return Promise.resolve();
  }

  listDueReminders(now: number, leadMs: number): Promise<Appointment[]> {
    const rows = this.db.sql(
      `SELECT ${APPOINTMENT_COLUMNS} FROM appointments
       WHERE status = 'scheduled' AND kind = 'scheduled' AND client_email IS NOT NULL
         AND reminder_sent_at IS NULL AND starts_at > ? AND starts_at <= ?
       ORDER BY starts_at, id`,
    ).all(now, now + leadMs) as unknown as AppointmentRow[];
    return Promise.resolve(rows.map(toAppointment));
  }

  #require(id: string): Appointment {
    const row = this.db.sql(`SELECT ${APPOINTMENT_COLUMNS} FROM appointments WHERE id = ?`)
      .get(id) as AppointmentRow | undefined;
    if (!row) throw new NotFoundError("Appointment not found");
    return toAppointment(row);
  }
}
