/**
 * The dashboard's in-place call: "Join call" links open the call in a dialog (with the call
 * page's URL pushed to history) instead of loading the call page. Back leaves the call, as it
 * would leave the page; modified clicks (new tab or window) and failures to fetch the call's
 * settings fall back to the link itself.
 */
import { useEffect, useMemo } from "preact/hooks";
import { type Signal, useSignal } from "@preact/signals";
import {
  appointmentOfCallPath,
  fetchProCallConfig,
  forgetProCallConfig,
  type ProCallConfig,
  proCallPath,
  readyProCallConfig,
} from "../pro_call_config.ts";
import type { SignalingClient } from "../signaling_client.ts";
import { joinStandby } from "../standby_sockets.ts";
import { dropEarlyMedia, earlyMediaSettled, earlyStream, startEarlyMedia } from "../early_media.ts";
import { type AnswerAhead, dropAnswers, releaseAnswers } from "../answers_ahead.ts";
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
  /** Fetches the settings of these appointments' calls (their people wait), ahead of a click. */
  prefetch(appointmentIds: readonly string[]): void;
  /**
   * The call view to render: the open call's, else the first of `ahead` whose settings are here,
   * drawn ahead of its click (closed, not started; call/ui/InPageCall.tsx).
   */
  view(ahead: readonly string[]): CallSlot | null;
  /** The click handler of a "Join call" link. */
  onJoinClick(e: MouseEvent, appointmentId: string): void;
  /** Closes the call view (its end screen's "Back to your dashboard"). */
  close(): void;
}

/** What {@linkcode InPageCallControls.view} says to render; the key stays the same at the click. */
export interface CallSlot {
  key: string;
  call: OpenCall;
  shown: boolean;
}

/**
 * The longest the answers made ahead wait for the camera after "Join call". Sent at the click,
 * the connection's set-up (ICE, DTLS, the first frames each way) ran on the same two cores as
 * the camera's start: the camera came up 56–61 ms after the click instead of 21–32 ms, and the
 * first frames on both pages came later (bench, 16 calls each, interleaved: 131.5 ms against
 * 125 ms, 1.34× the floor against 1.27×). A camera slower than this (real hardware may take
 * hundreds of milliseconds to open) does not hold the connection back any longer.
 */
export const ANSWERS_WAIT_MS = 60;

/** What a call drawn ahead has answered ahead: nothing yet (that comes with the click). */
const NONE: ReadonlyMap<string, AnswerAhead> = new Map();

interface CallHistoryState {
  inPageCall?: string;
}

/** State and handlers of the dashboard's in-place call. */
export function useInPageCall(): InPageCallControls {
  const open = useSignal<OpenCall | null>(null);
  /** Counts the calls closed here: views are keyed by it, so a spent call is never reused. */
  const closed = useSignal(0);
  /** Bumped as call settings arrive. */
  const fetched = useSignal(0);
  /** The call being joined: clicked, its camera not up yet (its view drawn ahead stays). */
  const joining = useSignal<string | null>(null);
  const shut = (appointmentId: string) => {
    forgetProCallConfig(appointmentId);
    open.value = null;
    closed.value++;
  };

  useEffect(() => {
    const onPopState = () => {
      const id = appointmentOfCallPath(location.pathname);
      if (open.value && id !== open.value.appointmentId) {
        shut(open.value.appointmentId);
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
    if (open.value || joining.value) return;
    joining.value = appointmentId;
    const href = proCallPath(appointmentId);
    // Seated now, before the call's UI is drawn: what the server sends back waits for it.
    const standby = joinStandby(appointmentId, socketUrl(proCallSocketPath(appointmentId)));
    // Camera and microphone asked for before the view is drawn, which would delay their reply.
    const media = startEarlyMedia();
    // The answers made ahead go out once the camera is up, not at the click (ANSWERS_WAIT_MS),
    // and neither waits for the view; the camera goes into them as soon as it is there.
    const answersAhead = new Map<string, AnswerAhead>();
    let gaveUp = false;
    const answered = earlyMediaSettled(ANSWERS_WAIT_MS).then(() => {
      // Given up, or Back pressed meanwhile: nothing goes out (giveUp closes what was made).
      if (gaveUp || !standby || location.pathname !== href) return;
      const released = releaseAnswers(appointmentId, (msg) => standby.send(msg), earlyStream());
      for (const [id, answer] of released) answersAhead.set(id, answer);
    });
    // While the camera starts, not once it is up (a few milliseconds there delay the view).
    history.pushState({ inPageCall: appointmentId } satisfies CallHistoryState, "", href);
    const giveUp = () => {
      gaveUp = true;
      standby?.close();
      for (const { pc } of answersAhead.values()) pc.close();
      dropAnswers(appointmentId);
      dropEarlyMedia();
    };
    Promise.all([fetchProCallConfig(appointmentId), media, answered]).then(
      ([config]) => {
        joining.value = null;
        // Back pressed meanwhile: the dashboard stays.
        if (location.pathname !== href) return giveUp();
        open.value = { appointmentId, config, standby, answersAhead };
      },
      () => {
        joining.value = null;
        giveUp();
        location.assign(href); // The page explains (signed out, cancelled, …).
      },
    );
  };

  // One function for the page's life: the call view is drawn again only when its props change.
  const close = useMemo(() => () => {
    const current = open.value;
    if (!current) return;
    if ((history.state as CallHistoryState | null)?.inPageCall === current.appointmentId) {
      history.back(); // popstate closes the dialog.
      return;
    }
    history.replaceState(null, "", "/dashboard");
    shut(current.appointmentId);
  }, []);

  const prefetch = (appointmentIds: readonly string[]) => {
    for (const id of appointmentIds) {
      fetchProCallConfig(id).then(() => fetched.value++, () => {/* fetched again on click */});
    }
  };

  const view = (ahead: readonly string[]): CallSlot | null => {
    fetched.value; // Drawn once the settings are here.
    const current = open.value;
    const key = (id: string) => `${id} ${closed.value}`;
    if (current) return { key: key(current.appointmentId), call: current, shown: true };
    // The one clicked stays while its camera starts, though its client no longer shows waiting.
    const id = joining.value ?? ahead.find((id) => readyProCallConfig(id));
    const config = id === undefined ? undefined : readyProCallConfig(id);
    if (id === undefined || !config) return null;
    return {
      key: key(id),
      call: { appointmentId: id, config, answersAhead: NONE },
      shown: false,
    };
  };

  return { open, prefetch, view, onJoinClick, close };
}
