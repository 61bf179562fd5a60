import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { isPlaceholderEmail } from "./emails.ts";
import { migrate, MIGRATIONS } from "./migrations.ts";
import { openSqliteStore } from "./sqlite_store.ts";
import { DuplicateEmailError } from "./store.ts";

Deno.test("professionals have a unique email; without one they get a placeholder", async () => {
  const store = openSqliteStore(":memory:");
  const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
  equal((await store.findProfessionalByEmail("ada@example.com"))?.id, ada.id);
  equal((await store.getProfessional(ada.id))?.email, "ada@example.com");
  await rejects(
    store.createProfessional("Ada 2", { email: "ada@example.com" }),
    DuplicateEmailError,
  );
  const demo = await store.createProfessional("Demo");
  ok(isPlaceholderEmail(demo.email));
  await rejects(store.setProfessionalEmail(demo.id, "ada@example.com"), DuplicateEmailError);
  equal((await store.setProfessionalEmail(demo.id, "demo@example.org")).email, "demo@example.org");
  store.close();
});

Deno.test("a sign-in link is claimed once, and not after it expired", async () => {
  let now = 1_000_000;
  const store = openSqliteStore(":memory:", () => now);
  const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
  await store.createSignInLink(ada.id, "h1", now + 60_000);
  await store.createSignInLink(ada.id, "h2", now + 60_000);
  deepEqual(await store.claimSignInLink("h1", now), { ok: true, professionalId: ada.id });
  deepEqual(await store.claimSignInLink("h1", now), { ok: false, reason: "used" });
  deepEqual(await store.claimSignInLink("nope", now), { ok: false, reason: "unknown" });
  now += 60_000;
  deepEqual(await store.claimSignInLink("h2", now), { ok: false, reason: "expired" });
  store.close();
});

Deno.test("sign out everywhere bumps the version and voids unused links; deactivate", async () => {
  const now = 1_000_000;
  const store = openSqliteStore(":memory:", () => now);
  const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
  equal(ada.sessionVersion, 1);
  await store.createSignInLink(ada.id, "h1", now + 60_000);
  equal((await store.bumpSessionVersion(ada.id)).sessionVersion, 2);
  deepEqual(await store.claimSignInLink("h1", now), { ok: false, reason: "used" });
  const off = await store.deactivateProfessional(ada.id);
  equal(off.deactivatedAt, now);
  equal((await store.deactivateProfessional(ada.id)).deactivatedAt, now);
  store.close();
});

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

Deno.test("migration 7 keeps no zone for existing professionals; the store keeps the one given", async () => {
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

  const store = openSqliteStore(":memory:");
  const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
  equal(ada.timeZone, null);
  await store.setProfessionalTimeZone(ada.id, "America/New_York");
  equal((await store.getProfessional(ada.id))?.timeZone, "America/New_York");
  await rejects(store.setProfessionalTimeZone("nobody", "UTC"));
  store.close();
});

Deno.test("two connections claiming one link at once: exactly one wins", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/claim.db`;
  const a = openSqliteStore(path);
  const b = openSqliteStore(path);
  try {
    const ada = await a.createProfessional("Ada", { email: "ada@example.com" });
    await a.createSignInLink(ada.id, "h", Date.now() + 60_000);
    const now = Date.now();
    const results = await Promise.all([a.claimSignInLink("h", now), b.claimSignInLink("h", now)]);
    deepEqual(results.map((r) => r.ok).sort(), [false, true]);
  } finally {
    a.close();
    b.close();
    await Deno.remove(dir, { recursive: true });
  }
});
