/**
 * This browser's camera and microphone for a call: getting them (with the app's constraints and
 * fallbacks, see devices.ts), mute and camera off (`track.enabled`), switching devices, the device
 * menus, and following `devicechange`. One LocalMedia feeds every peer session of a call: each
 * subscribes and moves the new track into its sender (`replaceTrack`, no renegotiation).
 */
import { batch, type ReadonlySignal, signal } from "@preact/signals";
import {
  constraintsFor,
  type DeviceKind,
  type DeviceLists,
  getLocalMedia,
  listDevices,
  loadDevicePrefs,
  type MediaProblem,
  MediaProblemError,
  saveDevicePref,
} from "./devices.ts";
import { takeEarlyMedia } from "./early_media.ts";
import { markStep } from "./marks.ts";
import { w } from "./ui/words.ts";

/** What a peer session needs of local media (see PeerSession). */
export interface LocalTracks {
  /** The tracks to send, once camera or microphone is up; null before, or when refused. */
  readonly stream: ReadonlySignal<MediaStream | null>;
  /** True once starting is over, granted or refused. */
  readonly settled: ReadonlySignal<boolean>;
  /**
   * Calls `onChange` after {@linkcode stream} changed (media came up, a device was switched); a
   * replaced track is stopped only once every returned promise has settled. Returns the
   * unsubscribe function.
   */
  subscribe(onChange: () => Promise<void>): () => void;
}

/** The camera and microphone of this page, as signals. */
export class LocalMedia implements LocalTracks {
  readonly stream = signal<MediaStream | null>(null);
  readonly settled = signal(false);
  readonly micOn = signal(true);
  readonly camOn = signal(true);
  readonly devices = signal<DeviceLists>({ videoinput: [], audioinput: [], audiooutput: [] });
  readonly selected = signal<Partial<Record<DeviceKind, string>>>({});
  readonly problem = signal<MediaProblem | null>(null);
  /** A one-line message about something that changed (a device fallback…). */
  readonly notice = signal<string | null>(null);

  #started?: Promise<boolean>;
  #listeners = new Set<() => Promise<void>>();
  #onDeviceChange = () => this.#refreshDevices(true);
  #disposed = false;
  /** Started again after {@linkcode stop}: keep the mute and camera-off the person chose. */
  #restarting = false;
  /** Bumped by {@linkcode stop}: a start still under way then gives its stream up. */
  #generation = 0;

  /**
   * Starts camera and microphone, once (again after {@linkcode stop}). Resolves once the stream is
   * there (true) or refused (false, with {@linkcode problem} set); the device lists fill in just
   * after. Started again, the microphone and camera keep the on/off they had.
   */
  start(): Promise<boolean> {
    this.#started ??= this.#start();
    return this.#started;
  }

  /**
   * Stops camera and microphone (the camera light goes off) until {@linkcode start} is called
   * again: the page left the call. Subscribers stay; the stream is null meanwhile.
   */
  stop(): void {
    const stream = this.stream.peek();
    if (!this.#started) return;
    this.#started = undefined;
    this.#generation++;
    this.#restarting = true;
    navigator.mediaDevices?.removeEventListener("devicechange", this.#onDeviceChange);
    batch(() => {
      this.stream.value = null;
      this.settled.value = false;
    });
    for (const t of stream?.getTracks() ?? []) t.stop();
  }

  subscribe(onChange: () => Promise<void>): () => void {
    this.#listeners.add(onChange);
    return () => this.#listeners.delete(onChange);
  }

  toggleMic(): void {
    this.micOn.value = !this.micOn.value;
    for (const t of this.stream.value?.getAudioTracks() ?? []) t.enabled = this.micOn.value;
  }

  toggleCam(): void {
    this.camOn.value = !this.camOn.value;
    for (const t of this.stream.value?.getVideoTracks() ?? []) t.enabled = this.camOn.value;
  }

  /** Switches camera or microphone; subscribers put the new track in their senders. */
  async switchDevice(kind: "videoinput" | "audioinput", deviceId: string): Promise<void> {
    const stream = this.stream.value;
    if (!stream) return;
    const isVideo = kind === "videoinput";
    const fresh = await navigator.mediaDevices.getUserMedia(
      isVideo
        ? { video: constraintsFor(kind, deviceId) }
        : { audio: constraintsFor(kind, deviceId) },
    );
    const track = isVideo ? fresh.getVideoTracks()[0] : fresh.getAudioTracks()[0];
    if (this.#disposed) {
      track.stop();
      return;
    }
    track.enabled = isVideo ? this.camOn.value : this.micOn.value;
    const old = stream.getTracks().filter((t) => t.kind === track.kind);
    // A new MediaStream object makes the self view pick up the new track.
    this.stream.value = new MediaStream([
      ...stream.getTracks().filter((t) => t.kind !== track.kind),
      track,
    ]);
    this.#watchTrack(track);
    this.#select(kind, deviceId);
    await this.#notify();
    for (const t of old) t.stop();
  }

  /** Records the chosen speaker; the remote video tiles play through it (setSinkId). */
  chooseSpeaker(deviceId: string): void {
    this.#select("audiooutput", deviceId);
  }

  /** Stops camera and microphone and stops following devices. */
  dispose(): void {
    this.#disposed = true;
    navigator.mediaDevices?.removeEventListener("devicechange", this.#onDeviceChange);
    for (const t of this.stream.value?.getTracks() ?? []) t.stop();
    this.#listeners.clear();
  }

  async #start(): Promise<boolean> {
    try {
      const generation = this.#generation;
      // The dashboard asked at the Join click (call/early_media.ts): that request is this one.
      const { stream, problems } = await (takeEarlyMedia() ?? getLocalMedia(loadDevicePrefs()));
      // Disposed, or stopped (and maybe started again) meanwhile: this stream is not wanted.
      if (this.#disposed || this.#generation !== generation) {
        for (const t of stream.getTracks()) t.stop();
        return false;
      }
      markStep("media");
      const keep = this.#restarting;
      batch(() => {
        this.stream.value = stream;
        this.problem.value = problems[0] ?? null;
        this.micOn.value = stream.getAudioTracks().length > 0 && (!keep || this.micOn.value);
        this.camOn.value = stream.getVideoTracks().length > 0 && (!keep || this.camOn.value);
        this.settled.value = true;
      });
      for (const t of stream.getAudioTracks()) t.enabled = this.micOn.value;
      for (const t of stream.getVideoTracks()) t.enabled = this.camOn.value;
      // Sessions that answered while the camera was starting send it now.
      this.#notify();
      navigator.mediaDevices.addEventListener("devicechange", this.#onDeviceChange);
      for (const track of stream.getTracks()) this.#watchTrack(track);
      this.#refreshDevices(false).catch(() => {/* the menus stay empty; the call goes on */});
      return true;
    } catch (err) {
      batch(() => {
        this.problem.value = err instanceof MediaProblemError ? err.problem : { kind: "other" };
        this.settled.value = true;
      });
      return false;
    }
  }

  /** Tells every subscriber the tracks changed; resolves once all of them are done. */
  async #notify(): Promise<void> {
    await Promise.allSettled([...this.#listeners].map((onChange) => onChange()));
  }

  #select(kind: DeviceKind, deviceId: string) {
    this.selected.value = { ...this.selected.value, [kind]: deviceId };
    saveDevicePref(kind, deviceId);
  }

  #watchTrack(track: MediaStreamTrack) {
    track.addEventListener("ended", () => this.#refreshDevices(true));
  }

  /** Re-lists devices; if an active device vanished, falls back to another and says so. */
  async #refreshDevices(fallback: boolean) {
    if (this.#disposed) return;
    const lists = await listDevices();
    const stream = this.stream.value;
    const current: Partial<Record<DeviceKind, string>> = { ...this.selected.value };
    for (const t of stream?.getTracks() ?? []) {
      const kind = t.kind === "video" ? "videoinput" : "audioinput";
      const id = t.getSettings().deviceId;
      if (id && t.readyState === "live") current[kind] = id;
    }
    batch(() => {
      this.devices.value = lists;
      this.selected.value = current;
    });
    if (!fallback || !stream) return;
    for (const kind of ["videoinput", "audioinput"] as const) {
      const track = kind === "videoinput" ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
      const gone = track &&
        (track.readyState === "ended" ||
          !lists[kind].some((d) => d.deviceId === track.getSettings().deviceId));
      const next = lists[kind][0];
      if (gone && next) {
        await this.switchDevice(kind, next.deviceId);
        const gone = kind === "videoinput" ? "deviceGone.camera" : "deviceGone.microphone";
        this.notice.value = w(gone, { label: next.label });
      }
    }
  }
}
