import type { CallController } from "../call_controller.ts";
import { formatDuration } from "./CallTimer.tsx";

/** Shown once the call is over, on both sides. */
export function EndScreen(
  props: { call: CallController; dashboardUrl?: string; onBack?: () => void },
) {
  const c = props.call;
  const by = c.endedBy.value;
  const started = c.startedAt.value;
  return (
    <section class="end-screen card" data-testid="end-screen" aria-live="polite">
      <h2>The call has ended</h2>
      <p>
        {by === "you"
          ? "You hung up."
          : by === "elsewhere"
          ? "This call continued in another tab or window."
          : "The other side ended the call."}
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
