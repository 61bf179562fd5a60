/**
 * Withdraws a guest's link: the link (and the session opened with it) stops working, and the
 * appointment page shows the guest's new link. The guest stays a guest of the appointment.
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
    await appContext().store.revokeGuestLink(found.appointment.id, found.guest.id, "professional");
    return new Response(null, {
      status: 303,
      headers: { Location: `/dashboard/appointments/${found.appointment.id}#guests` },
    });
  },
};
