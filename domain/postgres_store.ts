/**
 * The PostgreSQL implementation of {@linkcode Store}, on the npm client `postgres` (porsager),
 * chosen with `DATABASE_URL`. Same contract and semantics as the SQLite store (`sqlite_store.ts`
 * is the reference; `store_contract.ts` runs the same tests on both):
 *
 * - every change of more than one row, and every change with its audit row, is one transaction;
 * - a change reads the row it changes with `SELECT … FOR UPDATE` first, so concurrent changes of
 *   one appointment (a cancel and the window closer, two guests taking the last seat) run one
 *   after the other instead of overwriting each other; SQLite gets the same from its single
 *   writer (BEGIN IMMEDIATE);
 * - claims (sign-in links, reminders) are one conditional UPDATE, won by exactly one caller.
 *
 * Times come from the store's clock (`now`), never from the database server, so both backends
 * stamp rows alike and tests can fix the time.
 *
 * Known client issue (porsager/postgres#1208, unfixed in 3.4.9): when the server ends a
 * connection in the middle of a transaction (pg_terminate_backend, a failover), the client's
 * queued ROLLBACK can throw from a timer and end the process. Run Frontdesk under a supervisor
 * that restarts it (systemd `Restart=on-failure`); nothing committed is lost.
 */

import type { Locale } from "../i18n/locales.ts";
import postgres from "postgres";
import { CLOSE_AFTER_MIN, joinWindow, statusAfterWindow } from "./appointments.ts";
import { migratePostgres } from "./postgres_migrations.ts";
import { PostgresAccounts } from "./postgres_accounts.ts";
import { PostgresGuests } from "./postgres_guests.ts";
import { PostgresInvitations } from "./postgres_invitations.ts";
import {
  type Db,
  getAppointment,
  insertAudit,
  INT8_AS_NUMBER,
  type PostgresParts,
  requireAppointment,
} from "./postgres_parts.ts";
import {
  APPOINTMENT_COLUMNS,
  type AppointmentRow,
  AUDIT_COLUMNS,
  type AuditRow,
  toAppointment,
  toAuditEntry,
} from "./sqlite_rows.ts";
import type {
  Actor,
  Appointment,
  AppointmentStatus,
  AuditEntry,
  AuditPage,
  ClosedWindow,
  Guest,
  GuestRemoval,
  NewAppointment,
  NewAuditEntry,
  NewGuest,
  NewProfessional,
  Professional,
  SignInClaimFailure,
  Store,
} from "./store.ts";
import { newAppointment } from "./new_records.ts";

/** Connection-pool limits; the defaults suit one instance of a small practice. */
export interface PostgresPoolOptions {
  /** Most connections open at once (default 10). */
  maxConnections?: number;
  /** Seconds an unused connection stays open (default 30). */
  idleTimeoutS?: number;
  /** Seconds to wait for a new connection before failing (default 10). */
  connectTimeoutS?: number;
}

export const DEFAULT_POOL_MAX = 10;

/** A {@linkcode Store} on one PostgreSQL database, through a connection pool. */
export class PostgresStore implements Store {
  readonly #sql: postgres.Sql;
  readonly #now: () => number;
  readonly #parts: PostgresParts;
  readonly #accounts: PostgresAccounts;
  readonly #invitations: PostgresInvitations;
  readonly #guests: PostgresGuests;
  #closing: Promise<void> | undefined;

  /** Use {@linkcode openPostgresStore}, which also migrates. */
  constructor(sql: postgres.Sql, now: () => number = Date.now) {
    this.#sql = sql;
    this.#now = now;
    this.#parts = {
      sql,
      transaction: <T>(work: (tx: Db) => Promise<T>) => sql.begin((tx) => work(tx)) as Promise<T>,
      now: () => this.#now(),
    };
    this.#accounts = new PostgresAccounts(this.#parts);
    this.#invitations = new PostgresInvitations(this.#parts);
    this.#guests = new PostgresGuests(this.#parts);
  }

  createProfessional(name: string, options?: NewProfessional): Promise<Professional> {
    return this.#accounts.create(name, options);
  }

  getProfessional(id: string): Promise<Professional | null> {
    return this.#accounts.get(id);
  }

  findProfessionalByEmail(email: string): Promise<Professional | null> {
    return this.#accounts.byEmail(email);
  }

  listProfessionals(): Promise<Professional[]> {
    return this.#accounts.list();
  }

  countProfessionals(): Promise<number> {
    return this.#accounts.count();
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
    const a = newAppointment(input, now);
    return this.#parts.transaction(async (tx) => {
      await tx`
        INSERT INTO appointments (${tx.unsafe(APPOINTMENT_COLUMNS)})
        VALUES (${a.id}, ${a.professionalId}, ${a.kind}, ${a.clientName}, ${a.startsAt},
          ${a.durationMin}, ${a.status}, ${a.linkVersion}, ${a.shareVersion}, ${a.clientEmail},
          ${a.calendarSequence}, ${a.reminderSentAt}, ${a.cancelReason}, ${a.clientLocale},
          ${a.createdAt}, ${a.updatedAt})`;
      await insertAudit(tx, {
        appointmentId: a.id,
        professionalId: a.professionalId,
        actor: "professional",
        action: "appointment.created",
        detail: a.kind === "instant" ? "instant call" : null,
      }, now);
      return a;
    });
  }

  getAppointment(id: string): Promise<Appointment | null> {
    return getAppointment(this.#sql, id);
  }

  async listAppointments(
    professionalId: string,
    from = Number.MIN_SAFE_INTEGER,
  ): Promise<Appointment[]> {
    const sql = this.#sql;
    const rows = await sql<AppointmentRow[]>`
      SELECT ${sql.unsafe(APPOINTMENT_COLUMNS)} FROM appointments
      WHERE professional_id = ${professionalId} AND starts_at >= ${from}
      ORDER BY starts_at, created_at, id`;
    return rows.map(toAppointment);
  }

  setStatus(
    id: string,
    status: AppointmentStatus,
    actor: Actor,
    detail?: string,
  ): Promise<Appointment> {
    return this.#parts.transaction(async (tx) => {
      const now = this.#now();
      const before = await requireAppointment(tx, id, true);
      await tx`UPDATE appointments SET status = ${status}, updated_at = ${now} WHERE id = ${id}`;
      await insertAudit(tx, {
        appointmentId: id,
        professionalId: before.professionalId,
        actor,
        action: "appointment.status",
        detail: detail ?? `${before.status} -> ${status}`,
      }, now);
      return await requireAppointment(tx, id);
    });
  }

  cancelAppointment(id: string, actor: Actor, reason: string): Promise<Appointment> {
    return this.#parts.transaction(async (tx) => {
      const now = this.#now();
      const before = await requireAppointment(tx, id, true);
      await tx`
        UPDATE appointments SET status = 'cancelled', cancel_reason = ${reason},
          updated_at = ${now}
        WHERE id = ${id}`;
      await insertAudit(tx, {
        appointmentId: id,
        professionalId: before.professionalId,
        actor,
        action: "appointment.status",
        detail: `${before.status} -> cancelled${reason === "" ? "" : " (with a reason)"}`,
      }, now);
      return await requireAppointment(tx, id);
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
    return this.#parts.transaction(async (tx) => {
      const now = this.#now();
      const before = await requireAppointment(tx, id, true);
      if (which === "link") {
        await tx`
          UPDATE appointments SET link_version = link_version + 1, updated_at = ${now}
          WHERE id = ${id}`;
      } else {
        await tx`
          UPDATE appointments SET share_version = share_version + 1, updated_at = ${now}
          WHERE id = ${id}`;
      }
      const after = await requireAppointment(tx, id);
      await insertAudit(tx, {
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
    return this.#parts.transaction(async (tx) => {
      const now = this.#now();
      // Locked: a cancel running at the same time lands first or waits, never overwritten.
      const before = await requireAppointment(tx, id, true);
      const status = statusAfterWindow(before, callHappened);
      if (now < joinWindow(before).closesAt || status === before.status) return before;
      await tx`UPDATE appointments SET status = ${status}, updated_at = ${now} WHERE id = ${id}`;
      await insertAudit(tx, {
        appointmentId: id,
        professionalId: before.professionalId,
        actor: "system",
        action: "appointment.status",
        detail: `${before.status} -> ${status} (window closed)`,
      }, now);
      return await requireAppointment(tx, id);
    });
  }

  async listOpenAfterWindow(now: number): Promise<ClosedWindow[]> {
    const sql = this.#sql;
    // The window's end as joinWindow computes it: starts_at + (duration + CLOSE_AFTER_MIN) min.
    const rows = await sql<(AppointmentRow & { met: boolean })[]>`
      SELECT ${sql.unsafe(APPOINTMENT_COLUMNS)},
        EXISTS (SELECT 1 FROM audit_log l WHERE l.appointment_id = appointments.id
                AND l.action = 'appointment.status' AND l.detail LIKE '% -> in_call%') AS met
      FROM appointments
      WHERE status NOT IN ('completed', 'cancelled', 'missed')
        AND starts_at + (duration_min + ${CLOSE_AFTER_MIN}::int)::bigint * 60000 <= ${now}
      ORDER BY starts_at, id`;
    return rows.map((row) => ({ appointment: toAppointment(row), callHappened: row.met }));
  }

  addGuest(input: NewGuest, maxParticipants: number): Promise<Guest> {
    return this.#guests.add(input, maxParticipants);
  }

  listGuests(appointmentId: string): Promise<Guest[]> {
    return this.#guests.list(appointmentId);
  }

  getGuest(appointmentId: string, guestId: string): Promise<Guest | null> {
    return this.#guests.get(appointmentId, guestId);
  }

  revokeGuestLink(appointmentId: string, guestId: string, actor: Actor): Promise<Guest> {
    return this.#guests.revokeLink(appointmentId, guestId, actor);
  }

  removeGuest(
    appointmentId: string,
    guestId: string,
    actor: Actor,
    removal: GuestRemoval,
  ): Promise<Guest> {
    return this.#guests.remove(appointmentId, guestId, actor, removal);
  }

  admitGuest(appointmentId: string, guestId: string, actor: Actor): Promise<Guest> {
    return this.#guests.admit(appointmentId, guestId, actor);
  }

  audit(entry: NewAuditEntry): Promise<void> {
    return insertAudit(this.#sql, entry, this.#now());
  }

  async listAudit(appointmentId: string): Promise<AuditEntry[]> {
    const sql = this.#sql;
    const rows = await sql<AuditRow[]>`
      SELECT ${sql.unsafe(AUDIT_COLUMNS)} FROM audit_log
      WHERE appointment_id = ${appointmentId} ORDER BY id`;
    return rows.map(toAuditEntry);
  }

  async listAuditPage(
    appointmentId: string,
    page: { offset: number; limit: number },
  ): Promise<AuditPage> {
    const sql = this.#sql;
    const rows = await sql<AuditRow[]>`
      SELECT ${sql.unsafe(AUDIT_COLUMNS)} FROM audit_log WHERE appointment_id = ${appointmentId}
      ORDER BY id DESC LIMIT ${page.limit} OFFSET ${page.offset}`;
    const [{ n }] = await sql<{ n: number }[]>`
      SELECT count(*) AS n FROM audit_log WHERE appointment_id = ${appointmentId}`;
    return { entries: rows.map(toAuditEntry), total: n };
  }

  /** Ends the pool: queries running finish (up to 5 s), then every connection closes. */
  close(): Promise<void> {
    this.#closing ??= this.#sql.end({ timeout: 5 });
    return this.#closing;
  }
}

/**
 * Connects to `url` (a `postgres://` URL, already validated by `loadConfig`), migrates the
 * database (once, under an advisory lock, however many instances start together) and returns
 * the store. The pool is ended again if migrating fails.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresPoolOptions & { now?: () => number } = {},
): Promise<PostgresStore> {
  const sql = postgres(url, {
    max: options.maxConnections ?? DEFAULT_POOL_MAX,
    idle_timeout: options.idleTimeoutS ?? 30,
    connect_timeout: options.connectTimeoutS ?? 10,
    types: { int8: INT8_AS_NUMBER },
    // The client prints server notices by default ("relation already exists, skipping").
    onnotice: () => {},
    connection: { application_name: "frontdesk" },
  }) as unknown as postgres.Sql;
  try {
    await migratePostgres(sql);
  } catch (err) {
    await sql.end({ timeout: 1 });
    throw err;
  }
  return new PostgresStore(sql, options.now);
}
