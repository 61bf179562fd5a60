/**
 * Mail to a client about their appointment: the invitation, its update when the appointment
 * moves, its cancellation, and the reminder, each with the calendar part that keeps the client's
 * calendar in step (domain/invitation.ts). Sent to the appointment's `clientEmail` over the
 * configured SMTP; every mail sent gets an audit row naming its kind (never the address).
 */
import type { Appointment, Professional } from "../domain/store.ts";
import { isPlaceholderEmail, type MailOutcome } from "../domain/emails.ts";

export type { MailOutcome };
import {
  bodyOf,
  type InvitationFacts,
  invitationIcs,
  type InvitationKind,
  subjectOf,
} from "../domain/invitation.ts";
import { signClientLink } from "../domain/tokens.ts";
import { clientLinkUrl } from "../domain/link_urls.ts";
import { appContext } from "./app_context.ts";
import { type Mail, mailerFor } from "./mailer.ts";
import { log } from "../utils/log.ts";
import { currentLocale } from "../i18n/request_locale.ts";

/** What the invitation of `appt` says, its times in the professional's zone. */
export async function invitationFacts(
  appt: Appointment,
  pro: Professional,
  tz: string = pro.timeZone ?? "UTC",
): Promise<InvitationFacts> {
  const { secret, baseUrl } = appContext();
  return {
    appointmentId: appt.id,
    professionalName: pro.name,
    professionalEmail: isPlaceholderEmail(pro.email) ? null : pro.email,
    clientName: appt.clientName,
    clientEmail: appt.clientEmail,
    startsAt: appt.startsAt,
    durationMin: appt.durationMin,
    tz,
    link: clientLinkUrl(baseUrl, await signClientLink(secret, appt)),
    // The language of the request that sends it: the professional's, as far as it is known.
    locale: currentLocale(),
  };
}

/** The mail of `kind` for `appt` (to its client's address), with its calendar part. */
export async function appointmentMail(
  kind: InvitationKind,
  appt: Appointment,
  pro: Professional,
  reason?: string,
): Promise<Mail> {
  if (!appt.clientEmail) throw new Error("the appointment has no client address");
  const facts = await invitationFacts(appt, pro);
  const cancel = kind === "cancellation";
  return {
    to: appt.clientEmail,
    subject: subjectOf(kind, facts),
    text: bodyOf(kind, facts, reason),
    calendar: {
      method: cancel ? "CANCEL" : "REQUEST",
      // A cancellation outranks the last request: one more than the stored sequence.
      ics: invitationIcs(facts, {
        method: cancel ? "CANCEL" : "REQUEST",
        sequence: appt.calendarSequence + (cancel ? 1 : 0),
        reason,
      }),
    },
  };
}

/**
 * Sends the mail of `kind` about `appt` now and records it in the audit trail. Resolves with
 * what happened; never throws for a mail server's refusal (the page says it did not go out).
 */
export async function sendAppointmentMail(
  kind: InvitationKind,
  appt: Appointment,
  pro: Professional,
  reason?: string,
): Promise<MailOutcome> {
  const { config, store } = appContext();
  const mailer = mailerFor(config);
  if (!mailer) return { sent: false, why: "no-mail" };
  if (!appt.clientEmail) return { sent: false, why: "no-address" };
  try {
    await mailer.send(await appointmentMail(kind, appt, pro, reason));
  } catch (err) {
    const e = err as { code?: unknown; responseCode?: unknown };
    log.error("mail not sent", {
      what: kind,
      code: typeof e?.code === "string" ? e.code : undefined,
      responseCode: typeof e?.responseCode === "number" ? e.responseCode : undefined,
    });
    await store.audit({
      appointmentId: appt.id,
      professionalId: appt.professionalId,
      actor: "system",
      action: "invitation.failed",
      detail: kind,
    });
    return { sent: false, why: "failed" };
  }
  await store.audit({
    appointmentId: appt.id,
    professionalId: appt.professionalId,
    actor: "system",
    action: "invitation.sent",
    detail: kind,
  });
  return { sent: true };
}
