import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import type { Ref } from "preact";
import { takeWarmVideo } from "../warm_video.ts";

type SinkableVideo = HTMLVideoElement & { sinkId?: string; setSinkId?(id: string): Promise<void> };

/**
 * A `<video>` showing `stream`; the self view is muted and mirrored. A remote tile plays through
 * the speaker `sinkId` where the browser can choose one (setSinkId). A stream already playing in
 * a warm video (call/warm_video.ts) is shown in that element, frames and all, instead of the one
 * rendered here: it goes into the page just before it, with its attributes, and the rendered one
 * stays there hidden, so Preact finds its own element where it left it.
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
  /** The element rendered here. */
  const ref = useRef<SinkableVideo>(null);
  /** The element shown: the rendered one, or a warm one taken over. */
  const shown = useRef<SinkableVideo | null>(null);
  const className = `tile ${props.self ? "self" : "remote"} ${props.class ?? ""}`;
  const muted = props.muted ?? props.self ?? false;
  const testId = props.testId ?? (props.self ? "self-video" : "remote-video");
  useLayoutEffect(() => {
    const own = ref.current;
    const warm = own ? takeWarmVideo(props.stream) : undefined;
    shown.current = warm ?? own;
    if (!own || !warm) return;
    own.before(warm);
    own.style.display = "none";
    own.removeAttribute("data-testid");
    return () => {
      warm.remove();
      warm.srcObject = null;
      own.style.display = "";
      shown.current = own;
    };
  }, [props.stream]);
  // The warm element shown carries what the rendered one would: drawn again, it follows.
  useLayoutEffect(() => {
    const el = shown.current;
    const own = ref.current;
    if (!el || !own) return;
    if (el === own) {
      if (own.dataset.testid !== testId) own.dataset.testid = testId;
      return;
    }
    el.className = className;
    el.setAttribute("aria-label", props.label);
    el.dataset.testid = testId;
    el.muted = muted;
  });
  useEffect(() => {
    const el = shown.current;
    if (!el) return;
    if (el.srcObject !== props.stream) el.srcObject = props.stream;
    if (props.stream) el.play().catch(() => {/* autoplay policy: the controls still work */});
  }, [props.stream]);
  useEffect(() => {
    const el = shown.current;
    if (!props.sinkId || !el?.setSinkId || el.sinkId === props.sinkId) return;
    el.setSinkId(props.sinkId).catch(() => {/* the device went away: the default plays */});
  }, [props.sinkId, props.stream]);
  return (
    <video
      ref={ref as Ref<HTMLVideoElement>}
      class={className}
      autoplay
      playsInline
      muted={muted}
      aria-label={props.label}
      data-testid={testId}
    />
  );
}
