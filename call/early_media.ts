/**
 * The professional's camera and microphone asked for at the "Join call" click, before the call
 * view is drawn. Asked for from inside the view, `getUserMedia` resolved 90–120 ms after the click
 * (5 ms in an idle page): its reply waits for the renderer's main thread, which the view's first
 * render keeps busy. The dashboard starts the request here and opens the view once it is back (or
 * after {@linkcode EARLY_MEDIA_WAIT_MS}, should a permission prompt be up); the call's LocalMedia
 * then takes the request over instead of making its own. One request at a time, for one call.
 */
import { getLocalMedia, loadDevicePrefs, type MediaProblem } from "./devices.ts";

/** What getLocalMedia gives: the stream and what went wrong with one of the two devices. */
export type LocalMediaResult = { stream: MediaStream; problems: MediaProblem[] };

/** The longest the call view waits for the early request before it is drawn anyway. */
export const EARLY_MEDIA_WAIT_MS = 150;

let early: Promise<LocalMediaResult> | null = null;

/**
 * Asks for camera and microphone now (with the remembered devices); resolves once they are
 * there, refused, or {@linkcode EARLY_MEDIA_WAIT_MS} has passed, whichever comes first.
 */
export function startEarlyMedia(): Promise<void> {
  if (typeof navigator === "undefined" || !navigator.mediaDevices?.getUserMedia) {
    return Promise.resolve();
  }
  early ??= getLocalMedia(loadDevicePrefs());
  return earlyMediaSettled(EARLY_MEDIA_WAIT_MS);
}

/**
 * Resolves once the early request is answered (granted or refused), or after `ms`, whichever
 * comes first; at once when there is none.
 */
export function earlyMediaSettled(ms: number): Promise<void> {
  const asked = early;
  if (!asked) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    asked.then(
      () => {},
      () => {},
    ).finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The stream the request started by {@linkcode startEarlyMedia} brings (undefined if there is
 * none or it fails), without handing the request over: connections answered ahead send it as soon
 * as it is there (call/answers_ahead.ts).
 */
export function earlyStream(): Promise<MediaStream | undefined> {
  return early?.then(({ stream }) => stream, () => undefined) ?? Promise.resolve(undefined);
}

/** The request started by {@linkcode startEarlyMedia}, handed over once; undefined if none. */
export function takeEarlyMedia(): Promise<LocalMediaResult> | undefined {
  const asked = early ?? undefined;
  early = null;
  return asked;
}

/** Gives the early request up (the call did not open here): its tracks stop once they are up. */
export function dropEarlyMedia(): void {
  const asked = takeEarlyMedia();
  asked?.then(({ stream }) => {
    for (const t of stream.getTracks()) t.stop();
  }, () => {});
}
