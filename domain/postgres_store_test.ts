/**
 * What only the PostgreSQL store has, on a real PostgreSQL 15 started for this file: migrating
 * once under the advisory lock however many instances start together, refusing a newer schema,
 * the pool's limits, row locks that keep a cancel from being overwritten, and a change whose audit
 * row fails under lock contention leaving nothing behind. The behaviour both stores
 * share is in `store_contract.ts` (`postgres_store_contract_test.ts`).
 */
import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import postgres from "postgres";
import { ConfigError } from "../app/config.ts";
import { joinWindow } from "./appointments.ts";
import { SCHEMA_VERSION } from "./migrations.ts";
import { DB_FILE, openStore } from "../app/open_store.ts";
import {
  migratePostgres,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA_VERSION,
  postgresVersion,
} from "./postgres_migrations.ts";
import { openPostgresStore, PostgresStore } from "./postgres_store.ts";
import { postgresUnavailable, startPostgres } from "../tests/helpers/postgres.ts";

const unavailable = postgresUnavailable();
if (unavailable) console.warn(`Skipping the PostgreSQL store tests: ${unavailable}`);
const pg = unavailable ? null : await startPostgres();
const ignore = pg === null;
const T0 = Date.UTC(2030, 0, 15, 9, 0);

/** A fresh database: its URL and its name (for psql). */
async function freshDatabase() {
  const url = await pg!.createDatabase();
  return { url, name: new URL(url).pathname.slice(1) };
}

/** Polls `check` every 20 ms until it holds (at most 10 s). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!await check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Frontdesk's connections to database `name`, from pg_stat_activity. */
async function frontdeskConnections(name: string, where = "true"): Promise<number> {
  const out = await pg!.psql(
    "postgres",
    `SELECT count(*) FROM pg_stat_activity
     WHERE application_name = 'frontdesk' AND datname = '${name}' AND ${where}`,
  );
  return Number(out.trim());
}

Deno.test("postgres: its schema version is SQLite's, so a version means one schema on both", () => {
  equal(POSTGRES_SCHEMA_VERSION, SCHEMA_VERSION);
});

Deno.test({
  name: "postgres: three stores migrating one empty database at once all open; it migrates once",
  ignore,
  fn: async () => {
    const { url } = await freshDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(url)));
    try {
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      deepEqual(
        (await sql`SELECT version FROM schema_migrations ORDER BY version`).map((r) => r.version),
        POSTGRES_MIGRATIONS.map((m) => m.version),
        "one row per step: no step ran twice",
      );
      equal(await postgresVersion(sql), POSTGRES_SCHEMA_VERSION);
      equal(await migratePostgres(sql), POSTGRES_SCHEMA_VERSION, "again: nothing left to do");
      await sql.end();
      const pro = await stores[0].createProfessional("Ada");
      deepEqual(await stores[2].getProfessional(pro.id), pro, "one database behind all three");
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  },
});

Deno.test({
  name: "postgres: a failing step leaves nothing behind; a newer schema is refused",
  ignore,
  fn: async () => {
    const { url, name } = await freshDatabase();
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await rejects(
        migratePostgres(sql, [
          { version: 9, sql: "CREATE TABLE a (x int); SELECT * FROM no_such_table" },
        ]),
        /no_such_table/,
      );
      equal(await postgresVersion(sql), 0);
      equal((await sql`SELECT to_regclass('a') IS NULL AS gone`)[0].gone, true, "rolled back");

      equal(await migratePostgres(sql), POSTGRES_SCHEMA_VERSION);
      await sql`INSERT INTO schema_migrations (version, applied_at) VALUES (${
        POSTGRES_SCHEMA_VERSION + 1
      }, 0)`;
      await rejects(openPostgresStore(url), /newer than this Frontdesk knows/);
      equal(await frontdeskConnections(name), 0, "the refused store ended its pool");
    } finally {
      await sql.end();
    }
  },
});

Deno.test({
  name: "postgres: the pool opens at most maxConnections; close() ends every one",
  ignore,
  fn: async () => {
    const { url, name } = await freshDatabase();
    const store = await openPostgresStore(url, { maxConnections: 2 });
    const pro = await store.createProfessional("Ada");
    const appt = await store.createAppointment({
      professionalId: pro.id,
      clientName: "C",
      startsAt: T0,
      durationMin: 30,
    });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => store.setStatus(appt.id, "waiting", "client", `${i}`)),
    );
    equal(results.length, 40);
    equal((await store.listAudit(appt.id)).length, 41, "every change and its audit row");
    const open = await frontdeskConnections(name);
    ok(open >= 1 && open <= 2, `${open} connections`);
    await store.close();
    await until(async () => await frontdeskConnections(name) === 0, "the pool to end");
  },
});

Deno.test({
  name: "postgres: a cancel and the window closer at once: the cancel is never overwritten",
  ignore,
  fn: async () => {
    const { url } = await freshDatabase();
    const now = () => joinWindow({ startsAt: T0, durationMin: 30 }).closesAt;
    const a = await openPostgresStore(url, { now });
    const b = await openPostgresStore(url, { now });
    try {
      const pro = await a.createProfessional("Ada");
      for (let i = 0; i < 10; i++) {
        const appt = await a.createAppointment({
          professionalId: pro.id,
          clientName: "C",
          startsAt: T0,
          durationMin: 30,
        });
        await Promise.all([
          a.cancelAppointment(appt.id, "professional", ""),
          b.endAfterWindow(appt.id, false),
        ]);
        equal((await b.getAppointment(appt.id))?.status, "cancelled", `round ${i}`);
        // Each status row starts from the status the one before it left.
        const moves = (await a.listAudit(appt.id))
          .filter((e) => e.action === "appointment.status")
          .map((e) => e.detail!.split(" ")[0] + " " + e.detail!.split(" ")[2]);
        let from = "scheduled";
        for (const move of moves) {
          const [before, after] = move.split(" ");
          equal(before, from, `round ${i}: ${moves.join(", ")}`);
          from = after;
        }
        equal(from, "cancelled");
      }
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name: "postgres: the same refusal from two stores at once collapses into one counted row",
  ignore,
  fn: async () => {
    const { url } = await freshDatabase();
    const a = await openPostgresStore(url, { now: () => T0 });
    const b = await openPostgresStore(url, { now: () => T0 });
    try {
      const refusal = {
        appointmentId: "a1",
        actor: "system" as const,
        action: "link.rejected",
        detail: "revoked",
        collapseWithinMs: 600_000,
      };
      // Truly concurrent inserts of one collapse key: ON CONFLICT counts each, none is lost
      // and none fails on the unique index.
      await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).audit(refusal)));
      deepEqual((await a.listAudit("a1")).map((e) => [e.detail, e.count]), [["revoked", 60]]);
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name: "postgres: a status change whose audit row cannot be written in time leaves neither",
  ignore,
  fn: async () => {
    const { url, name } = await freshDatabase();
    // lock_timeout, a server setting passed in the URL: a statement waiting longer for a lock
    // fails (55P03), as under contention in production.
    const store = await openPostgresStore(`${url}?lock_timeout=300`, { now: () => T0 });
    try {
      const pro = await store.createProfessional("Ada");
      const appt = await store.createAppointment({
        professionalId: pro.id,
        clientName: "C",
        startsAt: T0,
        durationMin: 30,
      });
      // Another session holds the audit table, so the change updates the appointment, then
      // waits to write its audit row and gives up.
      const holder = pg!.psql(
        name,
        "BEGIN; LOCK TABLE audit_log IN EXCLUSIVE MODE; SELECT pg_sleep(2); COMMIT;",
      );
      await until(
        async () =>
          Number(
            (await pg!.psql(
              name,
              "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation " +
                "WHERE c.relname = 'audit_log' AND l.mode = 'ExclusiveLock' AND l.granted",
            )).trim(),
          ) === 1,
        "the lock",
      );
      await rejects(
        store.setStatus(appt.id, "cancelled", "professional"),
        (e: unknown) => (e as { code?: string }).code === "55P03",
      );
      await holder;
      equal((await store.getAppointment(appt.id))?.status, "scheduled", "the update rolled back");
      equal((await store.listAudit(appt.id)).length, 1, "only the creation");
      equal((await store.setStatus(appt.id, "waiting", "client")).status, "waiting");
    } finally {
      await store.close();
    }
  },
});

Deno.test({
  name: "postgres: openStore with DATABASE_URL settings opens PostgreSQL, no SQLite file",
  ignore,
  fn: async () => {
    const { url } = await freshDatabase();
    const dataDir = `${await Deno.makeTempDir()}/data`;
    const store = await openStore(dataDir, { url, maxConnections: 3 });
    try {
      ok(store instanceof PostgresStore);
      equal((await Deno.stat(dataDir)).mode! & 0o777, 0o700, "the data dir, for the secret");
      await rejects(Deno.stat(`${dataDir}/${DB_FILE}`), Deno.errors.NotFound);
    } finally {
      await store.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "postgres: openStore says which database it cannot open, never with the password",
  ignore,
  fn: async () => {
    const dataDir = `${await Deno.makeTempDir()}/data`;
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const closedPort = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const secret = "pw-" + crypto.randomUUID();
    const cases = [
      [`postgres://fd:${secret}@127.0.0.1:${closedPort}/fd`, /127\.0\.0\.1:\d+\/fd.*ECONNREFUSED/],
      [
        `postgres://postgres:${secret}@127.0.0.1:${pg!.port}/nope`,
        /database "nope" does not exist/,
      ],
    ] as const;
    try {
      for (const [url, expected] of cases) {
        await rejects(openStore(dataDir, { url, maxConnections: 1 }), (e: unknown) => {
          ok(e instanceof ConfigError, String(e));
          ok(expected.test(e.message), e.message);
          ok(!`${e.message}${e.stack}`.includes(secret), "no password");
          return true;
        });
      }
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "postgres: the test cluster stops and is removed",
  ignore,
  fn: () => pg!.stop(),
});
