/**
 * The SQLite schema, as an ordered list of migrations. The database records
 * the last one applied in `PRAGMA user_version`; each runs in its own
 * transaction so a crash mid-way leaves the previous version intact.
 */

import type { DatabaseSync } from "node:sqlite";

/** One schema step. `version` is 1, 2, 3… with no gaps. */
export interface Migration {
  version: number;
  sql: string;
}

/** Every migration, oldest first. Append only: never edit a released step. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE professionals (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        professional_id TEXT NOT NULL REFERENCES professionals(id),
        client_name TEXT NOT NULL CHECK (length(client_name) BETWEEN 1 AND 200),
        starts_at INTEGER NOT NULL,
        duration_min INTEGER NOT NULL CHECK (duration_min > 0),
        status TEXT NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'waiting', 'in_call', 'completed', 'cancelled')),
        link_version INTEGER NOT NULL DEFAULT 1 CHECK (link_version >= 1),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX appointments_by_professional_start
        ON appointments (professional_id, starts_at);

      -- No foreign keys here on purpose: the audit trail records attempts
      -- against rows that may not exist, and must never make a request fail.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        appointment_id TEXT,
        professional_id TEXT,
        actor TEXT NOT NULL CHECK (actor IN ('professional', 'client', 'system')),
        action TEXT NOT NULL,
        detail TEXT,
        at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX audit_log_by_appointment ON audit_log (appointment_id, id);
      CREATE INDEX audit_log_by_professional ON audit_log (professional_id, id);
    `,
  },
  {
    version: 2,
    // Repeated identical entries (a flood of refused links) collapse into one row per window:
    // collapse_key names the entry and its window; only collapsible rows have one.
    sql: `
      ALTER TABLE audit_log ADD COLUMN count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1);
      ALTER TABLE audit_log ADD COLUMN last_at INTEGER;
      ALTER TABLE audit_log ADD COLUMN collapse_key TEXT;
      CREATE UNIQUE INDEX audit_log_collapse ON audit_log (collapse_key)
        WHERE collapse_key IS NOT NULL;
    `,
  },
  {
    version: 3,
    // Instant calls (kind, share_version, no client name), the final status 'missed' and the
    // actor 'guest'. SQLite cannot change a CHECK constraint in place, so both tables are
    // rebuilt (the documented 12-step way, minus the foreign-key pragma: nothing references
    // either table yet) and every row is copied with its id.
    sql: `
      CREATE TABLE appointments_v3 (
        id TEXT PRIMARY KEY,
        professional_id TEXT NOT NULL REFERENCES professionals(id),
        kind TEXT NOT NULL DEFAULT 'scheduled' CHECK (kind IN ('scheduled', 'instant')),
        client_name TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        duration_min INTEGER NOT NULL CHECK (duration_min > 0),
        status TEXT NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'waiting', 'in_call', 'completed', 'cancelled', 'missed')),
        link_version INTEGER NOT NULL DEFAULT 1 CHECK (link_version >= 1),
        share_version INTEGER NOT NULL DEFAULT 1 CHECK (share_version >= 1),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK ((kind = 'scheduled' AND length(client_name) BETWEEN 1 AND 200)
          OR (kind = 'instant' AND client_name = ''))
      ) STRICT;
      INSERT INTO appointments_v3
        (id, professional_id, client_name, starts_at, duration_min, status, link_version,
         created_at, updated_at)
      SELECT id, professional_id, client_name, starts_at, duration_min, status, link_version,
        created_at, updated_at
      FROM appointments;
      DROP TABLE appointments;
      ALTER TABLE appointments_v3 RENAME TO appointments;
      CREATE INDEX appointments_by_professional_start
        ON appointments (professional_id, starts_at);

      CREATE TABLE audit_log_v3 (
        id INTEGER PRIMARY KEY,
        appointment_id TEXT,
        professional_id TEXT,
        actor TEXT NOT NULL CHECK (actor IN ('professional', 'client', 'guest', 'system')),
        action TEXT NOT NULL,
        detail TEXT,
        at INTEGER NOT NULL,
        count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
        last_at INTEGER,
        collapse_key TEXT
      ) STRICT;
      INSERT INTO audit_log_v3
        (id, appointment_id, professional_id, actor, action, detail, at, count, last_at,
         collapse_key)
      SELECT id, appointment_id, professional_id, actor, action, detail, at, count, last_at,
        collapse_key
      FROM audit_log;
      DROP TABLE audit_log;
      ALTER TABLE audit_log_v3 RENAME TO audit_log;
      CREATE INDEX audit_log_by_appointment ON audit_log (appointment_id, id);
      CREATE INDEX audit_log_by_professional ON audit_log (professional_id, id);
      CREATE UNIQUE INDEX audit_log_collapse ON audit_log (collapse_key)
        WHERE collapse_key IS NOT NULL;
    `,
  },
  {
    version: 4,
    // Guests of an appointment (invited by the professional, or visitors of an instant call).
    // Rows are never deleted: removal is removed_at + removal, so the audit trail keeps
    // pointing at something and a removed guest's link can say why it stopped.
    sql: `
      CREATE TABLE guests (
        id TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL REFERENCES appointments(id),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        role TEXT NOT NULL CHECK (role IN ('interpreter', 'family', 'colleague', 'other')),
        origin TEXT NOT NULL CHECK (origin IN ('invited', 'visitor')),
        link_version INTEGER NOT NULL DEFAULT 1 CHECK (link_version >= 1),
        admitted_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        removed_at INTEGER,
        removal TEXT CHECK (removal IN ('removed', 'declined')),
        CHECK ((removed_at IS NULL) = (removal IS NULL))
      ) STRICT;

      CREATE INDEX guests_by_appointment ON guests (appointment_id, created_at);
    `,
  },
  {
    version: 5,
    // A guest's role becomes the professional's own words ("interpreter", "mother"), checked
    // like a name (checkGuestRole), so the list of four is lifted; old rows get the words the
    // page showed for them. SQLite changes a CHECK only by rebuilding the table.
    sql: `
      CREATE TABLE guests_v5 (
        id TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL REFERENCES appointments(id),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        role TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 200),
        origin TEXT NOT NULL CHECK (origin IN ('invited', 'visitor')),
        link_version INTEGER NOT NULL DEFAULT 1 CHECK (link_version >= 1),
        admitted_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        removed_at INTEGER,
        removal TEXT CHECK (removal IN ('removed', 'declined')),
        CHECK ((removed_at IS NULL) = (removal IS NULL))
      ) STRICT;
      INSERT INTO guests_v5
        (id, appointment_id, name, role, origin, link_version, admitted_at, created_at,
         updated_at, removed_at, removal)
      SELECT id, appointment_id, name,
        CASE role WHEN 'family' THEN 'family member' WHEN 'other' THEN 'guest' ELSE role END,
        origin, link_version, admitted_at, created_at, updated_at, removed_at, removal
      FROM guests;
      DROP TABLE guests;
      ALTER TABLE guests_v5 RENAME TO guests;
      CREATE INDEX guests_by_appointment ON guests (appointment_id, created_at);
    `,
  },
  {
    version: 6,
    // Accounts: every professional has an email address (unique, stored lower-cased), a session
    // version (bumped by "Sign out everywhere": older sessions and dashboard links stop), an
    // admin flag and a deactivation time. Rows from before get a placeholder address that can
    // never receive mail (the reserved .invalid domain, see emails.ts) until the operator sets
    // theirs with `deno task pro email`. sign_in_links holds emailed sign-in links by the
    // SHA-256 of their token (never the token): used_at is set once, when one is claimed.
    sql: `
      ALTER TABLE professionals ADD COLUMN email TEXT NOT NULL DEFAULT '';
      UPDATE professionals SET email = id || '@no-email.invalid';
      CREATE UNIQUE INDEX professionals_by_email ON professionals (email);
      ALTER TABLE professionals ADD COLUMN session_version INTEGER NOT NULL DEFAULT 1
        CHECK (session_version >= 1);
      ALTER TABLE professionals ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0
        CHECK (is_admin IN (0, 1));
      ALTER TABLE professionals ADD COLUMN deactivated_at INTEGER;

      CREATE TABLE sign_in_links (
        token_hash TEXT PRIMARY KEY,
        professional_id TEXT NOT NULL REFERENCES professionals(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      ) STRICT;
      CREATE INDEX sign_in_links_by_professional ON sign_in_links (professional_id);
    `,
  },
  {
    version: 7,
    // The professional's time zone, as their browser last reported it: their pages show times
    // in it on any device from the first load. Null until their first visit.
    sql: `
      ALTER TABLE professionals ADD COLUMN time_zone TEXT;
    `,
  },
  {
    version: 8,
    // Invitations: the client's address (optional, personal data: never logged or audited);
    // the calendar event's SEQUENCE, raised when the appointment moves so calendars take the
    // newest; when its reminder was claimed, so exactly one instance sends it.
    sql: `
      ALTER TABLE appointments ADD COLUMN client_email TEXT;
      ALTER TABLE appointments ADD COLUMN calendar_sequence INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE appointments ADD COLUMN reminder_sent_at INTEGER;
    `,
  },
  {
    version: 9,
    // The professional's optional reason for cancelling, shown to the client on the cancelled
    // page ("" when none was given). Checked like shown text (cancel_reason.ts) before it is
    // stored; the bound here is only a backstop.
    sql: `
      ALTER TABLE appointments ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT ''
        CHECK (length(cancel_reason) <= 1000);
    `,
  },
  {
    version: 10,
    // The language the reminder goes out in (Appointment.clientLocale): the booking page's,
    // then the client's own page's. The supported languages only (i18n/locales.ts).
    sql: `
      ALTER TABLE appointments ADD COLUMN client_locale TEXT NOT NULL DEFAULT 'en'
        CHECK (client_locale IN ('en', 'es', 'fr'));
    `,
  },
];

/** The schema version this build of Frontdesk expects. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings `db` up to {@linkcode SCHEMA_VERSION}. Safe to call on every start.
 * Refuses a database written by a newer Frontdesk rather than guessing.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = userVersion(db);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  if (current > latest) {
    throw new Error(
      `The database schema is version ${current}, newer than this Frontdesk knows (${latest}). ` +
        "Upgrade Frontdesk or point DATA_DIR at another directory.",
    );
  }
  for (const step of migrations) {
    if (step.version <= current) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(step.sql);
      // PRAGMA takes no bound parameters; the version is an integer from our own list.
      db.exec(`PRAGMA user_version = ${Math.trunc(step.version)}`);
      db.exec("COMMIT");
    } catch (err) {
      db.exec("ROLLBACK");
      throw err;
    }
  }
  return userVersion(db);
}

/** The schema version recorded in the database file (0 when new). */
export function userVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  return row.user_version;
}
