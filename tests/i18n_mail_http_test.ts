/**
 * Issue 19 §7, mails, against a real SMTP receiver on loopback: the sign-in link asked for from a
 * Spanish browser arrives in Spanish, and the invitation a French-speaking professional emails
 * arrives in French, its date in French and its calendar event titled in French; a field error
 * on the way is in French too. A reminder, which no request asks for, goes out in the language
 * the client read their page in, though an English page booked it.
 */
import assert from "node:assert/strict";
import ICAL from "ical.js";
import { startApp } from "./helpers/app_process.ts";
import { clientFor, createAppointment } from "./helpers/app_session.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";
import { startSmtpReceiver } from "./helpers/smtp_receiver.ts";
import { testSecret } from "./helpers/tokens.ts";
import { toLocalInput } from "../domain/zoned_time.ts";

const ADA = "ada.langues@example.com";
const CLIENT = "grace.langues@example.com";
const TZ = "Europe/Paris";

Deno.test("mails: the sign-in link in Spanish, the invitation and its calendar event in French", async () => {
  const secret = testSecret();
  const smtp = await startSmtpReceiver();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-i18n-mail-" });
  const token = await addProfessional(dataDir, "Dr. Ada Langues", { LINK_SECRET: secret }, ADA);
  const app = await startApp({
    dataDir,
    env: { LINK_SECRET: secret, SMTP_URL: smtp.url, MAIL_FROM: "desk@example.org" },
  });
  try {
    // A Spanish browser asks for a sign-in link: page and mail in Spanish.
    const spanish = new Client(app.url);
    const login = await spanish.fetch("/login", { headers: { "accept-language": "es-ES,es" } });
    const form = await login.text();
    assert.match(form, /<html lang="es"/);
    const before = smtp.mails.length;
    const sent = await spanish.fetch("/login", {
      method: "POST",
      headers: {
        origin: app.url,
        "content-type": "application/x-www-form-urlencoded",
        "accept-language": "es-ES,es",
      },
      body: new URLSearchParams({ csrf: csrfFrom(form), email: ADA }),
    });
    assert.match(await sent.text(), /Revise su correo/);
    const signIn = await smtp.waitForMail((m) => m.to.includes(ADA), before);
    assert.equal(signIn.subject, "Su enlace para iniciar sesión en Frontdesk");
    assert.match(signIn.text, /^Hola, Dr\. Ada Langues:/);
    assert.match(signIn.text, /Funciona una sola vez, durante \d+ minutos\./);

    // A professional who chose French emails an invitation.
    const pro = new Client(app.url);
    pro.cookies.set("fd_tz", TZ);
    pro.cookies.set("fd_lang", "fr");
    await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
    const startsAt = Math.ceil((Date.now() + 26 * 3_600_000) / 900_000) * 900_000;
    const fields = {
      tz: TZ,
      clientName: "Grace Langues",
      start: toLocalInput(startsAt, TZ),
      durationMin: "30",
    };
    const bad = await pro.postForm("/dashboard", {
      csrf: csrfFrom((await pro.get("/dashboard")).text),
      ...fields,
      clientEmail: "grace@",
    });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Ce n’est pas une adresse e-mail/);
    const created = await pro.postForm("/dashboard", {
      csrf: csrfFrom((await pro.get("/dashboard")).text),
      ...fields,
      clientEmail: CLIENT,
    });
    await created.body?.cancel();
    const base = created.headers.get("location")!;
    const beforeInvite = smtp.mails.length;
    const res = await pro.postForm(`${base}/invitation`, {
      csrf: csrfFrom((await pro.get(base)).text),
      clientEmail: CLIENT,
    });
    await res.body?.cancel();
    assert.equal(res.status, 303);
    const mail = await smtp.waitForMail((m) => m.to.includes(CLIENT), beforeInvite);
    assert.match(mail.subject, /^Rendez-vous vidéo avec Dr\. Ada Langues, /);
    assert.match(mail.subject, /\b(janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\b/);
    assert.match(mail.text, /^Dr\. Ada Langues vous invite à un rendez-vous vidéo\./);
    assert.match(mail.text, /Quand : .*\(Europe\/Paris\)/);
    const vevent = new ICAL.Component(ICAL.parse(mail.calendar!.ics))
      .getFirstSubcomponent("vevent")!;
    assert.equal(vevent.getFirstPropertyValue("summary"), "Rendez-vous vidéo avec Dr. Ada Langues");
    assert.equal(new ICAL.Event(vevent).startDate.toJSDate().getTime(), startsAt);
  } finally {
    await app.stop();
    await smtp.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("mails: the reminder goes out in the language the client read their page in", async () => {
  const secret = testSecret();
  const smtp = await startSmtpReceiver();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-i18n-remind-" });
  const token = await addProfessional(dataDir, "Dr. Ada Langues", { LINK_SECRET: secret }, ADA);
  const env = {
    LINK_SECRET: secret,
    SMTP_URL: smtp.url,
    MAIL_FROM: "desk@example.org",
    REMINDER_MINUTES: "60",
  };
  // Booked from an English page, while no reminder is due yet on this server.
  const first = await startApp({ dataDir, env: { ...env, REMINDER_MINUTES: "0" } });
  try {
    const pro = new Client(first.url);
    await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
    const { id, link } = await createAppointment(pro, "Grace Langues", 30, { clientEmail: CLIENT });
    // The client opens the link in Spanish.
    const client = await clientFor(first.url, link);
    const page = await client.fetch(`/appointments/${id}`, {
      headers: { "accept-language": "es-ES,es;q=0.9" },
    });
    assert.match(await page.text(), /<html lang="es"/);
  } finally {
    await first.stop();
  }
  const second = await startApp({ dataDir, env });
  try {
    const mail = await smtp.waitForMail((m) => m.to.includes(CLIENT));
    assert.match(mail.subject, /^Recordatorio: videocita con Dr\. Ada Langues, /);
    assert.match(mail.text, /Su videocita con Dr\. Ada Langues está a punto de empezar\./);
  } finally {
    await second.stop();
    await smtp.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
