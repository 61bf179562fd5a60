/**
 * Everything under `/dashboard` needs a professional's session. Mutating
 * requests also need a same-origin request and the form's CSRF token. The
 * zone the browser reports is kept on the account, so a new device shows the
 * professional's times from its first page.
 */
import type { FreshContext } from "$fresh/server.ts";
import type { Professional } from "../../domain/store.ts";
import { appContext } from "../../app/app_context.ts";
import { currentPro, PRO_COOKIE, readCookie } from "../../web/session.ts";
import { refusalResponse, signInStep } from "../../web/refusal.tsx";
import { csrfToken } from "../../web/csrf.ts";
import type { DashboardState } from "../../web/dashboard_state.ts";
import { cookieTimeZone } from "../../web/time.ts";
import { log } from "../../utils/log.ts";
import { t } from "../../i18n/request_locale.ts";

export async function handler(req: Request, ctx: FreshContext<DashboardState>) {
  const access = await currentPro(req);
  if (!access.ok) {
    // No cookie: never signed in here, or signed out (Back after "Sign out" lands here too).
    return refusalResponse({
      status: access.reason === "empty" ? 401 : access.status,
      title: t(access.reason === "empty" ? "dash.signedOutTitle" : "dash.pleaseSignIn"),
      message: access.reason === "empty" ? t("dash.signInToOpen") : access.message,
      next: access.status === 403 ? undefined : signInStep(),
    });
  }
  const session = readCookie(req, PRO_COOKIE)!;
  ctx.state.pro = await keepTimeZone(req, access.professional);
  ctx.state.session = session;
  ctx.state.csrf = await csrfToken(appContext().secret, session);
  const res = await ctx.next();
  res.headers.set("Cache-Control", "no-store");
  return res;
}

/** Stores the browser's zone on the account when it changed; a failed write only shows UTC. */
async function keepTimeZone(req: Request, pro: Professional): Promise<Professional> {
  const tz = cookieTimeZone(req);
  if (!tz || tz === pro.timeZone) return pro;
  try {
    await appContext().store.setProfessionalTimeZone(pro.id, tz);
    return { ...pro, timeZone: tz };
  } catch (err) {
    log.error("could not keep the time zone", { error: String(err) });
    return pro;
  }
}
