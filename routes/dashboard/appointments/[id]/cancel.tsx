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
import { appContext } from "../../../../app/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../../../web/dashboard_state.ts";
import { ownedAppointment } from "../../../../web/owned_appointment.ts";
import { refusalResponse } from "../../../../web/refusal.tsx";
import { seeOther } from "../../../../web/see_other.ts";
import { ConfirmPage } from "../../../../components/ConfirmPage.tsx";
import { sendAppointmentMail } from "../../../../app/appointment_mail.ts";
import { log } from "../../../../utils/log.ts";
import { t } from "../../../../i18n/request_locale.ts";

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
      title: t("cancel.nothing.title"),
      message: t("cancel.nothing", { status: t(`live.status.${appt.status}`).toLowerCase() }),
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
      title={instant ? t("cancel.titleInstant") : t("cancel.title", { name: who })}
      explanation={
        <p>
          {instant
            ? t("cancel.explainInstant")
            : t(a.clientEmail ? "cancel.explainMail" : "cancel.explain", { name: who })}
        </p>
      }
      action={`/dashboard/appointments/${a.id}/cancel`}
      submitLabel={t(instant ? "detail.cancelCall" : "detail.cancelAppointment")}
      danger
      backHref={`/dashboard/appointments/${a.id}`}
      backLabel={t(instant ? "cancel.keepCall" : "cancel.keep")}
    >
      {!instant && (
        <>
          <label for="cancel-reason">{t("cancel.reason", { name: who })}</label>
          <input
            id="cancel-reason"
            name="reason"
            autocomplete="off"
            maxLength={MAX_CANCEL_REASON_CHARS}
            value={data.reason}
            placeholder={t("cancel.reasonPlaceholder")}
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
