/**
 * "New link" of an instant call: stops its share link (nobody new can ask to join with it)
 * and shows the new one. People who already asked to join or were let in are guests by then
 * and stay.
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../../../../app/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../../../web/dashboard_state.ts";
import { ownedAppointment } from "../../../../web/owned_appointment.ts";
import { refusalResponse } from "../../../../web/refusal.tsx";
import { seeOther } from "../../../../web/see_other.ts";
import { t } from "../../../../i18n/request_locale.ts";

export const handler = {
  async POST(req: Request, ctx: FreshContext<DashboardState>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    if (appt.kind !== "instant") {
      return refusalResponse({
        status: 409,
        title: t("share.none.title"),
        message: t("share.none"),
      });
    }
    await appContext().store.revokeShareLink(appt.id, "professional");
    return seeOther(`/dashboard/appointments/${appt.id}`);
  },
};
