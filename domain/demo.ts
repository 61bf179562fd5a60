/** Demo data, so a fresh install has something to click on. */

import type { Appointment, Professional, Store } from "./store.ts";

export const DEMO_PROFESSIONAL_NAME = "Dr. Ada Lovelace";
export const DEMO_CLIENT_NAME = "Demo Client";
export const DEMO_DURATION_MIN = 30;

/**
 * When the store has no professional yet, creates a demo professional and
 * one appointment starting `now`; otherwise does nothing and returns null.
 */
export async function seedDemoIfEmpty(
  store: Store,
  now: number = Date.now(),
): Promise<{ professional: Professional; appointment: Appointment } | null> {
  if (await store.countProfessionals() > 0) return null;
  const professional = await store.createProfessional(DEMO_PROFESSIONAL_NAME);
  const appointment = await store.createAppointment({
    professionalId: professional.id,
    clientName: DEMO_CLIENT_NAME,
    startsAt: now,
    durationMin: DEMO_DURATION_MIN,
  });
  return { professional, appointment };
}
