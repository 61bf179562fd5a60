/**
 * Sharing a screen, window or tab with `getDisplayMedia`. Where the browser has no
 * getDisplayMedia (most phones) {@linkcode canShareScreen} is false and the call screen offers no
 * button. A share ends from our button ({@linkcode ScreenShare.stop}) or from the browser's own
 * "Stop sharing" control (the track's `ended` event); either way `onEnded` is called once, and
 * `track` goes back to null.
 *
 * The track's contentHint is "detail": the encoder keeps text sharp and drops frames rather than
 * resolution, which is what a document needs.
 *
 * @example
 * ```ts
 * const share = new ScreenShare({ onEnded: () => restoreLayout() });
 * const r = await share.start();
 * if (r.ok) session.pc.addTrack(r.track); // or a sender of its own, see the report
 * ```
 *
 * Browser module: no Deno APIs.
 */
import { computed, signal } from "@preact/signals";

/** Whether this browser can share a screen at all. */
export function canShareScreen(nav: { mediaDevices?: unknown } | undefined = globalThis.navigator) {
  const md = nav?.mediaDevices as { getDisplayMedia?: unknown } | undefined;
  return typeof md?.getDisplayMedia === "function";
}

/** How a share ended: our button, or the browser's control (or the shared window closed). */
export type ShareEnd = "stopped" | "ended";

/** What {@linkcode ScreenShare.start} got. */
export type ShareStart =
  | { ok: true; track: MediaStreamTrack }
  /** cancelled: the person closed the picker or refused; nothing to explain. */
  | { ok: false; reason: "unsupported" | "cancelled" | "busy" | "failed"; message?: string };

/** Options of {@linkcode ScreenShare}. */
export interface ScreenShareOptions {
  /** Called once per share, when it ends. */
  onEnded?(how: ShareEnd): void;
  /** What to ask for; a detail-friendly default (up to 15 frames a second, no audio). */
  constraints?: DisplayMediaStreamOptions;
  mediaDevices?: Pick<MediaDevices, "getDisplayMedia">;
}

/** Marks the track shared by {@linkcode ScreenShare}: its `contentHint`. */
export const SCREEN_CONTENT_HINT = "detail";

const DEFAULT_CONSTRAINTS: DisplayMediaStreamOptions = {
  video: { frameRate: { ideal: 15, max: 30 } },
  audio: false,
};

/** One person's screen share: at most one at a time. */
export class ScreenShare {
  /** The shared screen's video track while sharing. */
  readonly track = signal<MediaStreamTrack | null>(null);
  readonly sharing = computed(() => this.track.value !== null);
  /**
   * The stream the shared track is sent in, one per share: its id is what the others are told
   * (the `screen` of the `media` message), and it never holds the camera.
   */
  readonly stream = computed(() => {
    const track = this.track.value;
    return track ? new MediaStream([track]) : null;
  });
  #starting = false;
  #unlisten: (() => void) | null = null;

  constructor(readonly opts: ScreenShareOptions = {}) {}

  /** Asks for a screen (the browser shows its picker); a share already running is kept. */
  async start(): Promise<ShareStart> {
    const current = this.track.peek();
    if (current) return { ok: true, track: current };
    const md = this.opts.mediaDevices ?? globalThis.navigator?.mediaDevices;
    if (!md || !canShareScreen({ mediaDevices: md })) return { ok: false, reason: "unsupported" };
    if (this.#starting) return { ok: false, reason: "busy" };
    this.#starting = true;
    let stream: MediaStream;
    try {
      stream = await md.getDisplayMedia(this.opts.constraints ?? DEFAULT_CONSTRAINTS);
    } catch (err) {
      const name = (err as DOMException)?.name;
      // NotAllowedError: the picker was closed or the policy refused it.
      if (name === "NotAllowedError" || name === "AbortError") {
        return { ok: false, reason: "cancelled" };
      }
      return { ok: false, reason: "failed", message: (err as Error)?.message };
    } finally {
      this.#starting = false;
    }
    const [track, ...rest] = stream.getVideoTracks();
    for (const t of [...rest, ...stream.getAudioTracks()]) t.stop();
    if (!track) return { ok: false, reason: "failed", message: "no video track" };
    track.contentHint = SCREEN_CONTENT_HINT;
    const onBrowserEnd = () => this.#end("ended");
    track.addEventListener("ended", onBrowserEnd);
    this.#unlisten = () => track.removeEventListener("ended", onBrowserEnd);
    this.track.value = track;
    return { ok: true, track };
  }

  /** Stops sharing (our button); nothing when not sharing. */
  stop(): void {
    this.#end("stopped");
  }

  #end(how: ShareEnd) {
    const track = this.track.peek();
    if (!track) return;
    this.#unlisten?.();
    this.#unlisten = null;
    // A track the browser ended is already stopped; stopping again is harmless.
    track.stop();
    this.track.value = null;
    this.opts.onEnded?.(how);
  }
}
