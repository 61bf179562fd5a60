/**
 * Standby call sockets. While a client waits, the dashboard opens the professional's call socket
 * for that appointment ahead of time: the server admits it with the usual checks but does not
 * seat it, so the client does not see the professional arrive. "Join call" then sends `join` on a
 * socket that is already open, instead of starting the call with a WebSocket handshake.
 */
import { SignalingClient } from "./signaling_client.ts";
import { proCallSocketPath, socketUrl } from "./socket_url.ts";

const standing = new Map<string, SignalingClient>();

/** Keeps a standby socket open for each of `appointmentIds`, and only for those. */
export function keepStandby(appointmentIds: readonly string[]): void {
  const wanted = new Set(appointmentIds);
  for (const [id, client] of standing) {
    if (!wanted.has(id)) {
      standing.delete(id);
      client.close();
    }
  }
  for (const id of wanted) {
    if (standing.has(id)) continue;
    const client = new SignalingClient(socketUrl(proCallSocketPath(id, true)), {
      onMessage: () => {/* a standby socket gets only pongs until it joins */},
      // Refused for good (cancelled, signed out…): "Join call" opens a socket of its own.
      onFinalClose: () => {
        if (standing.get(id) === client) standing.delete(id);
      },
    });
    standing.set(id, client);
  }
}

/** Hands over the standby socket of `appointmentId`, if there is one (see SignalingClient.join). */
export function takeStandby(appointmentId: string): SignalingClient | undefined {
  const client = standing.get(appointmentId);
  standing.delete(appointmentId);
  return client;
}
