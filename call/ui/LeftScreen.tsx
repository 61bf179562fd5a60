import type { CallController } from "../call_controller.ts";
import { w } from "./words.ts";

/** Shown after "Leave": the appointment goes on without this page, and Rejoin comes back. */
export function LeftScreen(
  props: { call: CallController; dashboardUrl?: string; onBack?: () => void },
) {
  return (
    <section class="end-screen card" data-testid="left-screen" aria-live="polite">
      <h2>{w("left.title")}</h2>
      <p>{w("left.text")}</p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={() => props.call.rejoin()}
          data-testid="rejoin"
        >
          {w("rejoin")}
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
            {w("backToDashboard")}
          </a>
        )}
      </div>
    </section>
  );
}
