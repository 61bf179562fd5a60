/**
 * The camera and microphone asked for at the "Join call" click itself, before the call's UI is
 * drawn: opening a camera takes 60–150 ms in the browser, which then overlaps the drawing instead
 * of following it. The call's LocalMedia takes the request over (see LocalMedia.start); one that
 * nobody takes (the click fell back to loading the call page) is stopped.
 */
import { getLocalMedia, loadDevicePrefs } from "./devices.ts";

type MediaRequest = ReturnType<typeof getLocalMedia>;

let early: MediaRequest | null = null;

/** Asks for camera and microphone now, for the call about to be drawn. */
export function startEarlyMedia(): void {
  if (early || !navigator.mediaDevices?.getUserMedia) return;
  early = getLocalMedia(loadDevicePrefs());
  // Refusals are the taker's to report; this copy only keeps them from going unhandled.
  early.catch(() => {});
}

/** The request started at the click, if any (at most one taker). */
export function takeEarlyMedia(): MediaRequest | null {
  const request = early;
  early = null;
  return request;
}

/** Stops what an untaken request got (the call was not drawn after all). */
export function discardEarlyMedia(): void {
  const request = takeEarlyMedia();
  request?.then(({ stream }) => stream.getTracks().forEach((t) => t.stop()), () => {});
}
