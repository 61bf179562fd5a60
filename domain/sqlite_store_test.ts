import { deepEqual, equal, ok, ok as assert, rejects } from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate, MIGRATIONS, SCHEMA_VERSION, userVersion } from "./migrations.ts";
import { instantCall, joinWindow } from "./appointments.ts";
import { openSqliteStore, SqliteStore } from "./sqlite_store.ts";
import { NotFoundError } from "./store.ts";

const T0 = Date.UTC(2030, 0, 15, 9, 0);

function memoryStore(now = () => T0) {
  return new SqliteStore(":memory:", now);
}

/** Makes every audit insert fail, from a second connection to the same file. */
function breakAuditInserts(path: string): () => void {
  const db = new DatabaseSync(path);
  db.exec(
    "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'forced'); END",
  );
  return () => {
    db.exec("DROP TRIGGER fail_audit");
    db.close();
  };
}

Deno.test("professionals: create, get, list, count", async () => {
  const store = memoryStore();
  equal(await store.countProfessionals(), 0);
  const ada = await store.createProfessional("Dr. Ada Lovelace");
  const grace = await store.createProfessional("Grace Hopper");
  equal(await store.countProfessionals(), 2);
  deepEqual(await store.getProfessional(ada.id), ada);
  equal(await store.getProfessional("nope"), null);
  deepEqual((await store.listProfessionals()).map((p) => p.id).sort(), [ada.id, grace.id].sort());
  equal(ada.createdAt, T0);
  store.close();
});

Deno.test("appointments: create writes the row and its audit entry", async () => {
  const store = memoryStore();
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: 'Charles, "Babbage"',
    startsAt: T0 + 3_600_000,
    durationMin: 30,
  });
  equal(appt.status, "scheduled");
  equal(appt.kind, "scheduled");
  equal(appt.linkVersion, 1);
  equal(appt.shareVersion, 1);
  deepEqual(await store.getAppointment(appt.id), appt);
  const trail = await store.listAudit(appt.id);
  equal(trail.length, 1);
  equal(trail[0].action, "appointment.created");
  equal(trail[0].professionalId, pro.id);
  equal(await store.getAppointment("missing"), null);
  store.close();
});

Deno.test("appointments: an unknown professional is refused by the foreign key", async () => {
  const store = memoryStore();
  await rejects(
    store.createAppointment({
      professionalId: "ghost",
      clientName: "X",
      startsAt: T0,
      durationMin: 30,
    }),
  );
  store.close();
});

Deno.test("appointments: listed earliest first, filtered by professional and start", async () => {
  const store = memoryStore();
  const ada = await store.createProfessional("Ada");
  const bob = await store.createProfessional("Bob");
  const make = (professionalId: string, offsetMin: number) =>
    store.createAppointment({
      professionalId,
      clientName: "C",
      startsAt: T0 + offsetMin * 60_000,
      durationMin: 15,
    });
  const late = await make(ada.id, 120);
  const early = await make(ada.id, -60);
  const mid = await make(ada.id, 30);
  await make(bob.id, 0);
  deepEqual((await store.listAppointments(ada.id)).map((a) => a.id), [early.id, mid.id, late.id]);
  deepEqual((await store.listAppointments(ada.id, T0)).map((a) => a.id), [mid.id, late.id]);
  deepEqual(await store.listAppointments("nobody"), []);
  store.close();
});

Deno.test("setStatus and revokeLink update the row and audit it", async () => {
  let now = T0;
  const store = memoryStore(() => now);
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "C",
    startsAt: T0,
    durationMin: 30,
  });
  now += 1000;
  const waiting = await store.setStatus(appt.id, "waiting", "client");
  equal(waiting.status, "waiting");
  equal(waiting.updatedAt, now);
  const revoked = await store.revokeLink(appt.id, "professional");
  equal(revoked.linkVersion, 2);
  equal(revoked.status, "waiting");
  await store.audit({ appointmentId: appt.id, actor: "system", action: "note" });
  const trail = await store.listAudit(appt.id);
  deepEqual(trail.map((e) => [e.actor, e.action, e.detail]), [
    ["professional", "appointment.created", null],
    ["client", "appointment.status", "scheduled -> waiting"],
    ["professional", "link.revoked", "link version 2"],
    ["system", "note", null],
  ]);
  await rejects(store.setStatus("missing", "waiting", "client"), NotFoundError);
  await rejects(store.revokeLink("missing", "client"), NotFoundError);
  store.close();
});

Deno.test("a status outside the six is refused by the CHECK constraint", async () => {
  const store = memoryStore();
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "C",
    startsAt: T0,
    durationMin: 30,
  });
  // deno-lint-ignore no-explicit-any
  await rejects(store.setStatus(appt.id, "lost" as any, "system"));
  equal((await store.getAppointment(appt.id))?.status, "scheduled");
  store.close();
});

Deno.test("transactions: a failing audit insert rolls back the whole change", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/t.db`;
  const store = openSqliteStore(path, () => T0);
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "C",
    startsAt: T0,
    durationMin: 30,
  });

  const restore = breakAuditInserts(path);
  await rejects(
    store.createAppointment({
      professionalId: pro.id,
      clientName: "D",
      startsAt: T0,
      durationMin: 5,
    }),
    /forced/,
  );
  await rejects(store.setStatus(appt.id, "cancelled", "professional"), /forced/);
  await rejects(store.revokeLink(appt.id, "professional"), /forced/);
  restore();

  deepEqual((await store.listAppointments(pro.id)).map((a) => a.id), [appt.id]);
  const unchanged = await store.getAppointment(appt.id);
  equal(unchanged?.status, "scheduled");
  equal(unchanged?.linkVersion, 1);
  equal((await store.listAudit(appt.id)).length, 1);
  // The store is still usable after a rollback.
  equal((await store.setStatus(appt.id, "waiting", "client")).status, "waiting");
  store.close();
  await Deno.remove(dir, { recursive: true });
});

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

Deno.test("audit: repeats with collapseWithinMs share one row per window, with a count", async () => {
  let now = T0;
  const store = memoryStore(() => now);
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "C",
    startsAt: T0,
    durationMin: 30,
  });
  const refusal = (detail: string) => ({
    appointmentId: appt.id,
    professionalId: pro.id,
    actor: "system" as const,
    action: "link.rejected",
    detail,
    collapseWithinMs: 600_000,
  });
  for (let i = 0; i < 3000; i++) {
    now = T0 + i; // all within the first window
    await store.audit(refusal("revoked"));
  }
  await store.audit(refusal("expired")); // another reason: its own row
  await store.audit({ ...refusal("revoked"), collapseWithinMs: undefined }); // not collapsible
  now = T0 + 600_000; // the next window
  await store.audit(refusal("revoked"));
  const trail = await store.listAudit(appt.id);
  deepEqual(trail.map((e) => [e.action, e.detail, e.count, e.at - T0, e.lastAt - T0]), [
    ["appointment.created", null, 1, 0, 0],
    ["link.rejected", "revoked", 3000, 0, 2999],
    ["link.rejected", "expired", 1, 2999, 2999],
    ["link.rejected", "revoked", 1, 2999, 2999],
    ["link.rejected", "revoked", 1, 600_000, 600_000],
  ]);
  store.close();
});

Deno.test("audit: listAuditPage gives newest-first pages and the total", async () => {
  const store = memoryStore();
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "C",
    startsAt: T0,
    durationMin: 30,
  });
  for (let i = 1; i <= 11; i++) {
    await store.audit({ appointmentId: appt.id, actor: "system", action: `note ${i}` });
  }
  const first = await store.listAuditPage(appt.id, { offset: 0, limit: 5 });
  equal(first.total, 12);
  deepEqual(first.entries.map((e) => e.action), [
    "note 11",
    "note 10",
    "note 9",
    "note 8",
    "note 7",
  ]);
  const last = await store.listAuditPage(appt.id, { offset: 10, limit: 5 });
  deepEqual(last.entries.map((e) => e.action), ["note 1", "appointment.created"]);
  deepEqual((await store.listAuditPage(appt.id, { offset: 20, limit: 5 })).entries, []);
  deepEqual(await store.listAuditPage("none", { offset: 0, limit: 5 }), { entries: [], total: 0 });
  store.close();
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

Deno.test("instant calls: no client name, their own share version, stopped with an audit row", async () => {
  const store = memoryStore();
  const pro = await store.createProfessional("Ada");
  const call = await store.createAppointment(instantCall(pro.id, T0));
  equal(call.kind, "instant");
  equal(call.clientName, "");
  deepEqual(await store.getAppointment(call.id), call);
  const stopped = await store.revokeShareLink(call.id, "professional");
  equal(stopped.shareVersion, 2);
  equal(stopped.linkVersion, 1);
  deepEqual((await store.listAudit(call.id)).map((e) => [e.action, e.detail]), [
    ["appointment.created", "instant call"],
    ["share_link.revoked", "share version 2"],
  ]);
  await rejects(store.revokeShareLink("missing", "professional"), NotFoundError);
  // The schema keeps the two kinds honest: a scheduled appointment needs a name, an instant
  // call has none.
  await rejects(store.createAppointment({ ...instantCall(pro.id, T0), clientName: "Ada" }));
  await rejects(
    store.createAppointment({
      professionalId: pro.id,
      clientName: "",
      startsAt: T0,
      durationMin: 5,
    }),
  );
  store.close();
});

Deno.test("endAfterWindow: missed or completed once the window closed, never over a final status", async () => {
  let now = T0;
  const store = memoryStore(() => now);
  const pro = await store.createProfessional("Ada");
  const make = () =>
    store.createAppointment({
      professionalId: pro.id,
      clientName: "C",
      startsAt: T0,
      durationMin: 30,
    });
  const nobody = await make();
  const met = await make();
  const cancelled = await make();
  await store.setStatus(cancelled.id, "cancelled", "professional");

  equal((await store.endAfterWindow(nobody.id, false)).status, "scheduled", "window still open");
  now = joinWindow(nobody).closesAt;
  const missed = await store.endAfterWindow(nobody.id, false);
  equal(missed.status, "missed");
  equal(missed.updatedAt, now);
  equal((await store.endAfterWindow(met.id, true)).status, "completed");
  equal((await store.endAfterWindow(cancelled.id, false)).status, "cancelled");
  equal((await store.endAfterWindow(nobody.id, true)).status, "missed", "final stays final");
  deepEqual((await store.listAudit(nobody.id)).map((e) => [e.actor, e.action, e.detail]), [
    ["professional", "appointment.created", null],
    ["system", "appointment.status", "scheduled -> missed (window closed)"],
  ]);
  equal((await store.listAudit(cancelled.id)).length, 2);
  await rejects(store.endAfterWindow("missing", false), NotFoundError);
  store.close();
});

Deno.test("listOpenAfterWindow: not final, window closed, each with whether a call happened", async () => {
  const store = memoryStore(() => T0);
  const pro = await store.createProfessional("Ada");
  const make = (startsAt: number) =>
    store.createAppointment({ professionalId: pro.id, clientName: "C", startsAt, durationMin: 30 });
  const nobody = await make(T0);
  const met = await make(T0 + 1);
  const later = await make(T0 + 60 * 60_000);
  const cancelled = await make(T0);
  const done = await make(T0);
  await store.setStatus(met.id, "in_call", "professional", "waiting -> in_call (answer relayed)");
  await store.setStatus(met.id, "scheduled", "client", "in_call -> scheduled (client left)");
  await store.setStatus(cancelled.id, "cancelled", "professional");
  await store.setStatus(done.id, "completed", "professional");
  const closesAt = joinWindow({ startsAt: T0 + 1, durationMin: 30 }).closesAt;

  deepEqual(await store.listOpenAfterWindow(closesAt - 2), [], "every window still open");
  const found = await store.listOpenAfterWindow(closesAt);
  deepEqual(found.map((w) => [w.appointment.id, w.callHappened]), [
    [nobody.id, false],
    [met.id, true],
  ], "window closed, not final; later and final ones left out");
  equal(found[1].appointment.status, "scheduled");
  equal((await store.listOpenAfterWindow(closesAt + 60 * 60_000)).length, 3, "then later's too");
  deepEqual(later.status, "scheduled");
  store.close();
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

Deno.test("appointments: cancel keeps the reason for the client, and only says so in the audit", async () => {
  const store = new SqliteStore(":memory:");
  const pro = await store.createProfessional("Dr. Cancel");
  const input = { professionalId: pro.id, clientName: "C", startsAt: 1, durationMin: 30 };
  const [a, b] = [await store.createAppointment(input), await store.createAppointment(input)];
  const cancelled = await store.cancelAppointment(a.id, "professional", "I am ill today.");
  equal(cancelled.status, "cancelled");
  equal(cancelled.cancelReason, "I am ill today.");
  equal((await store.getAppointment(a.id))?.cancelReason, "I am ill today.");
  equal((await store.cancelAppointment(b.id, "professional", "")).cancelReason, "");
  const details = (await store.listAudit(a.id)).map((e) => e.detail ?? "");
  ok(details.includes("scheduled -> cancelled (with a reason)"));
  ok(!details.some((d) => d.includes("ill")), "the reason is not in the audit trail");
  ok((await store.listAudit(b.id)).some((e) => e.detail === "scheduled -> cancelled"));
  store.close();
});
