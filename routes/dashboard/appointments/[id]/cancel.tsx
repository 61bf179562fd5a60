/**
 * Cancelling an appointment: GET asks for confirmation and an optional reason for the client;
 * POST cancels it (the reason checked, cancel_reason.ts), after which the client's page says so
 * with the reason, a call in progress ends on every side (see Hub.endAppointment), and a
 * client with an address on file is emailed the cancellation with the reason.
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { Appointment } from "../../../../domain/store.ts";
import { appointmentTitle } from "../../../../domain/appointments.ts";
import { checkCancelReason, MAX_CANCEL_REASON_CHARS } from "../../../../domain/cancel_reason.ts";
import { appContext } from "../../../../utils/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../../../utils/dashboard_state.ts";
import { ownedAppointment } from "../../../../utils/owned_appointment.ts";
import { refusalResponse } from "../../../../utils/refusal.tsx";
import { seeOther } from "../../../../utils/see_other.ts";
import { ConfirmPage } from "../../../../components/ConfirmPage.tsx";
import { sendAppointmentMail } from "../../../../utils/appointment_mail.ts";
import { log } from "../../../../utils/log.ts";

interface Data {
  appointment: Appointment;
  reason: string;
  error?: string;
}

/** The appointment if it can still be cancelled, else the page saying why not (409). */
async function cancellable(ctx: FreshContext<DashboardState>): Promise<Appointment | Response> {
  const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
  if (appt instanceof Response) return appt;
  if (appt.status === "completed" || appt.status === "cancelled" || appt.status === "missed") {
    return refusalResponse({
      status: 409,
      title: "Nothing to cancel",
      message: `This appointment is already ${appt.status}.`,
    });
  }
  return appt;
}

export const handler = {
  async GET(_req: Request, ctx: FreshContext<DashboardState, Data>) {
    const appt = await cancellable(ctx);
    if (appt instanceof Response) return appt;
    return ctx.render({ appointment: appt, reason: "" });
  },
  async POST(req: Request, ctx: FreshContext<DashboardState, Data>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const appt = await cancellable(ctx);
    if (appt instanceof Response) return appt;
    const raw = form.get("reason");
    const reason = checkCancelReason(typeof raw === "string" ? raw : "");
    if (!reason.ok) {
      return ctx.render({
        appointment: appt,
        reason: typeof raw === "string" ? raw : "",
        error: reason.error,
      }, { status: 400 });
    }
    const { store, hub } = appContext();
    await store.cancelAppointment(appt.id, "professional", reason.value);
    hub.endAppointment(appt.id, "cancelled");
    // A client with an address on file is emailed the cancellation (METHOD:CANCEL) with the
    // reason; the page does not wait for the mail server.
    if (appt.clientEmail) {
      sendAppointmentMail("cancellation", appt, ctx.state.pro, reason.value || undefined)
        .catch((err) => log.error("cancellation mail not recorded", { error: String(err) }));
    }
    return seeOther(`/dashboard/appointments/${appt.id}`);
  },
};

export default function CancelAppointment({ data, state }: PageProps<Data, DashboardState>) {
  const a = data.appointment;
  const instant = a.kind === "instant";
  const who = appointmentTitle(a);
  return (
    <ConfirmPage
      state={state}
      title={instant ? "Cancel this instant call?" : `Cancel the appointment with ${who}?`}
      explanation={
        <p>
          {instant
            ? "Everyone in the call is disconnected, and the call link stops working."
            : `${who}'s link will say the appointment was cancelled, with your reason if you ` +
              "give one" + (a.clientEmail ? ", and they are emailed the cancellation" : "") +
              ". A call in progress ends for everyone."} This cannot be undone.
        </p>
      }
      action={`/dashboard/appointments/${a.id}/cancel`}
      submitLabel={instant ? "Cancel call" : "Cancel appointment"}
      danger
      backHref={`/dashboard/appointments/${a.id}`}
      backLabel={instant ? "Keep the call" : "Keep the appointment"}
    >
      {!instant && (
        <>
          <label for="cancel-reason">Reason for {who} (optional)</label>
          <input
            id="cancel-reason"
            name="reason"
            autocomplete="off"
            maxLength={MAX_CANCEL_REASON_CHARS}
            value={data.reason}
            placeholder="e.g. I am unwell today; I will call you to find a new time."
            {...(data.error
              ? { "aria-invalid": "true" as const, "aria-describedby": "cancel-reason-error" }
              : {})}
          />
          {data.error && <p id="cancel-reason-error" class="field-error">{data.error}</p>}
        </>
      )}
    </ConfirmPage>
  );
}
