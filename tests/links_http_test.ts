/**
 * Issue 3 end to end over HTTP against the real server process: link
 * exchange, the token attack matrix, the dashboard forms (with and without a
 * valid CSRF token), revoke, cancel, the validate-link API, and that no token
 * or client name reaches the logs.
 */
import assert from "node:assert/strict";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, clientLinkFrom, csrfFrom } from "./helpers/browserless_client.ts";
import { forge, rs256, testSecret, unsigned } from "./helpers/tokens.ts";

const CLIENT_NAME = "Grace Hopper-Testclient";

interface World {
  app: AppProcess;
  secret: string;
  pro: Client;
  proToken: string;
  apptId: string;
  clientLink: string;
  tokensSeen: string[];
}

async function setUp(t: Deno.TestContext): Promise<World> {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-links-" });
  const proToken = await addProfessional(dataDir, "Dr. Test Professional", {
    LINK_SECRET: secret,
  });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const pro = new Client(app.url);
  const tokensSeen = [proToken];
  let apptId = "";
  let clientLink = "";
  await t.step("dashboard link sets an HttpOnly session cookie and drops the token", async () => {
    const res = await pro.fetch(`/pro-link?token=${proToken}`);
    await res.body?.cancel();
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/dashboard");
    const cookie = res.headers.get("set-cookie") ?? "";
    assert.match(cookie, /^fd_pro=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    const dash = await pro.get("/dashboard");
    assert.equal(dash.status, 200);
    assert.match(dash.text, /Your appointments/);
  });
  await t.step("creating an appointment redirects to it, with its client link", async () => {
    const dash = await pro.get("/dashboard");
    const res = await pro.postForm("/dashboard", {
      csrf: csrfFrom(dash.text),
      tz: "UTC",
      clientName: CLIENT_NAME,
      start: new Date(Date.now() + 2 * 3_600_000).toISOString().slice(0, 16),
      durationMin: "45",
    });
    await res.body?.cancel();
    assert.equal(res.status, 303);
    const location = res.headers.get("location")!;
    apptId = location.split("/").pop()!;
    const page = await pro.get(location);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`Appointment with ${CLIENT_NAME}`));
    clientLink = clientLinkFrom(page.text);
    tokensSeen.push(new URL(clientLink).searchParams.get("token")!);
  });
  return { app, secret, pro, proToken, apptId, clientLink, tokensSeen };
}

/** Asserts a refusal is a human page with no call UI and no script. */
function assertRefusalPage(text: string) {
  assert.match(text, /<h1>/);
  assert.ok(!text.includes("<script"), "a refusal page carries no script");
  assert.ok(!text.includes("data-phase"), "a refusal page shows no appointment state");
}

Deno.test("links, sessions, dashboard forms and the token matrix over HTTP", async (t) => {
  const w = await setUp(t);
  const { app, secret, pro, apptId } = w;
  try {
    await t.step(
      "client link exchanges for a cookie and lands on the appointment page",
      async () => {
        const client = new Client(app.url);
        const res = await client.fetch(
          new URL(w.clientLink).pathname + new URL(w.clientLink).search,
        );
        await res.body?.cancel();
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), `/appointments/${apptId}`);
        assert.match(res.headers.get("set-cookie") ?? "", /^fd_client=.*HttpOnly/i);
        const page = await client.get(`/appointments/${apptId}`);
        assert.equal(page.status, 200);
        assert.match(page.text, /Your appointment with Dr. Test Professional/);
        assert.match(page.text, /data-phase="too_early"/);
        assert.match(page.text, /appointment opens on/);
      },
    );

    const now = Math.floor(Date.now() / 1000);
    const good = { sub: apptId, v: 1 };
    const matrix: [string, () => Promise<string> | string, string, number][] = [
      [
        "alg none",
        () =>
          unsigned({
            kind: "client-link",
            ...good,
            iss: "frontdesk",
            aud: "frontdesk",
            iat: now,
            exp: now + 999,
          }),
        "/join-video",
        401,
      ],
      [
        "HS512 with the same secret",
        () => forge(secret, { ...good, alg: "HS512" }),
        "/join-video",
        401,
      ],
      [
        "RS256 header",
        () =>
          rs256({
            kind: "client-link",
            ...good,
            iss: "frontdesk",
            aud: "frontdesk",
            iat: now,
            exp: now + 999,
          }),
        "/join-video",
        401,
      ],
      [
        "expired",
        () => forge(secret, { ...good, iatSec: now - 7200, expSec: now - 3600 }),
        "/join-video",
        410,
      ],
      [
        "nbf in the future",
        () => forge(secret, { ...good, nbfSec: now + 3600 }),
        "/join-video",
        401,
      ],
      ["wrong iss", () => forge(secret, { ...good, iss: "someone-else" }), "/join-video", 401],
      ["wrong aud", () => forge(secret, { ...good, aud: "someone-else" }), "/join-video", 401],
      ["client token on the professional's route", () => w.tokensSeen[1], "/pro-link", 401],
      ["professional token on the client's route", () => w.proToken, "/join-video", 401],
      [
        "unknown appointment",
        () => forge(secret, { sub: crypto.randomUUID(), v: 1 }),
        "/join-video",
        401,
      ],
      ["tampered signature", () => w.tokensSeen[1].slice(0, -3) + "AAA", "/join-video", 401],
      ["garbage", () => "not-a-token", "/join-video", 401],
      ["empty", () => "", "/join-video", 401],
    ];
    for (const [name, make, route, status] of matrix) {
      await t.step(`refused: ${name} → ${status}`, async () => {
        const client = new Client(app.url);
        const token = await make();
        const res = await client.get(`${route}?token=${encodeURIComponent(token)}`);
        assert.equal(res.status, status, `${name}: ${res.text.slice(0, 200)}`);
        assert.equal(res.res.headers.get("set-cookie"), null, "no session for a refused link");
        assertRefusalPage(res.text);
      });
    }

    await t.step("a session for appointment A does not open appointment B", async () => {
      const dash = await pro.get("/dashboard");
      const res = await pro.postForm("/dashboard", {
        csrf: csrfFrom(dash.text),
        tz: "UTC",
        clientName: "Second Client",
        start: new Date(Date.now() + 7_200_000).toISOString().slice(0, 16),
        durationMin: "30",
      });
      await res.body?.cancel();
      const otherId = res.headers.get("location")!.split("/").pop()!;
      const client = new Client(app.url);
      await (await client.fetch(new URL(w.clientLink).pathname + new URL(w.clientLink).search))
        .body?.cancel();
      const page = await client.get(`/appointments/${otherId}`);
      assert.equal(page.status, 401);
      assertRefusalPage(page.text);
      // And the professional's own session is no client session either.
      const asPro = await pro.get(`/appointments/${apptId}`);
      assert.equal(asPro.status, 401);
    });

    await t.step(
      "invalid form input gives the form back with messages and stores nothing",
      async () => {
        const before = await pro.get("/dashboard");
        const rows = (before.text.match(/data-appointment=/g) ?? []).length;
        const res = await pro.postForm("/dashboard", {
          csrf: csrfFrom(before.text),
          clientName: "  ",
          start: "tomorrow-ish",
          durationMin: "9000",
        });
        const text = await res.text();
        assert.equal(res.status, 400);
        assert.match(text, /id="clientName-error"/);
        assert.match(text, /id="start-error"/);
        assert.match(text, /id="durationMin-error"/);
        assert.match(text, /aria-invalid="true"/);
        const after = await pro.get("/dashboard");
        assert.equal((after.text.match(/data-appointment=/g) ?? []).length, rows);
      },
    );

    await t.step("forms without a valid CSRF token or from another site are refused", async () => {
      const before = await pro.get("/dashboard");
      const rows = (before.text.match(/data-appointment=/g) ?? []).length;
      const fields = {
        clientName: "Forged",
        start: new Date(Date.now() + 3_600_000).toISOString().slice(0, 16),
        durationMin: "30",
      };
      const noToken = await pro.postForm("/dashboard", fields);
      assert.equal(noToken.status, 403);
      assertRefusalPage(await noToken.text());
      const foreign = await pro.fetch("/dashboard", {
        method: "POST",
        headers: {
          origin: "https://evil.example",
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ ...fields, csrf: csrfFrom(before.text) }),
      });
      assert.equal(foreign.status, 403);
      await foreign.body?.cancel();
      const after = await pro.get("/dashboard");
      assert.equal((after.text.match(/data-appointment=/g) ?? []).length, rows);
    });

    await t.step(
      "the call page's URL gives the dashboard the call's settings as JSON, never cached",
      async () => {
        const res = await pro.fetch(`/dashboard/appointments/${apptId}/call`, {
          headers: { accept: "application/json" },
        });
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /application\/json/);
        assert.equal(res.headers.get("cache-control"), "no-store");
        assert.match(res.headers.get("vary") ?? "", /Accept/);
        const body = await res.json();
        assert.equal(body.clientName, CLIENT_NAME);
        assert.ok(Array.isArray(body.network.iceServers));
        assert.equal(body.network.iceTransportPolicy, "all");
        const page = await pro.get(`/dashboard/appointments/${apptId}/call`);
        assert.equal(page.status, 200);
        assert.match(page.res.headers.get("content-type") ?? "", /text\/html/);
      },
    );

    await t.step("no dashboard without a session; no one else's appointment", async () => {
      const anon = new Client(app.url);
      const res = await anon.get("/dashboard");
      assert.equal(res.status, 401);
      assertRefusalPage(res.text);
      const otherPro = new Client(app.url);
      const token = await addProfessional(app.dataDir, "Dr. Other", { LINK_SECRET: secret });
      await (await otherPro.fetch(`/pro-link?token=${token}`)).body?.cancel();
      w.tokensSeen.push(token);
      const theirs = await otherPro.get(`/dashboard/appointments/${apptId}`);
      assert.equal(theirs.status, 404);
      const csv = await otherPro.get(`/dashboard/appointments/${apptId}/audit.csv`);
      assert.equal(csv.status, 404);
      const json = { headers: { accept: "application/json" } };
      const theirCall = await otherPro.fetch(`/dashboard/appointments/${apptId}/call`, json);
      assert.equal(theirCall.status, 404);
      assert.match((await theirCall.json()).error, /no such appointment/);
      const anonCall = await anon.fetch(`/dashboard/appointments/${apptId}/call`, json);
      await anonCall.body?.cancel();
      assert.equal(anonCall.status, 401);
    });

    await t.step("validate-link API answers info for a good token and 401 otherwise", async () => {
      const token = w.tokensSeen[1];
      const ok = await fetch(`${app.url}/api/validate-link`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token }),
      });
      assert.equal(ok.status, 200);
      const body = await ok.json();
      assert.equal(body.appointment.id, apptId);
      assert.equal(body.appointment.professionalName, "Dr. Test Professional");
      assert.equal(body.appointment.durationMin, 45);
      assert.equal(body.appointment.clientName, undefined);
      for (
        const [payload, status] of [
          [JSON.stringify({ token: "garbage" }), 401],
          [JSON.stringify({ token: w.proToken }), 401],
          [JSON.stringify({}), 400],
          ["{not json", 400],
        ] as const
      ) {
        const res = await fetch(`${app.url}/api/validate-link`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: payload,
        });
        assert.equal(res.status, status, payload);
        assert.ok((await res.json()).error);
      }
      const wrongType = await fetch(`${app.url}/api/validate-link`, { method: "POST", body: "x" });
      assert.equal(wrongType.status, 415);
      await wrongType.body?.cancel();
    });

    await t.step(
      "revoking the link: old link and its session get 410, the new link works",
      async () => {
        const client = new Client(app.url);
        await (await client.fetch(new URL(w.clientLink).pathname + new URL(w.clientLink).search))
          .body?.cancel();
        // "Revoke" asks first, on a page of its own (no JavaScript needed).
        const page = await pro.get(`/dashboard/appointments/${apptId}`);
        assert.match(page.text, new RegExp(`href="/dashboard/appointments/${apptId}/revoke"`));
        const confirm = await pro.get(`/dashboard/appointments/${apptId}/revoke`);
        assert.equal(confirm.status, 200);
        assert.match(confirm.text, /Revoke .*&#x27;s link\?|Revoke .*'s link\?/);
        assert.match(
          confirm.text,
          new RegExp(`<form method="post" action="/dashboard/appointments/${apptId}/revoke"`),
        );
        const res = await pro.postForm(`/dashboard/appointments/${apptId}/revoke`, {
          csrf: csrfFrom(confirm.text),
        });
        await res.body?.cancel();
        assert.equal(res.status, 303);
        const renewedAt = res.headers.get("location")!;
        assert.match(renewedAt, /\?renewed=1/);
        const renewed = await pro.get(renewedAt);
        assert.match(renewed.text, /New link — send it again/);
        assert.doesNotMatch(
          (await pro.get(`/dashboard/appointments/${apptId}`)).text,
          /New link — send it again/,
          "said once, right after the revoke",
        );
        const old = await new Client(app.url).get(
          new URL(w.clientLink).pathname + new URL(w.clientLink).search,
        );
        assert.equal(old.status, 410);
        assert.match(old.text, /replaced by a newer one/);
        assertRefusalPage(old.text);
        const session = await client.get(`/appointments/${apptId}`);
        assert.equal(session.status, 410);
        const fresh = await pro.get(`/dashboard/appointments/${apptId}`);
        const newLink = clientLinkFrom(fresh.text);
        assert.notEqual(newLink, w.clientLink);
        w.tokensSeen.push(new URL(newLink).searchParams.get("token")!);
        const again = new Client(app.url);
        const ex = await again.fetch(new URL(newLink).pathname + new URL(newLink).search);
        await ex.body?.cancel();
        assert.equal(ex.status, 303);
        w.clientLink = newLink;
      },
    );

    await t.step(
      "cancelling: the client page says so; the audit CSV records everything",
      async () => {
        // "Cancel" asks first, with an optional reason for the client.
        const confirm = await pro.get(`/dashboard/appointments/${apptId}/cancel`);
        assert.equal(confirm.status, 200);
        assert.match(confirm.text, /Cancel the appointment with/);
        assert.match(confirm.text, /name="reason"/);
        const csrf = csrfFrom(confirm.text);
        const tooLong = await pro.postForm(`/dashboard/appointments/${apptId}/cancel`, {
          csrf,
          reason: "x".repeat(301),
        });
        assert.equal(tooLong.status, 400);
        assert.match(await tooLong.text(), /keep the reason to 300 characters or fewer/);
        const still = await pro.get(`/dashboard/appointments/${apptId}`);
        assert.doesNotMatch(still.text, /data-status="cancelled"/, "nothing cancelled");
        const res = await pro.postForm(`/dashboard/appointments/${apptId}/cancel`, {
          csrf,
          reason: "  I am unwell <today>; I will call you.  ",
        });
        await res.body?.cancel();
        assert.equal(res.status, 303);
        const client = new Client(app.url);
        await (await client.fetch(new URL(w.clientLink).pathname + new URL(w.clientLink).search))
          .body?.cancel();
        const clientPage = await client.get(`/appointments/${apptId}`);
        assert.equal(clientPage.status, 200);
        assert.match(clientPage.text, /data-phase="cancelled"/);
        assert.match(
          clientPage.text,
          /Their message: <q[^>]*>I am unwell &lt;today(&gt;|>); I will call you\.<\/q>/,
        );
        const again = await pro.get(`/dashboard/appointments/${apptId}/cancel`);
        assert.equal(again.status, 409, "nothing left to cancel");
        const call = await pro.fetch(`/dashboard/appointments/${apptId}/call`, {
          headers: { accept: "application/json" },
        });
        assert.equal(call.status, 409);
        assert.match((await call.json()).error, /cancelled/);
        const callPage = await pro.get(`/dashboard/appointments/${apptId}/call`);
        assert.equal(callPage.status, 409);
        assertRefusalPage(callPage.text);
        const csv = await pro.get(`/dashboard/appointments/${apptId}/audit.csv`);
        assert.equal(csv.status, 200);
        assert.match(csv.res.headers.get("content-type") ?? "", /text\/csv/);
        for (
          const action of ["appointment.created", "link.opened", "link.revoked", "link.rejected"]
        ) {
          assert.ok(csv.text.includes(action), `audit CSV has ${action}`);
        }
        assert.match(csv.text, /cancelled/);
        for (const token of w.tokensSeen) assert.ok(!csv.text.includes(token), "no token in audit");
      },
    );

    await t.step("logs contain no token and no client name", () => {
      const logs = app.output();
      for (const token of w.tokensSeen) assert.ok(!logs.includes(token), "token in logs");
      assert.ok(!logs.includes(CLIENT_NAME), "client name in logs");
      assert.ok(!logs.includes("Second Client"), "client name in logs");
    });
  } finally {
    await app.stop();
  }
});
