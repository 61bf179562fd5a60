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
import { CallChat } from "../call_chat.ts";
import { PreCall } from "./PreCall.tsx";
import { CallStage } from "./CallStage.tsx";
import { EndScreen } from "./EndScreen.tsx";
import { LeftScreen } from "./LeftScreen.tsx";
import type { SignalingClient } from "../signaling_client.ts";
import type { AnswerAhead } from "../answers_ahead.ts";
import { socketUrl } from "../socket_url.ts";
import { callRtcConfig } from "../rtc_config.ts";
import { type CallWords, setCallWords } from "./words.ts";

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
  /** The waiting people's offers answered ahead (the dashboard's in-place call). */
  answersAhead?: ReadonlyMap<string, AnswerAhead>;
  /**
   * False while the view is drawn ahead of its "Join call" click, hidden (the dashboard's
   * in-place call): nothing starts, no camera, no socket, until it turns true. Default true.
   */
  started?: boolean;
  /** The call screen's words in the page's language (islandStrings("call.")). */
  words: CallWords;
}

/** A call's network settings (ICE servers with TURN credentials), from the server. */
export type CallNetwork = Pick<CallViewProps, "iceServers" | "iceTransportPolicy">;

const joinedKey = (id: string) => `frontdesk.joined.${id}`;

/** One side of a call, from the pre-call check to the end screen. */
export function CallView(props: CallViewProps) {
  // Before any part of the call renders: they all read these (call/ui/words.ts).
  setCallWords(props.words);
  const [call, chat] = useMemo(() => {
    if (!IS_BROWSER) return [null, null];
    // The chat reads the controller's own name, so each is made knowing the other.
    let controller: CallController | null = null;
    const chat = new CallChat(() => controller?.me.value?.name ?? "");
    controller = new CallController({
      role: props.role,
      wsUrl: socketUrl(props.wsPath),
      rtcConfig: callRtcConfig(props),
      onPeerConnection: chat.attach,
    });
    return [controller, chat];
  }, []);

  // The first browser render matches the server's HTML; the call UI follows.
  const mounted = useSignal(false);
  const started = props.started ?? true;
  useLayoutEffect(() => {
    if (!call) return;
    mounted.value = true;
    const leave = () => call.dispose();
    addEventListener("pagehide", leave);
    return () => {
      removeEventListener("pagehide", leave);
      call.dispose();
    };
  }, []);
  // A layout effect: camera and socket start in the same task as the render that starts the
  // call (the first one, or the click's for a view drawn ahead), not a frame later.
  useLayoutEffect(() => {
    if (!call || !started) return;
    const media = call.media.start();
    if (props.role === "pro") {
      // The professional joins straight in: the socket opens while the camera starts.
      call.join({ standby: props.standby, answersAhead: props.answersAhead });
    } else if (sessionStorage.getItem(joinedKey(props.appointmentId)) === "1") {
      // A client reloading mid-call goes straight back in once the camera is back.
      media.then((ok) => ok && call.join());
    }
  }, [started]);

  // A reload goes straight back in while this page is in the call; not once it left or ended.
  useEffect(() => {
    const phase = call?.phase.value;
    // The chat is gone with the call.
    if (phase === "ended") chat?.close();
    if (phase === "ended" || phase === "left") {
      sessionStorage.removeItem(joinedKey(props.appointmentId));
    } else if (phase && phase !== "setup" && props.role !== "pro") {
      sessionStorage.setItem(joinedKey(props.appointmentId), "1");
    }
  }, [call?.phase.value]);

  if (!call || !chat || !mounted.value) {
    return (
      <section class="call-shell" aria-busy="true">
        <p class="muted">{props.words.starting}</p>
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
        // The ended controller is spent: the page reloads straight into the call (the dashboard's
        // in-place call has its own Join call instead).
        onRejoin={props.onBackToDashboard ? undefined : () => {
          sessionStorage.setItem(joinedKey(props.appointmentId), "1");
          location.reload();
        }}
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
  return (
    <CallStage call={call} chat={chat} peerName={props.peerName} side={side} active={started} />
  );
}
