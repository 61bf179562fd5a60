/**
 * One appointment for its professional (components/AppointmentDetail.tsx): its link, its
 * guests, cancel, and the audit trail (`?page=N`, newest first, `AUDIT_PAGE_SIZE` rows a page).
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { DashboardState } from "../../../../utils/dashboard_state.ts";
import { ownedAppointment } from "../../../../utils/owned_appointment.ts";
import { viewerTimeZone } from "../../../../utils/time.ts";
import {
  type AppointmentPageData,
  auditPageParam,
  LINK_RENEWED_PARAM,
  loadAppointmentPage,
} from "../../../../utils/appointment_page.ts";
import { AppointmentDetail } from "../../../../components/AppointmentDetail.tsx";

export { AUDIT_PAGE_SIZE } from "../../../../utils/appointment_page.ts";

export const handler = {
  async GET(req: Request, ctx: FreshContext<DashboardState, AppointmentPageData>) {
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    const page = auditPageParam(ctx.url);
    if (page instanceof Response) return page;
    const data = await loadAppointmentPage(appt, page, viewerTimeZone(req));
    if (data instanceof Response) return data;
    return ctx.render({
      ...data,
      linkRenewed: ctx.url.searchParams.get(LINK_RENEWED_PARAM) === "1",
    });
  },
};

export default function AppointmentPage(
  { data, state }: PageProps<AppointmentPageData, DashboardState>,
) {
  return <AppointmentDetail data={data} state={state} />;
}
