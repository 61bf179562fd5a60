import { useEffect, useState } from "preact/hooks";
import {
  askPermission,
  type NotificationState,
  notificationState,
} from "../utils/desktop_notification.ts";
import { lw } from "./live_words.ts";

/**
 * "Turn on desktop notifications": a button that asks the browser for permission when clicked
 * (never on load), then says what the browser answered. Renders nothing on the server, which
 * cannot know the answer, nor in a browser without notifications.
 */
export function NotificationToggle() {
  const [state, setState] = useState<NotificationState | null>(null);
  useEffect(() => setState(notificationState()), []);
  if (state === null || state === "unsupported") return null;
  return (
    <p class="notification-toggle" data-testid="notification-toggle" data-state={state}>
      {state === "default" && (
        <button
          type="button"
          onClick={async () => setState(await askPermission())}
        >
          {lw("notify.turnOn")}
        </button>
      )}
      {state === "granted" && <span class="muted">{lw("notify.on")}</span>}
      {state === "denied" && <span class="muted">{lw("notify.blocked")}</span>}
    </p>
  );
}
