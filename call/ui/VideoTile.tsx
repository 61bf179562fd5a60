import { useEffect, useRef } from "preact/hooks";
import type { Ref } from "preact";

/** A `<video>` showing `stream`; the self view is muted and mirrored. */
export function VideoTile(props: {
  stream: MediaStream | null;
  self?: boolean;
  label: string;
  class?: string;
  mediaRef?: (el: HTMLVideoElement | null) => void;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== props.stream) el.srcObject = props.stream;
    if (props.stream) el.play().catch(() => {/* autoplay policy: the controls still work */});
  }, [props.stream]);
  useEffect(() => {
    props.mediaRef?.(ref.current);
    return () => props.mediaRef?.(null);
  }, []);
  return (
    <video
      ref={ref as Ref<HTMLVideoElement>}
      class={`tile ${props.self ? "self" : "remote"} ${props.class ?? ""}`}
      autoplay
      playsInline
      muted={props.self}
      aria-label={props.label}
      data-testid={props.self ? "self-video" : "remote-video"}
    />
  );
}
