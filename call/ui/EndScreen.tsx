import type { CallController } from "../call_controller.ts";
import { formatDuration } from "./CallTimer.tsx";
import { endReason } from "./end_reason.ts";

/** Shown once the call is over, on both sides: who ended it, or why the server did. */
export function EndScreen(
  props: {
    call: CallController;
    role: "client" | "pro";
    peerName: string;
    dashboardUrl?: string;
    onBack?: () => void;
  },
) {
  const c = props.call;
  const started = c.startedAt.value;
  const { title, text } = endReason({
    by: c.endedBy.value,
    closedWith: c.closedWith.value,
    role: props.role,
    peerName: props.peerName,
  });
  return (
    <section class="end-screen card" data-testid="end-screen" aria-live="polite">
      <h2>{title}</h2>
      <p>
        {text}
        {started !== null && ` It lasted ${formatDuration(Date.now() - started)}.`}
      </p>
      {props.dashboardUrl
        ? (
          <a
            class="button primary"
            href={props.dashboardUrl}
            onClick={props.onBack &&
              ((e) => {
                e.preventDefault();
                props.onBack?.();
              })}
          >
            Back to your dashboard
          </a>
        )
        : <p class="muted">You can close this page.</p>}
    </section>
  );
}
