/**
 * The professional's call opened in place from the dashboard: a full-screen modal dialog over it,
 * so "Join call" starts the camera and the socket at once instead of loading a page first. The
 * address bar shows the call page's URL, so a reload opens the same call as a page.
 */
import { useLayoutEffect, useRef } from "preact/hooks";
import type { Ref } from "preact";
import { CallView } from "./CallView.tsx";
import type { ProCallConfig } from "../pro_call_config.ts";
import type { SignalingClient } from "../signaling_client.ts";
import type { AnswerAhead } from "../answers_ahead.ts";
import { proCallSocketPath } from "../socket_url.ts";
import { type CallWords, w } from "./words.ts";

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
}

/** The call with one client, in a modal dialog (Escape does not leave it: Leave and End do). */
export function InPageCall(props: InPageCallProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const shown = useRef(true);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      shown.current = false;
      if (dialog?.open) dialog.close();
    };
  }, []);
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
          dashboardUrl="/dashboard"
          onBackToDashboard={props.onClose}
          words={props.words}
          {...network}
        />
      </div>
    </dialog>
  );
}
