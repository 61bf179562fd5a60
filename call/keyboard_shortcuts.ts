/**
 * The call's keyboard shortcuts, the ones people know from Google Meet: Ctrl+D (⌘D on a Mac)
 * turns the microphone on or off, Ctrl+E (⌘E) the camera. A key pressed while typing (in an
 * input, a text area, a select or editable text, such as the chat box) is left alone. The browser's
 * own use of these keys (bookmark, search) is prevented only when a shortcut acted.
 *
 * @example
 * ```ts
 * const unbind = bindShortcuts(document, { toggleMic: () => media.toggleMic() });
 * ```
 *
 * Browser module: no Deno APIs.
 */

/** What a shortcut does. */
export type ShortcutAction = "toggleMic" | "toggleCam";

/** A shortcut: its key, how tooltips show it, and its `aria-keyshortcuts` value. */
export interface Shortcut {
  key: string;
  /** "Ctrl+D", for tooltips. */
  label: string;
  /** "Control+D Meta+D", as aria-keyshortcuts spells it. */
  aria: string;
}

/** Every shortcut by action. */
export const SHORTCUTS: Record<ShortcutAction, Shortcut> = {
  toggleMic: { key: "d", label: "Ctrl+D", aria: "Control+D Meta+D" },
  toggleCam: { key: "e", label: "Ctrl+E", aria: "Control+E Meta+E" },
};

/** Whether this looks like an Apple keyboard's platform (⌘ rather than Ctrl). */
const appleish = () => /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? "");

/** How a tooltip shows `action`'s shortcut here: "Ctrl+D", or "⌘D" on a Mac. */
export function shortcutLabel(action: ShortcutAction, apple = appleish()): string {
  const s = SHORTCUTS[action];
  return apple ? `⌘${s.key.toUpperCase()}` : s.label;
}

/** The parts of a keydown event read here (a KeyboardEvent has them). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  repeat?: boolean;
  target: EventTarget | null;
}

/** Whether `target` is somewhere people type (so a key there is text, not a shortcut). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!el || typeof el.tagName !== "string") return false;
  return ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName.toUpperCase()) ||
    el.isContentEditable === true;
}

/** The action of a keydown, or null: Ctrl or ⌘ (not both, no Alt or Shift), outside text fields. */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (e.ctrlKey === e.metaKey || e.altKey || e.shiftKey || e.repeat) return null;
  if (isTypingTarget(e.target)) return null;
  const key = e.key.toLowerCase();
  for (const [action, s] of Object.entries(SHORTCUTS) as [ShortcutAction, Shortcut][]) {
    if (s.key === key) return action;
  }
  return null;
}

/**
 * Listens for the shortcuts on `target` (usually `document`) and runs the handler of each; an
 * action without a handler (no camera) does nothing and leaves the key to the browser. Returns
 * the function that stops listening.
 */
export function bindShortcuts(
  target: EventTarget,
  handlers: Partial<Record<ShortcutAction, () => void>>,
): () => void {
  const onKey = (event: Event) => {
    const e = event as KeyboardEvent;
    const action = shortcutFor(e);
    const handler = action && handlers[action];
    if (!handler) return;
    e.preventDefault();
    handler();
  };
  target.addEventListener("keydown", onKey);
  return () => target.removeEventListener("keydown", onKey);
}
