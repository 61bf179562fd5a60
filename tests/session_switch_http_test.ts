/**
 * Issue 16, finding 6a (login CSRF), over HTTP against the real server: a
 * dashboard or appointment link opened in a browser that already holds a
 * different session asks before switching; only the page's own POST (token
 * in the body, CSRF token bound to the session it replaces) switches. The
 * same session, or none, still goes straight through.
 */
import assert from "node:assert/strict";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, clientLinkFrom, csrfFrom } from "./helpers/browserless_client.ts";
import { testSecret } from "./helpers/tokens.ts";

interface World {
  app: AppProcess;
  adaToken: string;
  bobToken: string;
  /** Client links (path and query) of two of Ada's appointments. */
  linkX: string;
  linkY: string;
  idX: string;
  idY: string;
}

async function setUp(): Promise<World> {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-switch-" });
  const adaToken = await addProfessional(dataDir, "Dr. Ada Switch", { LINK_SECRET: secret });
  const bobToken = await addProfessional(dataDir, "Dr. Bob Other", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const ada = new Client(app.url);
  await (await ada.fetch(`/pro-link?token=${adaToken}`)).body?.cancel();
  const create = async (hoursAhead: number) => {
    const res = await ada.postForm("/dashboard", {
      csrf: csrfFrom((await ada.get("/dashboard")).text),
      tz: "UTC",
      clientName: `Client in ${hoursAhead} h`,
      start: new Date(Date.now() + hoursAhead * 3_600_000).toISOString().slice(0, 16),
      durationMin: "30",
    });
    await res.body?.cancel();
    const id = res.headers.get("location")!.split("/").pop()!;
    const link = new URL(clientLinkFrom((await ada.get(`/dashboard/appointments/${id}`)).text));
    return { id, link: link.pathname + link.search };
  };
  const x = await create(2);
  const y = await create(5);
  return { app, adaToken, bobToken, linkX: x.link, linkY: y.link, idX: x.id, idY: y.id };
}

/** The hidden fields of the switch page's form. */
function switchForm(html: string) {
  const field = (name: string) => html.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];
  const action = html.match(/<form method="post" action="([^"]+)"/)?.[1];
  return { action, token: field("token"), csrf: field("csrf") };
}

function assertQuestionPage(res: Response, text: string, title: RegExp) {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("set-cookie"), null, "asking sets no cookie");
  assert.match(res.headers.get("cache-control") ?? "", /no-store/);
  assert.equal(res.headers.get("referrer-policy"), "no-referrer");
  assert.match(text, title);
  assert.ok(!text.includes("<script"), "the question page has no script");
}

Deno.test("opening a link in a browser with another session asks before switching", async (t) => {
  const w = await setUp();
  const { app } = w;
  const origin = { origin: app.url, "content-type": "application/x-www-form-urlencoded" };
  try {
    await t.step("pro-link: signed in as Ada, Bob's link asks and keeps Ada", async () => {
      const browser = new Client(app.url);
      await (await browser.fetch(`/pro-link?token=${w.adaToken}`)).body?.cancel();
      const adaCookie = browser.cookies.get("fd_pro");
      const res = await browser.fetch(`/pro-link?token=${w.bobToken}`);
      const text = await res.text();
      assertQuestionPage(res, text, /Switch dashboards\?/);
      assert.match(text, /You are signed in as Dr\. Ada Switch/);
      assert.match(text, /signs you in as Dr\. Bob Other/);
      const form = switchForm(text);
      assert.equal(form.action, "/pro-link", "the form's address carries no token");
      assert.equal(form.token, w.bobToken);
      assert.equal(browser.cookies.get("fd_pro"), adaCookie);
      assert.match((await browser.get("/dashboard")).text, /Signed in as Dr\. Ada Switch/);
    });

    await t.step("pro-link: a forged or cross-site confirmation switches nothing", async () => {
      const browser = new Client(app.url);
      await (await browser.fetch(`/pro-link?token=${w.adaToken}`)).body?.cancel();
      const page = await browser.get(`/pro-link?token=${w.bobToken}`);
      const { csrf } = switchForm(page.text);
      const attempts: [string, Record<string, string>, Record<string, string>][] = [
        ["no CSRF token", origin, { token: w.bobToken }],
        ["a wrong CSRF token", origin, { token: w.bobToken, csrf: "x".repeat(43) }],
        ["from another site", { ...origin, "sec-fetch-site": "cross-site" }, {
          token: w.bobToken,
          csrf: csrf!,
        }],
      ];
      for (const [label, headers, fields] of attempts) {
        const res = await browser.fetch("/pro-link", {
          method: "POST",
          headers,
          body: new URLSearchParams(fields),
        });
        assert.equal(res.status, 403, label);
        assert.match(await res.text(), /This question has expired/, label);
        assert.equal(res.headers.get("set-cookie"), null, label);
      }
      // A browser with no session at all has nothing the token could be bound to.
      const stranger = new Client(app.url);
      const res = await stranger.postForm("/pro-link", { token: w.bobToken, csrf: csrf! });
      assert.equal(res.status, 403);
      await res.body?.cancel();
      assert.match((await browser.get("/dashboard")).text, /Signed in as Dr\. Ada Switch/);
    });

    await t.step("pro-link: confirming switches to Bob", async () => {
      const browser = new Client(app.url);
      await (await browser.fetch(`/pro-link?token=${w.adaToken}`)).body?.cancel();
      const form = switchForm((await browser.get(`/pro-link?token=${w.bobToken}`)).text);
      const res = await browser.postForm(form.action!, { token: form.token!, csrf: form.csrf! });
      await res.body?.cancel();
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/dashboard");
      assert.match((await browser.get("/dashboard")).text, /Signed in as Dr\. Bob Other/);
    });

    await t.step(
      "pro-link: the same professional's link, or no session, goes straight in",
      async () => {
        const browser = new Client(app.url);
        for (let i = 0; i < 2; i++) {
          const res = await browser.fetch(`/pro-link?token=${w.adaToken}`);
          await res.body?.cancel();
          assert.equal(res.status, 303, `visit ${i + 1}`);
          assert.match(res.headers.get("set-cookie") ?? "", /^fd_pro=/);
        }
      },
    );

    await t.step("join-video: in appointment X, Y's link asks and keeps X", async () => {
      const browser = new Client(app.url);
      await (await browser.fetch(w.linkX)).body?.cancel();
      const cookie = browser.cookies.get("fd_client");
      const res = await browser.fetch(w.linkY);
      const text = await res.text();
      assertQuestionPage(res, text, /Switch appointments\?/);
      assert.match(text, /already in another appointment: with Dr\. Ada Switch/);
      const form = switchForm(text);
      assert.equal(form.action, "/join-video");
      assert.equal(form.token, new URL(w.linkY, app.url).searchParams.get("token"));
      assert.equal(browser.cookies.get("fd_client"), cookie);
      assert.equal((await browser.get(`/appointments/${w.idX}`)).status, 200);

      const forged = await browser.postForm("/join-video", { token: form.token! });
      assert.equal(forged.status, 403);
      await forged.body?.cancel();
      assert.equal(browser.cookies.get("fd_client"), cookie);
    });

    await t.step("join-video: confirming switches to Y", async () => {
      const browser = new Client(app.url);
      await (await browser.fetch(w.linkX)).body?.cancel();
      const form = switchForm((await browser.get(w.linkY)).text);
      const res = await browser.postForm(form.action!, { token: form.token!, csrf: form.csrf! });
      await res.body?.cancel();
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `/appointments/${w.idY}`);
      assert.equal((await browser.get(`/appointments/${w.idY}`)).status, 200);
      assert.equal((await browser.get(`/appointments/${w.idX}`)).status, 401);
    });

    await t.step(
      "join-video: the same appointment's link, or no session, goes straight in",
      async () => {
        const browser = new Client(app.url);
        for (let i = 0; i < 2; i++) {
          const res = await browser.fetch(w.linkX);
          await res.body?.cancel();
          assert.equal(res.status, 303, `visit ${i + 1}`);
          assert.equal(res.headers.get("location"), `/appointments/${w.idX}`);
        }
      },
    );

    await t.step("no professional or client name reaches the logs", () => {
      assert.doesNotMatch(app.output(), /Ada Switch|Bob Other|Client in/);
    });
  } finally {
    await app.stop();
  }
});
