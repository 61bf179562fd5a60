/**
 * Shows a link (or, `multiline`, a short text such as an invitation) with a
 * "Copy" button. Without JavaScript it is still there to select and copy by hand.
 * The button is disabled until the island has hydrated: a click before then
 * (a slow page, a quick hand) would otherwise do nothing and say nothing.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { IslandStrings } from "../i18n/island_strings.ts";

export default function CopyLink(
  props: { url: string; label: string; multiline?: boolean; strings: IslandStrings<"copy."> },
) {
  const state = useSignal<"idle" | "copied" | "failed">("idle");
  const ready = useSignal(false);
  useEffect(() => {
    ready.value = true;
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.url);
      state.value = "copied";
    } catch {
      state.value = "failed";
    }
  };
  return (
    <span class="copy-link">
      {props.multiline
        ? (
          <textarea
            class="copy-link-text"
            readOnly
            rows={7}
            aria-label={props.label}
            onFocus={(e) => e.currentTarget.select()}
          >
            {/* As content, not `value`: the server's HTML must hold the text without JavaScript. */}
            {props.url}
          </textarea>
        )
        : (
          <input
            class="copy-link-url"
            readOnly
            value={props.url}
            aria-label={props.label}
            onFocus={(e) => e.currentTarget.select()}
          />
        )}
      <button type="button" onClick={copy} disabled={!ready.value}>{props.label}</button>
      <span role="status" class="muted">
        {state.value === "copied"
          ? props.strings.copied
          : state.value === "failed"
          ? (props.multiline ? props.strings.failedText : props.strings.failedLink)
          : ""}
      </span>
    </span>
  );
}
