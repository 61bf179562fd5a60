/**
 * Issue 19 §3 without a browser (no JavaScript), against the real server: the planner's groups
 * hold the right appointments (today's, later days', and past ones including missed ones), Join
 * is offered only for open appointments, the search by client name filters server-side, and a
 * start in the past is refused on its field with the form first and that field focused.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { testSecret } from "./helpers/tokens.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";
import { seedWeek, WEEK, type WeekKey } from "./helpers/planner_seed.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const PRO = "Dr. Planner";

/** The HTML of one planner group (`today`, `upcoming`, `past`). */
function groupHtml(html: string, group: string): string {
  const m = html.match(new RegExp(`<section[^>]*data-group="${group}"[\\s\\S]*?</section>`));
  assert.ok(m, `no ${group} group`);
  return m[0];
}

/** The rows of a group: each one's id, client name, status and whether it offers Join. */
function rowsOf(html: string) {
  return [...html.matchAll(/<tr\s+data-appointment="([^"]+)"[\s\S]*?<\/tr>/g)].map((m) => ({
    id: m[1],
    name: m[0].match(/class="truncate" title="([^"]*)"/)?.[1],
    status: m[0].match(/data-status="([a-z_]+)"/)?.[1],
    join: m[0].includes(`/dashboard/appointments/${m[1]}/call`),
  }));
}

Deno.test({
  name: "http: the day planner's groups, Join only while open, search, a past start refused",
  ...opts,
  async fn(t) {
    const secret = testSecret();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-planner-http-" });
    const token = await addProfessional(dataDir, PRO, { LINK_SECRET: secret });
    const app = await startApp({ dataDir, env: { LINK_SECRET: secret, TZ: "UTC" } });
    try {
      const ids = await seedWeek(dataDir, PRO);
      const nameOf = (key: WeekKey) => WEEK[key].name;
      const pro = new Client(app.url);
      await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();

      await t.step("Today, Upcoming and Past hold the right appointments", async () => {
        const page = await pro.get("/dashboard");
        assert.equal(page.status, 200);
        const today = rowsOf(groupHtml(page.text, "today"));
        const upcoming = rowsOf(groupHtml(page.text, "upcoming"));
        const past = rowsOf(groupHtml(page.text, "past"));
        assert.deepEqual(today.map((r) => r.name), [nameOf("open"), nameOf("long")]);
        assert.deepEqual(upcoming.map((r) => r.name), [nameOf("inThreeDays"), nameOf("nextWeek")]);
        assert.deepEqual(
          past.map((r) => [r.name, r.status]),
          [
            [nameOf("closedUnwritten"), "missed"],
            [nameOf("missed"), "missed"],
            [nameOf("completed"), "completed"],
          ],
          "latest first; the one nobody came to shows as missed even before the closer wrote it",
        );
        const next = page.text.match(/data-testid="next-up"[\s\S]*?<\/section>/)?.[0] ?? "";
        assert.match(next, new RegExp(nameOf("open")), "next up: the one open now");
        assert.ok(next.includes(`/dashboard/appointments/${ids.open}/call`), "next up has Join");
      });

      await t.step("Join only on open appointments: not next week's, not past ones", async () => {
        const page = await pro.get("/dashboard");
        const rows = ["today", "upcoming", "past"].flatMap((g) => rowsOf(groupHtml(page.text, g)));
        const withJoin = rows.filter((r) => r.join).map((r) => r.id).sort();
        assert.deepEqual(withJoin, [ids.open, ids.long].sort());
      });

      await t.step("search by client name filters on the server (?q=, no JavaScript)", async () => {
        const olga = await pro.get("/dashboard?q=OLGA");
        assert.equal(olga.status, 200);
        assert.deepEqual(rowsOf(groupHtml(olga.text, "today")).map((r) => r.id), [ids.open]);
        assert.deepEqual(rowsOf(groupHtml(olga.text, "upcoming")), []);
        assert.deepEqual(rowsOf(groupHtml(olga.text, "past")), []);
        assert.match(olga.text, /1 appointment with a client named like “OLGA”/);
        assert.match(olga.text, /<input id="q" name="q" type="search" value="OLGA"/);
        const mia = await pro.get("/dashboard?q=mia%20mis");
        assert.deepEqual(rowsOf(groupHtml(mia.text, "past")).map((r) => r.id), [ids.missed]);
        const none = await pro.get("/dashboard?q=zebra");
        assert.match(none.text, /No appointment with a client named like “zebra”/);
        assert.doesNotMatch(none.text, /data-testid="next-up"/, "no next up while searching");
      });

      await t.step("a search too long is refused with a clear message on its field", async () => {
        const page = await pro.get(`/dashboard?q=${"x".repeat(81)}`);
        assert.equal(page.status, 400);
        assert.match(page.text, /id="q-error" class="field-error">Please search for at most 80/);
        assert.match(page.text, /aria-invalid="true" aria-describedby="q-error"/);
      });

      await t.step(
        "a start three hours ago is refused: form first, the field focused",
        async () => {
          const csrf = csrfFrom((await pro.get("/dashboard")).text);
          const res = await pro.postForm("/dashboard", {
            csrf,
            tz: "UTC",
            clientName: "Late Larry",
            start: new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 16),
            durationMin: "30",
          });
          assert.equal(res.status, 400);
          const text = await res.text();
          assert.match(text, /id="start-error" class="field-error">That time is in the past/);
          assert.match(text, /<input id="start"[^>]*aria-invalid="true"[^>]*autofocus/);
          assert.equal(text.match(/autofocus/g)?.length, 1, "one field has the focus");
          assert.match(text, /data-testid="error-summary"[\s\S]*href="#start"/);
          assert.ok(
            text.indexOf('id="new-appointment"') < text.indexOf('data-group="today"'),
            "after a failed submit the form comes before the planner",
          );
          assert.match(text, /value="Late Larry"/, "what was typed is kept");
        },
      );

      await t.step("a start two minutes ago is still accepted", async () => {
        const csrf = csrfFrom((await pro.get("/dashboard")).text);
        const res = await pro.postForm("/dashboard", {
          csrf,
          tz: "UTC",
          clientName: "Just Justine",
          start: new Date(Date.now() - 2 * 60_000).toISOString().slice(0, 16),
          durationMin: "30",
        });
        await res.body?.cancel();
        assert.equal(res.status, 303);
        const page = await pro.get("/dashboard");
        const today = rowsOf(groupHtml(page.text, "today"));
        assert.ok(today.some((r) => r.name === "Just Justine" && r.join));
        assert.ok(
          page.text.indexOf('id="new-appointment"') > page.text.indexOf('data-group="past"'),
          "normally the form comes after the planner, reached from “New appointment”",
        );
        assert.match(
          page.text,
          /<a class="button primary new-appointment" href="#new-appointment"/,
        );
      });

      const logs = app.output();
      for (const a of Object.values(WEEK)) assert.ok(!logs.includes(a.name), "no name in logs");
    } finally {
      await app.stop();
    }
  },
});
