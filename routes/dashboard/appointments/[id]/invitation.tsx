/**
 * "Email the invitation": keeps the client's address (changed or new) and sends the invitation
 * with its calendar file. Sent or not, it redirects to the appointment page, which says what
 * happened; a bad address answers that page again with the error on the field (400).
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import { isFinalStatus, optionalEmail } from "../../../../domain/appointments.ts";
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
        title: t("invRoute.none.title"),
        message: appt.kind === "instant"
          ? t("invRoute.instant")
          : t("appt.isStatus", { status: t(`live.status.${appt.status}`).toLowerCase() }),
      });
    }
    const raw = form.get("clientEmail");
    const typed = typeof raw === "string" ? raw : "";
    const email = optionalEmail(typed);
    if (!email.ok || email.value === null) {
      const error = email.ok ? t("invRoute.noEmail") : email.error;
      const data = await loadAppointmentPage(
        appt,
        1,
        viewerTimeZone(req, ctx.state.pro.timeZone),
        { invitation: { email: typed, error } },
      );
      if (data instanceof Response) return data;
      return ctx.render(data, { status: 400 });
    }
    const { store } = appContext();
    const current = email.value === appt.clientEmail
      ? appt
      : await store.setClientEmail(appt.id, email.value, "professional");
    const outcome = await sendAppointmentMail("invitation", current, ctx.state.pro);
    const mail = outcome.sent ? "sent" : outcome.why;
    return seeOther(`/dashboard/appointments/${appt.id}?mail=${mail}#invitation`);
  },
};

export default function AppointmentWithInvitationError(
  { data, state }: PageProps<AppointmentPageData, DashboardState>,
) {
  return <AppointmentDetail data={data} state={state} />;
}
