/**
 * Wall-clock time in an IANA time zone, with `Intl` only (no Deno or browser APIs): whether a
 * zone exists, an instant as a datetime-local value in a zone, and a typed local time back to
 * the zone's UTC offset at that moment (DST edges included). The one owner of time-zone
 * arithmetic: `validateNewAppointment` converts the typed start with it.
 */

/** True when `tz` is a time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DDTHH:MM` of `ms` in `tz`, for a datetime-local input. */
export function toLocalInput(ms: number, tz: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(ms).map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Minutes to add to local time in `tz` to get UTC at instant `ms` (like getTimezoneOffset). */
export function offsetMinutes(tz: string, ms: number): number {
  const local = toLocalInput(ms, tz);
  const asUtc = Date.parse(`${local}:00Z`);
  return Math.round((Math.floor(ms / 60_000) * 60_000 - asUtc) / 60_000);
}

/** A datetime-local value to the minute, as `offsetForLocal` takes it. */
const LOCAL_MINUTE = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * Years `offsetForLocal` accepts. Far outside them the zone's offset can push
 * the instant past year 9999 or before year 1, which `Intl` cannot format
 * back into a datetime-local value (a RangeError, once a 500).
 */
export const OFFSET_YEARS = { min: 1000, max: 9000 } as const;

/**
 * The UTC offset (getTimezoneOffset convention) in effect in `tz` at the
 * local wall time `local` ("YYYY-MM-DDTHH:MM"). Two passes settle DST edges.
 * Undefined for anything else, or a year outside {@linkcode OFFSET_YEARS}.
 */
export function offsetForLocal(tz: string, local: string): number | undefined {
  const year = Number(LOCAL_MINUTE.exec(local)?.[1] ?? NaN);
  if (!(year >= OFFSET_YEARS.min && year <= OFFSET_YEARS.max)) return undefined;
  const naive = Date.parse(`${local}:00Z`);
  if (Number.isNaN(naive)) return undefined;
  const first = offsetMinutes(tz, naive);
  const offset = offsetMinutes(tz, naive + first * 60_000);
  return Number.isFinite(offset) ? offset : undefined;
}
