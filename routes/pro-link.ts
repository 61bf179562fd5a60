/**
 * A professional's dashboard link: exchanges the token for a session cookie
 * and redirects to `/dashboard`, so the token leaves the address bar.
 */
import type { Handlers } from "$fresh/server.ts";
import { appContext } from "../utils/app_context.ts";
import { PRO_COOKIE, sessionCookie } from "../utils/session.ts";
import { linkRefusalTitle, refusalResponse } from "../utils/refusal.tsx";
import { resolveProLink } from "../domain/links.ts";
import { PRO_SESSION_TTL_MS, signSession } from "../domain/tokens.ts";

export const handler: Handlers = {
  async GET(req) {
    const { store, secret } = appContext();
    const token = new URL(req.url).searchParams.get("token");
    const access = await resolveProLink(store, secret, token);
    if (!access.ok) {
      return refusalResponse({
        status: access.status,
        title: linkRefusalTitle(access.status),
        message: access.message,
      });
    }
    const now = Date.now();
    const session = await signSession(secret, {
      kind: "pro-session",
      professionalId: access.professional.id,
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
  },
};
