/**
 * The dashboard's in-place call: "Join call" links open the call in a dialog (with the call
 * page's URL pushed to history) instead of loading the call page. Back leaves the call, as it
 * would leave the page; modified clicks (new tab or window) and failures to fetch the call's
 * settings fall back to the link itself.
 */
import { useEffect, useRef } from "preact/hooks";
import { type Signal, useSignal } from "@preact/signals";
import {
  appointmentOfCallPath,
  fetchProCallConfig,
  forgetProCallConfig,
  type ProCallConfig,
  proCallPath,
} from "../pro_call_config.ts";
import type { SignalingClient } from "../signaling_client.ts";
import { joinStandby } from "../standby_sockets.ts";
import { dropEarlyMedia, earlyStream, startEarlyMedia } from "../early_media.ts";
import { type AnswerAhead, releaseAnswers } from "../answers_ahead.ts";
import { proCallSocketPath, socketUrl } from "../socket_url.ts";

/** The call open in place, if any. */
export interface OpenCall {
  appointmentId: string;
  config: ProCallConfig;
  /** Its socket, if one stood by (call/standby_sockets.ts). */
  standby?: SignalingClient;
  /** The waiting people's offers answered ahead, released at the click (call/answers_ahead.ts). */
  answersAhead: ReadonlyMap<string, AnswerAhead>;
}

/** What {@linkcode useInPageCall} gives the dashboard. */
export interface InPageCallControls {
  open: Signal<OpenCall | null>;
  /** The click handler of a "Join call" link. */
  onJoinClick(e: MouseEvent, appointmentId: string): void;
  /** Closes the call view (its end screen's "Back to your dashboard"). */
  close(): void;
}

interface CallHistoryState {
  inPageCall?: string;
}

/** State and handlers of the dashboard's in-place call. */
export function useInPageCall(): InPageCallControls {
  const open = useSignal<OpenCall | null>(null);
  const joining = useRef(false);

  useEffect(() => {
    const onPopState = () => {
      const id = appointmentOfCallPath(location.pathname);
      if (open.value && id !== open.value.appointmentId) {
        forgetProCallConfig(open.value.appointmentId);
        open.value = null;
      } else if (!open.value && id) {
        location.reload(); // Forward into a call: the call page itself.
      }
    };
    addEventListener("popstate", onPopState);
    return () => removeEventListener("popstate", onPopState);
  }, []);

  const onJoinClick = (e: MouseEvent, appointmentId: string) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (open.value || joining.current) return;
    joining.current = true;
    const href = proCallPath(appointmentId);
    // Seated now, before the call's UI is drawn: what the server sends back waits for it.
    const standby = joinStandby(appointmentId, socketUrl(proCallSocketPath(appointmentId)));
    // Camera and microphone asked for before the view is drawn, which would delay their reply.
    const media = startEarlyMedia();
    // The answers made ahead go out right behind the join, and the camera into them once it is
    // up: neither waits for the view.
    const answersAhead = standby
      ? releaseAnswers(appointmentId, (msg) => standby.send(msg), earlyStream())
      : new Map<string, AnswerAhead>();
    Promise.all([fetchProCallConfig(appointmentId), media]).then(
      ([config]) => {
        joining.current = false;
        history.pushState({ inPageCall: appointmentId } satisfies CallHistoryState, "", href);
        open.value = { appointmentId, config, standby, answersAhead };
      },
      () => {
        standby?.close();
        for (const { pc } of answersAhead.values()) pc.close();
        dropEarlyMedia();
        location.assign(href); // The page explains (signed out, cancelled, …).
      },
    );
  };

  const close = () => {
    const current = open.value;
    if (!current) return;
    if ((history.state as CallHistoryState | null)?.inPageCall === current.appointmentId) {
      history.back(); // popstate closes the dialog.
      return;
    }
    history.replaceState(null, "", "/dashboard");
    forgetProCallConfig(current.appointmentId);
    open.value = null;
  };

  return { open, onJoinClick, close };
}
