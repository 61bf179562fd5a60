/**
 * The sign-in form is posted before anyone is signed in, so its CSRF token is bound to a
 * random value in a cookie of its own ({@linkcode LOGIN_FORM_COOKIE}, HttpOnly, path /login),
 * set when the form is shown: a page of another site can neither read it nor the token.
 */
import { base64url } from "jose";
import { stringifySetCookie } from "cookie";
import { appContext } from "../app/app_context.ts";
import { readBoundForm } from "./bound_form.ts";
import { csrfToken } from "./csrf.ts";
import { readCookie } from "./session.ts";
import { t } from "../i18n/request_locale.ts";

/** Cookie binding the sign-in form's CSRF token. */
export const LOGIN_FORM_COOKIE = "fd_login";

/** How long the form may stay open before it must be reloaded, in seconds. */
const FORM_MAX_AGE_SEC = 3_600;

/** The form's binding (the cookie's, or a new one) and its CSRF token; `setCookie` if new. */
export async function loginFormBinding(
  req: Request,
): Promise<{ csrf: string; setCookie?: string }> {
  const existing = readCookie(req, LOGIN_FORM_COOKIE);
  const value = existing && /^[A-Za-z0-9_-]{22}$/.test(existing)
    ? existing
    : base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
  const csrf = await csrfToken(appContext().secret, value);
  if (value === existing) return { csrf };
  const setCookie = stringifySetCookie({
    name: LOGIN_FORM_COOKIE,
    value,
    path: "/login",
    httpOnly: true,
    sameSite: "lax",
    secure: appContext().secure,
    maxAge: FORM_MAX_AGE_SEC,
  });
  return { csrf, setCookie };
}

/** The posted sign-in form, or a page to send back (403 forged or stale, 413, 400). */
export function readLoginForm(req: Request): Promise<FormData | Response> {
  return readBoundForm(req, readCookie(req, LOGIN_FORM_COOKIE), {
    expiredTitle: t("login.formExpiredTitle"),
    expired: t("login.formExpired"),
    noun: t("login.formNoun"),
    next: t("login.formNext"),
  });
}
