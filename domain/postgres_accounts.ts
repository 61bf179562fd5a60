/**
 * The SQL of professionals' accounts for the PostgreSQL store: the professionals table (email,
 * session version, admin flag, deactivation) and emailed sign-in links, with the same semantics
 * as `sqlite_accounts.ts`.
 */
import { placeholderEmail } from "./emails.ts";
import {
  DuplicateEmailError,
  type NewProfessional,
  type Professional,
  type SignInClaimFailure,
} from "./store.ts";
import { type ProfessionalRow, toProfessional } from "./sqlite_rows.ts";
import {
  getProfessional,
  insertAudit,
  isUniqueViolation,
  type PostgresParts,
  PROFESSIONAL_COLUMNS_PG,
  requireProfessional,
} from "./postgres_parts.ts";

/** Used sign-in links are kept this long after they expire, then swept (as on SQLite). */
const SWEEP_AFTER_MS = 24 * 3_600_000;

/** Professionals and sign-in links on one PostgreSQL database. */
export class PostgresAccounts {
  constructor(readonly db: PostgresParts) {}

  async create(name: string, options: NewProfessional = {}): Promise<Professional> {
    const id = crypto.randomUUID();
    const professional: Professional = {
      id,
      name,
      email: options.email ?? placeholderEmail(id),
      sessionVersion: 1,
      admin: options.admin ?? false,
      deactivatedAt: null,
      timeZone: null,
      createdAt: this.db.now(),
    };
    const { sql } = this.db;
    try {
      await sql`
        INSERT INTO professionals (id, name, email, is_admin, created_at)
        VALUES (${id}, ${name}, ${professional.email}, ${professional.admin},
          ${professional.createdAt})`;
    } catch (err) {
      throw duplicateOr(err);
    }
    return professional;
  }

  get(id: string): Promise<Professional | null> {
    return getProfessional(this.db.sql, id);
  }

  async byEmail(email: string): Promise<Professional | null> {
    const { sql } = this.db;
    const rows = await sql<ProfessionalRow[]>`
      SELECT ${sql.unsafe(PROFESSIONAL_COLUMNS_PG)} FROM professionals WHERE email = ${email}`;
    return rows.length === 0 ? null : toProfessional(rows[0]);
  }

  async list(): Promise<Professional[]> {
    const { sql } = this.db;
    const rows = await sql<ProfessionalRow[]>`
      SELECT ${sql.unsafe(PROFESSIONAL_COLUMNS_PG)} FROM professionals ORDER BY created_at, id`;
    return rows.map(toProfessional);
  }

  async count(): Promise<number> {
    const [{ n }] = await this.db.sql<{ n: number }[]>`SELECT count(*) AS n FROM professionals`;
    return n;
  }

  /** No audit row: a zone is a display preference, not access. */
  setTimeZone(id: string, timeZone: string): Promise<void> {
    return this.db.transaction(async (tx) => {
      await requireProfessional(tx, id, true);
      await tx`UPDATE professionals SET time_zone = ${timeZone} WHERE id = ${id}`;
    });
  }

  setEmail(id: string, email: string): Promise<Professional> {
    return this.db.transaction(async (tx) => {
      await requireProfessional(tx, id, true);
      try {
        await tx`UPDATE professionals SET email = ${email} WHERE id = ${id}`;
      } catch (err) {
        throw duplicateOr(err);
      }
      await insertAudit(
        tx,
        { professionalId: id, actor: "system", action: "account.email_set" },
        this.db.now(),
      );
      return await requireProfessional(tx, id);
    });
  }

  deactivate(id: string): Promise<Professional> {
    return this.db.transaction(async (tx) => {
      const before = await requireProfessional(tx, id, true);
      if (before.deactivatedAt !== null) return before;
      const now = this.db.now();
      // Their unused sign-in links stay, so a click on one says the account is deactivated.
      await tx`UPDATE professionals SET deactivated_at = ${now} WHERE id = ${id}`;
      await insertAudit(tx, {
        professionalId: id,
        actor: "system",
        action: "account.deactivated",
      }, now);
      return await requireProfessional(tx, id);
    });
  }

  bumpSessionVersion(id: string): Promise<Professional> {
    return this.db.transaction(async (tx) => {
      await requireProfessional(tx, id, true);
      const now = this.db.now();
      await tx`UPDATE professionals SET session_version = session_version + 1 WHERE id = ${id}`;
      // Unused links stop: marked used at `now` (so a click says "already used or replaced").
      await tx`
        UPDATE sign_in_links SET used_at = ${now}
        WHERE professional_id = ${id} AND used_at IS NULL`;
      await insertAudit(tx, {
        professionalId: id,
        actor: "professional",
        action: "session.ended_everywhere",
      }, now);
      return await requireProfessional(tx, id);
    });
  }

  createSignInLink(professionalId: string, tokenHash: string, expiresAt: number): Promise<void> {
    return this.db.transaction(async (tx) => {
      const now = this.db.now();
      await tx`DELETE FROM sign_in_links WHERE expires_at < ${now - SWEEP_AFTER_MS}`;
      await tx`
        INSERT INTO sign_in_links (token_hash, professional_id, created_at, expires_at)
        VALUES (${tokenHash}, ${professionalId}, ${now}, ${expiresAt})`;
      await insertAudit(tx, { professionalId, actor: "system", action: "signin.link_sent" }, now);
    });
  }

  async claimSignInLink(
    tokenHash: string,
    now: number,
  ): Promise<{ ok: true; professionalId: string } | { ok: false; reason: SignInClaimFailure }> {
    const { sql } = this.db;
    // One statement: a concurrent claim of the same row waits for this one's row lock, then
    // re-checks `used_at IS NULL` (READ COMMITTED) and finds it taken, so one caller wins.
    const claimed = await sql<{ professional_id: string }[]>`
      UPDATE sign_in_links SET used_at = ${now}
      WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
      RETURNING professional_id`;
    if (claimed.length > 0) return { ok: true, professionalId: claimed[0].professional_id };
    const rows = await sql<{ used_at: number | null }[]>`
      SELECT used_at FROM sign_in_links WHERE token_hash = ${tokenHash}`;
    const reason: SignInClaimFailure = rows.length === 0
      ? "unknown"
      : rows[0].used_at !== null
      ? "used"
      : "expired";
    return { ok: false, reason };
  }
}

function duplicateOr(err: unknown): unknown {
  return isUniqueViolation(err, "professionals_by_email") ? new DuplicateEmailError() : err;
}
