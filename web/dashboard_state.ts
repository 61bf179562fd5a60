/** Reading a dashboard form with the professional's request state (components/dashboard_state.ts). */
import type { DashboardState } from "../components/dashboard_state.ts";
import { readBoundForm } from "./bound_form.ts";
import { t } from "../i18n/request_locale.ts";

export type { DashboardState };

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
