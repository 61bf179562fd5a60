/**
 * "Remove": the guest is taken off the appointment, their seat is free again, and their link
 * and session stop working with a page that says they were removed; their sockets are closed at
 * once (4004, see Hub.revokeGuest).
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
        await store.removeGuest(appointment.id, guest.id, "professional", "removed");
        hub.revokeGuest(appointment.id, guest.id);
      },
    );
  },
};
