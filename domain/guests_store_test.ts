/** SQLite upgrades of guests (migrations 4 and 5); the guests' behaviour is in the contract. */
import { deepEqual, equal } from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate, MIGRATIONS } from "./migrations.ts";
import { openSqliteStore } from "./sqlite_store.ts";

const T0 = Date.UTC(2030, 0, 15, 9, 0);

Deno.test("migration 4 adds guests to a version-3 database", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/v3.db`;
  const raw = new DatabaseSync(path);
  migrate(raw, MIGRATIONS.slice(0, 3));
  raw.exec(`
    INSERT INTO professionals (id, name, created_at) VALUES ('p1', 'Ada', ${T0});
    INSERT INTO appointments (id, professional_id, client_name, starts_at, duration_min,
      created_at, updated_at)
    VALUES ('a1', 'p1', 'Charles', ${T0}, 30, ${T0}, ${T0});
  `);
  raw.close();
  const store = openSqliteStore(path, () => T0);
  deepEqual(await store.listGuests("a1"), []);
  const g = await store.addGuest(
    { appointmentId: "a1", name: "Maria", role: "family", origin: "invited" },
    4,
  );
  deepEqual(await store.listGuests("a1"), [g]);
  store.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("migration 5 keeps version-4 guests, their roles in words, and lifts the list", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/v4.db`;
  const raw = new DatabaseSync(path);
  migrate(raw, MIGRATIONS.slice(0, 4));
  raw.exec(`
    INSERT INTO professionals (id, name, created_at) VALUES ('p1', 'Ada', ${T0});
    INSERT INTO appointments (id, professional_id, client_name, starts_at, duration_min,
      created_at, updated_at)
    VALUES ('a1', 'p1', 'Charles', ${T0}, 30, ${T0}, ${T0});
    INSERT INTO guests (id, appointment_id, name, role, origin, link_version, admitted_at,
      created_at, updated_at)
    VALUES ('g1', 'a1', 'Maria', 'family', 'invited', 2, ${T0}, ${T0}, ${T0}),
      ('g2', 'a1', 'Vic', 'other', 'visitor', 1, NULL, ${T0 + 1}, ${T0 + 1}),
      ('g3', 'a1', 'Ivo', 'interpreter', 'invited', 1, NULL, ${T0 + 2}, ${T0 + 2});
  `);
  raw.close();
  const store = openSqliteStore(path, () => T0);
  const guests = await store.listGuests("a1");
  deepEqual(guests.map((g) => [g.id, g.role, g.linkVersion, g.admittedAt]), [
    ["g1", "family member", 2, T0],
    ["g2", "guest", 1, null],
    ["g3", "interpreter", 1, null],
  ]);
  const mother = await store.addGuest(
    { appointmentId: "a1", name: "Eve", role: "Charles's mother", origin: "invited" },
    8,
  );
  equal((await store.getGuest("a1", mother.id))?.role, "Charles's mother");
  store.close();
  await Deno.remove(dir, { recursive: true });
});
