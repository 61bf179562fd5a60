/**
 * Issue 17 §4 (instant calls), the HTTP side, against the real server with MAX_PARTICIPANTS=3:
 * "Start an instant call" (CSRF), its one share link, the name form it opens (bad names asked
 * again with the input kept, CSRF), the visitor's guest session and waiting page, "New link"
 * stopping the old link, and a full call refused in plain words.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";
import { createAppointment } from "./helpers/app_session.ts";
import { guestsFrom, open } from "./helpers/guests.ts";
import { testSecret } from "./helpers/tokens.ts";

const linkFrom = (html: string) =>
  html.match(/(https?:\/\/[^"<\s]+\/join-video\?token=[A-Za-z0-9._-]+)/)?.[1];

/** A visitor who opened `link`: the answer, and the knock form's CSRF token if shown. */
async function visit(base: string, link: string) {
  const visitor = new Client(base);
  const res = await open(visitor, link);
  await res.body?.cancel();
  return { visitor, res };
}

async function knock(visitor: Client, id: string, name: string, csrf?: string) {
  const token = csrf ?? csrfFrom((await visitor.get(`/appointments/${id}/knock`)).text);
  const res = await visitor.postForm(`/appointments/${id}/knock`, { csrf: token, name });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

Deno.test("instant calls: start, the share link, the name form and New link over HTTP", async (t) => {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-instant-" });
  const token = await addProfessional(dataDir, "Dr. Ada Instant", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret, MAX_PARTICIPANTS: "3" } });
  const ada = new Client(app.url);
  const names = ["Vera Visitor-Testname", "Walt Visitor-Testname", "Xena Third-Testname"];
  const tokens: string[] = [token];
  try {
    await (await ada.fetch(`/pro-link?token=${token}`)).body?.cancel();
    let id = "";
    let link = "";

    await t.step("without a CSRF token the dashboard starts nothing (403)", async () => {
      const res = await ada.postForm("/dashboard/instant-call", { csrf: "nope" });
      assert.equal(res.status, 403);
      await res.body?.cancel();
      assert.ok(!(await ada.get("/dashboard")).text.includes("Instant call"));
    });

    await t.step("Start an instant call: a call starting now with one share link", async () => {
      const dash = await ada.get("/dashboard");
      assert.match(dash.text, /action="\/dashboard\/instant-call"/);
      const res = await ada.postForm("/dashboard/instant-call", { csrf: csrfFrom(dash.text) });
      await res.body?.cancel();
      assert.equal(res.status, 303);
      id = res.headers.get("location")!.split("/").pop()!;
      const page = await ada.get(`/dashboard/appointments/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1>Instant call<\/h1>/);
      assert.match(page.text, /Copy call link/);
      // Disabled until the island hydrates, so an early click is not lost without a word.
      assert.match(page.text, /<button type="button"\s+disabled>Copy call link<\/button>/);
      assert.match(page.text, /New link \(stop the old one\)/);
      link = linkFrom(page.text)!;
      tokens.push(new URL(link).searchParams.get("token")!);
      assert.match((await ada.get("/dashboard")).text, /Instant call/, "listed on the dashboard");
    });

    let vera: Client;
    await t.step("the share link opens the name form, without a cookie for a person", async () => {
      const { visitor, res } = await visit(app.url, link);
      vera = visitor;
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `/appointments/${id}/knock`);
      const cookies = res.headers.getSetCookie();
      assert.ok(cookies.some((c) => /^fd_share=.+HttpOnly/i.test(c)), cookies.join("\n"));
      assert.ok(!cookies.some((c) => /^fd_(guest|client)=/.test(c)));
      const form = await vera.get(`/appointments/${id}/knock`);
      assert.equal(form.status, 200);
      assert.match(form.text, /Join the call with Dr\. Ada Instant/);
      assert.match(form.text, /Your name/);
      // The page of the call itself is not theirs yet.
      assert.equal((await vera.get(`/appointments/${id}`)).status, 401);
    });

    await t.step("bad names: 400, the error, the input kept, nobody added", async () => {
      const cases: [string, RegExp][] = [
        ["   ", /Please enter a name/],
        ["Eve\u202Eexe.jpg", /U\+202E/],
        ["y".repeat(81), /80 characters/],
      ];
      for (const [name, message] of cases) {
        const r = await knock(vera, id, name);
        assert.equal(r.status, 400, JSON.stringify(name));
        assert.match(r.text, message);
        assert.match(r.text, /id="name-error"/);
        if (name.trim()) assert.ok(r.text.includes(`value="${name}"`), "input kept");
      }
      const page = await ada.get(`/dashboard/appointments/${id}`);
      assert.equal(guestsFrom(page.text).length, 0);
    });

    await t.step("the name form needs its CSRF token and the share session", async () => {
      const forged = await knock(vera, id, names[0], "forged");
      assert.equal(forged.status, 403);
      assert.match(forged.text, /This form has expired/);
      const stranger = new Client(app.url);
      const none = await stranger.postForm(`/appointments/${id}/knock`, {
        csrf: "x",
        name: "Nobody",
      });
      assert.equal(none.status, 403);
      await none.body?.cancel();
      const noSession = await stranger.get(`/appointments/${id}/knock`);
      assert.equal(noSession.status, 401);
      assert.match(noSession.text, /Please open the link you were sent/);
      assert.equal(guestsFrom((await ada.get(`/dashboard/appointments/${id}`)).text).length, 0);
    });

    await t.step(
      "a good name: a guest session and the call page to knock in; listed as knocking",
      async () => {
        const r = await knock(vera, id, `  ${names[0]} `);
        assert.equal(r.status, 303, r.text.slice(0, 300));
        assert.equal(r.location, `/appointments/${id}`);
        assert.ok(vera.cookies.has("fd_guest"));
        assert.ok(!vera.cookies.has("fd_share"), "the share session has done its job");
        const page = await vera.get(`/appointments/${id}`);
        assert.equal(page.status, 200);
        assert.match(page.text, /Call with Dr\. Ada Instant/);
        // The call island, where the visitor knocks (signaling/knocks.ts).
        assert.match(page.text, /\/ws\?role=guest/);
        // Opening the share link again from this browser does not knock twice.
        const again = await open(vera, link);
        await again.body?.cancel();
        const form = await vera.fetch(`/appointments/${id}/knock`);
        await form.body?.cancel();
        assert.equal(form.status, 303);
        assert.equal(form.headers.get("location"), `/appointments/${id}`);
        const dash = await ada.get(`/dashboard/appointments/${id}`);
        assert.deepEqual(guestsFrom(dash.text).map((g) => [g.name, g.link]), [[names[0], null]]);
        assert.match(dash.text, /came through the call link · not let in yet/);
      },
    );

    await t.step("a full call (MAX_PARTICIPANTS=3) refuses the next visitor with 409", async () => {
      const walt = (await visit(app.url, link)).visitor;
      assert.equal((await knock(walt, id, names[1])).status, 303);
      const xena = (await visit(app.url, link)).visitor;
      const r = await knock(xena, id, names[2]);
      assert.equal(r.status, 409);
      assert.match(r.text, /This call is full: it already has 3 people/);
      assert.equal(guestsFrom((await ada.get(`/dashboard/appointments/${id}`)).text).length, 2);
    });

    await t.step("New link: the old link and a pending share session stop (410)", async () => {
      const pending = (await visit(app.url, link)).visitor;
      const csrf = csrfFrom((await ada.get(`/dashboard/appointments/${id}`)).text);
      const res = await ada.postForm(`/dashboard/appointments/${id}/share-link`, { csrf });
      await res.body?.cancel();
      assert.equal(res.status, 303);
      const old = await new Client(app.url).get(new URL(link).pathname + new URL(link).search);
      assert.equal(old.status, 410);
      assert.match(old.text, /This call's link was stopped.*Ask Dr\. Ada Instant/s);
      const form = await pending.get(`/appointments/${id}/knock`);
      assert.equal(form.status, 410);
      const fresh = linkFrom((await ada.get(`/dashboard/appointments/${id}`)).text)!;
      assert.notEqual(fresh, link);
      tokens.push(new URL(fresh).searchParams.get("token")!);
      assert.equal((await visit(app.url, fresh)).res.status, 303, "the new link works");
      assert.equal((await vera.get(`/appointments/${id}`)).status, 200, "who knocked stays");
    });

    await t.step("New link on a scheduled appointment: 409; without CSRF: 403", async () => {
      const appt = await createAppointment(ada, "Sched Client-Testclient", 60);
      const csrf = csrfFrom((await ada.get("/dashboard")).text);
      const r = await ada.postForm(`/dashboard/appointments/${appt.id}/share-link`, { csrf });
      assert.equal(r.status, 409);
      assert.match(await r.text(), /Only an instant call has a call link/);
      const f = await ada.postForm(`/dashboard/appointments/${id}/share-link`, { csrf: "x" });
      assert.equal(f.status, 403);
      await f.body?.cancel();
    });

    await t.step("no visitor name or token in the logs", () => {
      const out = app.output();
      for (const s of [...names, ...tokens]) assert.ok(!out.includes(s), `leaked ${s.slice(0, 8)}`);
    });
  } finally {
    await app.stop();
    await Deno.remove(dataDir, { recursive: true });
  }
});
