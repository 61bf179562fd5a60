/**
 * The SQL of guests for the PostgreSQL store, with the same semantics as the SQLite store's guest
 * methods. Seats: `add` locks the appointment's row before counting, so two adds to one call run
 * one after the other and cannot both take the last seat.
 */
import { hasFreeSeat } from "./participants.ts";
import {
  type Actor,
  type Guest,
  type GuestRemoval,
  type NewGuest,
  NotFoundError,
  ParticipantLimitError,
} from "./store.ts";
import { type GuestRow, toGuest } from "./sqlite_rows.ts";
import {
  type Db,
  GUEST_COLUMNS_PG,
  insertAudit,
  type PostgresParts,
  requireAppointment,
  requireGuest,
} from "./postgres_parts.ts";
import { newGuest } from "./new_records.ts";

/** Guests on one PostgreSQL database. */
export class PostgresGuests {
  constructor(readonly db: PostgresParts) {}

  add(input: NewGuest, maxParticipants: number): Promise<Guest> {
    return this.db.transaction(async (tx) => {
      const now = this.db.now();
      const appointment = await requireAppointment(tx, input.appointmentId, true);
      const [{ n }] = await tx<{ n: number }[]>`
        SELECT count(*) AS n FROM guests
        WHERE appointment_id = ${appointment.id} AND removed_at IS NULL`;
      if (!hasFreeSeat(appointment.kind, n, maxParticipants)) {
        throw new ParticipantLimitError(maxParticipants);
      }
      const guest = newGuest(input, appointment.id, now);
      await tx`
        INSERT INTO guests (id, appointment_id, name, role, origin, link_version, admitted_at,
          created_at, updated_at, removed_at, removal)
        VALUES (${guest.id}, ${guest.appointmentId}, ${guest.name}, ${guest.role},
          ${guest.origin}, ${guest.linkVersion}, ${guest.admittedAt}, ${guest.createdAt},
          ${guest.updatedAt}, ${guest.removedAt}, ${guest.removal})`;
      await insertAudit(tx, {
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

  async list(appointmentId: string): Promise<Guest[]> {
    const { sql } = this.db;
    const rows = await sql<GuestRow[]>`
      SELECT ${sql.unsafe(GUEST_COLUMNS_PG)} FROM guests
      WHERE appointment_id = ${appointmentId} AND removed_at IS NULL
      ORDER BY created_at, seq`;
    return rows.map(toGuest);
  }

  async get(appointmentId: string, guestId: string): Promise<Guest | null> {
    const { sql } = this.db;
    const rows = await sql<GuestRow[]>`
      SELECT ${sql.unsafe(GUEST_COLUMNS_PG)} FROM guests
      WHERE id = ${guestId} AND appointment_id = ${appointmentId}`;
    return rows.length === 0 ? null : toGuest(rows[0]);
  }

  revokeLink(appointmentId: string, guestId: string, actor: Actor): Promise<Guest> {
    return this.db.transaction(async (tx) => {
      const now = this.db.now();
      const before = await requireGuest(tx, appointmentId, guestId, true);
      if (before.removedAt !== null) throw new NotFoundError("Guest was removed");
      await tx`
        UPDATE guests SET link_version = link_version + 1, updated_at = ${now}
        WHERE id = ${guestId}`;
      const after = await requireGuest(tx, appointmentId, guestId);
      await auditGuest(
        tx,
        after,
        actor,
        "guest.link_revoked",
        `link version ${after.linkVersion}`,
        now,
      );
      return after;
    });
  }

  remove(
    appointmentId: string,
    guestId: string,
    actor: Actor,
    removal: GuestRemoval,
  ): Promise<Guest> {
    return this.db.transaction(async (tx) => {
      const now = this.db.now();
      const before = await requireGuest(tx, appointmentId, guestId, true);
      if (before.removedAt !== null) return before;
      await tx`
        UPDATE guests SET removed_at = ${now}, removal = ${removal},
          link_version = link_version + 1, updated_at = ${now}
        WHERE id = ${guestId}`;
      const after = await requireGuest(tx, appointmentId, guestId);
      await auditGuest(tx, after, actor, "guest.removed", removal, now);
      return after;
    });
  }

  admit(appointmentId: string, guestId: string, actor: Actor): Promise<Guest> {
    return this.db.transaction(async (tx) => {
      const now = this.db.now();
      const before = await requireGuest(tx, appointmentId, guestId, true);
      if (before.removedAt !== null) throw new NotFoundError("Guest was removed");
      if (before.admittedAt !== null) return before;
      await tx`UPDATE guests SET admitted_at = ${now}, updated_at = ${now} WHERE id = ${guestId}`;
      const after = await requireGuest(tx, appointmentId, guestId);
      await auditGuest(tx, after, actor, "guest.admitted", null, now);
      return after;
    });
  }
}

/** A guest's audit row: names the guest by id (never by name) before `detail`. */
async function auditGuest(
  tx: Db,
  guest: Guest,
  actor: Actor,
  action: string,
  detail: string | null,
  at: number,
): Promise<void> {
  const appointment = await requireAppointment(tx, guest.appointmentId);
  await insertAudit(tx, {
    appointmentId: guest.appointmentId,
    professionalId: appointment.professionalId,
    actor,
    action,
    detail: detail === null ? `guest ${guest.id}` : `guest ${guest.id}: ${detail}`,
  }, at);
}
