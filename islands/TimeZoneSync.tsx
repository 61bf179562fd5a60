/**
 * Tells the server the browser's time zone (cookie `fd_tz`, used from the
 * next page on). Inside a form it also posts the zone in a hidden `tz` field
 * and names it, so a typed local time is read in the zone the person sees.
 *
 * With `reloadOnFirstVisit`, a page the server rendered in another zone because
 * this browser had never told it one (a professional's first visit, on a device
 * whose zone differs from the account's) loads itself again once, now in the
 * browser's zone: its pre-filled "Starts at" and its list then mean what they say.
 */
import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { fill } from "../i18n/fill.ts";

/** Marks a reload done, so a browser that keeps no cookies is not reloaded in a loop. */
const RELOADED_KEY = "frontdesk.tz-reloaded";

export default function TimeZoneSync(
  props: {
    serverTimeZone: string;
    field?: boolean;
    reloadOnFirstVisit?: boolean;
    /** With `field`: the note naming the zone, with a `{tz}` placeholder (tz.note). */
    note?: string;
  },
) {
  const tz = useSignal(props.serverTimeZone);
  useEffect(() => {
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || props.serverTimeZone;
    const hadCookie = /(?:^|;\s*)fd_tz=/.test(document.cookie);
    tz.value = browserZone;
    document.cookie = `fd_tz=${encodeURIComponent(browserZone)}; path=/; max-age=31536000; ` +
      "samesite=lax";
    if (
      props.reloadOnFirstVisit && !hadCookie && browserZone !== props.serverTimeZone &&
      sessionStorage.getItem(RELOADED_KEY) === null
    ) {
      sessionStorage.setItem(RELOADED_KEY, "1");
      location.replace(location.href);
    }
  }, []);
  if (!props.field) return null;
  return (
    <>
      <input type="hidden" name="tz" value={tz} />
      <p class="muted" id="tz-note">
        {fill(props.note ?? "Times are in {tz} time.", { tz: tz.value })}
      </p>
    </>
  );
}
