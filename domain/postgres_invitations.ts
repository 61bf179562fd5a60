/**
 * The SQL of invitations for the PostgreSQL store: the client's address, moving an appointment
 * (the calendar SEQUENCE raised, the reminder due again) and claiming reminders so exactly one
 * sender sends each, with the same semantics as `sqlite_invitations.ts`.
 */
import type { Locale } from "../i18n/locales.ts";
import { isFinalStatus } from "./appointments.ts";
import { type Actor, type Appointment, AppointmentOverError } from "./store.ts";
import { APPOINTMENT_COLUMNS, type AppointmentRow, toAppointment } from "./sqlite_rows.ts";
import { insertAudit, type PostgresParts, requireAppointment } from "./postgres_parts.ts";

/** Invitations on one PostgreSQL database. */
export class PostgresInvitations {
  constructor(readonly db: PostgresParts) {}

  setClientEmail(id: string, email: string | null, actor: Actor): Promise<Appointment> {
    return this.db.transaction(async (tx) => {
      const before = await requireAppointment(tx, id, true);
      const now = this.db.now();
      await tx`UPDATE appointments SET client_email = ${email}, updated_at = ${now} WHERE id = ${id}`;
      await insertAudit(tx, {
        appointmentId: id,
        professionalId: before.professionalId,
        actor,
        // Never the address itself.
        action: email === null ? "client.email_cleared" : "client.email_set",
      }, now);
      return await requireAppointment(tx, id);
    });
  }

  reschedule(id: string, startsAt: number, durationMin: number, actor: Actor) {
    return this.db.transaction(async (tx) => {
      // Locked: a concurrent cancel either lands first (and this refuses) or waits.
      const before = await requireAppointment(tx, id, true);
      if (isFinalStatus(before.status)) {
        throw new AppointmentOverError(`The appointment is ${before.status}`);
      }
      const now = this.db.now();
      await tx`
        UPDATE appointments SET starts_at = ${startsAt}, duration_min = ${durationMin},
          calendar_sequence = calendar_sequence + 1, reminder_sent_at = NULL, updated_at = ${now}
        WHERE id = ${id}`;
      const iso = (ms: number) => new Date(ms).toISOString();
      await insertAudit(tx, {
        appointmentId: id,
        professionalId: before.professionalId,
        actor,
        action: "appointment.rescheduled",
        detail: `${iso(before.startsAt)} ${before.durationMin} min -> ${
          iso(startsAt)
        } ${durationMin} min`,
      }, now);
      return await requireAppointment(tx, id);
    });
  }

  async claimReminder(id: string, now: number): Promise<boolean> {
    // One statement: a concurrent claim waits for the row lock, re-checks the condition and
    // finds it claimed (READ COMMITTED), so exactly one caller sees a row updated.
    const claimed = await this.db.sql`
      UPDATE appointments SET reminder_sent_at = ${now}
      WHERE id = ${id} AND reminder_sent_at IS NULL`;
    return claimed.count === 1;
  }

  async setClientLocale(id: string, locale: Locale): Promise<void> {
    await this.db.sql`
      UPDATE appointments SET client_locale = ${locale}
      WHERE id = ${id} AND client_locale <> ${locale}`;
  }

  async listDueReminders(now: number, leadMs: number): Promise<Appointment[]> {
    const { sql } = this.db;
    const rows = await sql<AppointmentRow[]>`
      SELECT ${sql.unsafe(APPOINTMENT_COLUMNS)} FROM appointments
      WHERE status = 'scheduled' AND kind = 'scheduled' AND client_email IS NOT NULL
        AND reminder_sent_at IS NULL AND starts_at > ${now} AND starts_at <= ${now + leadMs}
      ORDER BY starts_at, id`;
    return rows.map(toAppointment);
  }
}
