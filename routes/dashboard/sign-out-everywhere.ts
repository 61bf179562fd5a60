/**
 * "Sign out everywhere": bumps the professional's session version, so every session (other
 * browsers included) and every dashboard link issued so far stop working, closes the open
 * dashboard and call sockets of those sessions (4009, see Hub.signOutEverywhere), and signs this
 * browser out too.
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../../app/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../web/dashboard_state.ts";
import { seeOther } from "../../web/see_other.ts";
import { clearedCookie, PRO_COOKIE } from "../../web/session.ts";

export const handler = {
  async POST(req: Request, ctx: FreshContext<DashboardState>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const { store, hub } = appContext();
    const pro = await store.bumpSessionVersion(ctx.state.pro.id);
    hub.signOutEverywhere(pro.id, pro.sessionVersion);
    return seeOther("/signed-out?everywhere=1", [clearedCookie(PRO_COOKIE)]);
  },
};
