/**
 * An emailed sign-in link. Opening it (GET) only shows a "Sign in" button: mail scanners and
 * link previews fetch links in mails, and a GET that signed in would spend the single-use link
 * before its owner clicks. The button's same-origin POST (CSRF token bound to the link's
 * token) claims the link once and exchanges it for a session cookie, then redirects to
 * `/dashboard`. Refused links (used, expired, not ours, a deactivated account) get a clear
 * page and count against the client's refusal limit (web/refusal_limit.ts).
 */
import type { Handlers, PageProps } from "$fresh/server.ts";
import { appContext } from "../../app/app_context.ts";
import { readBoundForm } from "../../web/bound_form.ts";
import { CSRF_FIELD, csrfToken } from "../../web/csrf.ts";
import { refusalResponse } from "../../web/refusal.tsx";
import { limitRefusals } from "../../web/refusal_limit.ts";
import { PRO_COOKIE, sessionCookie } from "../../web/session.ts";
import {
  isSignInTokenShaped,
  redeemSignInLink,
  type SignInFailure,
  signInFailure,
} from "../../domain/sign_in.ts";
import { PRO_SESSION_TTL_MS, signSession } from "../../domain/tokens.ts";
import { t } from "../../i18n/request_locale.ts";

interface Data {
  action: string;
  csrf: string;
}

/** The value the button's CSRF token is bound to, apart from every other form's. */
const bound = (token: string) => `sign-in:${token}`;

export const handler: Handlers<Data> = {
  GET(req, ctx) {
    return limitRefusals(ctx.remoteAddr.hostname, async () => {
      const token = new URL(req.url).searchParams.get("token");
      if (!isSignInTokenShaped(token)) return refusal(signInFailure("malformed"));
      const action = `/login/link?token=${encodeURIComponent(token)}`;
      const res = await ctx.render({
        action,
        csrf: await csrfToken(appContext().secret, bound(token)),
      });
      res.headers.set("Cache-Control", "no-store");
      return res;
    });
  },
  POST(req, ctx) {
    return limitRefusals(ctx.remoteAddr.hostname, () => signIn(req));
  },
};

async function signIn(req: Request): Promise<Response> {
  const { store, secret } = appContext();
  const token = new URL(req.url).searchParams.get("token");
  const form = await readBoundForm(req, isSignInTokenShaped(token) ? bound(token) : undefined, {
    expiredTitle: t("signInLink.expiredTitle"),
    expired: t("signInLink.expired"),
    noun: t("login.formNoun"),
    next: t("signInLink.next"),
  });
  if (form instanceof Response) return form;
  const access = await redeemSignInLink(store, token);
  if (!access.ok) return refusal(access);
  const { professional } = access;
  const now = Date.now();
  const session = await signSession(secret, {
    kind: "pro-session",
    professionalId: professional.id,
    sessionVersion: professional.sessionVersion,
  }, now);
  await store.audit({
    professionalId: professional.id,
    actor: "professional",
    action: "session.started",
    detail: "sign-in link",
  });
  return new Response(null, {
    status: 303,
    headers: {
      Location: "/dashboard",
      "Set-Cookie": sessionCookie(PRO_COOKIE, session, now + PRO_SESSION_TTL_MS),
      "Cache-Control": "no-store",
    },
  });
}

function refusal(failure: SignInFailure): Response {
  return refusalResponse({
    status: failure.status,
    title: failure.title,
    message: failure.message,
    next: failure.reason === "deactivated"
      ? undefined
      : { href: "/login", label: t("signInLink.newLink") },
  });
}

export default function SignInButton({ data }: PageProps<Data>) {
  return (
    <main class="page narrow">
      <p class="brand">
        <a href="/">Frontdesk</a>
      </p>
      <h1>{t("signInLink.title")}</h1>
      <form method="post" action={data.action} class="card">
        <input type="hidden" name={CSRF_FIELD} value={data.csrf} />
        <p>{t("signInLink.body")}</p>
        <p>
          <button type="submit" class="primary">{t("signInLink.button")}</button>
        </p>
      </form>
    </main>
  );
}
