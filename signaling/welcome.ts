/**
 * The `welcome` a call socket gets when it takes its seat: the appointment as that participant may
 * see it (only the professional learns the client's name) and whether the other party is there.
 */
import type { Appointment } from "../domain/store.ts";
import type { AppointmentInfo, WelcomeMessage } from "./protocol.ts";
import type { Room } from "./room.ts";
import type { ParticipantId } from "./room_state.ts";

/** The welcome for `id` seated in `room`; `professionalName` is shown to the client. */
export function welcomeToRoom(
  id: ParticipantId,
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
  if (id === "pro") info.clientName = appointment.clientName;
  else if (professionalName !== undefined) info.professionalName = professionalName;
  // Today's protocol welcomes into a call of two: `peer` is the other party.
  const [peer] = room.othersOf(id);
  const present = room.isPresent(peer);
  const media = room.mediaOf(peer);
  return {
    type: "welcome",
    role: id,
    appointment: info,
    peer: media ? { present, media } : { present },
  };
}
