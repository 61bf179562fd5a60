/**
 * "Start an instant call": an appointment that starts now, with no client and one shareable
 * link (see `instantCall`), shown on its page.
 */
import type { FreshContext } from "$fresh/server.ts";
import { instantCall } from "../../domain/appointments.ts";
import { appContext } from "../../app/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../web/dashboard_state.ts";
import { seeOther } from "../../web/see_other.ts";

export const handler = {
  async POST(req: Request, ctx: FreshContext<DashboardState>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const appt = await appContext().store.createAppointment(
      instantCall(ctx.state.pro.id, Date.now()),
    );
    return seeOther(`/dashboard/appointments/${appt.id}`);
  },
};
