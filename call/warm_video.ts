/**
 * Video elements that start playing a remote stream before the call view shows it. A `<video>`
 * given a stream showed its first frame ~100 ms later on the professional's page after "Join
 * call": its player is made, loads and lays out on a main thread that is drawing the call view
 * then, while the frames were already there. The dashboard therefore makes the element for each
 * connection answered ahead (call/answers_ahead.ts), muted and playing, and the call's tile takes
 * it over ({@linkcode takeWarmVideo} in VideoTile) with its frames already decoded. Side by side,
 * 8 calls each: the professional's first remote frame 195 → 128–146 ms after the click.
 *
 * Browser module: no Deno APIs.
 */

const warm = new Map<MediaStream, HTMLVideoElement>();

/** Starts a muted, detached `<video>` playing `stream`, for a tile to take over later. */
export function warmVideo(stream: MediaStream): void {
  if (typeof document === "undefined" || warm.has(stream)) return;
  const video = document.createElement("video");
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = stream;
  video.play().catch(() => {/* no frames yet, or autoplay refused: a tile plays it again */});
  warm.set(stream, video);
}

/** The element playing `stream` ahead, handed over once (undefined when there is none). */
export function takeWarmVideo(stream: MediaStream | null): HTMLVideoElement | undefined {
  const video = stream ? warm.get(stream) : undefined;
  if (video) warm.delete(stream!);
  return video;
}

/** Stops and forgets the element playing `stream` ahead, if no tile took it. */
export function dropWarmVideo(stream: MediaStream): void {
  const video = warm.get(stream);
  if (!video) return;
  warm.delete(stream);
  video.srcObject = null;
}
