/**
 * Showing times in the viewer's time zone. The browser tells us its IANA zone
 * through the `fd_tz` cookie (set by the TimeZoneSync island); without it we
 * show UTC and say so.
 */
import { readCookie } from "./session.ts";
import { isTimeZone } from "../domain/zoned_time.ts";

export { formatClock, formatDateTime } from "./format_time.ts";
export { isTimeZone, offsetForLocal, toLocalInput } from "../domain/zoned_time.ts";

/** Cookie carrying the browser's IANA time zone name. */
export const TZ_COOKIE = "fd_tz";

/** The viewer's time zone from the request, or "UTC". */
export function viewerTimeZone(req: Request): string {
  const tz = readCookie(req, TZ_COOKIE);
  return tz && isTimeZone(tz) ? tz : "UTC";
}
