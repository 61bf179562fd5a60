/**
 * An emailed sign-in link: claims it (once) and exchanges it for a session cookie, then
 * redirects to `/dashboard`, so the token leaves the address bar. Refused links (used, expired,
 * not ours, a deactivated account) get a clear page and count against the client's refusal
 * limit (utils/refusal_limit.ts).
 */
import type { Handlers } from "$fresh/server.ts";
import { appContext } from "../../utils/app_context.ts";
import { refusalResponse } from "../../utils/refusal.tsx";
import { limitRefusals } from "../../utils/refusal_limit.ts";
import { PRO_COOKIE, sessionCookie } from "../../utils/session.ts";
import { redeemSignInLink } from "../../domain/sign_in.ts";
import { PRO_SESSION_TTL_MS, signSession } from "../../domain/tokens.ts";

export const handler: Handlers = {
  GET(req, ctx) {
    return limitRefusals(ctx.remoteAddr.hostname, () => signIn(req));
  },
};

async function signIn(req: Request): Promise<Response> {
  const { store, secret } = appContext();
  const access = await redeemSignInLink(store, new URL(req.url).searchParams.get("token"));
  if (!access.ok) {
    return refusalResponse({
      status: access.status,
      title: access.title,
      message: access.message,
      next: access.reason === "deactivated"
        ? undefined
        : { href: "/login", label: "Get a new sign-in link" },
    });
  }
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
