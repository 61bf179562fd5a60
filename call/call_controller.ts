/**
 * The state of one video call, in @preact/signals, and everything that
 * changes it: local media and devices, the signaling socket, and the peer
 * connection. The VideoCall island renders these signals; nothing else
 * holds call state.
 */
import { batch, computed, signal } from "@preact/signals";
import type { MediaState, ServerMessage } from "../signaling/protocol.ts";
import { type LinkState, SignalingClient, type SignalingHandlers } from "./signaling_client.ts";
import { PeerSession } from "./peer_session.ts";
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
import { markStep } from "./marks.ts";

/** Where the call is, as the person sees it. */
export type CallPhase =
  | "setup" // pre-call check (client) or starting media (professional)
  | "waiting" // connected to signaling, the other side is not there yet
  | "connecting" // both there, media not flowing yet
  | "in_call"
  | "ended";

/** Options of {@linkcode CallController}. */
export interface CallOptions {
  role: "client" | "pro";
  /** Signaling URL, e.g. wss://host/ws?role=client. */
  wsUrl: string;
  rtcConfig: RTCConfiguration;
  /** A standby socket opened ahead for this call (call/standby_sockets.ts), to join on. */
  standby?: SignalingClient;
}

/** How long a joining professional waits for a held offer before offering itself. */
const OFFER_FALLBACK_MS = 1_000;

/** How long ICE may stay failed or disconnected before the UI says it gave up. */
export const GIVE_UP_MS = 30_000;

/** One call's state and actions. */
export class CallController {
  readonly phase = signal<CallPhase>("setup");
  readonly link = signal<LinkState>("closed");
  readonly connection = signal<RTCPeerConnectionState>("new");
  readonly localStream = signal<MediaStream | null>(null);
  readonly remoteStream = signal<MediaStream | null>(null);
  readonly micOn = signal(true);
  readonly camOn = signal(true);
  readonly remoteMedia = signal<MediaState>({ audio: true, video: true });
  readonly peerPresent = signal(false);
  readonly devices = signal<DeviceLists>({ videoinput: [], audioinput: [], audiooutput: [] });
  readonly selected = signal<Partial<Record<DeviceKind, string>>>({});
  readonly problem = signal<MediaProblem | null>(null);
  /** A one-line message about something that changed (a device fallback…). */
  readonly notice = signal<string | null>(null);
  readonly startedAt = signal<number | null>(null);
  readonly endedBy = signal<"you" | "peer" | "elsewhere" | null>(null);
  /** The server's close code and reason when it ended the call (see call/ui/end_reason.ts). */
  readonly closedWith = signal<{ code: number; reason: string } | null>(null);
  /** True once ICE has failed for {@linkcode GIVE_UP_MS}. */
  readonly gaveUp = signal(false);
  /** The browser says it has no network. */
  readonly offline = signal(false);
  /** "reconnecting" while signaling or media is being restored. */
  readonly reconnecting = computed(() =>
    this.phase.value !== "ended" && this.phase.value !== "setup" &&
    (this.link.value === "reconnecting" || this.offline.value ||
      (this.startedAt.value !== null &&
        (this.connection.value === "disconnected" || this.connection.value === "failed")))
  );

  #signaling?: SignalingClient;
  #peer?: PeerSession;
  /** The camera and microphone start, once begun (see startMedia). */
  #media?: Promise<boolean>;
  #queue: Promise<void> = Promise.resolve();
  #failingSince?: number;
  #giveUpTimer?: ReturnType<typeof setTimeout>;
  #onDeviceChange = () => this.#refreshDevices(true);
  #onOffline = () => this.offline.value = true;
  /** Back online, possibly on another network: reconnect now and restart ICE. */
  #onOnline = () => {
    this.offline.value = false;
    this.#signaling?.reconnectNow();
    this.#peer?.restartIce();
  };
  #remoteVideo?: HTMLMediaElement;
  /** Camera and microphone were started and that is over (granted or refused). */
  #mediaSettled = false;

  constructor(readonly opts: CallOptions) {}

  /**
   * Starts camera and microphone (the pre-call check, or the professional's set-up). Resolves
   * once the stream is there (or refused); the device lists fill in just after.
   */
  startMedia(): Promise<boolean> {
    this.#media ??= this.#startMedia();
    return this.#media;
  }

  async #startMedia(): Promise<boolean> {
    try {
      const { stream, problems } = await getLocalMedia(loadDevicePrefs());
      markStep("media");
      batch(() => {
        this.localStream.value = stream;
        this.problem.value = problems[0] ?? null;
        this.micOn.value = stream.getAudioTracks().length > 0;
        this.camOn.value = stream.getVideoTracks().length > 0;
      });
      // Answered while the camera was starting: send it now.
      if (this.#peer?.isAnswerer) this.#peer.attach(stream.getTracks(), stream);
      this.#sendMedia();
      navigator.mediaDevices.addEventListener("devicechange", this.#onDeviceChange);
      for (const track of stream.getTracks()) this.#watchTrack(track);
      this.#refreshDevices(false).catch(() => {/* the menus stay empty; the call goes on */});
      return true;
    } catch (err) {
      this.problem.value = err instanceof MediaProblemError ? err.problem : { kind: "other" };
      return false;
    } finally {
      this.#mediaSettled = true;
    }
  }

  /**
   * Connects to signaling and the other side. It may run while the camera is still starting
   * (the professional does both at once): an offer is answered once media has settled.
   */
  join(): void {
    if (this.#signaling) return;
    this.phase.value = "waiting";
    addEventListener("offline", this.#onOffline);
    addEventListener("online", this.#onOnline);
    this.#newPeer();
    const handlers: SignalingHandlers = {
      onMessage: (msg) => this.#enqueue(() => this.#handle(msg)),
      onState: (state) => {
        this.link.value = state;
        if (state === "open") {
          markStep("socket-open");
          this.#sendMedia();
        }
      },
      onFinalClose: (code, reason) => {
        if (this.phase.value !== "ended") this.closedWith.value = { code, reason };
        if (code === 4001) this.#end("elsewhere");
        else if (this.phase.value !== "ended") this.#end("peer");
      },
    };
    const standby = this.opts.standby;
    if (standby) {
      this.#signaling = standby;
      standby.join(this.opts.wsUrl); // Usually done already, at the click.
      standby.attach(handlers);
    } else {
      this.#signaling = new SignalingClient(this.opts.wsUrl, handlers);
    }
  }

  /** Lets the call UI route remote audio to the chosen speaker. */
  setRemoteElement(el: HTMLMediaElement | undefined): void {
    this.#remoteVideo = el;
  }

  toggleMic(): void {
    this.micOn.value = !this.micOn.value;
    for (const t of this.localStream.value?.getAudioTracks() ?? []) t.enabled = this.micOn.value;
    this.#sendMedia();
  }

  toggleCam(): void {
    this.camOn.value = !this.camOn.value;
    for (const t of this.localStream.value?.getVideoTracks() ?? []) t.enabled = this.camOn.value;
    this.#sendMedia();
  }

  /**
   * Switches camera or microphone without renegotiating: the new track
   * replaces the old one in the sender (RTCRtpSender.replaceTrack).
   */
  async switchDevice(kind: "videoinput" | "audioinput", deviceId: string): Promise<void> {
    const stream = this.localStream.value;
    if (!stream) return;
    const isVideo = kind === "videoinput";
    const fresh = await navigator.mediaDevices.getUserMedia(
      isVideo
        ? { video: constraintsFor(kind, deviceId) }
        : { audio: constraintsFor(kind, deviceId) },
    );
    const track = isVideo ? fresh.getVideoTracks()[0] : fresh.getAudioTracks()[0];
    track.enabled = isVideo ? this.camOn.value : this.micOn.value;
    const old = isVideo ? stream.getVideoTracks() : stream.getAudioTracks();
    await this.#peer?.sender(isVideo ? "video" : "audio")?.replaceTrack(track);
    stream.addTrack(track);
    for (const t of old) {
      stream.removeTrack(t);
      t.stop();
    }
    this.#watchTrack(track);
    // A new MediaStream object makes the self view pick up the new track.
    this.localStream.value = new MediaStream(stream.getTracks());
    this.#select(kind, deviceId);
  }

  /** Routes the other side's audio to `deviceId` (where setSinkId exists). */
  async setSpeaker(deviceId: string): Promise<void> {
    const el = this.#remoteVideo as HTMLMediaElement & { setSinkId?(id: string): Promise<void> };
    if (el?.setSinkId) await el.setSinkId(deviceId);
    this.#select("audiooutput", deviceId);
  }

  /** Ends the call for both sides. */
  hangup(): void {
    this.#signaling?.send({ type: "hangup" });
    this.#end("you");
  }

  /** Releases camera, microphone and sockets (page leaving). */
  dispose(): void {
    navigator.mediaDevices?.removeEventListener("devicechange", this.#onDeviceChange);
    removeEventListener("offline", this.#onOffline);
    removeEventListener("online", this.#onOnline);
    clearTimeout(this.#giveUpTimer);
    this.#peer?.close();
    this.#signaling?.close();
    for (const t of this.localStream.value?.getTracks() ?? []) t.stop();
  }

  #select(kind: DeviceKind, deviceId: string) {
    this.selected.value = { ...this.selected.value, [kind]: deviceId };
    saveDevicePref(kind, deviceId);
  }

  #end(by: "you" | "peer" | "elsewhere") {
    if (this.phase.value === "ended") return;
    batch(() => {
      this.endedBy.value = by;
      this.phase.value = "ended";
    });
    this.dispose();
  }

  #enqueue(fn: () => Promise<void> | void) {
    this.#queue = this.#queue.then(fn).catch(() => {/* one bad message must not stop the call */});
  }

  #sendMedia() {
    this.#signaling?.send({ type: "media", audio: this.micOn.value, video: this.camOn.value });
  }

  #newPeer() {
    this.#peer?.close();
    this.remoteStream.value = null;
    const peer = new PeerSession({
      polite: this.opts.role === "client",
      config: this.opts.rtcConfig,
      send: (msg) => this.#signaling?.send(msg),
      onTrack: (stream) => {
        this.remoteStream.value = stream;
      },
      onConnectionState: (state) => this.#onConnection(peer, state),
    });
    this.#peer = peer;
    const stream = this.localStream.value;
    // The client offers first (the seed's flow); the professional answers with its tracks.
    if (stream && this.opts.role === "client") peer.attach(stream.getTracks(), stream);
  }

  #onConnection(peer: PeerSession, state: RTCPeerConnectionState) {
    if (peer !== this.#peer) return;
    this.connection.value = state;
    if (state === "connected") {
      markStep("connected");
      this.#failingSince = undefined;
      clearTimeout(this.#giveUpTimer);
      batch(() => {
        this.gaveUp.value = false;
        this.phase.value = "in_call";
        this.startedAt.value ??= Date.now();
      });
    } else if (state === "failed" || state === "disconnected") {
      this.#failingSince ??= Date.now();
      clearTimeout(this.#giveUpTimer);
      this.#giveUpTimer = setTimeout(() => {
        if (this.connection.value !== "connected") this.gaveUp.value = true;
      }, GIVE_UP_MS);
    }
  }

  async #handle(msg: ServerMessage) {
    switch (msg.type) {
      case "welcome":
        markStep("welcome");
        batch(() => {
          this.peerPresent.value = msg.peer.present;
          if (msg.peer.media) this.remoteMedia.value = msg.peer.media;
          if (this.phase.value === "waiting" && msg.peer.present) this.phase.value = "connecting";
        });
        if (this.opts.role === "pro" && msg.peer.present) {
          // Held messages follow the welcome at once. If no offer came with them, this is a
          // reloaded page joining a call in progress: offer ourselves.
          setTimeout(() => this.#enqueue(() => this.#offerIfIdle()), OFFER_FALLBACK_MS);
        }
        return;
      case "peer":
        this.peerPresent.value = msg.state === "joined";
        if (msg.state === "joined") {
          if (this.phase.value === "waiting") this.phase.value = "connecting";
          this.#sendMedia();
        }
        return;
      case "offer": {
        markStep("offer");
        if (this.#peer?.isFromNewPeer(msg.sdp)) this.#newPeer();
        const peer = this.#peer!;
        if (this.phase.value === "waiting") this.phase.value = "connecting";
        // Answer now, with our camera and microphone if they are up; if they are still starting,
        // the connection comes up meanwhile and they are sent as they arrive (#startMedia).
        await peer.handleDescription({ type: "offer", sdp: msg.sdp }, () => {
          const stream = this.localStream.value;
          if (stream) peer.attach(stream.getTracks(), stream);
          else if (!this.#mediaSettled) peer.answerAsSending();
        });
        return;
      }
      case "answer":
        await this.#peer?.handleDescription({ type: "answer", sdp: msg.sdp });
        return;
      case "ice":
        await this.#peer?.handleCandidate(msg.candidate);
        return;
      case "media":
        this.remoteMedia.value = { audio: msg.audio, video: msg.video };
        return;
      case "hangup":
        this.#end("peer");
        return;
      default:
        return;
    }
  }

  /** Starts a negotiation when nothing is negotiated yet (see the welcome handler). */
  async #offerIfIdle() {
    await this.#media;
    const peer = this.#peer;
    const stream = this.localStream.value;
    if (!peer || !stream || peer.pc.remoteDescription || peer.pc.signalingState !== "stable") {
      return;
    }
    peer.attach(stream.getTracks(), stream);
  }

  #watchTrack(track: MediaStreamTrack) {
    track.addEventListener("ended", () => this.#refreshDevices(true));
  }

  /** Re-lists devices; if an active device vanished, falls back to another and says so. */
  async #refreshDevices(fallback: boolean) {
    const lists = await listDevices();
    const stream = this.localStream.value;
    const current: Partial<Record<DeviceKind, string>> = { ...this.selected.value };
    for (const t of stream?.getTracks() ?? []) {
      const kind = t.kind === "video" ? "videoinput" : "audioinput";
      const id = t.getSettings().deviceId;
      if (id && t.readyState === "live") current[kind] = id;
    }
    this.devices.value = lists;
    this.selected.value = current;
    if (!fallback || !stream) return;
    for (const kind of ["videoinput", "audioinput"] as const) {
      const track = kind === "videoinput" ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
      const gone = track &&
        (track.readyState === "ended" ||
          !lists[kind].some((d) => d.deviceId === track.getSettings().deviceId));
      const next = lists[kind][0];
      if (gone && next) {
        await this.switchDevice(kind, next.deviceId);
        const what = kind === "videoinput" ? "camera" : "microphone";
        this.notice.value = `Your ${what} was disconnected. Now using ${next.label}.`;
      }
    }
  }
}
