/**
 * Issue 19 §2 against the real server and a real SMTP receiver: an appointment made with the
 * client's address is copied as an invitation and emailed with a calendar file that parses back
 * (start in UTC, the client link); moving it sends the update (same event, higher SEQUENCE);
 * cancelling with a reason sends METHOD:CANCEL with the reason; bad addresses and times are
 * refused on their fields with nothing written. Two servers sharing one store send a due
 * reminder exactly once.
 */
import assert from "node:assert/strict";
import ICAL from "ical.js";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, clientLinkFrom, csrfFrom, linkGrant } from "./helpers/browserless_client.ts";
import { type CapturedMail, startSmtpReceiver } from "./helpers/smtp_receiver.ts";
import { testSecret } from "./helpers/tokens.ts";
import { createAppointment } from "./helpers/app_session.ts";
import { openStore } from "../app/open_store.ts";
import { toLocalInput } from "../domain/zoned_time.ts";

const TZ = "America/New_York";
const CLIENT = "grace@example.com";

/** The VEVENT of a mail's calendar part, parsed back with ical.js. */
function eventOf(mail: CapturedMail) {
  assert.ok(mail.calendar, "the mail has a text/calendar part");
  const cal = new ICAL.Component(ICAL.parse(mail.calendar.ics));
  const vevent = cal.getFirstSubcomponent("vevent")!;
  return {
    method: cal.getFirstPropertyValue("method"),
    partMethod: mail.calendar.method,
    event: new ICAL.Event(vevent),
    url: vevent.getFirstPropertyValue("url"),
    status: vevent.getFirstPropertyValue("status"),
  };
}

const unescape = (s: string) => s.replaceAll("&amp;", "&").replaceAll("&#39;", "'");

Deno.test("invitations: copied, emailed with a calendar file, moved, cancelled with a reason", async (t) => {
  const secret = testSecret();
  const smtp = await startSmtpReceiver();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-invite-" });
  const token = await addProfessional(dataDir, "Dr. Invite", { LINK_SECRET: secret });
  const app = await startApp({
    dataDir,
    env: { LINK_SECRET: secret, SMTP_URL: smtp.url, MAIL_FROM: "desk@example.org" },
  });
  try {
    const pro = new Client(app.url);
    pro.cookies.set("fd_tz", TZ);
    await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
    const startsAt = Math.ceil((Date.now() + 26 * 3_600_000) / 900_000) * 900_000;
    const create = async (clientEmail: string) =>
      await pro.postForm("/dashboard", {
        csrf: csrfFrom((await pro.get("/dashboard")).text),
        tz: TZ,
        clientName: "Grace Hopper",
        clientEmail,
        start: toLocalInput(startsAt, TZ),
        durationMin: "30",
      });
    let id = "";
    let base = "";

    await t.step("a bad address is refused on its field; a good one is kept", async () => {
      const bad = await create("grace@");
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /id="clientEmail-error" class="field-error">This is not/);
      const res = await create(CLIENT);
      await res.body?.cancel();
      assert.equal(res.status, 303);
      base = res.headers.get("location")!;
      id = base.split("/").pop()!;
      const store = await openStore(dataDir);
      try {
        assert.equal((await store.getAppointment(id))?.clientEmail, CLIENT);
        const appts = await store.listAppointments((await store.listProfessionals())[0].id, 0);
        assert.equal(appts.length, 1, "the refused form wrote nothing");
      } finally {
        store.close();
      }
    });

    let link = "";
    await t.step(
      "the page offers the invitation text: who, when with the zone, the link",
      async () => {
        const page = await pro.get(base);
        link = clientLinkFrom(page.text);
        const text = unescape(page.text.match(/<textarea[^>]*>([^<]*)<\/textarea>/)?.[1] ?? "");
        assert.match(text, /^Dr\. Invite invites you to a video appointment\./);
        assert.match(text, /When: .*\(America\/New_York\)/);
        assert.equal(
          linkGrant(text.match(/Join: (\S+)/)?.[1] ?? ""),
          linkGrant(link),
          "the invitation carries the client link",
        );
        assert.match(page.text, /value="grace@example\.com"/);
      },
    );

    await t.step("Email the invitation: a mail with a REQUEST that parses back", async () => {
      const before = smtp.mails.length;
      const res = await pro.postForm(`${base}/invitation`, {
        csrf: csrfFrom((await pro.get(base)).text),
        clientEmail: CLIENT,
      });
      await res.body?.cancel();
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `${base}?mail=sent#invitation`);
      const mail = await smtp.waitForMail((m) => m.to.includes(CLIENT), before);
      assert.match(mail.subject, /^Video appointment with Dr\. Invite, /);
      assert.equal(linkGrant(clientLinkFrom(mail.text)), linkGrant(link));
      const ics = eventOf(mail);
      assert.equal(ics.method, "REQUEST");
      assert.equal(ics.partMethod, "REQUEST");
      assert.equal(ics.event.startDate.toJSDate().getTime(), startsAt);
      assert.equal(ics.event.duration.toSeconds(), 30 * 60);
      assert.equal(ics.event.uid, `${id}@frontdesk`);
      assert.equal(ics.event.sequence, 0);
      assert.equal(linkGrant(String(ics.url)), linkGrant(link));
      assert.match(
        (await pro.get(`${base}?mail=sent`)).text,
        /Sent\. The client gets the invitation/,
      );
    });

    await t.step("a bad address for the mail is refused on its field, nothing sent", async () => {
      const before = smtp.mails.length;
      const res = await pro.postForm(`${base}/invitation`, {
        csrf: csrfFrom((await pro.get(base)).text),
        clientEmail: "not an address",
      });
      assert.equal(res.status, 400);
      assert.match(await res.text(), /id="invitation-email-error" class="field-error">This is not/);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(smtp.mails.length, before);
    });

    const movedTo = startsAt + 3_600_000;
    await t.step("Move: the update keeps the event and raises its SEQUENCE", async () => {
      const csrf = csrfFrom((await pro.get(base)).text);
      const bad = await pro.postForm(`${base}/reschedule`, {
        csrf,
        tz: TZ,
        start: "2030-02-30T10:00",
        durationMin: "45",
      });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /id="reschedule-start-error" class="field-error">That date/);
      const before = smtp.mails.length;
      const res = await pro.postForm(`${base}/reschedule`, {
        csrf,
        tz: TZ,
        start: toLocalInput(movedTo, TZ),
        durationMin: "45",
      });
      await res.body?.cancel();
      assert.equal(res.headers.get("location"), `${base}?moved=1&mail=sent#reschedule`);
      const mail = await smtp.waitForMail((m) => /^Moved: /.test(m.subject), before);
      const ics = eventOf(mail);
      assert.equal(ics.event.uid, `${id}@frontdesk`);
      assert.equal(ics.event.sequence, 1);
      assert.equal(ics.event.startDate.toJSDate().getTime(), movedTo);
      assert.equal(ics.event.duration.toSeconds(), 45 * 60);
      assert.match((await pro.get(`${base}?moved=1&mail=sent`)).text, /The client was emailed/);
    });

    await t.step(
      "Cancel with a reason: METHOD:CANCEL with the reason; no more moving",
      async () => {
        const before = smtp.mails.length;
        const res = await pro.postForm(`${base}/cancel`, {
          csrf: csrfFrom((await pro.get(base)).text),
          reason: "I am unwell today",
        });
        await res.body?.cancel();
        assert.equal(res.status, 303);
        const mail = await smtp.waitForMail((m) => /^Cancelled: /.test(m.subject), before);
        assert.match(mail.text, /Their reason: I am unwell today/);
        const ics = eventOf(mail);
        assert.equal(ics.method, "CANCEL");
        assert.equal(ics.status, "CANCELLED");
        assert.equal(ics.event.sequence, 2);
        const late = await pro.postForm(`${base}/reschedule`, {
          csrf: csrfFrom((await pro.get(base)).text),
          tz: TZ,
          start: toLocalInput(movedTo + 3_600_000, TZ),
          durationMin: "45",
        });
        assert.equal(late.status, 409);
        assert.match(await late.text(), /cannot be moved/);
      },
    );
  } finally {
    await app.stop();
    await smtp.close();
  }
});

Deno.test("a due reminder is sent once, though two servers share the store", async () => {
  const secret = testSecret();
  const smtp = await startSmtpReceiver();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-remind-" });
  const token = await addProfessional(dataDir, "Dr. Remind", { LINK_SECRET: secret });
  const env = {
    LINK_SECRET: secret,
    SMTP_URL: smtp.url,
    MAIL_FROM: "desk@example.org",
    REMINDER_MINUTES: "60",
  };
  const first = await startApp({ dataDir, env: { ...env, REMINDER_MINUTES: "0" } });
  try {
    const pro = new Client(first.url);
    await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
    await createAppointment(pro, "Grace Hopper", 30, { clientEmail: CLIENT });
  } finally {
    await first.stop();
  }
  // Both servers look for due reminders as they start; only one may claim it.
  const both = await Promise.all([startApp({ dataDir, env }), startApp({ dataDir, env })]);
  try {
    const mail = await smtp.waitForMail((m) => /^Reminder: /.test(m.subject));
    assert.ok(mail.to.includes(CLIENT));
    assert.match(mail.text, /coming up[\s\S]*Join: http/);
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(smtp.mails.filter((m) => /^Reminder: /.test(m.subject)).length, 1);
  } finally {
    await Promise.all(both.map((a) => a.stop()));
    await smtp.close();
  }
});
