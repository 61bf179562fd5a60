/**
 * The SQL of professionals' accounts for the SQLite store: the professionals table (email,
 * session version, admin flag, deactivation) and emailed sign-in links. `SqliteStore` delegates
 * its account methods here and lends its statement cache, transactions, clock and audit writer.
 */
import type { StatementSync } from "node:sqlite";
import { placeholderEmail } from "./emails.ts";
import {
  DuplicateEmailError,
  type NewAuditEntry,
  type NewProfessional,
  NotFoundError,
  type Professional,
  type SignInClaimFailure,
} from "./store.ts";
import { PROFESSIONAL_COLUMNS, type ProfessionalRow, toProfessional } from "./sqlite_rows.ts";

/** What the accounts need from the store that owns the database. */
export interface SqliteParts {
  sql(text: string): StatementSync;
  transaction<T>(work: () => T): Promise<T>;
  now(): number;
  /** Inserts an audit row inside the current transaction. */
  audit(entry: NewAuditEntry, at: number): void;
}

/** Used sign-in links are kept this long after they expire, then swept. */
const SWEEP_AFTER_MS = 24 * 3_600_000;

/** Professionals and sign-in links on one SQLite database. */
export class SqliteAccounts {
  constructor(readonly db: SqliteParts) {}

  create(name: string, options: NewProfessional = {}): Promise<Professional> {
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
    try {
      this.db.sql(
        `INSERT INTO professionals (id, name, email, is_admin, created_at) VALUES (?, ?, ?, ?, ?)`,
      ).run(id, name, professional.email, professional.admin ? 1 : 0, professional.createdAt);
    } catch (err) {
      return Promise.reject(duplicateOr(err));
    }
    return Promise.resolve(professional);
  }

  get(id: string): Professional | null {
    const row = this.db.sql(`SELECT ${PROFESSIONAL_COLUMNS} FROM professionals WHERE id = ?`)
      .get(id) as ProfessionalRow | undefined;
    return row ? toProfessional(row) : null;
  }

  byEmail(email: string): Professional | null {
    const row = this.db.sql(`SELECT ${PROFESSIONAL_COLUMNS} FROM professionals WHERE email = ?`)
      .get(email) as ProfessionalRow | undefined;
    return row ? toProfessional(row) : null;
  }

  list(): Professional[] {
    const rows = this.db.sql(
      `SELECT ${PROFESSIONAL_COLUMNS} FROM professionals ORDER BY created_at, id`,
    ).all() as unknown as ProfessionalRow[];
    return rows.map(toProfessional);
  }

  count(): number {
    return (this.db.sql("SELECT count(*) AS n FROM professionals").get() as { n: number }).n;
  }

  /** No audit row: a zone is a display preference, not access. */
  setTimeZone(id: string, timeZone: string): Promise<void> {
    return this.db.transaction(() => {
      this.#require(id);
      this.db.sql("UPDATE professionals SET time_zone = ? WHERE id = ?").run(timeZone, id);
    });
  }

  setEmail(id: string, email: string): Promise<Professional> {
    return this.db.transaction(() => {
      this.#require(id);
      try {
        this.db.sql("UPDATE professionals SET email = ? WHERE id = ?").run(email, id);
      } catch (err) {
        throw duplicateOr(err);
      }
      this.db.audit(
        { professionalId: id, actor: "system", action: "account.email_set" },
        this.db.now(),
      );
      return this.#require(id);
    });
  }

  deactivate(id: string): Promise<Professional> {
    return this.db.transaction(() => {
      const before = this.#require(id);
      if (before.deactivatedAt !== null) return before;
      const now = this.db.now();
      // Their unused sign-in links stay, so a click on one says the account is deactivated.
      this.db.sql("UPDATE professionals SET deactivated_at = ? WHERE id = ?").run(now, id);
      this.db.audit({ professionalId: id, actor: "system", action: "account.deactivated" }, now);
      return this.#require(id);
    });
  }

  bumpSessionVersion(id: string): Promise<Professional> {
    return this.db.transaction(() => {
      this.#require(id);
      const now = this.db.now();
      this.db.sql("UPDATE professionals SET session_version = session_version + 1 WHERE id = ?")
        .run(id);
      this.#voidSignInLinks(id, now);
      this.db.audit(
        { professionalId: id, actor: "professional", action: "session.ended_everywhere" },
        now,
      );
      return this.#require(id);
    });
  }

  createSignInLink(professionalId: string, tokenHash: string, expiresAt: number): Promise<void> {
    return this.db.transaction(() => {
      const now = this.db.now();
      this.db.sql("DELETE FROM sign_in_links WHERE expires_at < ?").run(now - SWEEP_AFTER_MS);
      this.db.sql(
        `INSERT INTO sign_in_links (token_hash, professional_id, created_at, expires_at)
         VALUES (?, ?, ?, ?)`,
      ).run(tokenHash, professionalId, now, expiresAt);
      this.db.audit({ professionalId, actor: "system", action: "signin.link_sent" }, now);
    });
  }

  claimSignInLink(
    tokenHash: string,
    now: number,
  ): Promise<{ ok: true; professionalId: string } | { ok: false; reason: SignInClaimFailure }> {
    // One statement: SQLite runs it under the write lock, so only one caller sees the row.
    const claimed = this.db.sql(
      `UPDATE sign_in_links SET used_at = ?
       WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
       RETURNING professional_id`,
    ).get(now, tokenHash, now) as { professional_id: string } | undefined;
    if (claimed) return Promise.resolve({ ok: true, professionalId: claimed.professional_id });
    const row = this.db.sql("SELECT used_at FROM sign_in_links WHERE token_hash = ?")
      .get(tokenHash) as { used_at: number | null } | undefined;
    const reason: SignInClaimFailure = !row ? "unknown" : row.used_at !== null ? "used" : "expired";
    return Promise.resolve({ ok: false, reason });
  }

  /** Unused links stop: marked used at `now` (so a click says "already used or replaced"). */
  #voidSignInLinks(professionalId: string, now: number): void {
    this.db.sql(
      "UPDATE sign_in_links SET used_at = ? WHERE professional_id = ? AND used_at IS NULL",
    ).run(now, professionalId);
  }

  #require(id: string): Professional {
    const professional = this.get(id);
    if (!professional) throw new NotFoundError("Professional not found");
    return professional;
  }
}

function duplicateOr(err: unknown): unknown {
  return err instanceof Error && /UNIQUE constraint failed: professionals\.email/.test(err.message)
    ? new DuplicateEmailError()
    : err;
}
