/**
 * One button of the call's control bar: an icon, the words for what a press will do (shown as a
 * label, or as a tooltip on hover and keyboard focus, with the shortcut; Escape hides it), `aria-pressed` for a
 * toggle, and an optional count badge (unread chat). The words are the button's own text, so the
 * accessible name is what sighted people read.
 *
 * @example
 * ```tsx
 * <ControlButton {...micControl(media.micOn.value)} onClick={() => media.toggleMic()} />
 * ```
 */
import { Icon } from "./icons.tsx";
import { dismissableTip } from "./dismissable_tip.ts";
import type { ControlState } from "./control_states.ts";
import { shortcutLabel, SHORTCUTS } from "../keyboard_shortcuts.ts";

/** Props of {@linkcode ControlButton}: a {@linkcode ControlState} and how to act on it. */
export interface ControlButtonProps extends ControlState {
  onClick(): void;
  /** Show the words under the icon rather than in a tooltip. */
  showLabel?: boolean;
  /** A count shown on the button (unread messages); 0 or undefined shows none. */
  badge?: number;
  /** The badge's meaning for screen readers, e.g. "unread messages". */
  badgeLabel?: string;
  disabled?: boolean;
  /**
   * The id of the panel the button opens: it then says aria-expanded (open or not) rather than
   * aria-pressed, as a disclosure button does.
   */
  controls?: string;
  testId?: string;
}

/** "true" / "false" as strings: rendered on the server too (a boolean false would be dropped). */
const ariaBool = (b: boolean | undefined) => b === undefined ? undefined : b ? "true" : "false";

/** A control-bar button (see the module doc). */
export function ControlButton(p: ControlButtonProps) {
  const shortcut = p.shortcut ? shortcutLabel(p.shortcut) : null;
  const badge = p.badge && p.badge > 0 ? (p.badge > 99 ? "99+" : String(p.badge)) : null;
  return (
    <button
      type="button"
      class={`ctl${p.tone ? ` ctl-${p.tone}` : ""}${p.pressed ? " ctl-pressed" : ""}${
        p.showLabel ? " ctl-labelled" : ""
      }`}
      aria-pressed={p.controls ? undefined : ariaBool(p.pressed)}
      aria-keyshortcuts={p.shortcut ? SHORTCUTS[p.shortcut].aria : undefined}
      aria-controls={p.controls}
      aria-expanded={p.controls ? ariaBool(!!p.pressed) : undefined}
      disabled={p.disabled}
      onClick={() => p.onClick()}
      {...dismissableTip}
      data-testid={p.testId}
    >
      <Icon name={p.icon} />
      <span class={p.showLabel ? "ctl-label" : "sr-only"}>{p.label}</span>
      {badge && (
        <span class="ctl-badge">
          <span aria-hidden="true">{badge}</span>
          <span class="sr-only">, {p.badge} {p.badgeLabel ?? "new"}</span>
        </span>
      )}
      <span class="ctl-tip" aria-hidden="true">
        {p.label}
        {shortcut && <kbd>{shortcut}</kbd>}
      </span>
    </button>
  );
}
