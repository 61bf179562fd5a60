/**
 * Removes a guest from the appointment: their seat is free again, and their link and session
 * stop working with a page that says they were removed.
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../../../../../../utils/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../../../../../utils/dashboard_state.ts";
import { ownedGuest } from "../../../../../../utils/owned_guest.ts";

export const handler = {
  async POST(req: Request, ctx: FreshContext<DashboardState>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const found = await ownedGuest(ctx.params.id, ctx.params.guestId, ctx.state.pro.id);
    if (found instanceof Response) return found;
    const { appointment, guest } = found;
    await appContext().store.removeGuest(appointment.id, guest.id, "professional", "removed");
    return new Response(null, {
      status: 303,
      headers: { Location: `/dashboard/appointments/${appointment.id}#guests` },
    });
  },
};
