/**
 * A client's appointment link: exchanges the token for a session cookie and
 * redirects to the appointment page, so the token leaves the address bar. A
 * browser already in another appointment is asked first (login CSRF): the
 * answer comes back as a POST with the token in the body.
 */
import type { Handlers } from "$fresh/server.ts";
import { appContext } from "../utils/app_context.ts";
import { CLIENT_COOKIE, currentClient, readCookie, sessionCookie } from "../utils/session.ts";
import { linkRefusalResponse } from "../utils/refusal.tsx";
import { limitRefusals } from "../utils/refusal_limit.ts";
import { readSwitchForm, switchCsrfToken, switchPromptResponse } from "../utils/session_switch.tsx";
import { formatDateTime, viewerTimeZone } from "../utils/time.ts";
import { type ClientAccess, resolveClientLink } from "../domain/links.ts";
import { signSession } from "../domain/tokens.ts";

type Granted = Extract<ClientAccess, { ok: true }>;

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
  const access = await resolveClientLink(appContext().store, appContext().secret, token);
  if (!access.ok) return linkRefusalResponse(access);
  // Only a valid session for another appointment is asked about; none, or an ended one, is not.
  const current = readCookie(req, CLIENT_COOKIE) ? await currentClient(req) : null;
  if (current?.ok && current.appointment.id !== access.appointment.id) {
    const tz = viewerTimeZone(req);
    const describe = (a: Granted) =>
      `with ${a.professional.name} on ${formatDateTime(a.appointment.startsAt, tz)}`;
    return switchPromptResponse({
      title: "Switch appointments?",
      current: `This browser is already in another appointment: ${describe(current)}.`,
      next: `This link is for an appointment ${describe(access)}.`,
      action: "/join-video",
      token: token!,
      csrf: await switchCsrfToken(readCookie(req, CLIENT_COOKIE)!),
      confirmLabel: "Switch to this appointment",
      stayHref: `/appointments/${encodeURIComponent(current.appointment.id)}`,
      stayLabel: "Stay in my appointment",
    });
  }
  return await startSession(access);
}

/** POST: the switch page's confirmation. */
async function confirmSwitch(req: Request): Promise<Response> {
  const token = await readSwitchForm(req, CLIENT_COOKIE);
  if (token instanceof Response) return token;
  const access = await resolveClientLink(appContext().store, appContext().secret, token);
  if (!access.ok) return linkRefusalResponse(access);
  return await startSession(access);
}

async function startSession({ appointment, claims }: Granted): Promise<Response> {
  const { store, secret } = appContext();
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
}
