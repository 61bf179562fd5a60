/**
 * A real SMTP server (npm smtp-server) on a free loopback port that captures every mail it is
 * sent, parsed with mailparser, and requires the login the app's `SMTP_URL` carries, so tests
 * see what a mail provider would receive.
 */
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import type { AddressInfo } from "node:net";

/** One captured mail. */
export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The text/calendar part, if any (its content and the method of its Content-Type). */
  calendar: { ics: string; method: string | null } | null;
}

export interface SmtpReceiver {
  /** The `SMTP_URL` for the app, with its user and password. */
  url: string;
  /** Every mail so far, in arrival order. */
  mails: CapturedMail[];
  /** Resolves with the first mail (from `after` on) that `match` accepts. */
  waitForMail(
    match: (m: CapturedMail) => boolean,
    after?: number,
    timeoutMs?: number,
  ): Promise<CapturedMail>;
  close(): Promise<void>;
}

const USER = "frontdesk";
const PASSWORD = "smtp-test-password";

/** The mail's text/calendar part, from mailparser's attachments. */
function calendarOf(
  attachments: { contentType: string; content: Uint8Array; headers?: Map<string, unknown> }[],
): CapturedMail["calendar"] {
  const part = attachments.find((a) => a.contentType === "text/calendar");
  if (!part) return null;
  const type = part.headers?.get("content-type") as { params?: { method?: string } } | undefined;
  return { ics: new TextDecoder().decode(part.content), method: type?.params?.method ?? null };
}

/** Starts the receiver on 127.0.0.1. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          calendar: calendarOf(parsed.attachments),
        });
        for (const wake of waiters) wake();
        callback();
      }, (err) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`,
    mails,
    waitForMail(match, after = 0, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = mails.slice(after).find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${mails.length} received)`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The sign-in link in a mail's text. */
export function signInLinkFrom(mail: CapturedMail): string {
  const m = mail.text.match(/https?:\/\/\S+\/login\/link\?token=[A-Za-z0-9_-]+/);
  if (!m) throw new Error("no sign-in link in the mail");
  return m[0];
}
