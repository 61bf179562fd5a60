import { CSRF_FIELD } from "../utils/csrf_field.ts";
import { t } from "../i18n/request_locale.ts";

/** "Start an instant call": a call that starts now, with one link to share (POST, CSRF). */
export function InstantCallForm(props: { csrf: string }) {
  return (
    <form method="post" action="/dashboard/instant-call" class="card instant-call">
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      <p>{t("dash.instant.text")}</p>
      <p>
        <button type="submit" class="primary">{t("dash.instant.button")}</button>
      </p>
    </form>
  );
}
