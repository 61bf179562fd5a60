/**
 * While the call stage is shown, the page's own chrome (site header, headings, notices) gets out
 * of the way: `in-call` on the root element, which the stylesheet uses to hide everything but
 * the stage and to stop the page scrolling.
 */
import { useLayoutEffect } from "preact/hooks";

/** Marks the document as in a call while the calling component is mounted and `on`. */
export function useCallChrome(on = true): void {
  useLayoutEffect(() => {
    if (!on) return;
    const root = document.documentElement;
    root.classList.add("in-call");
    return () => root.classList.remove("in-call");
  }, [on]);
}
