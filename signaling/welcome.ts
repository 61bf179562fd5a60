/**
 * The `welcome` a call socket gets when it takes its seat: who it is in the room, the appointment
 * as that participant may see it (only the professional learns the client's name from it) and the
 * roster (everyone with a seat, itself included).
 */
import type { Appointment } from "../domain/store.ts";
import type { AppointmentInfo, WelcomeMessage } from "./protocol.ts";
import type { Room } from "./room.ts";
import type { ParticipantId, Role } from "./room_state.ts";

/** The welcome for `id` (of `role`) seated in `room`; `professionalName` is shown to the others. */
export function welcomeToRoom(
  id: ParticipantId,
  role: Role,
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
  if (role === "pro") info.clientName = appointment.clientName;
  else if (professionalName !== undefined) info.professionalName = professionalName;
  return { type: "welcome", role, id, appointment: info, participants: room.roster() };
}
