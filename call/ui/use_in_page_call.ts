/**
 * The dashboard's in-place call: "Join call" links open the call in a dialog (with the call
 * page's URL pushed to history) instead of loading the call page. Back leaves the call, as it
 * would leave the page; modified clicks (new tab or window) and failures to fetch the call's
 * settings fall back to the link itself.
 *
 * While a client waits and no call is open, that client's call is prepared: drawn in the closed
 * dialog, with no camera and no socket, so the click only shows it and starts camera and socket.
 * Drawing the call view takes 50–90 ms of the page's main thread, which would otherwise hold up
 * the camera and the answer to the client's offer that the click sets off.
 */
import { useEffect, useRef } from "preact/hooks";
import { batch, type Signal, useSignal } from "@preact/signals";
import {
  appointmentOfCallPath,
  fetchProCallConfig,
  forgetProCallConfig,
  type ProCallConfig,
  proCallPath,
} from "../pro_call_config.ts";
import type { SignalingClient } from "../signaling_client.ts";
import { takeStandby } from "../standby_sockets.ts";
import { discardEarlyMedia, startEarlyMedia } from "../early_media.ts";
import { proCallSocketPath, socketUrl } from "../socket_url.ts";

/** The call open in place, if any. */
export interface OpenCall {
  appointmentId: string;
  config: ProCallConfig;
  /** Its socket, if one stood by (call/standby_sockets.ts). */
  standby?: SignalingClient;
}

/** A call drawn ahead, not shown (see the module doc). */
export interface PreparedCall {
  appointmentId: string;
  config: ProCallConfig;
}

/** What {@linkcode useInPageCall} gives the dashboard. */
export interface InPageCallControls {
  open: Signal<OpenCall | null>;
  /** The call drawn ahead while its client waits; null once it opens. */
  prepared: Signal<PreparedCall | null>;
  /** Prepares the call of `appointmentId` (null: none), once its settings are fetched. */
  prepare(appointmentId: string | null): void;
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
  const prepared = useSignal<PreparedCall | null>(null);
  const joining = useRef(false);
  /** The appointment the last prepare() asked for: a late settings fetch for another is dropped. */
  const wanted = useRef<string | null>(null);

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
    // The camera first: it takes longest to come up (call/early_media.ts).
    startEarlyMedia();
    // Seated now, before the call's UI is drawn: what the server sends back waits for it.
    const standby = takeStandby(appointmentId);
    standby?.join(socketUrl(proCallSocketPath(appointmentId)));
    const ready = prepared.peek();
    if (ready?.appointmentId === appointmentId) {
      joining.current = false;
      wanted.current = null;
      history.pushState({ inPageCall: appointmentId } satisfies CallHistoryState, "", href);
      batch(() => {
        prepared.value = null;
        open.value = { appointmentId, config: ready.config, standby };
      });
      return;
    }
    fetchProCallConfig(appointmentId).then(
      (config) => {
        joining.current = false;
        history.pushState({ inPageCall: appointmentId } satisfies CallHistoryState, "", href);
        open.value = { appointmentId, config, standby };
      },
      () => {
        discardEarlyMedia();
        standby?.close();
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

  const prepare = (appointmentId: string | null) => {
    if (wanted.current === appointmentId) return;
    wanted.current = appointmentId;
    if (prepared.peek()?.appointmentId !== appointmentId) prepared.value = null;
    if (!appointmentId) return;
    fetchProCallConfig(appointmentId).then(
      (config) => {
        if (wanted.current === appointmentId && !open.peek()) {
          prepared.value = { appointmentId, config };
        }
      },
      () => {/* fetched again on click */},
    );
  };

  return { open, prepared, prepare, onJoinClick, close };
}
