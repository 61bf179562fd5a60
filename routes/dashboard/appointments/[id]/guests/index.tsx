/**
 * The add-guest form: the guest's name and who they are. Added, it redirects to the
 * appointment page, where the guest's own link is; refused (a bad name or role, a full call),
 * it answers that page again with the errors and the input kept (400).
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import { isFinalStatus } from "../../../../../domain/appointments.ts";
import { inviteGuest } from "../../../../../domain/guests.ts";
import { appContext } from "../../../../../app/app_context.ts";
import {
  type AppointmentPageData,
  loadAppointmentPage,
} from "../../../../../web/appointment_page.ts";
import { type DashboardState, readTrustedForm } from "../../../../../web/dashboard_state.ts";
import { ownedAppointment } from "../../../../../web/owned_appointment.ts";
import { refusalResponse } from "../../../../../web/refusal.tsx";
import { viewerTimeZone } from "../../../../../web/time.ts";
import { AppointmentDetail } from "../../../../../components/AppointmentDetail.tsx";
import { seeOther } from "../../../../../web/see_other.ts";
import { t } from "../../../../../i18n/request_locale.ts";

export const handler = {
  async POST(req: Request, ctx: FreshContext<DashboardState, AppointmentPageData>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    if (isFinalStatus(appt.status)) {
      return refusalResponse({
        status: 409,
        title: t("guestsRoute.title"),
        message: t("guestsRoute.status", { status: t(`live.status.${appt.status}`).toLowerCase() }),
      });
    }
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v : "";
    };
    const { store, config } = appContext();
    const result = await inviteGuest(store, appt, { name: text("name"), role: text("role") }, {
      maxParticipants: config.maxParticipants,
    });
    if (!result.ok) {
      const data = await loadAppointmentPage(
        appt,
        1,
        viewerTimeZone(req, ctx.state.pro.timeZone),
        { guest: result },
      );
      if (data instanceof Response) return data;
      return ctx.render(data, { status: 400 });
    }
    return seeOther(`/dashboard/appointments/${appt.id}#guests`);
  },
};

export default function AppointmentWithGuestErrors(
  { data, state }: PageProps<AppointmentPageData, DashboardState>,
) {
  return <AppointmentDetail data={data} state={state} />;
}
