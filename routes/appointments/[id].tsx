/**
 * The appointment page of the people a professional calls, reached after the link exchange:
 * the client, or a guest (invited, or a visitor of an instant call who gave a name). It shows
 * who and when, and a clear state: too early, open, finished or cancelled. When open, the
 * client and guests get the call (a guest waits in it until the professional is in the room; a
 * visitor of an instant call not let in yet knocks in it, signaling/knocks.ts).
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { Appointment, Guest, Professional } from "../../domain/store.ts";
import { type ClientPhase, clientPhase, joinWindow } from "../../domain/appointments.ts";
import {
  CLIENT_COOKIE,
  currentClient,
  currentGuest,
  GUEST_COOKIE,
  readCookie,
} from "../../web/session.ts";
import type { LinkFailure } from "../../domain/link_refusal.ts";
import { linkRefusalResponse } from "../../web/refusal.tsx";
import { viewerTimeZone } from "../../web/time.ts";
import TimeZoneSync from "../../islands/TimeZoneSync.tsx";
import OpensCountdown from "../../islands/OpensCountdown.tsx";
import LocalTime from "../../islands/LocalTime.tsx";
import VideoCall, { type VideoCallProps } from "../../islands/VideoCall.tsx";
import { callNetworkProps } from "../../web/call_props.ts";
import { appContext } from "../../app/app_context.ts";
import { limitRefusals } from "../../web/refusal_limit.ts";
import { currentLocale, t } from "../../i18n/request_locale.ts";
import { islandStrings } from "../../i18n/island_strings.ts";

interface Data {
  appointment: Appointment;
  professional: Professional;
  /** Set when this browser is a guest of the appointment, not its client. */
  guest: Guest | null;
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

/** The guest or client session for this appointment (`guest` null for the client), or why not. */
async function person(
  req: Request,
  id: string,
): Promise<
  LinkFailure | {
    ok: true;
    appointment: Appointment;
    professional: Professional;
    guest: Guest | null;
  }
> {
  // A browser holds one person cookie (personCookies); a guest's for another appointment
  // leaves a client's for this one to answer.
  if (readCookie(req, GUEST_COOKIE) !== undefined) {
    const guest = await currentGuest(req, id);
    const clientToo = readCookie(req, CLIENT_COOKIE) !== undefined;
    if (guest.ok || guest.reason !== "wrong_appointment" || !clientToo) return guest;
  }
  const client = await currentClient(req, id);
  return client.ok ? { ...client, guest: null } : client;
}

async function page(req: Request, ctx: FreshContext<Record<string, unknown>, Data>) {
  const access = await person(req, ctx.params.id);
  if (!access.ok) {
    return linkRefusalResponse(access);
  }
  const { appointment, professional, guest } = access;
  // The client reads in this page's language: their reminder will too.
  if (!guest && appointment.clientLocale !== currentLocale()) {
    await appContext().store.setClientLocale(appointment.id, currentLocale());
  }
  const now = Date.now();
  const phase = clientPhase(appointment, now);
  const res = await ctx.render({
    appointment,
    professional,
    guest,
    phase,
    now,
    tz: viewerTimeZone(req),
    // Only an open appointment gets the call, and TURN credentials; a visitor knocks in it.
    network: phase === "open"
      ? await callNetworkProps(
        appointment,
        guest ? `guest-${guest.id}` : `client-${appointment.id}`,
      )
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
      return (
        <OpensCountdown
          opensAt={opensAt}
          serverNow={now}
          serverTimeZone={tz}
          locale={currentLocale()}
          strings={islandStrings("countdown.")}
        />
      );
    case "open":
      // The call says where it is (pre-call check, waiting room, end screen): no page notice
      // that would still say "then join" above "The call has ended".
      return null;
    case "finished":
      return (
        <p class="notice" data-phase="finished">
          {t("client.finished", { name: p.name })}
        </p>
      );
    case "cancelled":
      return (
        <p class="notice warn" data-phase="cancelled">
          {t("client.cancelled", { name: p.name })}
          {a.cancelReason && (
            <>
              {" "}
              {t("client.cancelReason")} <q data-testid="cancel-reason">{a.cancelReason}</q>
            </>
          )}
        </p>
      );
  }
}

export default function ClientAppointment({ data }: PageProps<Data>) {
  const { appointment: a, professional: p, guest, tz } = data;
  return (
    <main class="page narrow">
      <p class="brand">Frontdesk</p>
      <h1>
        {t(
          a.kind === "instant"
            ? "client.title.instant"
            : guest
            ? "client.title.guest"
            : "client.title.client",
          { name: p.name },
        )}
      </h1>
      <p>
        <LocalTime ms={a.startsAt} serverTimeZone={tz} locale={currentLocale()} /> ·{" "}
        {t("client.duration", { minutes: a.durationMin })}
      </p>
      <PhaseNotice data={data} />
      {data.network && (
        <VideoCall
          role={guest ? "guest" : "client"}
          appointmentId={a.id}
          peerName={p.name}
          wsPath={guest ? "/ws?role=guest" : "/ws?role=client"}
          words={islandStrings("call.")}
          {...data.network}
        />
      )}
      <TimeZoneSync serverTimeZone={tz} />
    </main>
  );
}
