import type { CallController } from "../call_controller.ts";
import { formatDuration } from "./CallTimer.tsx";
import { canRejoin, endReason } from "./end_reason.ts";
import { w } from "./words.ts";

/**
 * Shown once the call is over, on both sides: who ended it, or why the server did; nothing else
 * of the call (its notices went with the stage). Rejoin while the appointment is still open and
 * this page only lost the call (see canRejoin), when the page can rejoin (`onRejoin`).
 */
export function EndScreen(
  props: {
    call: CallController;
    role: "client" | "pro";
    peerName: string;
    dashboardUrl?: string;
    onBack?: () => void;
    /** Back into the call (the call page reloads straight into it). */
    onRejoin?: () => void;
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
  const rejoin = props.onRejoin && canRejoin({ closedWith: c.closedWith.value });
  return (
    <section class="end-screen card" data-testid="end-screen" aria-live="polite">
      <h2>{title}</h2>
      <p>
        {text}
        {started !== null &&
          ` ${w("end.lasted", { duration: formatDuration(Date.now() - started) })}`}
      </p>
      {rejoin && (
        <p class="actions">
          <button type="button" class="primary" onClick={props.onRejoin} data-testid="rejoin">
            {w("rejoin")}
          </button>
        </p>
      )}
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
            {w("backToDashboard")}
          </a>
        )
        : <p class="muted">{w("canClose")}</p>}
    </section>
  );
}
