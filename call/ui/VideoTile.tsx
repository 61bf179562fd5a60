import { useEffect, useRef } from "preact/hooks";
import type { Ref } from "preact";

type SinkableVideo = HTMLVideoElement & { sinkId?: string; setSinkId?(id: string): Promise<void> };

/**
 * A `<video>` showing `stream`; the self view is muted and mirrored. A remote tile plays through
 * the speaker `sinkId` where the browser can choose one (setSinkId).
 */
export function VideoTile(props: {
  stream: MediaStream | null;
  self?: boolean;
  label: string;
  class?: string;
  sinkId?: string;
  /** Its data-testid; "self-video" or "remote-video" by default. */
  testId?: string;
  /** Silent whatever it is (the self view always is). */
  muted?: boolean;
}) {
  const ref = useRef<SinkableVideo>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== props.stream) el.srcObject = props.stream;
    if (props.stream) el.play().catch(() => {/* autoplay policy: the controls still work */});
  }, [props.stream]);
  useEffect(() => {
    const el = ref.current;
    if (!props.sinkId || !el?.setSinkId || el.sinkId === props.sinkId) return;
    el.setSinkId(props.sinkId).catch(() => {/* the device went away: the default plays */});
  }, [props.sinkId]);
  return (
    <video
      ref={ref as Ref<HTMLVideoElement>}
      class={`tile ${props.self ? "self" : "remote"} ${props.class ?? ""}`}
      autoplay
      playsInline
      muted={props.muted ?? props.self}
      aria-label={props.label}
      data-testid={props.testId ?? (props.self ? "self-video" : "remote-video")}
    />
  );
}
