/**
 * What only the SQLite store has: its file (WAL, reopening), `PRAGMA user_version` migrations and
 * upgrades from older schema versions. The behaviour every store shares is in
 * `store_contract.ts`, run on SQLite by `sqlite_store_contract_test.ts`.
 */
import { deepEqual, equal, ok, ok as assert } from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate, MIGRATIONS, SCHEMA_VERSION, userVersion } from "./migrations.ts";
import { openSqliteStore } from "./sqlite_store.ts";

const T0 = Date.UTC(2030, 0, 15, 9, 0);

Deno.test("reopening the same file finds everything; migrating again changes nothing", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/t.db`;
  const first = openSqliteStore(path);
  const pro = await first.createProfessional("Ada");
  const appt = await first.createAppointment({
    professionalId: pro.id,
    clientName: "C",
    startsAt: T0,
    durationMin: 30,
  });
  await first.revokeLink(appt.id, "professional");
  first.close();

  const second = openSqliteStore(path);
  deepEqual(await second.getProfessional(pro.id), pro);
  equal((await second.getAppointment(appt.id))?.linkVersion, 2);
  equal((await second.listAudit(appt.id)).length, 2);
  second.close();

  const raw = new DatabaseSync(path);
  equal(userVersion(raw), SCHEMA_VERSION);
  equal(migrate(raw), SCHEMA_VERSION);
  const mode = raw.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
  equal(mode.journal_mode, "wal");
  raw.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("migrate refuses a database from a newer Frontdesk", () => {
  const db = new DatabaseSync(":memory:");
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  let message = "";
  try {
    migrate(db);
  } catch (err) {
    message = (err as Error).message;
  }
  assert(message.includes("newer"), message);
  db.close();
});

Deno.test("migrate applies each step in a transaction and rolls back a broken one", () => {
  const db = new DatabaseSync(":memory:");
  const steps = [
    { version: 1, sql: "CREATE TABLE a (x INTEGER)" },
    { version: 2, sql: "CREATE TABLE b (x INTEGER); SELECT * FROM no_such_table" },
  ];
  let failed = false;
  try {
    migrate(db, steps);
  } catch {
    failed = true;
  }
  assert(failed);
  equal(userVersion(db), 1);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string }[];
  deepEqual(tables.map((t) => t.name), ["a"]);
  db.close();
});

Deno.test("migration 2 keeps a version-1 database's audit rows, each counted once", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/v1.db`;
  const raw = new DatabaseSync(path);
  migrate(raw, MIGRATIONS.slice(0, 1));
  raw.exec(
    `INSERT INTO audit_log (appointment_id, actor, action, detail, at)
     VALUES ('a1', 'system', 'link.rejected', 'revoked', ${T0})`,
  );
  raw.close();
  const store = openSqliteStore(path);
  deepEqual((await store.listAudit("a1")).map((e) => [e.detail, e.count, e.lastAt]), [
    ["revoked", 1, T0],
  ]);
  store.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("migration 3 upgrades a version-2 database: rows kept, kind scheduled, missed allowed", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/v2.db`;
  const raw = new DatabaseSync(path);
  raw.exec("PRAGMA foreign_keys = ON");
  migrate(raw, MIGRATIONS.slice(0, 2));
  raw.exec(`
    INSERT INTO professionals (id, name, created_at) VALUES ('p1', 'Ada', ${T0});
    INSERT INTO appointments
      (id, professional_id, client_name, starts_at, duration_min, status, link_version,
       created_at, updated_at)
    VALUES ('a1', 'p1', 'Charles', ${T0}, 30, 'completed', 3, ${T0}, ${T0 + 1});
    INSERT INTO audit_log (appointment_id, professional_id, actor, action, detail, at, count,
      last_at, collapse_key)
    VALUES ('a1', 'p1', 'system', 'link.rejected', 'revoked', ${T0}, 7, ${T0 + 5}, 'k1');
  `);
  raw.close();

  let now = T0 + 10;
  const store = openSqliteStore(path, () => now);
  const appt = await store.getAppointment("a1");
  deepEqual(appt, {
    id: "a1",
    professionalId: "p1",
    kind: "scheduled",
    clientName: "Charles",
    startsAt: T0,
    durationMin: 30,
    status: "completed",
    linkVersion: 3,
    shareVersion: 1,
    clientEmail: null,
    calendarSequence: 0,
    reminderSentAt: null,
    cancelReason: "",
    clientLocale: "en",
    createdAt: T0,
    updatedAt: T0 + 1,
  });
  deepEqual((await store.listAudit("a1")).map((e) => [e.id, e.detail, e.count, e.lastAt]), [
    [1, "revoked", 7, T0 + 5],
  ]);
  // The collapse index survived the rebuild: the same key still counts up.
  now = T0 + 20;
  equal((await store.setStatus("a1", "missed", "system")).status, "missed");
  await store.audit({ appointmentId: "a1", actor: "guest", action: "guest.note" });
  deepEqual((await store.listAppointments("p1")).map((a) => a.id), ["a1"]);
  store.close();

  const check = new DatabaseSync(path);
  equal(userVersion(check), SCHEMA_VERSION);
  const indexes = check.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  ).all() as { name: string }[];
  for (
    const name of [
      "appointments_by_professional_start",
      "audit_log_by_appointment",
      "audit_log_by_professional",
      "audit_log_collapse",
    ]
  ) ok(indexes.some((i) => i.name === name), name);
  const fk = check.prepare("PRAGMA foreign_key_check").all();
  deepEqual(fk, []);
  check.close();
  await Deno.remove(dir, { recursive: true });
});
