/**
 * A client's appointment link: exchanges the token for a session cookie and
 * redirects to the appointment page, so the token leaves the address bar.
 */
import type { Handlers } from "$fresh/server.ts";
import { appContext } from "../utils/app_context.ts";
import { CLIENT_COOKIE, sessionCookie } from "../utils/session.ts";
import { linkRefusalTitle, refusalResponse } from "../utils/refusal.tsx";
import { resolveClientLink } from "../domain/links.ts";
import { signSession } from "../domain/tokens.ts";

export const handler: Handlers = {
  async GET(req) {
    const { store, secret } = appContext();
    const token = new URL(req.url).searchParams.get("token");
    const access = await resolveClientLink(store, secret, token);
    if (!access.ok) {
      return refusalResponse({
        status: access.status,
        title: linkRefusalTitle(access.status),
        message: access.message,
      });
    }
    const { appointment, claims } = access;
    const session = await signSession(secret, {
      kind: "client-session",
      appointmentId: appointment.id,
      linkVersion: appointment.linkVersion,
      linkExp: claims.exp,
    });
    await store.audit({
      appointmentId: appointment.id,
      professionalId: appointment.professionalId,
      actor: "client",
      action: "link.opened",
    });
    return new Response(null, {
      status: 303,
      headers: {
        Location: `/appointments/${encodeURIComponent(appointment.id)}`,
        "Set-Cookie": sessionCookie(CLIENT_COOKIE, session, claims.exp * 1000),
        "Cache-Control": "no-store",
      },
    });
  },
};
