/**
 * Opens the application's store: PostgreSQL when `DATABASE_URL` is set (see `loadConfig`),
 * otherwise the embedded SQLite file in the data directory. The one place that decides.
 */

import { ConfigError } from "./config.ts";
import { openPostgresStore } from "../domain/postgres_store.ts";
import { assertPrivateIfExists, ensurePrivateDir } from "./private_paths.ts";
import { openSqliteStore } from "../domain/sqlite_store.ts";
import type { Store } from "../domain/store.ts";

/** File name of the embedded database inside the data directory. */
export const DB_FILE = "frontdesk.db";

/** Where PostgreSQL is and how many connections to it at most (`Config.database`). */
export interface DatabaseSettings {
  url: string;
  maxConnections: number;
}

/**
 * With `database`: connects to PostgreSQL and migrates it (once, however many instances start
 * together); `dataDir` is still created, since the generated signing secret lives there.
 * Without: SQLite, as {@linkcode openSqliteFile} describes.
 */
export async function openStore(dataDir: string, database?: DatabaseSettings): Promise<Store> {
  if (database) {
    await ensureDataDir(dataDir);
    try {
      return await openPostgresStore(database.url, { maxConnections: database.maxConnections });
    } catch (err) {
      throw unreachable(err, database.url) ?? err;
    }
  }
  return await openSqliteFile(dataDir);
}

/**
 * Errors that mean "this DATABASE_URL does not lead to a usable database" (refused, timed out,
 * unknown host, wrong password, no such database or role) as a {@linkcode ConfigError} naming
 * where it tried, without the password; anything else (a migration failing, a newer schema) is
 * left as it is.
 */
function unreachable(err: unknown, url: string): ConfigError | null {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "";
  const network = ["ECONNREFUSED", "CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"];
  // 28P01/28000: authentication; 3D000: no such database.
  if (!network.includes(code) && !["28P01", "28000", "3D000"].includes(code)) return null;
  const where = new URL(url);
  const reason = network.includes(code) ? code : String(e?.message);
  return new ConfigError(
    `cannot open the PostgreSQL database of DATABASE_URL (${where.hostname}:${
      where.port || 5432
    }${where.pathname}, user ${where.username || "(default)"}): ${reason}`,
  );
}

/**
 * Creates `dataDir` if needed (mode 0700: it holds client names and the
 * signing secret) and opens `${dataDir}/frontdesk.db`. A new database file is
 * created empty with mode 0600 first; SQLite gives its -wal and -shm files the
 * same mode. An existing directory or database file that other users could
 * change or read is refused with a {@linkcode ConfigError} naming the fix.
 */
export async function openSqliteFile(dataDir: string): Promise<Store> {
  await ensureDataDir(dataDir);
  const path = `${dataDir}/${DB_FILE}`;
  try {
    await Deno.writeFile(path, new Uint8Array(), { createNew: true, mode: 0o600 });
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    await assertPrivateIfExists(file, "database file");
  }
  return openSqliteStore(path);
}

/**
 * Creates the data directory, readable by its owner only, if it does not
 * exist; refuses one that is not ours or that other users may write to.
 */
export async function ensureDataDir(dataDir: string): Promise<void> {
  await ensurePrivateDir(dataDir, "data directory");
}
