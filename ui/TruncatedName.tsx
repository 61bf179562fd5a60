/**
 * A name cut to its box with an ellipsis, so a long one never pushes what follows (Status,
 * Join) out of view. The full name stays available: as the tooltip (`title`) and, since the
 * text itself is only clipped, to screen readers and find-in-page.
 */
export function TruncatedName(props: { name: string; class?: string }) {
  return (
    <span class={`truncate ${props.class ?? ""}`.trim()} title={props.name}>
      {props.name}
    </span>
  );
}
