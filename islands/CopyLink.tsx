/**
 * Shows a link with a "Copy" button. Without JavaScript the link is still
 * there to select and copy by hand.
 */
import { useSignal } from "@preact/signals";

export default function CopyLink(props: { url: string; label: string }) {
  const state = useSignal<"idle" | "copied" | "failed">("idle");
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
      <input
        class="copy-link-url"
        readOnly
        value={props.url}
        aria-label={props.label}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" onClick={copy}>{props.label}</button>
      <span role="status" class="muted">
        {state.value === "copied"
          ? "Copied"
          : state.value === "failed"
          ? "Select the link and copy it"
          : ""}
      </span>
    </span>
  );
}
