/**
 * "Withdraw link": the guest's link (and the session opened with it) stops working, and the
 * appointment page shows the guest's new link. The guest stays a guest of the appointment; their
 * sockets from the old link are closed at once (4004, see Hub.revokeGuest).
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../../../../../../app/app_context.ts";
import type { DashboardState } from "../../../../../../web/dashboard_state.ts";
import { guestAction } from "../../../../../../web/owned_guest.ts";

export const handler = {
  POST(req: Request, ctx: FreshContext<DashboardState>) {
    return guestAction(
      req,
      ctx,
      async (appointment, guest) => {
        const { store, hub } = appContext();
        const revoked = await store.revokeGuestLink(appointment.id, guest.id, "professional");
        hub.revokeGuest(appointment.id, guest.id, revoked.linkVersion);
      },
    );
  },
};
