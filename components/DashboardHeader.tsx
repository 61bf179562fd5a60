import type { Professional } from "../domain/store.ts";
import { CSRF_FIELD } from "../utils/csrf.ts";

/**
 * Top bar of every dashboard page. With the session's CSRF token it offers "Sign out" (this
 * browser) and "Sign out everywhere" (every browser, and every dashboard link sent so far).
 */
export function DashboardHeader(props: { pro: Professional; csrf?: string }) {
  return (
    <header class="topbar">
      <a class="brand" href="/dashboard">Frontdesk</a>
      <span class="muted">Signed in as {props.pro.name}</span>
      {props.pro.admin && <a href="/dashboard/team">Team</a>}
      {props.csrf && (
        <span class="sign-out">
          <form method="post" action="/dashboard/sign-out">
            <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
            <button type="submit">Sign out</button>
          </form>
          <form method="post" action="/dashboard/sign-out-everywhere">
            <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
            <button type="submit" aria-describedby="sign-out-everywhere-note">
              Sign out everywhere
            </button>
            <span id="sign-out-everywhere-note" class="sr-only">
              Signs you out in every browser and stops every dashboard link sent to you
            </span>
          </form>
        </span>
      )}
    </header>
  );
}
