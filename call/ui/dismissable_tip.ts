/**
 * Tooltips that show on hover and focus must be dismissable without moving the pointer or the
 * focus (WCAG 2.2 SC 1.4.13): Escape hides the tip of the element it was pressed on until the
 * pointer leaves or the focus goes. Spread onto the element holding the tip; the stylesheet hides
 * tips under `[data-tip-dismissed]`. A data attribute, not a class, because preact owns `class`.
 */
import type { JSX } from "preact";

const dismiss = (el: HTMLElement) => el.setAttribute("data-tip-dismissed", "");
const restore = (el: HTMLElement) => el.removeAttribute("data-tip-dismissed");

/** Event props that make the element's tooltip dismissable with Escape. */
export const dismissableTip = {
  onKeyDown(e: JSX.TargetedKeyboardEvent<HTMLElement>) {
    if (e.key === "Escape") dismiss(e.currentTarget);
  },
  onBlur(e: JSX.TargetedFocusEvent<HTMLElement>) {
    restore(e.currentTarget);
  },
  onMouseLeave(e: JSX.TargetedMouseEvent<HTMLElement>) {
    restore(e.currentTarget);
  },
};
