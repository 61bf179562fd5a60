/**
 * Login-CSRF protection for the link-exchange routes (`/pro-link`,
 * `/join-video`). A link opened in a browser that already holds a different
 * session does not replace it at once: the route answers a question page
 * ({@linkcode switchPromptResponse}), and only its same-origin POST, carrying
 * the link token in the body and a CSRF token bound to the session being
 * replaced ({@linkcode readSwitchForm}), switches. A link for the same session,
 * or a browser with none, still exchanges at once.
 */
import { renderToString } from "preact-render-to-string";
import { Document } from "../components/Document.tsx";
import {
  SwitchSessionPrompt,
  type SwitchSessionPromptProps,
} from "../components/SwitchSessionPrompt.tsx";
import { appContext } from "../app/app_context.ts";
import { csrfToken } from "./csrf.ts";
import { readBoundForm } from "./bound_form.ts";
import { readCookie } from "./session.ts";
import { t } from "../i18n/request_locale.ts";

/** The value CSRF tokens of the switch form are bound to, apart from the dashboard's. */
const bound = (session: string) => `switch:${session}`;

/** The switch form's CSRF token for the session cookie value `session`. */
export function switchCsrfToken(session: string): Promise<string> {
  return csrfToken(appContext().secret, bound(session));
}

/** The question page: no script, not cached, no Referer. */
export function switchPromptResponse(props: SwitchSessionPromptProps): Response {
  const html = "<!DOCTYPE html>" + renderToString(
    <Document title={`${props.title} · Frontdesk`}>
      <SwitchSessionPrompt {...props} />
    </Document>,
  );
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}

/**
 * Reads the confirming POST: same origin, a CSRF token bound to the session
 * in cookie `cookieName` (which must still be there), and the link token.
 * Returns the link token, or a page to send back (403, 413, 400).
 */
export async function readSwitchForm(req: Request, cookieName: string): Promise<string | Response> {
  const session = readCookie(req, cookieName);
  const form = await readBoundForm(req, session === undefined ? undefined : bound(session), {
    expiredTitle: t("switch.expiredTitle"),
    expired: t("switch.expired"),
    noun: t("switch.noun"),
    next: t("knock.next"),
  });
  if (form instanceof Response) return form;
  const token = form.get("token");
  return typeof token === "string" ? token : "";
}
