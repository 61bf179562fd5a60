/** The guest methods of the SQLite store, on a real `:memory:` database (and one file). */
import { deepEqual, equal, match, notEqual, ok, rejects } from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { instantCall } from "./appointments.ts";
import { migrate, MIGRATIONS } from "./migrations.ts";
import { openSqliteStore, SqliteStore } from "./sqlite_store.ts";
import { type NewGuest, NotFoundError, ParticipantLimitError } from "./store.ts";

const T0 = Date.UTC(2030, 0, 15, 9, 0);

async function fixture(now = () => T0) {
  const store = new SqliteStore(":memory:", now);
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "Charles",
    startsAt: T0,
    durationMin: 30,
  });
  const guest = (name: string, extra: Partial<NewGuest> = {}): NewGuest => ({
    appointmentId: appt.id,
    name,
    role: "interpreter",
    origin: "invited",
    ...extra,
  });
  return { store, pro, appt, guest };
}

Deno.test("addGuest: a random URL-safe id, version 1, not admitted; listed and read back", async () => {
  const { store, appt, guest } = await fixture();
  const maria = await store.addGuest(guest("Maria"), 4);
  match(maria.id, /^[A-Za-z0-9_-]{22}$/);
  deepEqual({ ...maria, id: "x" }, {
    id: "x",
    appointmentId: appt.id,
    name: "Maria",
    role: "interpreter",
    origin: "invited",
    linkVersion: 1,
    admittedAt: null,
    createdAt: T0,
    updatedAt: T0,
    removedAt: null,
    removal: null,
  });
  deepEqual(await store.getGuest(appt.id, maria.id), maria);
  deepEqual(await store.listGuests(appt.id), [maria]);
  equal(await store.getGuest("other-appointment", maria.id), null, "only in its own appointment");
  equal(await store.getGuest(appt.id, "nope"), null);
  await rejects(store.addGuest({ ...guest("X"), appointmentId: "missing" }, 4), NotFoundError);
  store.close();
});

Deno.test("addGuest: professional + client + guests never pass the limit; removing frees a seat", async () => {
  const { store, appt, guest } = await fixture();
  const first = await store.addGuest(guest("One"), 4);
  await store.addGuest(guest("Two", { role: "family" }), 4);
  await rejects(store.addGuest(guest("Three"), 4), (err: unknown) => {
    ok(err instanceof ParticipantLimitError);
    equal(err.limit, 4);
    return true;
  });
  equal((await store.listGuests(appt.id)).length, 2);
  await store.removeGuest(appt.id, first.id, "professional", "removed");
  const three = await store.addGuest(guest("Three"), 4);
  deepEqual((await store.listGuests(appt.id)).map((g) => g.name), ["Two", "Three"]);
  // A lower limit (a restart with MAX_PARTICIPANTS=2) admits nobody new but keeps who is there.
  await rejects(store.addGuest(guest("Four"), 2), ParticipantLimitError);
  notEqual(await store.getGuest(appt.id, three.id), null);
  store.close();
});

Deno.test("addGuest: an instant call seats the professional and visitors, pending ones counted", async () => {
  const { store, pro } = await fixture();
  const call = await store.createAppointment(instantCall(pro.id, T0));
  const visitor = (name: string): NewGuest => ({
    appointmentId: call.id,
    name,
    role: "other",
    origin: "visitor",
  });
  for (const name of ["A", "B", "C"]) await store.addGuest(visitor(name), 4);
  await rejects(store.addGuest(visitor("D"), 4), ParticipantLimitError);
  deepEqual((await store.listAudit(call.id)).map((e) => [e.actor, e.action]), [
    ["professional", "appointment.created"],
    ["guest", "guest.added"],
    ["guest", "guest.added"],
    ["guest", "guest.added"],
  ]);
  store.close();
});

Deno.test("addGuest: two connections to one file cannot both take the last seat", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/t.db`;
  const a = openSqliteStore(path, () => T0);
  const b = openSqliteStore(path, () => T0);
  const pro = await a.createProfessional("Ada");
  const appt = await a.createAppointment(instantCall(pro.id, T0));
  const v = (name: string): NewGuest => ({
    appointmentId: appt.id,
    name,
    role: "other",
    origin: "visitor",
  });
  await a.addGuest(v("A"), 3);
  const results = await Promise.allSettled([a.addGuest(v("B"), 3), b.addGuest(v("C"), 3)]);
  deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
  equal((await b.listGuests(appt.id)).length, 2);
  a.close();
  b.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("revoke, admit and remove: versions, times and audit rows without names", async () => {
  let now = T0;
  const { store, appt, guest } = await fixture(() => now);
  const maria = await store.addGuest(guest("Maria Secretname"), 4);
  now += 1000;
  const revoked = await store.revokeGuestLink(appt.id, maria.id, "professional");
  equal(revoked.linkVersion, 2);
  equal(revoked.updatedAt, now);
  now += 1000;
  const admitted = await store.admitGuest(appt.id, maria.id, "professional");
  equal(admitted.admittedAt, now);
  now += 1000;
  deepEqual(await store.admitGuest(appt.id, maria.id, "system"), admitted, "only the first time");
  const removed = await store.removeGuest(appt.id, maria.id, "professional", "removed");
  deepEqual([removed.removedAt, removed.removal, removed.linkVersion], [now, "removed", 3]);
  equal(removed.admittedAt, admitted.admittedAt);
  deepEqual(await store.removeGuest(appt.id, maria.id, "professional", "declined"), removed);
  deepEqual(await store.listGuests(appt.id), []);
  deepEqual(await store.getGuest(appt.id, maria.id), removed, "still readable, to say why");
  await rejects(store.admitGuest(appt.id, maria.id, "professional"), NotFoundError);
  await rejects(store.revokeGuestLink(appt.id, maria.id, "professional"), NotFoundError);
  await rejects(store.removeGuest("other", maria.id, "professional", "removed"), NotFoundError);

  const trail = await store.listAudit(appt.id);
  deepEqual(trail.map((e) => [e.actor, e.action, e.detail]), [
    ["professional", "appointment.created", null],
    ["professional", "guest.added", `guest ${maria.id}: invited`],
    ["professional", "guest.link_revoked", `guest ${maria.id}: link version 2`],
    ["professional", "guest.admitted", `guest ${maria.id}`],
    ["professional", "guest.removed", `guest ${maria.id}: removed`],
  ]);
  ok(trail.every((e) => !(e.detail ?? "").includes("Maria")), "no name in the audit trail");
  ok(trail.every((e) => !(e.detail ?? "").includes("interpreter")), "no free-text role either");
  store.close();
});

Deno.test("guest changes roll back with a failing audit insert", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/t.db`;
  const store = openSqliteStore(path, () => T0);
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment(instantCall(pro.id, T0));
  const g = await store.addGuest(
    { appointmentId: appt.id, name: "V", role: "other", origin: "visitor" },
    4,
  );
  const db = new DatabaseSync(path);
  db.exec(
    "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'forced'); END",
  );
  await rejects(
    store.addGuest({ appointmentId: appt.id, name: "W", role: "other", origin: "visitor" }, 4),
    /forced/,
  );
  await rejects(store.revokeGuestLink(appt.id, g.id, "professional"), /forced/);
  await rejects(store.admitGuest(appt.id, g.id, "professional"), /forced/);
  await rejects(store.removeGuest(appt.id, g.id, "professional", "declined"), /forced/);
  await rejects(store.revokeShareLink(appt.id, "professional"), /forced/);
  db.exec("DROP TRIGGER fail_audit");
  db.close();
  deepEqual(await store.listGuests(appt.id), [g]);
  equal((await store.getAppointment(appt.id))?.shareVersion, 1);
  store.close();
  await Deno.remove(dir, { recursive: true });
});

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
