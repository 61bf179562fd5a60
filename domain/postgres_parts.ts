/**
 * What the modules of the PostgreSQL store share: the query handle (the pool, or one
 * transaction), the clock, the audit writer, the column lists its queries select and the row
 * lookups every change starts from. Values always go through the client's parameters; the only
 * text spliced into SQL is the constant column lists below.
 */
import type postgres from "postgres";
import {
  type Appointment,
  type Guest,
  type NewAuditEntry,
  NotFoundError,
  type Professional,
} from "./store.ts";
import {
  APPOINTMENT_COLUMNS,
  type AppointmentRow,
  type GuestRow,
  type ProfessionalRow,
  toAppointment,
  toGuest,
  toProfessional,
} from "./sqlite_rows.ts";

/** A query handle: the pool, or the transaction a change runs in (`sql.begin`). */
export type Db = postgres.ISql;

/** What the parts modules need from the store that owns the pool. */
export interface PostgresParts {
  /** The pool, for reads and single-statement writes. */
  sql: Db;
  /** Runs `work` in one transaction (READ COMMITTED; changes lock the rows they read first). */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  now(): number;
}

/**
 * The rows map to the domain types with the SQLite store's mappers (`sqlite_rows.ts`): BIGINT
 * times come back as numbers (see `INT8_AS_NUMBER`), and the BOOLEAN admin flag is selected as
 * 0/1 like SQLite's.
 */
export const PROFESSIONAL_COLUMNS_PG =
  "id, name, email, session_version, is_admin::int AS is_admin, deactivated_at, time_zone, " +
  "created_at";

/**
 * BIGINT (OID 20) parsed as a JavaScript number rather than the client's default string: every
 * BIGINT here is epoch milliseconds, a count or an id, all far below 2^53.
 */
export const INT8_AS_NUMBER = {
  to: 20,
  from: [20],
  serialize: (value: number) => String(value),
  parse: (value: string) => Number(value),
};

export async function getAppointment(
  db: Db,
  id: string,
  lock = false,
): Promise<Appointment | null> {
  const rows = lock
    ? await db<AppointmentRow[]>`
        SELECT ${db.unsafe(APPOINTMENT_COLUMNS)} FROM appointments WHERE id = ${id} FOR UPDATE`
    : await db<AppointmentRow[]>`
        SELECT ${db.unsafe(APPOINTMENT_COLUMNS)} FROM appointments WHERE id = ${id}`;
  return rows.length === 0 ? null : toAppointment(rows[0]);
}

/**
 * The appointment, or {@linkcode NotFoundError}. With `lock`, its row stays locked until the
 * transaction ends, so a concurrent change of the same appointment waits and then sees this one.
 */
export async function requireAppointment(db: Db, id: string, lock = false): Promise<Appointment> {
  const appointment = await getAppointment(db, id, lock);
  if (!appointment) throw new NotFoundError("Appointment not found");
  return appointment;
}

export const GUEST_COLUMNS_PG = "id, appointment_id, name, role, origin, link_version, " +
  "admitted_at, created_at, updated_at, removed_at, removal";

export async function getGuest(
  db: Db,
  appointmentId: string,
  guestId: string,
  lock = false,
): Promise<Guest | null> {
  const rows = lock
    ? await db<GuestRow[]>`
        SELECT ${db.unsafe(GUEST_COLUMNS_PG)} FROM guests
        WHERE id = ${guestId} AND appointment_id = ${appointmentId} FOR UPDATE`
    : await db<GuestRow[]>`
        SELECT ${db.unsafe(GUEST_COLUMNS_PG)} FROM guests
        WHERE id = ${guestId} AND appointment_id = ${appointmentId}`;
  return rows.length === 0 ? null : toGuest(rows[0]);
}

export async function requireGuest(
  db: Db,
  appointmentId: string,
  guestId: string,
  lock = false,
): Promise<Guest> {
  const guest = await getGuest(db, appointmentId, guestId, lock);
  if (!guest) throw new NotFoundError("Guest not found");
  return guest;
}

export async function getProfessional(
  db: Db,
  id: string,
  lock = false,
): Promise<Professional | null> {
  const rows = lock
    ? await db<ProfessionalRow[]>`
        SELECT ${db.unsafe(PROFESSIONAL_COLUMNS_PG)} FROM professionals WHERE id = ${id} FOR UPDATE`
    : await db<ProfessionalRow[]>`
        SELECT ${db.unsafe(PROFESSIONAL_COLUMNS_PG)} FROM professionals WHERE id = ${id}`;
  return rows.length === 0 ? null : toProfessional(rows[0]);
}

export async function requireProfessional(
  db: Db,
  id: string,
  lock = false,
): Promise<Professional> {
  const professional = await getProfessional(db, id, lock);
  if (!professional) throw new NotFoundError("Professional not found");
  return professional;
}

/**
 * Writes an audit row on `db` (inside the caller's transaction when it is one). Entries with
 * `collapseWithinMs` share one row per entry and epoch-aligned window, counted up by the unique
 * partial index on `collapse_key`, exactly as the SQLite store does: the same key text, so a
 * trail reads the same on both.
 */
export async function insertAudit(db: Db, entry: NewAuditEntry, at: number): Promise<void> {
  const row = [
    entry.appointmentId ?? null,
    entry.professionalId ?? null,
    entry.actor,
    entry.action,
    entry.detail ?? null,
  ] as const;
  const window = entry.collapseWithinMs;
  const collapseKey = window && window > 0
    ? JSON.stringify([...row, window, Math.floor(at / window)])
    : null;
  await db`
    INSERT INTO audit_log
      (appointment_id, professional_id, actor, action, detail, at, collapse_key)
    VALUES (${row[0]}, ${row[1]}, ${row[2]}, ${row[3]}, ${row[4]}, ${at}, ${collapseKey})
    ON CONFLICT (collapse_key) WHERE collapse_key IS NOT NULL
    DO UPDATE SET count = audit_log.count + 1, last_at = excluded.at`;
}

/** Whether `err` is PostgreSQL's unique violation on the index or constraint `name`. */
export function isUniqueViolation(err: unknown, name: string): boolean {
  const e = err as { code?: unknown; constraint_name?: unknown } | null;
  return e !== null && typeof e === "object" && e.code === "23505" && e.constraint_name === name;
}
