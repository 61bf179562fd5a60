/**
 * The professional's day planner, without storage: which appointments are today's, which are
 * coming and which are over, the one "next up", and what each row may offer right now.
 *
 * An appointment is over once its join window has closed or it reached "completed" or
 * "missed". One whose window closed while nobody wrote its end (the window closer runs every
 * so often, and not while the server is down) already shows the status it will get
 * ({@linkcode statusNow}): nobody came, so "missed".
 *
 * @example
 * ```ts
 * const plan = planDay(appointments, Date.now(), "Europe/Paris");
 * plan.today; // today's, not over, earliest first
 * plan.past; // over, latest first
 * ```
 */
import type { Appointment, AppointmentStatus } from "./store.ts";
import { clientPhase, isFinalStatus, joinWindow, statusAfterWindow } from "./appointments.ts";

/** The planner's groups, in the order the dashboard shows them. */
export const DAY_GROUPS = ["today", "upcoming", "past"] as const;
export type DayGroup = typeof DAY_GROUPS[number];

/** How many days back the Past group reaches. */
export const PAST_DAYS = 7;

type Timed = Pick<Appointment, "startsAt" | "durationMin" | "status">;

/** An appointment's groups and the next one to take. */
export interface DayPlan<A> {
  /** The first appointment not over and not cancelled, open now or starting next. */
  nextUp: A | null;
  /** Starting today (in the viewer's zone) or open now, and not over; earliest first. */
  today: A[];
  /** Starting on a later day; earliest first. */
  upcoming: A[];
  /** Over (window closed, completed or missed); latest first. */
  past: A[];
}

/** The status to show at `now`: the stored one, or the end it will get once its window closed. */
export function statusNow(appt: Timed, now: number): AppointmentStatus {
  if (isFinalStatus(appt.status) || clientPhase(appt, now) !== "finished") return appt.status;
  // The hub's live status would say whether a call happened; with the window closed and no end
  // written, only a call still marked "in_call" did.
  return statusAfterWindow(appt, false);
}

/** Whether "Join call" is offered at `now`: the appointment is open (in its join window). */
export function canJoin(appt: Timed, now: number): boolean {
  return clientPhase(appt, now) === "open";
}

/** Whether the appointment is over at `now` (it belongs to Past). */
export function isOver(appt: Timed, now: number): boolean {
  if (appt.status === "completed" || appt.status === "missed") return true;
  return now >= joinWindow(appt).closesAt;
}

/** The calendar day of `ms` in `tz`, as `YYYY-MM-DD`. */
export function localDay(ms: number, tz: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(ms);
}

/** Sorts `appointments` into the planner's groups as seen at `now` in zone `tz`. */
export function planDay<A extends Timed>(appointments: A[], now: number, tz: string): DayPlan<A> {
  const today = localDay(now, tz);
  const plan: DayPlan<A> = { nextUp: null, today: [], upcoming: [], past: [] };
  const byStart = [...appointments].sort((a, b) => a.startsAt - b.startsAt);
  for (const appt of byStart) {
    if (isOver(appt, now)) plan.past.unshift(appt);
    else if (localDay(appt.startsAt, tz) <= today || canJoin(appt, now)) plan.today.push(appt);
    else plan.upcoming.push(appt);
  }
  plan.nextUp = [...plan.today, ...plan.upcoming].find((a) => a.status !== "cancelled") ?? null;
  return plan;
}
