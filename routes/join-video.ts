/**
 * Every link people are sent to join a call (a client's, a guest's, an instant call's share
 * link; `resolveJoinLink` tells them apart): exchanges the token for a session cookie and
 * redirects, so the token leaves the address bar. A browser that is already someone else in
 * a call (another appointment, or another person in this one) is asked first (login CSRF): the
 * answer comes back as a POST with the token in the body. A share link only opens the name
 * form, so it never replaces anyone and is never asked about.
 */
import type { Handlers } from "$fresh/server.ts";
import { appContext } from "../app/app_context.ts";
import { personCookie, readCookie } from "../web/session.ts";
import { linkRefusalResponse } from "../web/refusal.tsx";
import { limitRefusals } from "../web/refusal_limit.ts";
import { readSwitchForm, switchCsrfToken, switchPromptResponse } from "../web/session_switch.tsx";
import {
  type CurrentPerson,
  currentPerson,
  samePerson,
  startClientSession,
  startGuestSession,
  startShareSession,
} from "../web/person_session.ts";
import { formatDateTime, viewerTimeZone } from "../web/time.ts";
import { type JoinAccess, resolveJoinLink } from "../domain/join_link.ts";
import { guestLabel } from "../domain/guests.ts";
import { currentLocale, t } from "../i18n/request_locale.ts";

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
  const join = await resolveJoinLink(appContext().store, appContext().secret, token);
  if (!join.access.ok) return linkRefusalResponse(join.access);
  if (join.link === "share-link") return await start(join);
  // Only a valid session of someone else is asked about; none, or an ended one, is not.
  const current = await currentPerson(req);
  const guest = "guest" in join.access ? join.access.guest : undefined;
  if (current && !samePerson(current, join.access.appointment.id, guest)) {
    const tz = viewerTimeZone(req);
    const describe = (a: CurrentPerson | Extract<JoinAccess["access"], { ok: true }>) => {
      const facts = {
        pro: a.professional.name,
        when: formatDateTime(a.appointment.startsAt, tz, { locale: currentLocale() }),
      };
      return "guest" in a
        ? t("switch.describeGuest", { ...facts, guest: guestLabel(a.guest) })
        : t("switch.describe", facts);
    };
    const cookie = personCookie(req);
    return switchPromptResponse({
      title: t("switch.title"),
      current: t(
        current.appointment.id === join.access.appointment.id
          ? "switch.currentThis"
          : "switch.currentOther",
        { describe: describe(current) },
      ),
      next: t("switch.next", { describe: describe(join.access) }),
      action: "/join-video",
      token: token!,
      csrf: await switchCsrfToken(readCookie(req, cookie)!),
      confirmLabel: t("switch.confirm"),
      stayHref: `/appointments/${encodeURIComponent(current.appointment.id)}`,
      stayLabel: t("switch.stay"),
    });
  }
  return await start(join);
}

/** POST: the switch page's confirmation. */
async function confirmSwitch(req: Request): Promise<Response> {
  const token = await readSwitchForm(req, personCookie(req));
  if (token instanceof Response) return token;
  const join = await resolveJoinLink(appContext().store, appContext().secret, token);
  if (!join.access.ok) return linkRefusalResponse(join.access);
  return await start(join);
}

/** The session the link grants, or the refusal page. */
async function start({ link, access }: JoinAccess): Promise<Response> {
  if (!access.ok) return linkRefusalResponse(access);
  if (link === "share-link") return await startShareSession(access);
  if ("guest" in access) {
    return await startGuestSession(access.appointment, access.guest, access.claims.exp);
  }
  return await startClientSession(access);
}
