/**
 * Revokes every client link of an appointment and shows the new one. Sockets opened with an
 * older link are closed at once (see Hub.revokeLink).
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../../../../utils/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../../../utils/dashboard_state.ts";
import { ownedAppointment } from "../../../../utils/owned_appointment.ts";

export const handler = {
  async POST(req: Request, ctx: FreshContext<DashboardState>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    const { store, hub } = appContext();
    const revoked = await store.revokeLink(appt.id, "professional");
    hub.revokeLink(revoked.id, revoked.linkVersion);
    return new Response(null, {
      status: 303,
      headers: { Location: `/dashboard/appointments/${appt.id}` },
    });
  },
};
