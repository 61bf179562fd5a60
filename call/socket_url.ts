/** URLs of the signaling socket, on the page's own origin (ws: or wss: to match it). */

import { withProtocolVersion } from "../signaling/protocol.ts";

/**
 * The WebSocket URL of `path` (e.g. "/ws?role=client") on this page's origin, with this page's
 * protocol version (`v`, which the server checks).
 */
export function socketUrl(path: string): string {
  const u = new URL(withProtocolVersion(path), location.href);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  return u.href;
}

/** Path of a professional's call socket; `standby` opens it ahead, to be seated on `join`. */
export function proCallSocketPath(appointmentId: string, standby = false): string {
  return `/ws?appointment=${encodeURIComponent(appointmentId)}${standby ? "&standby=1" : ""}`;
}
