/**
 * The early client's notice: when the appointment opens (date and time in this browser's time
 * zone), a countdown, and at that moment the page reloads itself into the pre-call check. A
 * reload, because the server hands out the call (and its TURN credentials) only once the
 * appointment is open.
 */
import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { formatDateTime } from "../utils/format_time.ts";
import { countdownText } from "../utils/countdown.ts";
import type { Locale } from "../i18n/locales.ts";
import type { IslandStrings } from "../i18n/island_strings.ts";

export default function OpensCountdown(
  props: {
    opensAt: number;
    serverNow: number;
    serverTimeZone: string;
    locale: Locale;
    strings: IslandStrings<"countdown.">;
  },
) {
  const s = props.strings;
  const tz = useSignal(props.serverTimeZone);
  const left = useSignal(props.opensAt - props.serverNow);
  useEffect(() => {
    tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || props.serverTimeZone;
    // Count on the server's clock, which decides when the link opens, not on this computer's.
    // The measured offset includes the page's load time, so the reload is never early.
    const offset = Date.now() - props.serverNow;
    const tick = () => {
      left.value = props.opensAt - (Date.now() - offset);
      if (left.value > 0) return;
      stop();
      location.reload();
    };
    const timer = setInterval(tick, 1000);
    // Timers are slowed in background tabs: catch up as soon as the page is seen again.
    document.addEventListener("visibilitychange", tick);
    function stop() {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
    }
    tick();
    return stop;
  }, []);
  const open = left.value <= 0;
  return (
    <div class="notice opens-countdown" data-phase="too_early" data-testid="opens-countdown">
      <p>
        {s.early}{" "}
        <strong>
          <time dateTime={new Date(props.opensAt).toISOString()} data-testid="opens-at">
            {formatDateTime(props.opensAt, tz.value, { zone: true, locale: props.locale })}
          </time>
        </strong>.
      </p>
      <p class="countdown">
        {s.opensIn}{" "}
        <strong role="timer" data-testid="countdown">{countdownText(left.value, s)}</strong>
      </p>
      <p class="muted" role="status">
        {open ? s.opening : s.keepOpen}
      </p>
    </div>
  );
}
