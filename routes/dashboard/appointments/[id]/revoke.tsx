/**
 * Revoking an appointment's client link: GET asks for confirmation; POST revokes every client
 * link issued so far (sockets opened with an older link are closed at once, see Hub.revokeLink)
 * and shows the appointment page with "New link — send it again" beside the new link.
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { Appointment } from "../../../../domain/store.ts";
import { isFinalStatus } from "../../../../domain/appointments.ts";
import { appContext } from "../../../../app/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../../../web/dashboard_state.ts";
import { ownedAppointment } from "../../../../web/owned_appointment.ts";
import { refusalResponse } from "../../../../web/refusal.tsx";
import { seeOther } from "../../../../web/see_other.ts";
import { ConfirmPage } from "../../../../components/ConfirmPage.tsx";
import { LINK_RENEWED_PARAM } from "../../../../web/appointment_page.ts";
import { t } from "../../../../i18n/request_locale.ts";

interface Data {
  appointment: Appointment;
}

export const handler = {
  async GET(_req: Request, ctx: FreshContext<DashboardState, Data>) {
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    if (appt.kind === "instant" || isFinalStatus(appt.status)) {
      return refusalResponse({
        status: 409,
        title: t("revoke.none.title"),
        message: appt.kind === "instant"
          ? t("revoke.none.instant")
          : t("revoke.none", { status: t(`live.status.${appt.status}`).toLowerCase() }),
      });
    }
    return ctx.render({ appointment: appt });
  },
  async POST(req: Request, ctx: FreshContext<DashboardState>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    const { store, hub } = appContext();
    const revoked = await store.revokeLink(appt.id, "professional");
    hub.revokeLink(revoked.id, revoked.linkVersion);
    return seeOther(`/dashboard/appointments/${appt.id}?${LINK_RENEWED_PARAM}=1#link-heading`);
  },
};

export default function RevokeLink({ data, state }: PageProps<Data, DashboardState>) {
  const a = data.appointment;
  return (
    <ConfirmPage
      state={state}
      title={t("revoke.title", { name: a.clientName })}
      explanation={<p>{t("revoke.explain", { name: a.clientName })}</p>}
      action={`/dashboard/appointments/${a.id}/revoke`}
      submitLabel={t("detail.revoke")}
      danger
      backHref={`/dashboard/appointments/${a.id}`}
      backLabel={t("revoke.keep")}
    />
  );
}
