/**
 * Desktop notifications (the Notification API) for the dashboard, besides the chime: a
 * professional in another tab or window still learns that someone is waiting. Permission is
 * asked only from a click ({@linkcode askPermission}); browsers ignore or penalise a request
 * made on load, and it would interrupt the professional before they chose anything.
 */

/** What the browser allows: its permission, or "unsupported" (no Notification API). */
export type NotificationState = NotificationPermission | "unsupported";

/** The browser's current answer. */
export function notificationState(): NotificationState {
  return "Notification" in globalThis ? Notification.permission : "unsupported";
}

/** Asks the browser for permission; call it from a click handler only. */
export async function askPermission(): Promise<NotificationState> {
  if (!("Notification" in globalThis)) return "unsupported";
  return await Notification.requestPermission();
}

/**
 * Shows `title` when permission was granted (nothing otherwise). `tag` replaces an earlier
 * notification with the same tag, so one waiting client is one notification. A click brings
 * the dashboard to the front.
 */
export function notify(title: string, body: string, tag: string): void {
  if (notificationState() !== "granted") return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      globalThis.focus();
      n.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker; the chime still plays.
  }
}
