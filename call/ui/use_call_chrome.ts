/**
 * While the call stage is shown, the page's own chrome (site header, headings, notices) gets out
 * of the way: `in-call` on the root element, which the stylesheet uses to hide everything but
 * the stage and to stop the page scrolling.
 */
import { useLayoutEffect } from "preact/hooks";

/**
 * Marks the document as in a call for as long as the calling component is mounted and `active`
 * (a stage drawn ahead, hidden, is not).
 */
export function useCallChrome(active = true): void {
  useLayoutEffect(() => {
    if (!active) return;
    const root = document.documentElement;
    root.classList.add("in-call");
    return () => root.classList.remove("in-call");
  }, [active]);
}
