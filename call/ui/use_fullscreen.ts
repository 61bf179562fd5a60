/**
 * Full screen for the call stage (the Fullscreen API): whether the browser offers it, whether it
 * is on (following `fullscreenchange`, so the browser's own Escape is seen), and a toggle.
 */
import { useEffect, useState } from "preact/hooks";

/** Full-screen state and toggle for the element `target()` returns. */
export function useFullscreen(target: () => Element | null) {
  const [active, setActive] = useState(false);
  const supported = typeof document !== "undefined" && document.fullscreenEnabled === true;
  useEffect(() => {
    const onChange = () => setActive(document.fullscreenElement !== null);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);
  const toggle = () => {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {/* already left */});
    } else {
      target()?.requestFullscreen().catch(() => {/* refused (no user gesture): nothing changes */});
    }
  };
  return { supported, active, toggle };
}
