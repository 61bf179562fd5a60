/**
 * "Move the appointment": a new start and length. A client with an address on file is sent the
 * update (same calendar event, higher SEQUENCE); the page then says so. A bad time answers the
 * appointment page again with the errors on the fields (400); an appointment that is over
 * cannot move (409).
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import { isFinalStatus, validateNewTime } from "../../../../domain/appointments.ts";
import { isTimeZone } from "../../../../domain/zoned_time.ts";
import { appContext } from "../../../../app/app_context.ts";
import { type AppointmentPageData, loadAppointmentPage } from "../../../../web/appointment_page.ts";
import { sendAppointmentMail } from "../../../../app/appointment_mail.ts";
import { type DashboardState, readTrustedForm } from "../../../../web/dashboard_state.ts";
import { ownedAppointment } from "../../../../web/owned_appointment.ts";
import { refusalResponse } from "../../../../web/refusal.tsx";
import { seeOther } from "../../../../web/see_other.ts";
import { viewerTimeZone } from "../../../../web/time.ts";
import { AppointmentDetail } from "../../../../components/AppointmentDetail.tsx";
import { t } from "../../../../i18n/request_locale.ts";

export const handler = {
  async POST(req: Request, ctx: FreshContext<DashboardState, AppointmentPageData>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    if (appt.kind === "instant" || isFinalStatus(appt.status)) {
      return refusalResponse({
        status: 409,
        title: t("moveRoute.title"),
        message: appt.kind === "instant"
          ? t("moveRoute.instant")
          : t("moveRoute.status", { status: t(`live.status.${appt.status}`).toLowerCase() }),
      });
    }
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v : "";
    };
    const viewer = viewerTimeZone(req, ctx.state.pro.timeZone);
    const tz = isTimeZone(text("tz")) ? text("tz") : viewer;
    const values = { start: text("start"), durationMin: text("durationMin") };
    const result = validateNewTime({ ...values, tz });
    if (!result.ok) {
      const data = await loadAppointmentPage(appt, 1, viewer, {
        reschedule: { values, errors: result.errors },
      });
      if (data instanceof Response) return data;
      return ctx.render(data, { status: 400 });
    }
    const moved = await appContext().store.reschedule(
      appt.id,
      result.value.startsAt,
      result.value.durationMin,
      "professional",
    );
    const outcome = moved.clientEmail
      ? await sendAppointmentMail("update", moved, ctx.state.pro)
      : null;
    const mail = outcome ? `&mail=${outcome.sent ? "sent" : outcome.why}` : "";
    return seeOther(`/dashboard/appointments/${appt.id}?moved=1${mail}#reschedule`);
  },
};

export default function AppointmentWithRescheduleErrors(
  { data, state }: PageProps<AppointmentPageData, DashboardState>,
) {
  return <AppointmentDetail data={data} state={state} />;
}
