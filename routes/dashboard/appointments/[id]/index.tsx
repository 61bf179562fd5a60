/**
 * One appointment for its professional (components/AppointmentDetail.tsx): its link, its
 * guests, cancel, and the audit trail (`?page=N`, newest first, `AUDIT_PAGE_SIZE` rows a page).
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { DashboardState } from "../../../../web/dashboard_state.ts";
import { ownedAppointment } from "../../../../web/owned_appointment.ts";
import { viewerTimeZone } from "../../../../web/time.ts";
import {
  type AppointmentPageData,
  auditPageParam,
  LINK_RENEWED_PARAM,
  loadAppointmentPage,
  type PageNotice,
} from "../../../../web/appointment_page.ts";
import type { MailOutcome } from "../../../../app/appointment_mail.ts";
import { AppointmentDetail } from "../../../../components/AppointmentDetail.tsx";

export { AUDIT_PAGE_SIZE } from "../../../../web/appointment_page.ts";

export const handler = {
  async GET(req: Request, ctx: FreshContext<DashboardState, AppointmentPageData>) {
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    const page = auditPageParam(ctx.url);
    if (page instanceof Response) return page;
    const data = await loadAppointmentPage(
      appt,
      page,
      viewerTimeZone(req, ctx.state.pro.timeZone),
      { notice: noticeFrom(ctx.url) },
    );
    if (data instanceof Response) return data;
    return ctx.render({
      ...data,
      linkRenewed: ctx.url.searchParams.get(LINK_RENEWED_PARAM) === "1",
    });
  },
};

const MAIL_OUTCOMES: Record<string, MailOutcome> = {
  sent: { sent: true },
  "no-mail": { sent: false, why: "no-mail" },
  "no-address": { sent: false, why: "no-address" },
  failed: { sent: false, why: "failed" },
};

/** What a redirect here says happened (`?mail=sent`, `?moved=1`); anything else says nothing. */
function noticeFrom(url: URL): PageNotice {
  const mail = MAIL_OUTCOMES[url.searchParams.get("mail") ?? ""];
  return { ...(mail ? { mail } : {}), moved: url.searchParams.get("moved") === "1" };
}

export default function AppointmentPage(
  { data, state }: PageProps<AppointmentPageData, DashboardState>,
) {
  return <AppointmentDetail data={data} state={state} />;
}
