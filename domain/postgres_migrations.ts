/**
 * The PostgreSQL schema, as an ordered list of migrations, and the runner that applies them once
 * even when several instances start together.
 *
 * Numbering: versions mean the same schema on both backends. SQLite reached version 9 in nine
 * steps (`migrations.ts`); PostgreSQL starts at that end state, so its first step is version 9
 * and creates the whole version-9 schema at once. The next change to the schema is version 10 on
 * both, each in its own dialect. `SCHEMA_VERSION` of `migrations.ts` and the last version here
 * must stay equal (a test checks it).
 *
 * Types: times are epoch milliseconds in BIGINT (as SQLite's INTEGER), so both stores compute
 * windows the same way; the flag `is_admin` is a BOOLEAN; guests get an identity `seq` that
 * stands in for SQLite's implicit `rowid` when ordering guests added in the same millisecond.
 */

import type postgres from "postgres";

/** One schema step; `version` rises with no gaps after the first. */
export interface PostgresMigration {
  version: number;
  sql: string;
}

/** Every migration, oldest first. Append only: never edit a released step. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 9,
    sql: `
      CREATE TABLE professionals (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at BIGINT NOT NULL,
        email TEXT NOT NULL,
        session_version INTEGER NOT NULL DEFAULT 1 CHECK (session_version >= 1),
        is_admin BOOLEAN NOT NULL DEFAULT false,
        deactivated_at BIGINT,
        time_zone TEXT
      );
      CREATE UNIQUE INDEX professionals_by_email ON professionals (email);

      CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        professional_id TEXT NOT NULL REFERENCES professionals(id),
        kind TEXT NOT NULL DEFAULT 'scheduled' CHECK (kind IN ('scheduled', 'instant')),
        client_name TEXT NOT NULL,
        starts_at BIGINT NOT NULL,
        duration_min INTEGER NOT NULL CHECK (duration_min > 0),
        status TEXT NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'waiting', 'in_call', 'completed', 'cancelled', 'missed')),
        link_version INTEGER NOT NULL DEFAULT 1 CHECK (link_version >= 1),
        share_version INTEGER NOT NULL DEFAULT 1 CHECK (share_version >= 1),
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        client_email TEXT,
        calendar_sequence INTEGER NOT NULL DEFAULT 0,
        reminder_sent_at BIGINT,
        cancel_reason TEXT NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 1000),
        CHECK ((kind = 'scheduled' AND length(client_name) BETWEEN 1 AND 200)
          OR (kind = 'instant' AND client_name = ''))
      );
      CREATE INDEX appointments_by_professional_start ON appointments (professional_id, starts_at);

      -- No foreign keys here on purpose: the audit trail records attempts against rows that may
      -- not exist, and must never make a request fail.
      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        appointment_id TEXT,
        professional_id TEXT,
        actor TEXT NOT NULL CHECK (actor IN ('professional', 'client', 'guest', 'system')),
        action TEXT NOT NULL,
        detail TEXT,
        at BIGINT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
        last_at BIGINT,
        collapse_key TEXT
      );
      CREATE INDEX audit_log_by_appointment ON audit_log (appointment_id, id);
      CREATE INDEX audit_log_by_professional ON audit_log (professional_id, id);
      CREATE UNIQUE INDEX audit_log_collapse ON audit_log (collapse_key)
        WHERE collapse_key IS NOT NULL;

      CREATE TABLE guests (
        id TEXT PRIMARY KEY,
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        appointment_id TEXT NOT NULL REFERENCES appointments(id),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        role TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 200),
        origin TEXT NOT NULL CHECK (origin IN ('invited', 'visitor')),
        link_version INTEGER NOT NULL DEFAULT 1 CHECK (link_version >= 1),
        admitted_at BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        removed_at BIGINT,
        removal TEXT CHECK (removal IN ('removed', 'declined')),
        CHECK ((removed_at IS NULL) = (removal IS NULL))
      );
      CREATE INDEX guests_by_appointment ON guests (appointment_id, created_at);

      CREATE TABLE sign_in_links (
        token_hash TEXT PRIMARY KEY,
        professional_id TEXT NOT NULL REFERENCES professionals(id),
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT
      );
      CREATE INDEX sign_in_links_by_professional ON sign_in_links (professional_id);
    `,
  },
  {
    version: 10,
    // The language the reminder goes out in (Appointment.clientLocale), as in migrations.ts.
    sql: `
      ALTER TABLE appointments ADD COLUMN client_locale TEXT NOT NULL DEFAULT 'en'
        CHECK (client_locale IN ('en', 'es', 'fr'));
    `,
  },
];

/** The schema version this build expects on PostgreSQL. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1].version;

/**
 * The key of the transaction-level advisory lock that serialises migrating: every instance takes
 * it before reading the version, so of several starting at once one migrates and the others wait,
 * then find nothing left to do. Any fixed bigint works; this one is Frontdesk's alone.
 */
export const MIGRATION_LOCK_KEY = "7378702566398730091";

/**
 * Brings the database up to the last migration, in one transaction holding the advisory lock:
 * PostgreSQL's DDL is transactional, so a failing step leaves the previous version intact and
 * nothing half-made. Records each applied step in `schema_migrations`. Refuses a database written
 * by a newer Frontdesk rather than guessing. Returns the version reached.
 */
export async function migratePostgres(
  sql: postgres.Sql,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
  now: () => number = Date.now,
): Promise<number> {
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  return await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY}::bigint)`;
    // Under the lock, so two first starts cannot both create it.
    await tx`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        applied_at BIGINT NOT NULL
      )`;
    const [{ current }] = await tx<{ current: number }[]>`
      SELECT coalesce(max(version), 0)::int AS current FROM schema_migrations`;
    if (current > latest) {
      throw new Error(
        `The database schema is version ${current}, newer than this Frontdesk knows (${latest}). ` +
          "Upgrade Frontdesk or point DATABASE_URL at another database.",
      );
    }
    for (const step of migrations) {
      if (step.version <= current) continue;
      // The text is our own constant; several statements need the simple protocol.
      await tx.unsafe(step.sql).simple();
      await tx`INSERT INTO schema_migrations (version, applied_at) VALUES (${step.version}, ${now()})`;
    }
    return Math.max(current, latest);
  });
}

/** The version recorded in the database (0 when new, or before the version table exists). */
export async function postgresVersion(sql: postgres.Sql): Promise<number> {
  const [{ exists }] = await sql<{ exists: boolean }[]>`
    SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`;
  if (!exists) return 0;
  const [{ current }] = await sql<{ current: number }[]>`
    SELECT coalesce(max(version), 0)::int AS current FROM schema_migrations`;
  return current;
}
