/**
 * The words of the sign-in and invitation emails, in the language of the request that sends
 * them. Plain text: every mail client shows it as sent.
 */
import { t } from "../i18n/t.ts";

/** Subject and body of the mail carrying a sign-in link. */
export function signInMail(input: { name: string; url: string; minutes: number }): {
  subject: string;
  text: string;
} {
  return {
    subject: t("mail.signIn.subject"),
    text: t("mail.signIn.body", input),
  };
}

/** Subject and body of the invitation a new professional receives. */
export function invitationMail(input: {
  name: string;
  invitedBy: string;
  url: string;
  loginUrl: string;
  days: number;
}): { subject: string; text: string } {
  return {
    subject: t("mail.invitePro.subject"),
    text: t("mail.invitePro.body", input),
  };
}
