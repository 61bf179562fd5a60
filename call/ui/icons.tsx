/**
 * The call screen's icons as inline SVG (no icon library: a few hundred bytes for all of them).
 * Drawn on a 24×24 grid with round 2-px strokes in `currentColor`, so they take the button's
 * colour. Decorative: the button around an icon carries the words.
 */
import type { JSX } from "preact";

const SLASH = <path d="M3 3l18 18" />;
const MIC = (
  <>
    <rect x="9" y="2.5" width="6" height="11.5" rx="3" />
    <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21M8.5 21h7" />
  </>
);
const CAMERA = (
  <>
    <rect x="2.5" y="6.5" width="12.5" height="11" rx="2" />
    <path d="M15 10.5l6-3.5v10l-6-3.5z" />
  </>
);

/** Every icon by name. */
const ICONS = {
  mic: MIC,
  "mic-off": <>{MIC}{SLASH}</>,
  camera: CAMERA,
  "camera-off": <>{CAMERA}{SLASH}</>,
  screen: (
    <>
      <rect x="2.5" y="3.5" width="19" height="13" rx="2" />
      <path d="M8 21h8M12 16.5V21M12 13V7.5M9.5 10l2.5-2.5 2.5 2.5" />
    </>
  ),
  chat: <path d="M4 4.5h16v11.5H10l-6 4.5z" />,
  people: (
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20a6.5 6.5 0 0 1 13 0" />
      <circle cx="17" cy="9" r="2.5" />
      <path d="M16.5 14a5 5 0 0 1 5 6" />
    </>
  ),
  settings: (
    <>
      <path d="M3 6h10M17 6h4M3 12h3M10 12h11M3 18h12M19 18h2" />
      <circle cx="15" cy="6" r="2" />
      <circle cx="8" cy="12" r="2" />
      <circle cx="17" cy="18" r="2" />
    </>
  ),
  fullscreen: <path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" />,
  "fullscreen-exit": <path d="M9 4v5H4M15 4v5h5M15 20v-5h5M9 20v-5H4" />,
  leave: <path d="M10 4H5v16h5M14 8l4 4-4 4M18 12H9" />,
  end: <path d="M2.5 14.5c5-5 14-5 19 0l-2.5 3-4-1.5v-3a10 10 0 0 0-6 0v3l-4 1.5z" />,
} satisfies Record<string, JSX.Element>;

/** The name of an icon in {@linkcode Icon}. */
export type IconName = keyof typeof ICONS;

/** Every icon name (for the test page). */
export const ICON_NAMES = Object.keys(ICONS) as IconName[];

/** One icon, hidden from assistive technology (its button says what it does). */
export function Icon(props: { name: IconName; class?: string }) {
  return (
    <svg
      class={`icon ${props.class ?? ""}`}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
      data-icon={props.name}
    >
      {ICONS[props.name]}
    </svg>
  );
}
