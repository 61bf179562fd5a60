/**
 * Appointments and audit rows survive a restart on the same DATA_DIR, and a
 * server killed in the middle of writes leaves no half-written appointment.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";

async function signIn(url: string, token: string): Promise<Client> {
  const pro = new Client(url);
  await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
  return pro;
}

function createFields(csrf: string, i: number) {
  return {
    csrf,
    tz: "UTC",
    clientName: `Client ${i}`,
    start: new Date(Date.now() + (i + 1) * 60_000).toISOString().slice(0, 16),
    durationMin: "30",
  };
}

Deno.test("restart on the same DATA_DIR keeps every appointment and audit row", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-restart-" });
  const token = await addProfessional(dataDir, "Dr. Restart");
  let app = await startApp({ dataDir });
  const ids: string[] = [];
  const csvBefore: string[] = [];
  try {
    const pro = await signIn(app.url, token);
    const csrf = csrfFrom((await pro.get("/dashboard")).text);
    for (let i = 0; i < 3; i++) {
      const res = await pro.postForm("/dashboard", createFields(csrf, i));
      await res.body?.cancel();
      ids.push(res.headers.get("location")!.split("/").pop()!);
    }
    for (const id of ids) {
      csvBefore.push((await pro.get(`/dashboard/appointments/${id}/audit.csv`)).text);
    }
  } finally {
    await app.stop();
  }
  app = await startApp({ dataDir });
  try {
    const pro = await signIn(app.url, token);
    const dash = await pro.get("/dashboard");
    for (const id of ids) assert.ok(dash.text.includes(`data-appointment="${id}"`), id);
    for (const [i, id] of ids.entries()) {
      const csv = (await pro.get(`/dashboard/appointments/${id}/audit.csv`)).text;
      assert.ok(csv.startsWith(csvBefore[i].trimEnd()), "audit rows kept in order");
    }
  } finally {
    await app.stop();
  }
});

Deno.test("a server killed mid-write leaves no half-written appointment", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-kill-" });
  const token = await addProfessional(dataDir, "Dr. Kill");
  const app = await startApp({ dataDir });
  const pro = await signIn(app.url, token);
  const csrf = csrfFrom((await pro.get("/dashboard")).text);
  let answered = 0;
  const writes = Array.from(
    { length: 200 },
    (_, i) =>
      pro.postForm("/dashboard", createFields(csrf, i)).then(async (r) => {
        await r.body?.cancel();
        if (r.status === 303) answered++;
      }).catch(() => {/* the server died under this request */}),
  );
  // Kill once some writes have landed and others are still in flight.
  while (answered < 5) await new Promise((r) => setTimeout(r, 5));
  await app.kill();
  await Promise.all(writes);
  assert.ok(answered < 200, "the kill happened while writes were in flight");

  const db = new DatabaseSync(`${dataDir}/frontdesk.db`);
  try {
    const appts = db.prepare("SELECT * FROM appointments").all() as Record<string, unknown>[];
    assert.ok(appts.length >= answered, "every answered write is stored");
    // Columns that are empty by design until something happens (no address given, no reminder).
    const optional = new Set(["client_email", "reminder_sent_at"]);
    for (const a of appts) {
      for (const [k, v] of Object.entries(a)) {
        if (!optional.has(k)) assert.notEqual(v, null, `${k} is set`);
      }
      const created = db.prepare(
        "SELECT COUNT(*) AS n FROM audit_log WHERE appointment_id = ? AND action = 'appointment.created'",
      ).get(a.id as string) as { n: number };
      assert.equal(created.n, 1, "each appointment has exactly its creation audit row");
    }
    const orphans = db.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'appointment.created' AND appointment_id NOT IN (SELECT id FROM appointments)",
    ).get() as { n: number };
    assert.equal(orphans.n, 0, "no audit row without its appointment");
    const check = db.prepare("PRAGMA integrity_check").get() as { integrity_check: string };
    assert.equal(check.integrity_check, "ok");
  } finally {
    db.close();
  }
});
