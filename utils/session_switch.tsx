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
import { appContext } from "./app_context.ts";
import { CSRF_FIELD, csrfToken, isSameOrigin, verifyCsrf } from "./csrf.ts";
import { refusalResponse } from "./refusal.tsx";
import { MAX_FORM_BYTES, readForm } from "./request_body.ts";
import { readCookie } from "./session.ts";

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
  const expired = () =>
    refusalResponse({
      status: 403,
      title: "This question has expired",
      message: "The confirmation did not come from this browser's page, or it is too old. " +
        "Open the link you were sent again.",
    });
  const session = readCookie(req, cookieName);
  if (!isSameOrigin(req) || !session) return expired();
  const body = await readForm(req, MAX_FORM_BYTES);
  if (!body.ok) {
    return refusalResponse(
      body.reason === "too_large"
        ? {
          status: 413,
          title: "This form is too large",
          message: "The confirmation sent far more than it ever holds, so it was not read. " +
            "Open the link you were sent again.",
        }
        : {
          status: 400,
          title: "Unreadable form",
          message: "The confirmation could not be read. Open the link you were sent again.",
        },
    );
  }
  const csrf = body.value.get(CSRF_FIELD);
  if (!await verifyCsrf(appContext().secret, bound(session), csrf)) return expired();
  const token = body.value.get("token");
  return typeof token === "string" ? token : "";
}
