/**
 * Gets a connection's video encoder ready before the camera is there. A sender's encoder is set
 * up by the first frame it is given; until its connection is up it has no bitrate and drops
 * frames. The professional's connections are answered ahead with no track (answers_ahead.ts), so
 * the camera's first frame after "Join call" was the one that set the encoder up, and it was
 * dropped as the encoder had no bitrate yet at that moment ("EncoderPaused" in a Chrome trace):
 * the client's first frame waited for the camera's second, ~45 ms later. One blank frame of the
 * camera's size, given to the sender ahead and taken away again, sets the encoder up while
 * nothing can be sent (the connection is not up before the click); the camera's first frame is
 * then encoded at once. Side by side, 12 calls each, twice: the client's first frame 147–161 →
 * 109–112 ms after the click. The blank frame never reaches anyone: it is dropped like any frame
 * before the connection is up (checked by `tests/prime_encoder_browser_test.ts`).
 *
 * Browser module: no Deno APIs.
 */
import { CAMERA_SIZE } from "./devices.ts";

/** How long the blank frame stays in the sender: it reaches the encoder within a frame or two. */
export const PRIME_MS = 200;

/**
 * Gives `sender` (carrying nothing yet) one black frame of the camera's size, waits
 * {@linkcode PRIME_MS} (or until `stop` is aborted: the camera is coming) and takes it out
 * again; resolves once it is out. Does nothing where a canvas cannot give single frames
 * (`requestFrame`).
 */
export async function primeEncoder(sender: RTCRtpSender, stop?: AbortSignal): Promise<void> {
  if (typeof document === "undefined" || sender.track || stop?.aborted) return;
  const { width, height } = CAMERA_SIZE;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const track = canvas.captureStream?.(0).getVideoTracks()[0] as
    | CanvasCaptureMediaStreamTrack
    | undefined;
  if (!track || typeof track.requestFrame !== "function") return track?.stop();
  canvas.getContext("2d")?.fillRect(0, 0, width, height);
  try {
    await sender.replaceTrack(track);
    track.requestFrame();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, PRIME_MS);
      stop?.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  } finally {
    // Taken out before anything else goes in: the camera waits for this (releaseAnswers).
    if (sender.track === track) await sender.replaceTrack(null).catch(() => {});
    track.stop();
  }
}
