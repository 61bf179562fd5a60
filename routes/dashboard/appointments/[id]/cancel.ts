/**
 * Cancels an appointment; its client page then says so, a call in progress ends on both
 * sides (see Hub.endAppointment), and a client with an address on file is emailed the
 * cancellation (METHOD:CANCEL), with the professional's reason when the form gives one.
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../../../../utils/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../../../utils/dashboard_state.ts";
import { ownedAppointment } from "../../../../utils/owned_appointment.ts";
import { refusalResponse } from "../../../../utils/refusal.tsx";
import { sendAppointmentMail } from "../../../../utils/appointment_mail.ts";
import { log } from "../../../../utils/log.ts";

/** The most of a cancellation reason a client is sent. */
const MAX_REASON = 500;

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
    // A client with an address on file gets the cancellation, with the reason if one was given;
    // the page does not wait for the mail server.
    if (appt.clientEmail) {
      const reason = form.get("reason");
      const why = typeof reason === "string" ? reason.trim().slice(0, MAX_REASON) : "";
      sendAppointmentMail("cancellation", appt, ctx.state.pro, why || undefined).catch((err) =>
        log.error("cancellation mail not recorded", { error: String(err) })
      );
    }
    return new Response(null, {
      status: 303,
      headers: { Location: `/dashboard/appointments/${appt.id}` },
    });
  },
};
