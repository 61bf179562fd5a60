/**
 * Cancels an appointment; its client page then says so, and a call in progress ends on both
 * sides (see Hub.endAppointment).
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../../../../utils/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../../../utils/dashboard_state.ts";
import { ownedAppointment } from "../../../../utils/owned_appointment.ts";
import { refusalResponse } from "../../../../utils/refusal.tsx";

export const handler = {
  async POST(req: Request, ctx: FreshContext<DashboardState>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    if (appt.status === "completed" || appt.status === "cancelled") {
      return refusalResponse({
        status: 409,
        title: "Nothing to cancel",
        message: `This appointment is already ${appt.status}.`,
      });
    }
    const { store, hub } = appContext();
    await store.setStatus(appt.id, "cancelled", "professional");
    hub.endAppointment(appt.id, "cancelled");
    return new Response(null, {
      status: 303,
      headers: { Location: `/dashboard/appointments/${appt.id}` },
    });
  },
};
