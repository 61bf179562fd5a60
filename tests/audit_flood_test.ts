/**
 * Issue 16, finding 4, against the real server process: a flood of refused
 * links, without any session, neither grows an appointment's audit trail nor
 * its page. Repeats collapse into one counted row (the CSV keeps the count),
 * each client address is limited (429 with Retry-After), and the page shows
 * the trail in pages with links to newer and older entries.
 */
import assert from "node:assert/strict";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, clientLinkFrom, csrfFrom } from "./helpers/browserless_client.ts";
import { testSecret } from "./helpers/tokens.ts";

const FLOOD = 3_000;
/** Refusals one address may get per minute (web/refusal_limit.ts). */
const PER_ADDRESS = 30;

interface World {
  app: AppProcess;
  pro: Client;
  apptId: string;
  /** A correctly signed client link that was revoked: its refusals name the appointment. */
  revokedLink: string;
}

async function setUp(): Promise<World> {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-flood-" });
  const proToken = await addProfessional(dataDir, "Dr. Flood", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const pro = new Client(app.url);
  await (await pro.fetch(`/pro-link?token=${proToken}`)).body?.cancel();
  const res = await pro.postForm("/dashboard", {
    csrf: csrfFrom((await pro.get("/dashboard")).text),
    tz: "UTC",
    clientName: "Flood Client",
    start: new Date(Date.now() + 3_600_000).toISOString().slice(0, 16),
    durationMin: "30",
  });
  await res.body?.cancel();
  const apptId = res.headers.get("location")!.split("/").pop()!;
  const page = await pro.get(`/dashboard/appointments/${apptId}`);
  const link = new URL(clientLinkFrom(page.text));
  await revoke(pro, apptId);
  return { app, pro, apptId, revokedLink: link.pathname + link.search };
}

async function revoke(pro: Client, apptId: string) {
  const page = await pro.get(`/dashboard/appointments/${apptId}`);
  const res = await pro.postForm(`/dashboard/appointments/${apptId}/revoke`, {
    csrf: csrfFrom(page.text),
  });
  await res.body?.cancel();
  assert.equal(res.status, 303);
}

/** A fetch client whose requests come from `address` (any 127.x.y.z is loopback). */
function from(address: string): Deno.HttpClient {
  return Deno.createHttpClient({ localAddress: address });
}

/** `fetch` through `client` (Deno's option, missing from the DOM's RequestInit type). */
function fetchVia(client: Deno.HttpClient, url: string, init: RequestInit = {}) {
  const withClient: RequestInit & { client: Deno.HttpClient } = { ...init, client };
  return fetch(url, withClient);
}

async function get(url: string, client: Deno.HttpClient) {
  const res = await fetchVia(client, url, { redirect: "manual" });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), text: await res.text() };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The audit CSV's rows (after the header) as records. */
async function auditRows(w: World) {
  const csv = await w.pro.get(`/dashboard/appointments/${w.apptId}/audit.csv`);
  assert.equal(csv.status, 200);
  const [header, ...lines] = csv.text.trimEnd().split("\r\n");
  assert.equal(header, "time,last_time,count,who,what,actor,action,detail");
  return lines.map((l) => {
    const [time, lastTime, count, who, what, actor, action, detail] = l.split(",");
    return { time, lastTime, count: Number(count), who, what, actor, action, detail };
  });
}

Deno.test("3,000 refused links for one appointment leave one counted audit row and a small page", async () => {
  const w = await setUp();
  try {
    const before = (await w.pro.get(`/dashboard/appointments/${w.apptId}`)).text.length;
    // 100 addresses × 30 refusals: all within the per-address limit, so every one is audited.
    const addresses = Array.from({ length: FLOOD / PER_ADDRESS }, (_, i) => `127.0.1.${i + 1}`);
    const clients = addresses.map(from);
    const statuses = new Map<number, number>();
    const started = performance.now();
    for (let round = 0; round < PER_ADDRESS; round++) {
      const answers = await Promise.all(clients.map((c) => get(w.app.url + w.revokedLink, c)));
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    }
    const seconds = (performance.now() - started) / 1000;
    for (const c of clients) c.close();
    assert.deepEqual([...statuses], [[410, FLOOD]]);

    const rejected = (await auditRows(w)).filter((r) => r.action === "link.rejected");
    // One row per appointment, reason and 10-minute window: two if the flood spans a window's end.
    assert.ok(rejected.length <= 2, `${rejected.length} rows`);
    assert.ok(rejected.every((r) => r.detail === "revoked"));
    assert.equal(sum(rejected.map((r) => r.count)), FLOOD, "the CSV keeps how many there were");

    const page = await w.pro.get(`/dashboard/appointments/${w.apptId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /\d+×, last /);
    console.info(
      `${FLOOD} refusals in ${seconds.toFixed(1)} s: ${rejected.length} audit row(s); ` +
        `appointment page ${before} → ${page.text.length} bytes`,
    );
    assert.ok(page.text.length < before + 2_000, `page grew from ${before} to ${page.text.length}`);
  } finally {
    await w.app.stop();
  }
});

Deno.test("one address gets 429 with Retry-After once past its refusals; others are unaffected", async () => {
  const w = await setUp();
  const flooder = from("127.0.2.1");
  const other = from("127.0.2.2");
  try {
    const statuses: number[] = [];
    for (let i = 0; i < PER_ADDRESS + 20; i++) {
      statuses.push((await get(w.app.url + w.revokedLink, flooder)).status);
    }
    assert.deepEqual(statuses, [...Array(PER_ADDRESS).fill(410), ...Array(20).fill(429)]);

    const page = await get(w.app.url + w.revokedLink, flooder);
    assert.equal(page.status, 429);
    const retry = Number(page.retryAfter);
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    assert.match(page.text, /<h1>Too many links that did not work<\/h1>/);
    assert.match(page.text, new RegExp(`try again in ${retry} seconds`));

    // The API and the appointment page count against the same address, and answer 429 too.
    const api = await fetchVia(flooder, `${w.app.url}/api/validate-link`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: "x" }),
    });
    assert.equal(api.status, 429);
    assert.equal((await api.json()).error, "too_many_refusals");
    assert.equal((await get(`${w.app.url}/appointments/${w.apptId}`, flooder)).status, 429);

    // Another address still gets the real answer; only the limited refusals were audited.
    assert.equal((await get(w.app.url + w.revokedLink, other)).status, 410);
    const rejected = (await auditRows(w)).filter((r) => r.action === "link.rejected");
    assert.equal(sum(rejected.map((r) => r.count)), PER_ADDRESS + 1);
  } finally {
    flooder.close();
    other.close();
    await w.app.stop();
  }
});

Deno.test("the appointment page shows its audit trail in pages; the CSV keeps everything", async () => {
  const w = await setUp();
  try {
    // Each revoke is its own row ("link version N"): created + 1 revoke in setUp + 59 = 61 rows.
    for (let i = 0; i < 59; i++) await revoke(w.pro, w.apptId);
    const base = `/dashboard/appointments/${w.apptId}`;
    const rowsOf = (html: string) =>
      [...html.matchAll(/<tr\s+data-action="(link\.revoked|appointment\.created)"/g)].map((m) =>
        m[1]
      );

    const first = await w.pro.get(base);
    assert.equal(rowsOf(first.text).length, 50);
    assert.doesNotMatch(first.text, /appointment\.created/, "newest first");
    assert.match(first.text, /Page 1 of 2 \(61 entries\)/);
    assert.doesNotMatch(first.text, /Newer entries/);
    const older = first.text.match(/<a href="([^"]+)" rel="next">Older entries →<\/a>/)?.[1];
    assert.equal(older, `${base}?page=2#audit-heading`);

    const second = await w.pro.get(older!.replace(/#.*/, ""));
    assert.equal(second.status, 200);
    assert.deepEqual(rowsOf(second.text).slice(-2), ["link.revoked", "appointment.created"]);
    assert.equal(rowsOf(second.text).length, 11);
    assert.match(second.text, /<a href="[^"]+\?page=1#audit-heading" rel="prev">← Newer entries/);
    assert.doesNotMatch(second.text, /Older entries/);

    const beyond = await w.pro.get(`${base}?page=3`);
    assert.equal(beyond.status, 404);
    assert.match(beyond.text, /The audit trail has 2 pages\./);
    for (const bad of ["0", "abc", "-1", "1.5", "9999999"]) {
      const res = await w.pro.get(`${base}?page=${bad}`);
      assert.equal(res.status, 400, `page=${bad}`);
      assert.match(res.text, /No such page/);
    }
    assert.equal((await auditRows(w)).length, 61, "the CSV has every row");
  } finally {
    await w.app.stop();
  }
});

/** The text of every cell of the page's audit table, row by row. */
function auditCells(html: string): string[][] {
  const table = html.slice(html.indexOf('<table class="responsive audit">'));
  const body = table.slice(0, table.indexOf("</table>"));
  return [...body.matchAll(/<tr\s+data-action="[^"]*">(.*?)<\/tr>/gs)].map((r) =>
    [...r[1].matchAll(/<td>(.*?)<\/td>/gs)].map((c) => c[1].replace(/<[^>]+>/g, ""))
  );
}

Deno.test("the audit trail speaks plain words with names; the CSV keeps the codes beside them", async () => {
  const w = await setUp();
  try {
    const refused = await fetch(`${w.app.url}${w.revokedLink}`, { redirect: "manual" });
    await refused.body?.cancel();
    assert.equal(refused.status, 410);
    const page = await w.pro.get(`/dashboard/appointments/${w.apptId}`);
    const rows = auditCells(page.text).map(([_when, who, what]) => `${who} — ${what}`);
    assert.deepEqual(rows, [
      "Frontdesk — A link was opened after it had been revoked",
      "Dr. Flood — Revoked the client's link and issued a new one",
      "Dr. Flood — Created the appointment",
    ]);
    for (const code of ["link.rejected", "link.revoked", "appointment.created", "system"]) {
      assert.ok(!rows.join("\n").includes(code), `no "${code}" in the table`);
    }
    const csv = await auditRows(w);
    assert.deepEqual(csv.map((r) => [r.who, r.action]), [
      ["Dr. Flood", "appointment.created"],
      ["Dr. Flood", "link.revoked"],
      ["Frontdesk", "link.rejected"],
    ]);
  } finally {
    await w.app.stop();
  }
});
