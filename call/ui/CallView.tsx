/**
 * The video call UI for both sides: the VideoCall island on the call pages, and the dashboard's
 * in-place call. The client goes through the pre-call check and the waiting room; the
 * professional joins straight in. All call state lives in the CallController's signals (media
 * state in its LocalMedia's).
 */
import { useEffect, useLayoutEffect, useMemo } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { IS_BROWSER } from "$fresh/runtime.ts";
import { CallController } from "../call_controller.ts";
import { PreCall } from "./PreCall.tsx";
import { CallControls } from "./CallControls.tsx";
import { CallStatusLine } from "./CallStatusLine.tsx";
import { EndScreen } from "./EndScreen.tsx";
import { LeftScreen } from "./LeftScreen.tsx";
import { MediaHelp } from "./MediaHelp.tsx";
import { VideoTile } from "./VideoTile.tsx";
import type { SignalingClient } from "../signaling_client.ts";
import { socketUrl } from "../socket_url.ts";

export interface CallViewProps {
  /** A guest's call is the client's, with a tile of their own in the others' calls. */
  role: "client" | "pro" | "guest";
  appointmentId: string;
  /** The other side's display name. */
  peerName: string;
  /** Path of the signaling socket, e.g. "/ws?role=client". */
  wsPath: string;
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  iceTransportPolicy?: "all" | "relay";
  /** Where the end screen sends a professional. */
  dashboardUrl?: string;
  /** Replaces following `dashboardUrl` (the dashboard's in-place call closes instead). */
  onBackToDashboard?: () => void;
  /** A standby socket opened ahead for this call (the dashboard's in-place call). */
  standby?: SignalingClient;
}

/** A call's network settings (ICE servers with TURN credentials), from the server. */
export type CallNetwork = Pick<CallViewProps, "iceServers" | "iceTransportPolicy">;

const joinedKey = (id: string) => `frontdesk.joined.${id}`;

/** How a tile names a participant's role. */
const ROLE_WORDS = { pro: "professional", client: "client", guest: "guest" } as const;

/** One side of a call, from the pre-call check to the end screen. */
export function CallView(props: CallViewProps) {
  const call = useMemo(
    () =>
      IS_BROWSER
        ? new CallController({
          role: props.role,
          wsUrl: socketUrl(props.wsPath),
          standby: props.standby,
          rtcConfig: {
            iceServers: props.iceServers,
            iceTransportPolicy: props.iceTransportPolicy ?? "all",
          },
        })
        : null,
    [],
  );

  // The first browser render matches the server's HTML; the call UI follows.
  const mounted = useSignal(false);
  // A layout effect: camera and socket start in the same task as the first render, not a frame later.
  useLayoutEffect(() => {
    if (!call) return;
    mounted.value = true;
    const media = call.media.start();
    if (props.role === "pro") {
      // The professional joins straight in: the socket opens while the camera starts.
      call.join();
    } else if (sessionStorage.getItem(joinedKey(props.appointmentId)) === "1") {
      // A client reloading mid-call goes straight back in once the camera is back.
      media.then((ok) => ok && call.join());
    }
    const leave = () => call.dispose();
    addEventListener("pagehide", leave);
    return () => {
      removeEventListener("pagehide", leave);
      call.dispose();
    };
  }, []);

  // A reload goes straight back in while this page is in the call; not once it left or ended.
  useEffect(() => {
    const phase = call?.phase.value;
    if (phase === "ended" || phase === "left") {
      sessionStorage.removeItem(joinedKey(props.appointmentId));
    } else if (phase && phase !== "setup" && props.role !== "pro") {
      sessionStorage.setItem(joinedKey(props.appointmentId), "1");
    }
  }, [call?.phase.value]);

  if (!call || !mounted.value) {
    return (
      <section class="call-shell" aria-busy="true">
        <p class="muted">Starting the video call…</p>
      </section>
    );
  }

  const phase = call.phase.value;
  // The guest's screens are the client's (waiting room, end screen).
  const side = props.role === "pro" ? "pro" : "client";
  if (phase === "ended") {
    return (
      <EndScreen
        call={call}
        role={side}
        peerName={props.peerName}
        dashboardUrl={props.dashboardUrl}
        onBack={props.onBackToDashboard}
      />
    );
  }
  if (phase === "left") {
    return (
      <LeftScreen call={call} dashboardUrl={props.dashboardUrl} onBack={props.onBackToDashboard} />
    );
  }
  if (phase === "setup" && side === "client") {
    return (
      <PreCall
        call={call}
        peerName={props.peerName}
        onJoin={() => {
          sessionStorage.setItem(joinedKey(props.appointmentId), "1");
          call.join();
        }}
      />
    );
  }
  const waiting = phase === "waiting" || phase === "setup";
  const remote = call.remoteMedia.value;
  const peer = call.peer.value;
  return (
    <section class="call" data-phase={phase} aria-label="Video call">
      <CallStatusLine call={call} peerName={props.peerName} role={side} />
      <MediaHelp problem={call.media.problem.value} />
      {call.knocks.value.map((k) => (
        <div class="notice knock" role="alert" key={k.id} data-testid="knock" data-id={k.id}>
          <span>{k.name} ({ROLE_WORDS[k.role]}) is waiting</span>{" "}
          <button
            type="button"
            class="btn primary"
            onClick={() =>
              call.letIn(k.id)}
          >
            Let in
          </button>{" "}
          <button
            type="button"
            class="btn"
            onClick={() =>
              call.decline(k.id)}
          >
            Not now
          </button>
        </div>
      ))}
      {call.media.notice.value && <p class="notice" role="status">{call.media.notice.value}</p>}
      <div
        class={`stage${
          !waiting && call.remotes.value.some((r) => r.id !== call.counterpart && r.stream)
            ? " mesh"
            : ""
        }`}
      >
        {waiting
          ? (
            <div
              class="waiting-room"
              data-testid="waiting-room"
              data-peer={peer}
              data-knocking={call.knocking.value ? "1" : undefined}
            >
              <p class="lead">
                {peer === "left"
                  ? (side === "client"
                    ? `${props.peerName} left the call. Stay on this page: the call resumes ` +
                      "when they come back."
                    : `${props.peerName} left the call. They can come back with their link ` +
                      "until the appointment ends.")
                  : call.knocking.value
                  ? `You asked to join. ${props.peerName} will let you in shortly; please keep ` +
                    "this page open."
                  : side === "client"
                  ? `${props.peerName} will let you in shortly.`
                  : `Waiting for ${props.peerName} to join…`}
              </p>
            </div>
          )
          : peer === "away"
          ? (
            <div class="waiting-room" data-testid="peer-away">
              <p class="lead">{props.peerName} is reconnecting…</p>
            </div>
          )
          : (
            <>
              <VideoTile
                stream={call.remoteStream.value}
                label={`${props.peerName}'s video`}
                sinkId={call.media.selected.value.audiooutput}
              />
              <div class="remote-indicators" aria-live="polite">
                {!remote.audio && (
                  <span class="indicator" data-testid="remote-muted">
                    {props.peerName}'s microphone is off
                  </span>
                )}
                {!remote.video && (
                  <span class="indicator" data-testid="remote-camera-off">
                    {props.peerName}'s camera is off
                  </span>
                )}
              </div>
            </>
          )}
        {!waiting && call.remotes.value
          .filter((r) => r.id !== call.counterpart && r.stream)
          .map((r) => (
            <div class="tile-wrap" key={r.id} data-participant={r.id}>
              <VideoTile
                stream={r.stream}
                label={`${r.name} (${ROLE_WORDS[r.role]})'s video`}
                sinkId={call.media.selected.value.audiooutput}
              />
              <span class="tile-label" data-testid="tile-label">
                {r.name} · {ROLE_WORDS[r.role]}
                {r.presence === "away" ? " · reconnecting…" : ""}
              </span>
            </div>
          ))}
        {call.media.stream.value && call.media.stream.value.getVideoTracks().length === 0
          ? <div class="tile self audio-only" data-testid="self-audio-only">Audio only</div>
          : <VideoTile stream={call.media.stream.value} self label="Your camera" />}
      </div>
      <CallControls call={call} role={side} />
      {call.endFailed.value && (
        <p class="notice" role="alert" data-testid="end-failed">
          The appointment could not be ended. The call goes on; please try again.
        </p>
      )}
    </section>
  );
}
