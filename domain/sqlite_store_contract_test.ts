/**
 * The store contract (`store_contract.ts`) on SQLite: `:memory:` where a case needs one store,
 * a temporary file where it needs a second connection or a broken audit table.
 */
import { DatabaseSync } from "node:sqlite";
import { openSqliteStore, SqliteStore } from "./sqlite_store.ts";
import type { Store } from "./store.ts";
import { type OpenOptions, storeContract, type StoreHarness } from "./store_contract.ts";

async function openSqlite({ now, shared }: OpenOptions): Promise<StoreHarness> {
  if (!shared) {
    const store = new SqliteStore(":memory:", now);
    const unshared = () => Promise.reject(new Error("open the store with shared: true"));
    return { store, another: unshared, breakAudit: unshared, close: () => store.close() };
  }
  const dir = await Deno.makeTempDir();
  const path = `${dir}/contract.db`;
  const stores: Store[] = [openSqliteStore(path, now)];
  return {
    store: stores[0],
    another: () => {
      stores.push(openSqliteStore(path, now));
      return Promise.resolve(stores[stores.length - 1]);
    },
    breakAudit: () => {
      // From a second connection, as another writer would.
      const db = new DatabaseSync(path);
      db.exec(
        "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log " +
          "BEGIN SELECT RAISE(ABORT, 'forced'); END",
      );
      return Promise.resolve(() => {
        db.exec("DROP TRIGGER fail_audit");
        db.close();
        return Promise.resolve();
      });
    },
    close: async () => {
      for (const store of stores) await store.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

storeContract({ name: "sqlite", open: openSqlite });
