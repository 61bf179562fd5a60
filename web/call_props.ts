import type { Appointment } from "../domain/store.ts";
import { joinWindow } from "../domain/appointments.ts";
import { appContext } from "../app/app_context.ts";
import { iceServersFor } from "./ice_servers.ts";
import type { CallNetwork } from "../call/ui/CallView.tsx";

/**
 * The VideoCall island's network settings for one participant: ICE servers
 * with TURN credentials that expire with the appointment's join window.
 */
export async function callNetworkProps(
  appointment: Appointment,
  participantId: string,
): Promise<CallNetwork> {
  const { config } = appContext();
  return {
    iceServers: await iceServersFor(config, participantId, joinWindow(appointment).closesAt),
    iceTransportPolicy: config.iceTransportPolicy,
  };
}
