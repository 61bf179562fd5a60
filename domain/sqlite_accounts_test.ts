/** SQLite upgrades of accounts (migrations 6 and 7); the accounts' behaviour is in the contract. */
import { deepEqual, equal } from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate, MIGRATIONS } from "./migrations.ts";

Deno.test("migration 6 gives existing professionals a placeholder address", () => {
  const db = new DatabaseSync(":memory:");
  migrate(db, MIGRATIONS.filter((m) => m.version <= 5));
  db.prepare("INSERT INTO professionals (id, name, created_at) VALUES ('p1', 'Ada', 1)").run();
  db.prepare("INSERT INTO professionals (id, name, created_at) VALUES ('p2', 'Bob', 2)").run();
  equal(migrate(db, MIGRATIONS.filter((m) => m.version <= 6)), 6);
  const rows = db.prepare("SELECT id, email, session_version FROM professionals ORDER BY id")
    .all() as { id: string; email: string; session_version: number }[];
  deepEqual(rows.map((r) => [r.email, r.session_version]), [
    ["p1@no-email.invalid", 1],
    ["p2@no-email.invalid", 1],
  ]);
  db.close();
});

Deno.test("migration 7 keeps no zone for existing professionals", () => {
  const db = new DatabaseSync(":memory:");
  migrate(db, MIGRATIONS.filter((m) => m.version <= 6));
  db.prepare(
    "INSERT INTO professionals (id, name, email, created_at) VALUES ('p1', 'Ada', 'a@x.invalid', 1)",
  )
    .run();
  equal(migrate(db, MIGRATIONS.filter((m) => m.version <= 7)), 7);
  const row = db.prepare("SELECT time_zone FROM professionals").get() as { time_zone: unknown };
  equal(row.time_zone, null);
  db.close();
});
