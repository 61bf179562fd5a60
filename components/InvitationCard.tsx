/**
 * The appointment page's invitation: the text to copy (who, when with its zone, the link) and
 * "Email the invitation" to the client's address, with a calendar file. Works without
 * JavaScript (the text can be selected by hand; the form posts).
 */
import type { InvitationCard as Card, PageNotice } from "./appointment_page_data.ts";
import { CSRF_FIELD } from "../utils/csrf_field.ts";
import CopyLink from "../islands/CopyLink.tsx";
import { islandStrings } from "../i18n/island_strings.ts";
import { t } from "../i18n/request_locale.ts";

/** What the page says about the last mail, in plain words. */
const MAIL_WORDS = {
  sent: "inv.sent",
  "no-mail": "inv.noMail",
  "no-address": "inv.noAddress",
  failed: "inv.failed",
} as const;

export function InvitationCard(
  props: { appointmentId: string; csrf: string; card: Card; notice: PageNotice },
) {
  const { card, notice } = props;
  const outcome = notice.mail
    ? t(MAIL_WORDS[notice.mail.sent ? "sent" : notice.mail.why])
    : undefined;
  return (
    <section class="card" id="invitation" aria-labelledby="invitation-heading">
      <h2 id="invitation-heading">{t("inv.title")}</h2>
      <CopyLink
        strings={islandStrings("copy.")}
        url={card.text}
        label={t("inv.copy")}
        multiline
      />
      <form method="post" action={`/dashboard/appointments/${props.appointmentId}/invitation`}>
        <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
        <label for="invitation-email">{t("inv.email")}</label>
        <input
          id="invitation-email"
          name="clientEmail"
          type="email"
          autocomplete="off"
          maxLength={254}
          value={card.email}
          aria-invalid={card.error ? "true" : undefined}
          aria-describedby={card.error ? "invitation-email-error" : undefined}
        />
        {card.error && <p id="invitation-email-error" class="field-error">{card.error}</p>}
        <p class="actions">
          <button type="submit" disabled={!card.mailOn}>{t("inv.send")}</button>
        </p>
        {!card.mailOn && <p class="muted">{t(MAIL_WORDS["no-mail"])}</p>}
      </form>
      {outcome && <p role="status" class="notice" data-testid="mail-outcome">{outcome}</p>}
    </section>
  );
}
