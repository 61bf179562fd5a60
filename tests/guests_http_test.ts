/**
 * Issue 17 §2 (guests), the HTTP side, against the real server: the professional adds a guest
 * by name and role (CSRF, bad input, the participant limit), gets the guest's own link,
 * withdraws it and removes the guest; the guest's link becomes a session and the guest's page;
 * withdrawn, removed, expired, forged and foreign links get the human refusal pages; no name
 * or token reaches the logs.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";
import { clientFor, createAppointment } from "./helpers/app_session.ts";
import { guestFieldError, guestsFrom, open, postGuest, postGuestAction } from "./helpers/guests.ts";
import { forge, testSecret } from "./helpers/tokens.ts";
import { upgradeStatus } from "./helpers/raw_upgrade.ts";

const GUEST = "Maria Interpreter-Testguest";
const ROLE = "Sign-language interpreter";

Deno.test("guests: the professional's forms, the guest's link and its refusals over HTTP", async (t) => {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-guests-" });
  const adaToken = await addProfessional(dataDir, "Dr. Ada Guests", { LINK_SECRET: secret });
  const bobToken = await addProfessional(dataDir, "Dr. Bob Other", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const ada = new Client(app.url);
  const bob = new Client(app.url);
  const tokens: string[] = [adaToken, bobToken];
  try {
    await (await ada.fetch(`/pro-link?token=${adaToken}`)).body?.cancel();
    await (await bob.fetch(`/pro-link?token=${bobToken}`)).body?.cancel();
    // Opens in 5 minutes: its window (15 minutes before) is open now.
    const appt = await createAppointment(ada, "Charles Client-Testclient", 5);
    const other = await createAppointment(ada, "Other Client-Testclient", 5);
    let maria = { id: "", name: "", link: "" };

    await t.step(
      "adding a guest redirects to the page, which lists them with their link",
      async () => {
        const r = await postGuest(ada, appt.id, { name: `  ${GUEST} `, role: ROLE });
        assert.equal(r.status, 303, r.text.slice(0, 300));
        assert.equal(r.location, `/dashboard/appointments/${appt.id}#guests`);
        const page = await ada.get(`/dashboard/appointments/${appt.id}`);
        const [g] = guestsFrom(page.text);
        assert.equal(g.name, GUEST, "trimmed");
        assert.ok(g.link, "an invited guest has a link of their own");
        assert.notEqual(g.link, appt.link);
        assert.match(page.text, new RegExp(`\\(${ROLE}\\)`));
        assert.match(page.text, /Withdraw link/);
        assert.match(page.text, /data-seats="3\/4"/);
        maria = { ...g, link: g.link! };
        tokens.push(new URL(maria.link).searchParams.get("token")!);
      },
    );

    await t.step(
      "without a valid CSRF token or from another site: 403, nothing added",
      async () => {
        const forged = await ada.postForm(`/dashboard/appointments/${appt.id}/guests`, {
          csrf: "forged",
          name: "Mallory",
          role: "colleague",
        });
        assert.equal(forged.status, 403);
        assert.match(await forged.text(), /This form has expired/);
        const csrf = csrfFrom((await ada.get(`/dashboard/appointments/${appt.id}`)).text);
        const cross = await ada.fetch(`/dashboard/appointments/${appt.id}/guests`, {
          method: "POST",
          headers: {
            origin: "https://evil.example",
            "content-type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({ csrf, name: "Mallory", role: "colleague" }),
        });
        assert.equal(cross.status, 403);
        await cross.body?.cancel();
        // Another professional's CSRF token and session: the appointment is not theirs.
        const bobs = await postGuest(bob, appt.id, { name: "Mallory", role: "colleague" });
        assert.equal(bobs.status, 404);
        const page = await ada.get(`/dashboard/appointments/${appt.id}`);
        assert.equal(guestsFrom(page.text).length, 1);
        assert.ok(!page.text.includes("Mallory"));
      },
    );

    await t.step("bad names and roles: 400 with the field's error and the input kept", async () => {
      const cases: [string, { name: string; role: string }, "name" | "role", RegExp][] = [
        ["empty name", { name: "  ", role: "colleague" }, "name", /Please enter a name/],
        ["bidi override", { name: "Alice\u202Egpj.exe", role: "colleague" }, "name", /U\+202E/],
        ["81 characters", { name: "x".repeat(81), role: "colleague" }, "name", /80 characters/],
        ["empty role", { name: "Zed", role: "" }, "role", /say who the guest is/],
        ["41-character role", { name: "Zed", role: "r".repeat(41) }, "role", /40 characters/],
        ["zero-width role", { name: "Zed", role: "aunt\u200B" }, "role", /U\+200B/],
      ];
      for (const [label, fields, field, message] of cases) {
        const r = await postGuest(ada, appt.id, fields);
        assert.equal(r.status, 400, label);
        assert.match(guestFieldError(r.text, field) ?? `(no ${field} error)`, message, label);
        const kept = field === "name" ? fields.role : fields.name;
        if (kept) assert.ok(r.text.includes(`value="${kept}"`), `${label}: input kept`);
      }
      const page = await ada.get(`/dashboard/appointments/${appt.id}`);
      assert.equal(guestsFrom(page.text).length, 1, "nothing half-written");
    });

    await t.step("beyond MAX_PARTICIPANTS (4): a clear message, nothing added", async () => {
      const second = await postGuest(ada, appt.id, { name: "Paul Parent", role: "father" });
      assert.equal(second.status, 303);
      const third = await postGuest(ada, appt.id, { name: "Fifth Person", role: "colleague" });
      assert.equal(third.status, 400);
      assert.match(
        guestFieldError(third.text, "name") ?? "(no error)",
        /already has 4 people \(you, Charles Client-Testclient and the guests\)/,
      );
      assert.ok(third.text.includes('value="Fifth Person"'), "input kept");
      assert.match(third.text, /data-seats="4\/4"/);
      assert.match(third.text, /The call is full/);
      const page = await ada.get(`/dashboard/appointments/${appt.id}`);
      assert.equal(guestsFrom(page.text).length, 2);
    });

    const guest = new Client(app.url);
    await t.step("the guest's link becomes a session cookie and the guest's page", async () => {
      const res = await open(guest, maria.link);
      await res.body?.cancel();
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `/appointments/${appt.id}`);
      const cookies = res.headers.getSetCookie();
      assert.ok(cookies.some((c) => /^fd_guest=.+HttpOnly/i.test(c)), cookies.join("\n"));
      assert.ok(cookies.some((c) => /^fd_client=;/.test(c)), "one person a browser");
      const page = await guest.get(`/appointments/${appt.id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Appointment with Dr\. Ada Guests/);
      assert.ok(page.text.includes("/ws?role=guest"), "an invited guest gets the call, as a guest");
      assert.ok(!page.text.includes("/ws?role=client"), "a guest is not given the client's call");
    });

    await t.step(
      "a guest's call socket opens (the hub seats guests); the client's refuses the guest (401)",
      async () => {
        const cookie = `fd_guest=${guest.cookies.get("fd_guest")}`;
        const ws = `${app.url}/ws?role=guest&v=2`;
        assert.equal(await upgradeStatus(ws, { cookie, Origin: app.url }), 101);
        const asClient = `${app.url}/ws?role=client`;
        assert.equal(await upgradeStatus(asClient, { cookie, Origin: app.url }), 401);
      },
    );

    await t.step("a guest session for another appointment is refused there", async () => {
      const page = await guest.get(`/appointments/${other.id}`);
      assert.equal(page.status, 401);
      assert.match(page.text, /This link is for a different appointment/);
    });

    await t.step("a client who opens a guest link is asked before switching", async () => {
      const client = await clientFor(app.url, appt.link);
      const res = await open(client, maria.link);
      const text = await res.text();
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("set-cookie"), null, "asking sets no cookie");
      assert.match(text, /already in this appointment/);
      assert.match(text, new RegExp(`as ${GUEST} \\(${ROLE}\\)`));
      // Confirmed from the page (CSRF bound to the client's session): now the guest.
      const field = (name: string) => text.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];
      const confirm = await client.postForm("/join-video", {
        token: field("token")!,
        csrf: field("csrf")!,
      });
      await confirm.body?.cancel();
      assert.equal(confirm.status, 303);
      assert.ok(client.cookies.has("fd_guest") && !client.cookies.has("fd_client"));
      const page = await client.get(`/appointments/${appt.id}`);
      assert.ok(page.text.includes("/ws?role=guest"), "now the guest's call");
    });

    await t.step(
      "withdrawing the link: the old link and session get 410, the new one works",
      async () => {
        const res = await postGuestAction(ada, appt.id, maria.id, "revoke");
        assert.equal(res.status, 303);
        const old = await open(new Client(app.url), maria.link);
        assert.equal(old.status, 410);
        const oldText = await old.text();
        assert.match(oldText, /This link no longer works/);
        assert.match(oldText, /replaced by a newer one\. Ask Dr\. Ada Guests for the new link/);
        assert.ok(!oldText.includes("<script"), "a refusal page carries no script");
        const session = await guest.get(`/appointments/${appt.id}`);
        assert.equal(session.status, 410);
        const page = await ada.get(`/dashboard/appointments/${appt.id}`);
        const renewed = guestsFrom(page.text).find((g) => g.id === maria.id)!;
        assert.notEqual(renewed.link, maria.link);
        tokens.push(new URL(renewed.link!).searchParams.get("token")!);
        const again = await open(guest, renewed.link!);
        await again.body?.cancel();
        assert.equal(again.status, 303);
        assert.equal((await guest.get(`/appointments/${appt.id}`)).status, 200);
        maria = { ...maria, link: renewed.link! };
      },
    );

    await t.step("expired, forged and unknown guest links: the human refusal pages", async () => {
      const now = Math.floor(Date.now() / 1000);
      const g = { kind: "guest-link", sub: appt.id, v: 2, gid: maria.id };
      const cases: [string, string, number, RegExp][] = [
        [
          "expired",
          await forge(secret, { ...g, iatSec: now - 7200, expSec: now - 3600 }),
          410,
          /This appointment has ended/,
        ],
        ["another secret", await forge(testSecret(), g), 401, /This link is not valid/],
        ["unknown guest", await forge(secret, { ...g, gid: "x".repeat(22) }), 401, /invitation/],
        [
          "guest id of another appointment",
          await forge(secret, { ...g, sub: other.id }),
          401,
          /could not find your invitation/,
        ],
        ["no guest id", await forge(secret, { kind: "guest-link", sub: appt.id, v: 2 }), 401, /./],
      ];
      for (const [label, token, status, message] of cases) {
        const r = await new Client(app.url).get(`/join-video?token=${token}`);
        assert.equal(r.status, status, label);
        assert.match(r.text, message, label);
        assert.match(r.text, /<h1>This link (no longer works|cannot be opened)<\/h1>/, label);
      }
    });

    await t.step(
      "another professional cannot withdraw or remove Ada's guest; unknown: 404",
      async () => {
        assert.equal((await postGuestAction(bob, appt.id, maria.id, "remove")).status, 404);
        assert.equal((await postGuestAction(ada, appt.id, "nobody", "revoke")).status, 404);
        assert.equal((await postGuestAction(ada, other.id, maria.id, "remove")).status, 404);
        const page = await ada.get(`/dashboard/appointments/${appt.id}`);
        assert.equal(guestsFrom(page.text).length, 2);
      },
    );

    await t.step("removing: the guest's page says so, the seat is free again", async () => {
      const res = await postGuestAction(ada, appt.id, maria.id, "remove");
      assert.equal(res.status, 303);
      const page = await guest.get(`/appointments/${appt.id}`);
      assert.equal(page.status, 410);
      assert.match(page.text, /You were removed from this call/);
      const link = await open(new Client(app.url), maria.link);
      assert.equal(link.status, 410);
      await link.body?.cancel();
      const dash = await ada.get(`/dashboard/appointments/${appt.id}`);
      assert.deepEqual(guestsFrom(dash.text).map((x) => x.name), ["Paul Parent"]);
      assert.equal((await postGuestAction(ada, appt.id, maria.id, "remove")).status, 404);
      const again = await postGuest(ada, appt.id, { name: "Fifth Person", role: "colleague" });
      assert.equal(again.status, 303, "the freed seat takes a new guest");
    });

    await t.step("a cancelled appointment takes no guest (409)", async () => {
      const csrf = csrfFrom((await ada.get(`/dashboard/appointments/${other.id}`)).text);
      await (await ada.postForm(`/dashboard/appointments/${other.id}/cancel`, { csrf })).body
        ?.cancel();
      const r = await postGuest(ada, other.id, { name: "Late Guest", role: "colleague", csrf });
      assert.equal(r.status, 409);
      assert.match(r.text, /has no call to add a guest to/);
    });

    await t.step("no guest name, role or token in the logs", () => {
      const out = app.output();
      for (const secretText of [GUEST, ROLE, "Paul Parent", "Fifth Person", ...tokens]) {
        assert.ok(!out.includes(secretText), `leaked: ${secretText.slice(0, 12)}…`);
      }
    });
  } finally {
    await app.stop();
    await Deno.remove(dataDir, { recursive: true });
  }
});
