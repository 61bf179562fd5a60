/**
 * Deactivates a professional (admins only): their sessions, dashboard links and sign-in links
 * are refused from now on, with a page that says so. An admin cannot deactivate themselves
 * (nobody might be left to undo it).
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../../../../app/app_context.ts";
import { adminOnly } from "../../../../web/admin_only.ts";
import { type DashboardState, readTrustedForm } from "../../../../web/dashboard_state.ts";
import { refusalResponse } from "../../../../web/refusal.tsx";
import { seeOther } from "../../../../web/see_other.ts";
import { t } from "../../../../i18n/request_locale.ts";

export const handler = {
  async POST(req: Request, ctx: FreshContext<DashboardState>) {
    const refused = adminOnly(ctx.state);
    if (refused) return refused;
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const { store } = appContext();
    const target = await store.getProfessional(ctx.params.id);
    if (!target) {
      return refusalResponse({
        status: 404,
        title: t("team.notFound.title"),
        message: t("team.notFound"),
        next: { href: "/dashboard/team", label: t("team.back") },
      });
    }
    if (target.id === ctx.state.pro.id) {
      return refusalResponse({
        status: 409,
        title: t("team.self.title"),
        message: t("team.self"),
        next: { href: "/dashboard/team", label: t("team.back") },
      });
    }
    await store.deactivateProfessional(target.id);
    await store.audit({
      professionalId: ctx.state.pro.id,
      actor: "professional",
      action: "account.deactivated_other",
      detail: `professional ${target.id}`,
    });
    return seeOther("/dashboard/team");
  },
};
