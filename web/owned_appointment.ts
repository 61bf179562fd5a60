import type { Appointment } from "../domain/store.ts";
import { appContext } from "../app/app_context.ts";
import { refusalResponse } from "./refusal.tsx";
import { t } from "../i18n/request_locale.ts";

/**
 * The appointment `id` if it belongs to `professionalId`; otherwise a 404
 * page (the same answer whether it does not exist or is someone else's).
 */
export async function ownedAppointment(
  id: string,
  professionalId: string,
): Promise<Appointment | Response> {
  const appt = await appContext().store.getAppointment(id);
  if (!appt || appt.professionalId !== professionalId) {
    return refusalResponse({
      status: 404,
      title: t("owned.notFound.title"),
      message: t("owned.notFound"),
    });
  }
  return appt;
}
