/**
 * A professional's dashboard link: exchanges the token for a session cookie
 * and redirects to `/dashboard`, so the token leaves the address bar. A
 * browser signed in as another professional is asked first (login CSRF):
 * the answer comes back as a POST with the token in the body.
 */
import type { Handlers } from "$fresh/server.ts";
import { appContext } from "../app/app_context.ts";
import { currentPro, PRO_COOKIE, readCookie, sessionCookie } from "../web/session.ts";
import { linkRefusalResponse, signInStep } from "../web/refusal.tsx";
import { limitRefusals } from "../web/refusal_limit.ts";
import { readSwitchForm, switchCsrfToken, switchPromptResponse } from "../web/session_switch.tsx";
import { type LinkFailure, type ProAccess, resolveProLink } from "../domain/links.ts";
import { PRO_SESSION_TTL_MS, signSession } from "../domain/tokens.ts";
import { t } from "../i18n/request_locale.ts";

export const handler: Handlers = {
  GET(req, ctx) {
    return limitRefusals(ctx.remoteAddr.hostname, () => exchange(req));
  },
  POST(req, ctx) {
    return limitRefusals(ctx.remoteAddr.hostname, () => confirmSwitch(req));
  },
};

/** GET: the link in the address, exchanged at once or asked about. */
async function exchange(req: Request): Promise<Response> {
  const token = new URL(req.url).searchParams.get("token");
  const access = await resolveProLink(appContext().store, appContext().secret, token);
  if (!access.ok) return proLinkRefusal(access);
  // Only a valid session for someone else is asked about; none, or an expired one, is not.
  const current = readCookie(req, PRO_COOKIE) ? await currentPro(req) : null;
  if (current?.ok && current.professional.id !== access.professional.id) {
    return switchPromptResponse({
      title: t("switchPro.title"),
      current: t("switchPro.current", { name: current.professional.name }),
      next: t("switchPro.next", { name: access.professional.name }),
      action: "/pro-link",
      token: token!,
      csrf: await switchCsrfToken(readCookie(req, PRO_COOKIE)!),
      confirmLabel: t("switchPro.confirm", { name: access.professional.name }),
      stayHref: "/dashboard",
      stayLabel: t("switchPro.stay", { name: current.professional.name }),
    });
  }
  return await startSession(access);
}

/** POST: the switch page's confirmation. */
async function confirmSwitch(req: Request): Promise<Response> {
  const token = await readSwitchForm(req, PRO_COOKIE);
  if (token instanceof Response) return token;
  const access = await resolveProLink(appContext().store, appContext().secret, token);
  if (!access.ok) return proLinkRefusal(access);
  return await startSession(access);
}

async function startSession(access: Extract<ProAccess, { ok: true }>): Promise<Response> {
  const { store, secret } = appContext();
  const now = Date.now();
  const session = await signSession(secret, {
    kind: "pro-session",
    professionalId: access.professional.id,
    sessionVersion: access.professional.sessionVersion,
  }, now);
  await store.audit({
    professionalId: access.professional.id,
    actor: "professional",
    action: "session.started",
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

/** A refused dashboard link's page, pointing to sign-in (except for a deactivated account). */
function proLinkRefusal(failure: LinkFailure): Response {
  return linkRefusalResponse(failure, failure.reason === "deactivated" ? undefined : signInStep());
}
