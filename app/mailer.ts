/**
 * Outgoing mail over SMTP with nodemailer, from `SMTP_URL` and `MAIL_FROM` (config.ts). Without
 * `SMTP_URL` there is no mailer: the sign-in page says so. Failures are logged with nodemailer's
 * error code and the server's reply code only: its messages can hold an address.
 */
import nodemailer from "nodemailer";
import type { Config } from "./config.ts";
import { log } from "../utils/log.ts";

/** One plain-text mail, with an iCalendar part when it is about a calendar event. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Sent as the mail's text/calendar alternative with its iTIP method (RFC 6047). */
  calendar?: { method: "REQUEST" | "CANCEL"; ics: string };
}

/** Sends mail; rejects when the SMTP server does not take it. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

let cached: { url: string; mailer: Mailer } | undefined;

/** The mailer of this configuration, or null when email is not set up. */
export function mailerFor(config: Pick<Config, "smtpUrl" | "mailFrom">): Mailer | null {
  const { smtpUrl, mailFrom } = config;
  if (smtpUrl === undefined || mailFrom === undefined) return null;
  if (cached?.url === smtpUrl) return cached.mailer;
  const transport = nodemailer.createTransport(smtpUrl);
  const mailer: Mailer = {
    async send(mail) {
      await transport.sendMail({
        from: mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.calendar
          ? {
            icalEvent: {
              method: mail.calendar.method,
              filename: "appointment.ics",
              content: mail.calendar.ics,
            },
          }
          : {}),
      });
    },
  };
  cached = { url: smtpUrl, mailer };
  return mailer;
}

/**
 * Builds and sends a mail in the background, so the page answers at once and in the same time
 * whether or not a mail goes out (`compose` may write to the store, e.g. issue a link); a
 * failure is logged without the address or the server's words.
 */
export function sendInBackground(mailer: Mailer, compose: () => Promise<Mail>, what: string): void {
  compose().then((mail) => mailer.send(mail)).catch((err: unknown) => {
    const e = err as { code?: unknown; responseCode?: unknown };
    log.error("mail not sent", {
      what,
      code: typeof e?.code === "string" ? e.code : undefined,
      responseCode: typeof e?.responseCode === "number" ? e.responseCode : undefined,
    });
  });
}
