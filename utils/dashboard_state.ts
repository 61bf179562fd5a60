import type { Professional } from "../domain/store.ts";
import { readBoundForm } from "./bound_form.ts";
import { t } from "../i18n/request_locale.ts";

/** What `routes/dashboard/_middleware.ts` puts in `ctx.state`. */
export interface DashboardState {
  pro: Professional;
  /** The session cookie value, which CSRF tokens are bound to. */
  session: string;
  /** The CSRF token for this session's forms. */
  csrf: string;
}

/**
 * Reads a posted form (capped at `MAX_FORM_BYTES`) and checks it is not forged: same origin
 * and a valid CSRF token. Returns the form, or a page to send back (413 too large, 400
 * unreadable, 403 forged).
 */
export function readTrustedForm(req: Request, state: DashboardState): Promise<FormData | Response> {
  return readBoundForm(req, state.session, {
    expiredTitle: t("dashForm.expiredTitle"),
    expired: t("dashForm.expired"),
    noun: t("dashForm.noun"),
    next: t("dashForm.next"),
  });
}
