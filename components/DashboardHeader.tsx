import type { Professional } from "../domain/store.ts";
import { CSRF_FIELD } from "../utils/csrf_field.ts";
import { t } from "../i18n/request_locale.ts";

/**
 * Top bar of every dashboard page. With the session's CSRF token it offers "Sign out" (this
 * browser) and "Sign out everywhere" (every browser, and every dashboard link sent so far).
 */
export function DashboardHeader(props: { pro: Professional; csrf?: string }) {
  return (
    <header class="topbar">
      <a class="brand" href="/dashboard">Frontdesk</a>
      <span class="muted">{t("dash.signedInAs", { name: props.pro.name })}</span>
      {props.pro.admin && <a href="/dashboard/team">{t("dash.team")}</a>}
      {props.csrf && (
        <span class="sign-out">
          <form method="post" action="/dashboard/sign-out">
            <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
            <button type="submit">{t("dash.signOut")}</button>
          </form>
          <form method="post" action="/dashboard/sign-out-everywhere">
            <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
            <button type="submit" aria-describedby="sign-out-everywhere-note">
              {t("dash.signOutEverywhere")}
            </button>
            <span id="sign-out-everywhere-note" class="sr-only">
              {t("dash.signOutEverywhereNote")}
            </span>
          </form>
        </span>
      )}
    </header>
  );
}
