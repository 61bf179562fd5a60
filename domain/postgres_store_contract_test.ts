/**
 * The store contract (`store_contract.ts`) on a real PostgreSQL 15, started for this file by
 * `tests/helpers/postgres.ts`. Each case gets its own schema (a `search_path` in the URL), so
 * cases are as isolated as separate databases without the cost of creating one each time.
 */
import { openPostgresStore } from "./postgres_store.ts";
import type { Store } from "./store.ts";
import { type OpenOptions, storeContract, type StoreHarness } from "./store_contract.ts";
import { postgresUnavailable, startPostgres } from "../tests/helpers/postgres.ts";

const unavailable = postgresUnavailable();
if (unavailable) console.warn(`Skipping the PostgreSQL store contract: ${unavailable}`);
const pg = unavailable ? null : await startPostgres();
const database = pg ? await pg.createDatabase() : "";
let schemas = 0;

async function openPostgres({ now }: OpenOptions): Promise<StoreHarness> {
  const schema = `c${++schemas}`;
  const dbName = new URL(database).pathname.slice(1);
  await pg!.psql(dbName, `CREATE SCHEMA ${schema}`);
  const url = `${database}?search_path=${schema}`;
  const stores: Store[] = [await openPostgresStore(url, { now, maxConnections: 4 })];
  return {
    store: stores[0],
    another: async () => {
      stores.push(await openPostgresStore(url, { now, maxConnections: 4 }));
      return stores[stores.length - 1];
    },
    breakAudit: async () => {
      await pg!.psql(
        dbName,
        `CREATE FUNCTION ${schema}.fail_audit() RETURNS trigger LANGUAGE plpgsql
           AS $$ BEGIN RAISE EXCEPTION 'forced'; END $$;
         CREATE TRIGGER fail_audit BEFORE INSERT ON ${schema}.audit_log
           FOR EACH ROW EXECUTE FUNCTION ${schema}.fail_audit();`,
      );
      return async () => {
        await pg!.psql(dbName, `DROP TRIGGER fail_audit ON ${schema}.audit_log`);
      };
    },
    close: async () => {
      for (const store of stores) await store.close();
    },
  };
}

storeContract({
  name: "postgres",
  open: openPostgres,
  testOptions: { ignore: pg === null },
});

Deno.test({
  name: "postgres store: the test cluster stops and is removed",
  ignore: pg === null,
  fn: () => pg!.stop(),
});
