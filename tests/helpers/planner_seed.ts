/**
 * A professional's week for the day-planner tests, written straight into the app's store
 * (`openSqliteStore` on its data directory) because the dashboard refuses starts in the past:
 * one open now, one with a very long name, two on later days, one nobody came to (missed, as
 * the window closer writes it), one three hours ago still "scheduled" (its window closed, no end
 * written yet) and one completed yesterday.
 */
import { openSqliteStore } from "../../domain/sqlite_store.ts";
import { DB_FILE } from "../../app/open_store.ts";
import type { AppointmentStatus } from "../../domain/store.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** 79 characters: a valid name (at most 80) far wider than the Client column. */
export const LONG_NAME =
  "Maximiliana Wolfeschlegelsteinhausen-Bergerdorff von Oberammergau-Partenkirchen";

/** The seeded appointments: name, start from now (ms), status. */
export const WEEK = {
  open: { name: "Olga Opennow", from: 0, status: "scheduled" },
  long: { name: LONG_NAME, from: 2 * MIN, status: "scheduled" },
  inThreeDays: { name: "Una Upcoming", from: 3 * DAY, status: "scheduled" },
  nextWeek: { name: "Wes Nextweek", from: 7 * DAY, status: "scheduled" },
  missed: { name: "Mia Missed", from: -5 * HOUR, status: "missed" },
  closedUnwritten: { name: "Nina Noshow", from: -3 * HOUR, status: "scheduled" },
  completed: { name: "Carl Completed", from: -DAY, status: "completed" },
} as const satisfies Record<string, { name: string; from: number; status: AppointmentStatus }>;

export type WeekKey = keyof typeof WEEK;

/** Writes {@linkcode WEEK} for the professional called `proName`; returns the ids by key. */
export async function seedWeek(
  dataDir: string,
  proName: string,
  now = Date.now(),
): Promise<Record<WeekKey, string>> {
  const store = openSqliteStore(`${dataDir}/${DB_FILE}`);
  try {
    const pro = (await store.listProfessionals()).find((p) => p.name === proName);
    if (!pro) throw new Error(`no professional ${proName}`);
    const ids = {} as Record<WeekKey, string>;
    for (const [key, a] of Object.entries(WEEK) as [WeekKey, typeof WEEK[WeekKey]][]) {
      const appt = await store.createAppointment({
        professionalId: pro.id,
        clientName: a.name,
        // Whole minutes, as the form makes them.
        startsAt: Math.floor((now + a.from) / MIN) * MIN,
        durationMin: 30,
      });
      if (a.status !== "scheduled") await store.setStatus(appt.id, a.status, "system");
      ids[key] = appt.id;
    }
    return ids;
  } finally {
    store.close();
  }
}
