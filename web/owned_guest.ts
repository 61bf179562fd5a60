import type { FreshContext } from "$fresh/server.ts";
import type { Appointment, Guest } from "../domain/store.ts";
import { appContext } from "../app/app_context.ts";
import { type DashboardState, readTrustedForm } from "./dashboard_state.ts";
import { ownedAppointment } from "./owned_appointment.ts";
import { refusalResponse } from "./refusal.tsx";
import { seeOther } from "./see_other.ts";
import { t } from "../i18n/request_locale.ts";

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
      title: t("owned.guestNotFound.title"),
      message: t("owned.guestNotFound"),
    });
  }
  return { appointment, guest };
}

/**
 * A guest button's POST (`/dashboard/appointments/:id/guests/:guestId/…`): the trusted form,
 * the professional's guest, then `act`, then back to the appointment's guests.
 */
export async function guestAction(
  req: Request,
  ctx: FreshContext<DashboardState>,
  act: (appointment: Appointment, guest: Guest) => Promise<unknown>,
): Promise<Response> {
  const form = await readTrustedForm(req, ctx.state);
  if (form instanceof Response) return form;
  const found = await ownedGuest(ctx.params.id, ctx.params.guestId, ctx.state.pro.id);
  if (found instanceof Response) return found;
  await act(found.appointment, found.guest);
  return seeOther(`/dashboard/appointments/${found.appointment.id}#guests`);
}
