/**
 * Appointment rules that do not need storage: when a client may join, how an
 * appointment ends, instant calls, and validating the "new appointment" form.
 */

import type { Appointment, AppointmentStatus, NewAppointment } from "./store.ts";
import { checkPersonName } from "./names.ts";
import { isTimeZone, offsetForLocal } from "./zoned_time.ts";
import { checkEmail } from "./emails.ts";
import { t } from "../i18n/t.ts";

/** Minutes before the start when the client's link opens the waiting room. */
export const OPEN_BEFORE_MIN = 15;
/** Minutes after the scheduled end when the link stops working. */
export const CLOSE_AFTER_MIN = 60;
/** Shortest and longest appointment, in minutes. */
export const MIN_DURATION_MIN = 5;
export const MAX_DURATION_MIN = 240;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** When a client may be in the room, as epoch milliseconds. */
export interface JoinWindow {
  opensAt: number;
  closesAt: number;
}

/** The join window of an appointment. */
export function joinWindow(appt: Pick<Appointment, "startsAt" | "durationMin">): JoinWindow {
  return {
    opensAt: appt.startsAt - OPEN_BEFORE_MIN * MINUTE,
    closesAt: appt.startsAt + (appt.durationMin + CLOSE_AFTER_MIN) * MINUTE,
  };
}

/** How long an instant call's room stays open by default, in minutes (plus `CLOSE_AFTER_MIN`). */
export const INSTANT_CALL_DURATION_MIN = 60;

/**
 * The appointment "Start an instant call" creates: it starts `now`, has no client (clientName
 * ""), and people join through its share link (`signShareLink`).
 */
export function instantCall(
  professionalId: string,
  now: number,
  durationMin: number = INSTANT_CALL_DURATION_MIN,
): NewAppointment {
  return { professionalId, kind: "instant", clientName: "", startsAt: now, durationMin };
}

/** What to call an appointment on a page: the client's name, or "Instant call". */
export function appointmentTitle(appt: Pick<Appointment, "kind" | "clientName">): string {
  return appt.kind === "instant" ? "Instant call" : appt.clientName;
}

/** Statuses nothing moves an appointment out of: the hub and the dashboard leave them alone. */
export function isFinalStatus(status: AppointmentStatus): boolean {
  return status === "completed" || status === "cancelled" || status === "missed";
}

/**
 * The status an appointment ends with once its window has closed: a final one stays;
 * otherwise "completed" when `callHappened` (the professional and at least one other person
 * were in the call together, which status "in_call" also says) and "missed" when not — nobody
 * came, or the client (or a guest) waited and the professional never joined.
 */
export function statusAfterWindow(
  appt: Pick<Appointment, "status">,
  callHappened: boolean,
): AppointmentStatus {
  if (isFinalStatus(appt.status)) return appt.status;
  return callHappened || appt.status === "in_call" ? "completed" : "missed";
}

/** What the client's page shows. */
export type ClientPhase = "too_early" | "open" | "finished" | "cancelled";

/** The client's phase at `now` (epoch ms). */
export function clientPhase(
  appt: Pick<Appointment, "startsAt" | "durationMin" | "status">,
  now: number,
): ClientPhase {
  if (appt.status === "cancelled") return "cancelled";
  if (appt.status === "completed" || appt.status === "missed") return "finished";
  const { opensAt, closesAt } = joinWindow(appt);
  if (now < opensAt) return "too_early";
  if (now >= closesAt) return "finished";
  return "open";
}

/** The "new appointment" form as posted (every field a string). */
export interface NewAppointmentForm {
  clientName: string;
  /** `YYYY-MM-DDTHH:MM` (seconds optional) from an `<input type="datetime-local">`. */
  start: string;
  /**
   * The IANA zone `start` was typed in (the browser's, posted with the form; the viewer's
   * otherwise). Absent means UTC.
   */
  tz?: string;
  durationMin: string;
  /** The client's address for the invitation; optional ("" or absent: none). */
  clientEmail?: string;
}

/** A validated appointment, ready for `Store.createAppointment`. */
export interface ValidAppointment {
  clientName: string;
  startsAt: number;
  durationMin: number;
  clientEmail: string | null;
}

/** Form fields that can carry an error message. */
export type AppointmentField = "clientName" | "start" | "durationMin" | "clientEmail";

export type AppointmentValidation =
  | { ok: true; value: ValidAppointment }
  | {
    ok: false;
    errors: Partial<Record<AppointmentField, string>>;
    /** The submitted values, to fill the form again. */
    values: NewAppointmentForm;
  };

/** Checks the form; every problem gets a plain-English message on its field. */
export function validateNewAppointment(
  input: NewAppointmentForm,
  now: number = Date.now(),
): AppointmentValidation {
  const errors: Partial<Record<AppointmentField, string>> = {};

  const name = checkPersonName(input.clientName ?? "");
  if (!name.ok) errors.clientName = name.error;

  const start = parseStart(input.start ?? "", input.tz ?? "UTC", now);
  if (!start.ok) errors.start = start.error;

  const duration = parseDuration(input.durationMin ?? "");
  if (!duration.ok) errors.durationMin = duration.error;

  const email = optionalEmail(input.clientEmail);
  if (!email.ok) errors.clientEmail = email.error;

  if (!name.ok || !start.ok || !duration.ok || !email.ok) {
    return { ok: false, errors, values: { ...input } };
  }
  return {
    ok: true,
    value: {
      clientName: name.value,
      startsAt: start.value,
      durationMin: duration.value,
      clientEmail: email.value,
    },
  };
}

/** The "move it" form: a new start (typed in `tz`) and length for an appointment. */
export type NewTimeForm = Pick<NewAppointmentForm, "start" | "tz" | "durationMin">;

/** Checks a new start and length, as the new-appointment form does. */
export function validateNewTime(
  input: NewTimeForm,
  now: number = Date.now(),
):
  | { ok: true; value: { startsAt: number; durationMin: number } }
  | { ok: false; errors: Partial<Record<"start" | "durationMin", string>> } {
  const start = parseStart(input.start ?? "", input.tz ?? "UTC", now);
  const duration = parseDuration(input.durationMin ?? "");
  if (start.ok && duration.ok) {
    return { ok: true, value: { startsAt: start.value, durationMin: duration.value } };
  }
  return {
    ok: false,
    errors: {
      ...(start.ok ? {} : { start: start.error }),
      ...(duration.ok ? {} : { durationMin: duration.error }),
    },
  };
}

/** An optional address: none when blank, else `checkEmail`'s answer. */
export function optionalEmail(raw: string | undefined): Parsed<string | null> {
  if (raw === undefined || raw.trim() === "") return { ok: true, value: null };
  return checkEmail(raw.trim());
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Years a start may be written in at all; the real limits (a few minutes back, a year
 * ahead) are checked after. Keeps absurd years away from date arithmetic.
 */
export const START_YEARS = { min: 2000, max: 2100 } as const;

/**
 * How far in the past a new start may be, in minutes: "now", typed a little while ago or
 * rounded down to the minute, is still accepted; anything earlier is a mistake (an appointment
 * three hours ago would have no window left to meet in).
 */
export const START_GRACE_MIN = 5;

const PAST = () => t("start.past");
const TOO_FAR = () => t("start.tooFar");

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/** Parses a datetime-local value as wall time in zone `tz`, and checks its range. */
function parseStart(raw: string, tz: string, now: number): Parsed<number> {
  const m = LOCAL_DATE_TIME.exec(raw.trim());
  if (!m) return { ok: false, error: t("start.missing") };
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => Number(p ?? 0));
  // Checked before any date arithmetic: Date.UTC reads years 0-99 as 1900-1999.
  if (year < START_YEARS.min) return { ok: false, error: PAST() };
  if (year > START_YEARS.max) return { ok: false, error: TOO_FAR() };
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(asUtc);
  if (
    d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day ||
    d.getUTCHours() !== hour || d.getUTCMinutes() !== minute || d.getUTCSeconds() !== second
  ) {
    return { ok: false, error: t("start.noSuchDate") };
  }
  // The zone's offset at that wall time (getTimezoneOffset's sign), DST edges included.
  const offset = isTimeZone(tz) ? offsetForLocal(tz, raw.trim().slice(0, 16)) : undefined;
  if (offset === undefined) {
    return { ok: false, error: t("start.noZone") };
  }
  // The offset is UTC minus local time, so local + offset = UTC.
  const startsAt = asUtc + offset * MINUTE;
  if (startsAt < now - START_GRACE_MIN * MINUTE) return { ok: false, error: PAST() };
  if (startsAt > now + 365 * DAY) return { ok: false, error: TOO_FAR() };
  return { ok: true, value: startsAt };
}

function parseDuration(raw: string): Parsed<number> {
  const text = raw.trim();
  const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < MIN_DURATION_MIN || n > MAX_DURATION_MIN) {
    return {
      ok: false,
      error: t("duration.invalid", { min: MIN_DURATION_MIN, max: MAX_DURATION_MIN }),
    };
  }
  return { ok: true, value: n };
}
