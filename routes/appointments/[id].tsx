/**
 * The client's appointment page, reached after the link exchange. It shows
 * who and when, and a clear state: too early, open, finished or cancelled.
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { Appointment, Professional } from "../../domain/store.ts";
import { type ClientPhase, clientPhase, joinWindow } from "../../domain/appointments.ts";
import { currentClient } from "../../utils/session.ts";
import { linkRefusalResponse } from "../../utils/refusal.tsx";
import { viewerTimeZone } from "../../utils/time.ts";
import TimeZoneSync from "../../islands/TimeZoneSync.tsx";
import OpensCountdown from "../../islands/OpensCountdown.tsx";
import LocalTime from "../../islands/LocalTime.tsx";
import VideoCall, { type VideoCallProps } from "../../islands/VideoCall.tsx";
import { callNetworkProps } from "../../utils/call_props.ts";
import { limitRefusals } from "../../utils/refusal_limit.ts";

interface Data {
  appointment: Appointment;
  professional: Professional;
  phase: ClientPhase;
  /** The server's clock when rendering: the countdown to the opening runs on it. */
  now: number;
  tz: string;
  network: Pick<VideoCallProps, "iceServers" | "iceTransportPolicy"> | null;
}

export const handler = {
  GET(req: Request, ctx: FreshContext<Record<string, unknown>, Data>) {
    return limitRefusals(ctx.remoteAddr.hostname, () => page(req, ctx));
  },
};

async function page(req: Request, ctx: FreshContext<Record<string, unknown>, Data>) {
  const access = await currentClient(req, ctx.params.id);
  if (!access.ok) {
    return linkRefusalResponse(access);
  }
  const { appointment, professional } = access;
  const now = Date.now();
  const phase = clientPhase(appointment, now);
  const res = await ctx.render({
    appointment,
    professional,
    phase,
    now,
    tz: viewerTimeZone(req),
    // Only an open appointment gets the call, and TURN credentials.
    network: phase === "open"
      ? await callNetworkProps(appointment, `client-${appointment.id}`)
      : null,
  });
  res.headers.set("Cache-Control", "no-store");
  return res;
}

function PhaseNotice(props: { data: Data }) {
  const { appointment: a, professional: p, phase, tz, now } = props.data;
  const { opensAt } = joinWindow(a);
  switch (phase) {
    case "too_early":
      return <OpensCountdown opensAt={opensAt} serverNow={now} serverTimeZone={tz} />;
    case "open":
      // The call says where it is (pre-call check, waiting room, end screen): no page notice
      // that would still say "then join" above "The call has ended".
      return null;
    case "finished":
      return (
        <p class="notice" data-phase="finished">
          This appointment has finished. If you still need to talk, please ask {p.name}{" "}
          for a new appointment.
        </p>
      );
    case "cancelled":
      return (
        <p class="notice warn" data-phase="cancelled">
          {p.name} cancelled this appointment. Please contact them to find a new time.
        </p>
      );
  }
}

export default function ClientAppointment({ data }: PageProps<Data>) {
  const { appointment: a, professional: p, tz } = data;
  return (
    <main class="page narrow">
      <p class="brand">Frontdesk</p>
      <h1>Your appointment with {p.name}</h1>
      <p>
        <LocalTime ms={a.startsAt} serverTimeZone={tz} /> · {a.durationMin} min
      </p>
      <PhaseNotice data={data} />
      {data.network && (
        <VideoCall
          role="client"
          appointmentId={a.id}
          peerName={p.name}
          wsPath="/ws?role=client"
          {...data.network}
        />
      )}
      <TimeZoneSync serverTimeZone={tz} />
    </main>
  );
}
