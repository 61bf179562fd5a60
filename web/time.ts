/**
 * Showing times in the viewer's time zone. The browser tells us its IANA zone
 * through the `fd_tz` cookie (set by the TimeZoneSync island); without it we
 * show UTC and say so.
 */
import { readCookie } from "./session.ts";
import { isTimeZone } from "../domain/zoned_time.ts";

export { formatClock, formatDateTime } from "../utils/format_time.ts";
export { isTimeZone, offsetForLocal, toLocalInput } from "../domain/zoned_time.ts";

/** Cookie carrying the browser's IANA time zone name. */
export const TZ_COOKIE = "fd_tz";

/** The zone the browser reported in its cookie, if it is a real one. */
export function cookieTimeZone(req: Request): string | null {
  const tz = readCookie(req, TZ_COOKIE);
  return tz && isTimeZone(tz) ? tz : null;
}

/**
 * The viewer's time zone: the browser's (cookie), else `known` (a professional's kept zone,
 * for a device they have not used before), else "UTC".
 */
export function viewerTimeZone(req: Request, known: string | null = null): string {
  return cookieTimeZone(req) ?? (known && isTimeZone(known) ? known : "UTC");
}
