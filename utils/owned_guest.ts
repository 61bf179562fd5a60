import type { Appointment, Guest } from "../domain/store.ts";
import { appContext } from "./app_context.ts";
import { ownedAppointment } from "./owned_appointment.ts";
import { refusalResponse } from "./refusal.tsx";

/**
 * The appointment `appointmentId` of `professionalId` and its guest `guestId`, not removed;
 * otherwise a 404 page (the same answer whether the guest never existed, belongs to another
 * appointment or was removed already).
 */
export async function ownedGuest(
  appointmentId: string,
  guestId: string,
  professionalId: string,
): Promise<{ appointment: Appointment; guest: Guest } | Response> {
  const appointment = await ownedAppointment(appointmentId, professionalId);
  if (appointment instanceof Response) return appointment;
  const guest = await appContext().store.getGuest(appointment.id, guestId);
  if (!guest || guest.removedAt !== null) {
    return refusalResponse({
      status: 404,
      title: "Guest not found",
      message: "This appointment has no such guest: they may have been removed already. " +
        "Go back to the appointment to see its guests.",
    });
  }
  return { appointment, guest };
}
