/**
 * Tells the server the browser's time zone (cookie `fd_tz`), reloading once
 * if the page was rendered for another zone, and — inside a form — posts the
 * zone in a hidden `tz` field so typed local times are read correctly.
 */
import { useEffect } from "preact/hooks";
import { IS_BROWSER } from "$fresh/runtime.ts";

export default function TimeZoneSync(props: { serverTimeZone: string; field?: boolean }) {
  const tz = IS_BROWSER ? Intl.DateTimeFormat().resolvedOptions().timeZone : props.serverTimeZone;
  useEffect(() => {
    document.cookie = `fd_tz=${encodeURIComponent(tz)}; path=/; max-age=31536000; samesite=lax`;
    if (tz !== props.serverTimeZone && !sessionStorage.getItem("fd_tz_reloaded")) {
      sessionStorage.setItem("fd_tz_reloaded", "1");
      location.reload();
    }
  }, [tz]);
  return props.field ? <input type="hidden" name="tz" value={tz} /> : null;
}
