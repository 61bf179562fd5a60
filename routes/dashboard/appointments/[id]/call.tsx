/** The professional's side of the video call. */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { Appointment } from "../../../../domain/store.ts";
import type { DashboardState } from "../../../../utils/dashboard_state.ts";
import { ownedAppointment } from "../../../../utils/owned_appointment.ts";
import { callNetworkProps } from "../../../../utils/call_props.ts";
import { refusalResponse } from "../../../../utils/refusal.tsx";
import { DashboardHeader } from "../../../../components/DashboardHeader.tsx";
import VideoCall, { type VideoCallProps } from "../../../../islands/VideoCall.tsx";

interface Data {
  appointment: Appointment;
  network: Pick<VideoCallProps, "iceServers" | "iceTransportPolicy">;
}

export const handler = {
  async GET(_req: Request, ctx: FreshContext<DashboardState, Data>) {
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    if (appt.status === "cancelled") {
      return refusalResponse({
        status: 409,
        title: "This appointment is cancelled",
        message: "A cancelled appointment has no call.",
      });
    }
    const network = await callNetworkProps(appt, `pro-${ctx.state.pro.id}`);
    return ctx.render({ appointment: appt, network });
  },
};

export default function ProCall({ data, state }: PageProps<Data, DashboardState>) {
  const a = data.appointment;
  return (
    <main class="page">
      <DashboardHeader pro={state.pro} />
      <h1>Call with {a.clientName}</h1>
      <VideoCall
        role="pro"
        appointmentId={a.id}
        peerName={a.clientName}
        wsPath={`/ws?appointment=${encodeURIComponent(a.id)}`}
        dashboardUrl="/dashboard"
        {...data.network}
      />
    </main>
  );
}
