/**
 * Full screen for the call stage (the Fullscreen API): whether the browser offers it, whether it
 * is on (following `fullscreenchange`, so the browser's own Escape is seen), and a toggle.
 */
import { useEffect, useMemo, useState } from "preact/hooks";

/** Full-screen state and toggle for the element `target()` returns. */
export function useFullscreen(target: () => Element | null) {
  const [active, setActive] = useState(false);
  const supported = typeof document !== "undefined" && document.fullscreenEnabled === true;
  useEffect(() => {
    const onChange = () => setActive(document.fullscreenElement !== null);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);
  const toggle = useMemo(() => () => {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {/* already left */});
    } else {
      target()?.requestFullscreen().catch(() => {/* refused (no user gesture): nothing changes */});
    }
  }, []);
  // The same object until it changes, so what shows it is drawn again only then.
  return useMemo(() => ({ supported, active, toggle }), [supported, active]);
}
