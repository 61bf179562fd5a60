import type { CallController } from "../call_controller.ts";

/** Shown after "Leave": the appointment goes on without this page, and Rejoin comes back. */
export function LeftScreen(
  props: { call: CallController; dashboardUrl?: string; onBack?: () => void },
) {
  return (
    <section class="end-screen card" data-testid="left-screen" aria-live="polite">
      <h2>You left the call</h2>
      <p>The appointment is still open: you can rejoin until it ends.</p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={() => props.call.rejoin()}
          data-testid="rejoin"
        >
          Rejoin
        </button>
        {props.dashboardUrl && (
          <a
            class="button"
            href={props.dashboardUrl}
            onClick={props.onBack &&
              ((e) => {
                e.preventDefault();
                props.onBack?.();
              })}
          >
            Back to your dashboard
          </a>
        )}
      </div>
    </section>
  );
}
