/**
 * The app itself on PostgreSQL: started with DATABASE_URL (a real PostgreSQL 15 started for this
 * file), a professional added with `deno task pro add`, an appointment created from the
 * dashboard; its rows are in PostgreSQL, none in a SQLite file, it is still there after a
 * restart, and the password in the URL is never printed.
 */
import assert from "node:assert/strict";
import { DB_FILE } from "../app/open_store.ts";
import { startApp } from "./helpers/app_process.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";
import { postgresUnavailable, startPostgres } from "./helpers/postgres.ts";
import { addProfessional } from "./helpers/pro.ts";

const unavailable = postgresUnavailable();
if (unavailable) console.warn(`Skipping the app-on-PostgreSQL test: ${unavailable}`);

Deno.test({
  name: "the app on DATABASE_URL keeps appointments in PostgreSQL, across a restart",
  ignore: unavailable !== null,
  fn: async () => {
    const pg = await startPostgres();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-pg-app-" });
    try {
      const plain = await pg.createDatabase();
      const name = new URL(plain).pathname.slice(1);
      // The test cluster trusts loopback, so any password works: this one must never show up.
      const password = "pw-" + crypto.randomUUID();
      const url = plain.replace("postgres@", `postgres:${password}@`);
      const env = { DATABASE_URL: url };
      const token = await addProfessional(dataDir, "Dr. Postgres", env);

      let app = await startApp({ dataDir, env });
      let id: string;
      try {
        const pro = new Client(app.url);
        await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
        const csrf = csrfFrom((await pro.get("/dashboard")).text);
        const res = await pro.postForm("/dashboard", {
          csrf,
          tz: "UTC",
          clientName: "Grace",
          start: new Date(Date.now() + 3_600_000).toISOString().slice(0, 16),
          durationMin: "30",
        });
        await res.body?.cancel();
        id = res.headers.get("location")!.split("/").pop()!;
        assert.match(app.output(), /store opened.*postgresql/);
      } finally {
        await app.stop();
      }
      assert.equal(
        (await pg.psql(name, `SELECT client_name FROM appointments WHERE id = '${id}'`)).trim(),
        "Grace",
      );
      assert.equal(
        (await pg.psql(name, "SELECT count(*) FROM audit_log WHERE appointment_id = '" + id + "'"))
          .trim(),
        "1",
      );
      await assert.rejects(Deno.stat(`${dataDir}/${DB_FILE}`), Deno.errors.NotFound);

      app = await startApp({ dataDir, env });
      try {
        const pro = new Client(app.url);
        await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
        assert.ok((await pro.get("/dashboard")).text.includes(`data-appointment="${id}"`));
        assert.ok(!app.output().includes(password), "the password is never printed");
      } finally {
        await app.stop();
      }
    } finally {
      await pg.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
