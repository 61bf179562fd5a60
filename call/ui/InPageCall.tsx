/**
 * The professional's call opened in place from the dashboard: a full-screen modal dialog over it,
 * so "Join call" starts the camera and the socket at once instead of loading a page first. The
 * address bar shows the call page's URL, so a reload opens the same call as a page.
 *
 * While someone waits, the dialog is drawn ahead, closed (so hidden from sight and from assistive
 * technology) and its call not started: at the click it only opens and starts. Drawn at the
 * click, the call's first render took 45–80 ms of the main thread, the camera's frames and the
 * waiting person's tile waiting behind it.
 */
import { useLayoutEffect, useRef } from "preact/hooks";
import type { Ref } from "preact";
import { CallView } from "./CallView.tsx";
import type { ProCallConfig } from "../pro_call_config.ts";
import type { SignalingClient } from "../signaling_client.ts";
import type { AnswerAhead } from "../answers_ahead.ts";
import { proCallSocketPath } from "../socket_url.ts";
import { type CallWords, w } from "./words.ts";
import { memo } from "./memo.ts";

/** Props of {@linkcode InPageCall}. */
export interface InPageCallProps {
  appointmentId: string;
  config: ProCallConfig;
  /** The call's socket, opened ahead while the client waited (if it was). */
  standby?: SignalingClient;
  /** The waiting people's offers answered ahead (call/answers_ahead.ts). */
  answersAhead?: ReadonlyMap<string, AnswerAhead>;
  /** "Back to your dashboard" on the end screen. */
  onClose(): void;
  /** The call screen's words in the page's language. */
  words: CallWords;
  /** False while drawn ahead of the click: closed, and the call not started. Default true. */
  shown?: boolean;
}

/**
 * The call, in a modal dialog (Escape does not leave it: Leave and End do). Drawn again only when
 * its props change, not with every change of the dashboard around it.
 */
export const InPageCall = memo(function InPageCall(props: InPageCallProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const shown = useRef(false);
  const show = props.shown ?? true;
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!show || !dialog) return;
    shown.current = true;
    if (!dialog.open) dialog.showModal();
    return () => {
      shown.current = false;
      if (dialog.open) dialog.close();
    };
  }, [show]);
  const { clientName, network } = props.config;
  return (
    <dialog
      ref={ref as Ref<HTMLDialogElement>}
      class="call-dialog"
      aria-labelledby="in-page-call-title"
      data-testid="in-page-call"
      onCancel={(e) => e.preventDefault()}
      // A browser may still close it (Escape pressed twice): the call is on, so it stays shown.
      onClose={(e) => {
        const dialog = e.currentTarget as HTMLDialogElement;
        if (shown.current && dialog.isConnected && !dialog.open) dialog.showModal();
      }}
    >
      <div class="page">
        <h1 id="in-page-call-title">{w("callWith", { name: clientName })}</h1>
        <CallView
          role="pro"
          appointmentId={props.appointmentId}
          peerName={clientName}
          wsPath={proCallSocketPath(props.appointmentId)}
          standby={props.standby}
          answersAhead={props.answersAhead}
          started={show}
          dashboardUrl="/dashboard"
          onBackToDashboard={props.onClose}
          words={props.words}
          {...network}
        />
      </div>
    </dialog>
  );
});
