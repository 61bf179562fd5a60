/**
 * Tells the server the browser's time zone (cookie `fd_tz`, used from the
 * next page on). Inside a form it also posts the zone in a hidden `tz` field
 * and names it, so a typed local time is read in the zone the person sees.
 */
import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";

export default function TimeZoneSync(props: { serverTimeZone: string; field?: boolean }) {
  const tz = useSignal(props.serverTimeZone);
  useEffect(() => {
    tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || props.serverTimeZone;
    document.cookie = `fd_tz=${encodeURIComponent(tz.value)}; path=/; max-age=31536000; ` +
      "samesite=lax";
  }, []);
  if (!props.field) return null;
  return (
    <>
      <input type="hidden" name="tz" value={tz} />
      <p class="muted" id="tz-note">Times are in {tz} time.</p>
    </>
  );
}
