/**
 * The professional's side of the video call. The same URL answers `Accept: application/json`
 * with the call's network settings, which the dashboard fetches to open the call in place
 * (see call/ui/InPageCall.tsx); refusals are then JSON with the same status.
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { Appointment } from "../../../../domain/store.ts";
import type { DashboardState } from "../../../../web/dashboard_state.ts";
import { ownedAppointment } from "../../../../web/owned_appointment.ts";
import { callNetworkProps } from "../../../../web/call_props.ts";
import { refusalResponse } from "../../../../web/refusal.tsx";
import { DashboardHeader } from "../../../../components/DashboardHeader.tsx";
import VideoCall from "../../../../islands/VideoCall.tsx";
import { t } from "../../../../i18n/request_locale.ts";
import { islandStrings } from "../../../../i18n/island_strings.ts";
import type { CallNetwork } from "../../../../call/ui/CallView.tsx";
import type { ProCallConfig } from "../../../../call/pro_call_config.ts";

interface Data {
  appointment: Appointment;
  network: CallNetwork;
}

/** The refusal of a cancelled appointment's call, in the request's language. */
const cancelled = () => ({
  status: 409,
  title: t("proCall.cancelled.title"),
  message: t("proCall.cancelled"),
});

function wantsJson(req: Request): boolean {
  return (req.headers.get("accept") ?? "").includes("application/json");
}

function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: NO_STORE_JSON });
}

/** TURN credentials inside: never cached, and HTML and JSON are told apart. */
const NO_STORE_JSON = { "Cache-Control": "no-store", "Vary": "Accept" };

export const handler = {
  async GET(req: Request, ctx: FreshContext<DashboardState, Data>) {
    const json = wantsJson(req);
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) {
      if (!json) return appt;
      await appt.body?.cancel();
      return jsonError(appt.status, "There is no such appointment in your dashboard.");
    }
    if (appt.status === "cancelled") {
      const refusal = cancelled();
      return json ? jsonError(refusal.status, refusal.message) : refusalResponse(refusal);
    }
    const network = await callNetworkProps(appt, `pro-${ctx.state.pro.id}`);
    if (json) {
      const body: ProCallConfig = { clientName: appt.clientName, network };
      return Response.json(body, { headers: NO_STORE_JSON });
    }
    return ctx.render({ appointment: appt, network });
  },
};

export default function ProCall({ data, state }: PageProps<Data, DashboardState>) {
  const a = data.appointment;
  return (
    <main class="page">
      <DashboardHeader pro={state.pro} />
      <h1>
        {a.kind === "instant" ? t("proCall.instant") : t("call.callWith", { name: a.clientName })}
      </h1>
      <VideoCall
        role="pro"
        appointmentId={a.id}
        peerName={a.clientName}
        wsPath={`/ws?appointment=${encodeURIComponent(a.id)}`}
        dashboardUrl="/dashboard"
        words={islandStrings("call.")}
        {...data.network}
      />
    </main>
  );
}
