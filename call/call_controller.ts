/**
 * One video call's orchestration: the signaling socket, the peer session with the other side,
 * and this page's camera and microphone (LocalMedia), brought together in @preact/signals that
 * the call UI renders. Media and connections do their own work; this module only wires them.
 *
 * The appointment is a room: the other side may leave and come back any number of times (each
 * time a fresh PeerSession, negotiated by the pair rule), this side may leave and rejoin, and
 * only the professional's "End for everyone" (or the server) ends the call.
 */
import { batch, computed, effect, signal } from "@preact/signals";
import type { MediaState, ServerMessage } from "../signaling/protocol.ts";
import { type LinkState, SignalingClient, type SignalingHandlers } from "./signaling_client.ts";
import { LocalMedia } from "./local_media.ts";
import { PeerSession } from "./peer_session.ts";
import { type CallParticipant, pairRoles } from "./pair_rule.ts";
import { videoBitrateFor } from "./sender_bitrate.ts";
import { ConnectionWatch } from "./connection_watch.ts";
import { markStep } from "./marks.ts";

/** Where the call is, as the person sees it. */
export type CallPhase =
  | "setup" // pre-call check (client) or starting media (professional)
  | "waiting" // connected to signaling, the other side is not there yet
  | "connecting" // both there, media not flowing yet
  | "in_call"
  | "left" // this side left (Leave); the appointment goes on, Rejoin comes back
  | "ended";

/**
 * Where the other side is: not there yet, there, away (its connection dropped, the server keeps
 * its seat a short while) or gone (it left, or its grace ran out; it may come back).
 */
export type PeerPresence = "absent" | "present" | "away" | "left";

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

/** One call's state and actions. */
export class CallController {
  /** This page's camera and microphone (mute, camera off, devices). */
  readonly media = new LocalMedia();
  readonly phase = signal<CallPhase>("setup");
  readonly link = signal<LinkState>("closed");
  /** The peer connection's state, and whether ICE has given up (see ConnectionWatch). */
  readonly connection = new ConnectionWatch();
  readonly remoteStream = signal<MediaStream | null>(null);
  readonly remoteMedia = signal<MediaState>({ audio: true, video: true });
  readonly peer = signal<PeerPresence>("absent");
  /** The professional asked to end the appointment and the server has not answered yet. */
  readonly ending = signal(false);
  /** The server could not end the appointment (the call goes on). */
  readonly endFailed = signal(false);
  readonly startedAt = signal<number | null>(null);
  readonly endedBy = signal<"you" | "peer" | "elsewhere" | null>(null);
  /** The server's close code and reason when it ended the call (see call/ui/end_reason.ts). */
  readonly closedWith = signal<{ code: number; reason: string } | null>(null);
  /** The browser says it has no network. */
  readonly offline = signal(false);
  /** "reconnecting" while signaling or media is being restored. */
  readonly reconnecting = computed(() =>
    this.phase.value !== "ended" && this.phase.value !== "setup" && this.phase.value !== "left" &&
    (this.link.value === "reconnecting" || this.offline.value ||
      (this.startedAt.value !== null && this.connection.failing.value))
  );

  #signaling?: SignalingClient;
  #peer?: PeerSession;
  #queue: Promise<void> = Promise.resolve();
  #stopMediaState?: () => void;
  #onOffline = () => this.offline.value = true;
  /** Back online, possibly on another network: reconnect now and restart ICE. */
  #onOnline = () => {
    this.offline.value = false;
    this.#signaling?.reconnectNow();
    this.#peer?.restartIce();
  };

  constructor(readonly opts: CallOptions) {}

  /**
   * Connects to signaling and the other side. It may run while the camera is still starting
   * (the professional does both at once): the peer session sends it once it is up.
   */
  join(): void {
    if (this.#signaling) return;
    this.phase.value = "waiting";
    addEventListener("offline", this.#onOffline);
    addEventListener("online", this.#onOnline);
    this.#newPeer();
    this.#connect(this.opts.standby);
    // The other side hears whether microphone and camera are on: on every (re)connection, and
    // whenever that changes.
    this.#stopMediaState = effect(() => {
      if (this.link.value === "open") this.#sendMediaState();
    });
  }

  /** Leaves the call: the seat is freed at once and the appointment stays open (see rejoin). */
  leave(): void {
    if (this.phase.value === "ended" || this.phase.value === "left") return;
    this.#signaling?.finish({ type: "leave" });
    this.#signaling = undefined;
    this.#peer?.close();
    this.#peer = undefined;
    batch(() => {
      this.remoteStream.value = null;
      this.peer.value = "absent";
      this.phase.value = "left";
    });
  }

  /** Back into the call after leaving: a new socket and a fresh session with the other side. */
  rejoin(): void {
    if (this.phase.value !== "left") return;
    this.phase.value = "waiting";
    this.#newPeer();
    this.#connect();
  }

  /** The professional ends the appointment for everyone; the server closes every page (4002). */
  endForEveryone(): void {
    if (this.opts.role !== "pro" || this.phase.value === "ended") return;
    batch(() => {
      this.ending.value = true;
      this.endFailed.value = false;
    });
    // Queued while the socket reconnects: the end is never lost with a server restart.
    this.#signaling?.send({ type: "end" });
  }

  /** Releases camera, microphone and sockets (page leaving). */
  dispose(): void {
    removeEventListener("offline", this.#onOffline);
    removeEventListener("online", this.#onOnline);
    this.#stopMediaState?.();
    this.connection.dispose();
    this.#peer?.close();
    this.#signaling?.close();
    this.media.dispose();
  }

  #connect(standby?: SignalingClient): void {
    const handlers: SignalingHandlers = {
      onMessage: (msg) => this.#enqueue(() => this.#handle(msg)),
      onState: (state) => {
        this.link.value = state;
        if (state === "open") markStep("socket-open");
      },
      onFinalClose: (code, reason) => {
        if (this.phase.value !== "ended") this.closedWith.value = { code, reason };
        if (code === 4001) this.#end("elsewhere");
        else if (this.phase.value !== "ended") this.#end(this.ending.value ? "you" : "peer");
      },
    };
    if (standby) {
      this.#signaling = standby;
      standby.join(this.opts.wsUrl); // Usually done already, at the click.
      standby.attach(handlers);
    } else {
      this.#signaling = new SignalingClient(this.opts.wsUrl, handlers);
    }
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

  #sendMediaState() {
    const { micOn, camOn } = this.media;
    this.#signaling?.send({ type: "media", audio: micOn.value, video: camOn.value });
  }

  /**
   * A new session with the other side: on joining, when the other side's page was reloaded (an
   * offer from a new connection), and when it left (so whenever it comes back, a new negotiation
   * runs by the pair rule).
   */
  #newPeer() {
    this.#peer?.close();
    this.remoteStream.value = null;
    this.connection.reset();
    // Two people, one of each role: a role is an id. The mesh gives each participant its own.
    const role = this.opts.role;
    const self: CallParticipant = { id: role, role };
    const other = role === "client" ? "pro" : "client";
    const remote: CallParticipant = { id: other, role: other };
    const peer = new PeerSession({
      remoteId: remote.id,
      ...pairRoles(self, remote),
      config: this.opts.rtcConfig,
      media: this.media,
      send: (msg) => this.#signaling?.send(msg),
      onTrack: (stream) => {
        this.remoteStream.value = stream;
      },
      onConnectionState: (state) => {
        if (peer === this.#peer) this.#onConnection(state);
      },
    });
    // One remote participant: the whole video budget (the mesh shares it among its sessions).
    peer.setMaxBitrate(videoBitrateFor(1));
    this.#peer = peer;
  }

  #onConnection(state: RTCPeerConnectionState) {
    this.connection.update(state);
    if (state !== "connected") return;
    markStep("connected");
    batch(() => {
      this.phase.value = "in_call";
      this.startedAt.value ??= Date.now();
    });
  }

  /** The other side is gone (left, or away past its grace): its session goes, a fresh one waits. */
  #peerLeft() {
    batch(() => {
      this.peer.value = "left";
      if (this.phase.value === "in_call" || this.phase.value === "connecting") {
        this.phase.value = "waiting";
      }
    });
    this.#newPeer();
  }

  async #handle(msg: ServerMessage) {
    // Frames the left socket had already delivered: the call is not on here any more.
    if (this.phase.value === "left" || this.phase.value === "ended") return;
    switch (msg.type) {
      case "welcome": {
        markStep("welcome");
        // Absent now though we had a session: it left while this socket was down. Not if media
        // still flows: the server restarted and the other side is not back on it yet.
        const known = this.peer.value === "present" || this.peer.value === "away";
        const flowing = this.#peer?.pc.connectionState === "connected";
        if (!msg.peer.present && known && !flowing) this.#peerLeft();
        batch(() => {
          if (msg.peer.present) this.peer.value = "present";
          if (msg.peer.media) this.remoteMedia.value = msg.peer.media;
          if (this.phase.value === "waiting" && msg.peer.present) this.phase.value = "connecting";
        });
        if (this.opts.role === "pro" && msg.peer.present) {
          // Held messages follow the welcome at once. If no offer came with them, this is a
          // reloaded page joining a call in progress: offer ourselves.
          setTimeout(() => this.#enqueue(() => this.#peer?.negotiateIfIdle()), OFFER_FALLBACK_MS);
        }
        return;
      }
      case "peer":
        if (msg.state === "left") return this.#peerLeft();
        if (msg.state === "away") {
          this.peer.value = "away";
          return;
        }
        batch(() => {
          this.peer.value = "present";
          if (this.phase.value === "waiting") this.phase.value = "connecting";
        });
        this.#sendMediaState();
        return;
      case "offer": {
        markStep("offer");
        if (this.#peer?.isFromNewPeer(msg.sdp)) this.#newPeer();
        batch(() => {
          this.peer.value = "present";
          if (this.phase.value === "waiting") this.phase.value = "connecting";
        });
        // Answered at once, with the camera and microphone if they are up (else as they come).
        await this.#peer?.handleDescription({ type: "offer", sdp: msg.sdp });
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
      case "error":
        if (msg.code === "end_failed") {
          batch(() => {
            this.ending.value = false;
            this.endFailed.value = true;
          });
        }
        return;
      default:
        return;
    }
  }
}
