import type { Professional } from "../domain/store.ts";
import { appContext } from "./app_context.ts";
import { CSRF_FIELD, isSameOrigin, verifyCsrf } from "./csrf.ts";
import { refusalResponse } from "./refusal.tsx";
import { MAX_FORM_BYTES, readForm } from "./request_body.ts";

/** What `routes/dashboard/_middleware.ts` puts in `ctx.state`. */
export interface DashboardState {
  pro: Professional;
  /** The session cookie value, which CSRF tokens are bound to. */
  session: string;
  /** The CSRF token for this session's forms. */
  csrf: string;
}

/**
 * Reads a posted form (capped at {@linkcode MAX_FORM_BYTES}) and checks it is
 * not forged: same origin and a valid CSRF token. Returns the form, or a page
 * to send back (413 too large, 400 unreadable, 403 forged).
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
  const body = await readForm(req, MAX_FORM_BYTES);
  if (!body.ok) {
    return body.reason === "too_large"
      ? refusalResponse({
        status: 413,
        title: "This form is too large",
        message: "The form sent more than a dashboard form ever holds, so it was not read. " +
          "Go back to your dashboard and try again.",
      })
      : refusalResponse({
        status: 400,
        title: "Unreadable form",
        message: "The form could not be read. Go back to your dashboard and try again.",
      });
  }
  const form = body.value;
  if (!await verifyCsrf(appContext().secret, state.session, form.get(CSRF_FIELD))) {
    return forbidden();
  }
  return form;
}
