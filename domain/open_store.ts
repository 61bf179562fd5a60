/** Opens the application's store in its data directory. */

import { openSqliteStore } from "./sqlite_store.ts";
import type { Store } from "./store.ts";

/** File name of the embedded database inside the data directory. */
export const DB_FILE = "frontdesk.db";

/**
 * Creates `dataDir` if needed (mode 0700: it holds client names and the
 * signing secret) and opens `${dataDir}/frontdesk.db`.
 */
export async function openStore(dataDir: string): Promise<Store> {
  await ensureDataDir(dataDir);
  return openSqliteStore(`${dataDir}/${DB_FILE}`);
}

/** Creates the data directory, readable by its owner only, if it does not exist. */
export async function ensureDataDir(dataDir: string): Promise<void> {
  await Deno.mkdir(dataDir, { recursive: true, mode: 0o700 });
}
