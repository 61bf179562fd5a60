/**
 * "Sign out": removes this browser's session cookie and shows the signed-out page. The
 * dashboard's pages are `no-store`, so Back after signing out asks the server again and gets
 * "You are signed out", never the dashboard.
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
    await appContext().store.audit({
      professionalId: ctx.state.pro.id,
      actor: "professional",
      action: "session.ended",
    });
    return seeOther("/signed-out", [clearedCookie(PRO_COOKIE)]);
  },
};
