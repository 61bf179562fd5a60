/** URLs of the signaling socket, on the page's own origin (ws: or wss: to match it). */

/** The WebSocket URL of `path` (e.g. "/ws?role=client") on this page's origin. */
export function socketUrl(path: string): string {
  const u = new URL(path, location.href);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  return u.href;
}

/** Path of a professional's call socket; `standby` opens it ahead, to be seated on `join`. */
export function proCallSocketPath(appointmentId: string, standby = false): string {
  return `/ws?appointment=${encodeURIComponent(appointmentId)}${standby ? "&standby=1" : ""}`;
}
