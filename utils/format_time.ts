/**
 * Dates and times for people, with `Intl` in a given IANA time zone. Kept apart from
 * web/time.ts (which reads the zone cookie on the server) so islands can use it too. The
 * language is explicit (islands have no request): English ("en-GB" order) unless given.
 */
import { intlTag, type Locale } from "../i18n/locales.ts";

/**
 * e.g. "Sat 21 Nov 2026, 14:50"; with `zone`, "Sat 21 Nov 2026, 14:50 CET"; in Spanish
 * "sáb, 21 nov 2026, 14:50".
 */
export function formatDateTime(
  ms: number,
  tz: string,
  opts: { zone?: boolean; locale?: Locale } = {},
): string {
  return new Intl.DateTimeFormat(intlTag(opts.locale ?? "en"), {
    timeZone: tz,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(opts.zone ? { timeZoneName: "short" } : {}),
  }).format(ms);
}

/** e.g. "14:50". */
export function formatClock(ms: number, tz: string, locale: Locale = "en"): string {
  return new Intl.DateTimeFormat(intlTag(locale), {
    timeZone: tz,
    hour: "2-digit",
    minute: "2-digit",
  }).format(ms);
}
