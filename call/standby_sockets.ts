/**
 * Standby call sockets. While a client waits, the dashboard opens the professional's call socket
 * for that appointment ahead of time: the server admits it with the usual checks but does not
 * seat it, so the client does not see the professional arrive. "Join call" then sends `join` on a
 * socket that is already open, instead of starting the call with a WebSocket handshake. The
 * server shows a standby socket what it holds for the professional (protocol `held`: the waiting
 * people's offers and candidates); the call is handed those first, so it answers at the click.
 */
import type { ServerMessage } from "../signaling/protocol.ts";
import { SignalingClient } from "./signaling_client.ts";
import { proCallSocketPath, socketUrl } from "./socket_url.ts";
import { dropAnswers, prepareAnswers } from "./answers_ahead.ts";
import { fetchProCallConfig } from "./pro_call_config.ts";
import { callRtcConfig } from "./rtc_config.ts";

const standing = new Map<string, SignalingClient>();
/** The latest `held` of each standby socket. */
const heldFor = new Map<SignalingClient, readonly ServerMessage[]>();

/** Keeps a standby socket open for each of `appointmentIds`, and only for those. */
export function keepStandby(appointmentIds: readonly string[]): void {
  const wanted = new Set(appointmentIds);
  for (const [id, client] of standing) {
    if (!wanted.has(id)) {
      standing.delete(id);
      heldFor.delete(client);
      client.close();
      dropAnswers(id);
    }
  }
  for (const id of wanted) {
    if (standing.has(id)) continue;
    const client = new SignalingClient(socketUrl(proCallSocketPath(id, true)), {
      // Besides pongs, a standby socket gets only what is held for the professional.
      onMessage: (msg) => {
        if (msg.type !== "held") return;
        heldFor.set(client, msg.messages);
        // Answered ahead with the call's own network settings (fetched while they wait).
        fetchProCallConfig(id).then(({ network }) => {
          if (standing.get(id) === client) prepareAnswers(id, msg.messages, callRtcConfig(network));
        }, () => {/* no settings: the call answers at the click */});
      },
      // Refused for good (cancelled, signed out…): "Join call" opens a socket of its own.
      onFinalClose: () => {
        if (standing.get(id) === client) {
          standing.delete(id);
          dropAnswers(id);
        }
        heldFor.delete(client);
      },
    });
    standing.set(id, client);
  }
}

/**
 * Joins on the standby socket of `appointmentId`, if there is one, and hands it over (see
 * SignalingClient.join): its call gets what the server last showed it as held, ahead of what the
 * seat brings (the same again, which the call knows it has).
 */
export function joinStandby(appointmentId: string, url: string): SignalingClient | undefined {
  const client = standing.get(appointmentId);
  standing.delete(appointmentId);
  if (!client) return undefined;
  client.join(url, heldFor.get(client));
  heldFor.delete(client);
  return client;
}
