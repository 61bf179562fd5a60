/**
 * The `welcome` a call socket gets when it takes its seat: the appointment as that side may see
 * it (only the professional learns the client's name) and whether the other side is there.
 */
import type { Appointment } from "../domain/store.ts";
import type { AppointmentInfo, WelcomeMessage } from "./protocol.ts";
import { otherSide, type Room, type Side } from "./room.ts";

/** The welcome for `side` seated in `room`; `professionalName` is shown to the client. */
export function welcomeToRoom(
  side: Side,
  appointment: Appointment,
  room: Room<unknown>,
  professionalName?: string,
): WelcomeMessage {
  const info: AppointmentInfo = {
    id: appointment.id,
    startsAt: appointment.startsAt,
    durationMin: appointment.durationMin,
    status: room.status,
  };
  if (side === "pro") info.clientName = appointment.clientName;
  else if (professionalName !== undefined) info.professionalName = professionalName;
  const peerSide = otherSide(side);
  const present = room.members[peerSide] !== undefined;
  const media = room.media[peerSide];
  return {
    type: "welcome",
    role: side,
    appointment: info,
    peer: media ? { present, media } : { present },
  };
}
