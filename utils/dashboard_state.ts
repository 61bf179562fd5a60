import type { Professional } from "../domain/store.ts";
import { appContext } from "./app_context.ts";
import { CSRF_FIELD, isSameOrigin, verifyCsrf } from "./csrf.ts";
import { refusalResponse } from "./refusal.tsx";

/** What `routes/dashboard/_middleware.ts` puts in `ctx.state`. */
export interface DashboardState {
  pro: Professional;
  /** The session cookie value, which CSRF tokens are bound to. */
  session: string;
  /** The CSRF token for this session's forms. */
  csrf: string;
}

/**
 * Reads a posted form and checks it is not forged: same origin and a valid
 * CSRF token. Returns the form, or a 403 page to send back.
 */
export async function readTrustedForm(
  req: Request,
  state: DashboardState,
): Promise<FormData | Response> {
  const forbidden = () =>
    refusalResponse({
      status: 403,
      title: "This form has expired",
      message: "The form was not sent from your dashboard, or it is too old. " +
        "Go back to your dashboard, reload it and try again.",
    });
  if (!isSameOrigin(req)) return forbidden();
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return refusalResponse({
      status: 400,
      title: "Unreadable form",
      message: "The form could not be read. Go back to your dashboard and try again.",
    });
  }
  if (!await verifyCsrf(appContext().secret, state.session, form.get(CSRF_FIELD))) {
    return forbidden();
  }
  return form;
}
