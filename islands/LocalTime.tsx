/**
 * A date and time, with its zone, in this browser's time zone. The server renders it in the zone
 * it knows (the `fd_tz` cookie, else UTC); the browser corrects it at once, so a first visit,
 * before the cookie exists, agrees with the countdown beside it.
 */
import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { formatDateTime } from "../utils/format_time.ts";
import type { Locale } from "../i18n/locales.ts";

export default function LocalTime(
  props: { ms: number; serverTimeZone: string; locale?: Locale },
) {
  const tz = useSignal(props.serverTimeZone);
  useEffect(() => {
    tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || props.serverTimeZone;
  }, []);
  return (
    <time dateTime={new Date(props.ms).toISOString()}>
      {formatDateTime(props.ms, tz.value, { zone: true, locale: props.locale })}
    </time>
  );
}
