/**
 * One video call's orchestration: the signaling socket, the peer sessions with the others (a full
 * mesh of up to four people, peer_mesh.ts) and this page's camera and microphone (LocalMedia,
 * shared by every session), brought together in @preact/signals that the call UI renders. What
 * the server sends is handled in the order message_order.ts keeps. Media and connections do
 * their own work; this module follows the room (who is here, who left, the phase of the call)
 * and wires the rest.
 *
 * The appointment is a room: the others may leave and come back any number of times (each time
 * a fresh PeerSession, negotiated by the pair rule), this side may leave and rejoin, and only the
 * professional's "End for everyone" (or the server) ends the call. The "counterpart" is the one
 * remote participant the call is about for this page — the client for the professional, the
 * professional for the client and guests: the waiting room, "… is reconnecting" and the
 * connection watch follow them; everyone else is a tile of their own.
 */
import { batch, computed, effect, signal } from "@preact/signals";
import type {
  Knocker,
  ParticipantRole,
  RosterEntry,
  ServerMessage,
} from "../signaling/protocol.ts";
import { type LinkState, SignalingClient, type SignalingHandlers } from "./signaling_client.ts";
import { LocalMedia } from "./local_media.ts";
import type { PeerSession } from "./peer_session.ts";
import { PeerMesh } from "./peer_mesh.ts";
import { ConnectionWatch } from "./connection_watch.ts";
import { markStep } from "./marks.ts";
import { ScreenShare } from "./screen_share.ts";
import type { AnswerAhead } from "./answers_ahead.ts";
import { MessageOrder } from "./message_order.ts";

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
  role: ParticipantRole;
  /** Signaling URL, e.g. wss://host/ws?role=client&v=2. */
  wsUrl: string;
  rtcConfig: RTCConfiguration;
  /** Each new connection with participant `id`, before its first offer or answer (the chat). */
  onPeerConnection?(id: string, pc: RTCPeerConnection): void;
}

/**
 * What the dashboard made ready for a call before its "Join call" click, handed over with
 * {@linkcode CallController.join}: the view itself may have been drawn before either existed.
 */
export interface JoinAhead {
  /** A standby socket opened ahead for this call (call/standby_sockets.ts), to join on. */
  standby?: SignalingClient;
  /**
   * Connections answered ahead on the dashboard and released at the click, by participant id
   * (call/answers_ahead.ts): the first session with each takes its one over.
   */
  answersAhead?: ReadonlyMap<string, AnswerAhead>;
}

/** A remote participant as the call UI shows them: the roster's entry and what they send. */
export interface RemoteParticipant extends RosterEntry {
  stream: MediaStream | null;
  /** The screen they share, once it arrived (see remote_screens.ts). */
  screen: MediaStream | null;
}

/** How long a joining page waits for a held offer before offering itself. */
const OFFER_FALLBACK_MS = 1_000;

/**
 * How long a half-made connection with someone the restarted server does not know is kept (they
 * are "away" meanwhile): as long as the server keeps a dropped socket's seat by default. A server
 * that restarted has no seat to time out, so this page does it.
 */
const HALF_MADE_KEEP_MS = 20_000;

/** The role of participant `id` (ids are "pro", "client" or "guest:…"). */
function roleOfId(id: string): ParticipantRole {
  return id === "pro" || id === "client" ? id : "guest";
}

/** One call's state and actions. */
export class CallController {
  /** This page's camera and microphone (mute, camera off, devices). */
  readonly media = new LocalMedia();
  /** This page's screen share: sent to everyone as a second video (peer_session.ts). */
  readonly screen = new ScreenShare();
  readonly phase = signal<CallPhase>("setup");
  readonly link = signal<LinkState>("closed");
  /** The counterpart's connection state, and whether ICE has given up (see ConnectionWatch). */
  readonly connection = new ConnectionWatch();
  /** Where the counterpart is. */
  readonly peer = signal<PeerPresence>("absent");
  /** This page's participant id in the room, from the welcome. */
  readonly selfId = signal<string | null>(null);
  /** This page's own roster entry (its name, for the self tile's initials). */
  readonly me = signal<RosterEntry | null>(null);
  /** Everyone else with a seat (the roster without this page). */
  readonly roster = signal<RosterEntry[]>([]);
  /** Everyone else in the room with what they send, in the roster's order. */
  readonly remotes = computed<RemoteParticipant[]>(() =>
    this.roster.value.map((entry) => ({
      ...entry,
      stream: this.#mesh.remoteStreams.value[entry.id] ?? null,
      screen: this.#mesh.screens.screenOf(entry),
    }))
  );
  /**
   * The professional's latest note to this waiting page ("Running five minutes late", protocol
   * `note`): kept only in this page, gone with it.
   */
  readonly note = signal<string | null>(null);
  /** This page knocked and waits for the professional to let it in (an instant call's visitor). */
  readonly knocking = signal(false);
  /** For the professional: who is knocking now ("Maria (guest) is waiting — Let in / Not now"). */
  readonly knocks = signal<Knocker[]>([]);
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
  /** One session per remote participant. */
  readonly #mesh: PeerMesh;
  /** The order in which what the server sends is handled (message_order.ts). */
  readonly #order = new MessageOrder();
  /** Timers that give up a half-made connection whose other end never came back, by id. */
  readonly #halfMade = new Map<string, ReturnType<typeof setTimeout>>();
  #stopMediaState?: () => void;
  #onOffline = () => this.offline.value = true;
  /** Back online, possibly on another network: reconnect now and restart ICE with everyone. */
  #onOnline = () => {
    this.offline.value = false;
    this.#signaling?.reconnectNow();
    this.#mesh.restartIce();
  };

  constructor(readonly opts: CallOptions) {
    this.#mesh = new PeerMesh({
      rtcConfig: opts.rtcConfig,
      media: this.media,
      screen: this.screen.stream,
      sharedScreenOf: (id) => this.roster.peek().find((p) => p.id === id)?.media?.screen,
      send: (msg, to) => this.#signaling?.send({ ...msg, to }),
      onPeerConnection: opts.onPeerConnection,
      onConnectionState: (id, state) => {
        if (id === this.counterpart) this.connection.update(state);
        if (state === "connected") this.#onConnected();
      },
    });
  }

  /** The remote participant this page's call is about (see the module comment). */
  get counterpart(): string {
    return this.opts.role === "pro" ? "client" : "pro";
  }

  /** The sessions with remote participants, by id (for tests and the quality view). */
  get sessions(): ReadonlyMap<string, PeerSession> {
    return this.#mesh.sessions;
  }

  /**
   * Connects to signaling and the others. It may run while the camera is still starting
   * (the professional does both at once): each peer session sends it once it is up.
   */
  join(ahead: JoinAhead = {}): void {
    if (this.#signaling) return;
    if (ahead.answersAhead) this.#mesh.takeAnswersAhead(ahead.answersAhead);
    this.phase.value = "waiting";
    addEventListener("offline", this.#onOffline);
    addEventListener("online", this.#onOnline);
    this.#openCounterpart();
    this.#connect(ahead.standby);
    // The others hear whether microphone and camera are on: on every (re)connection, and
    // whenever that changes.
    this.#stopMediaState = effect(() => {
      if (this.link.value === "open") this.#sendMediaState();
    });
  }

  /**
   * Leaves the call: the seat is freed at once and the appointment stays open (see rejoin). The
   * camera and microphone stop while this page is out of the call.
   */
  leave(): void {
    if (this.phase.value === "ended" || this.phase.value === "left") return;
    this.#signaling?.finish({ type: "leave" });
    this.#signaling = undefined;
    for (const id of [...this.#mesh.sessions.keys()]) this.#closeSession(id);
    this.media.stop();
    this.screen.stop();
    batch(() => {
      this.roster.value = [];
      this.peer.value = "absent";
      this.phase.value = "left";
    });
  }

  /**
   * Back into the call after leaving: camera and microphone start again, a new socket and fresh
   * sessions with the others (each sends the tracks once they are up).
   */
  rejoin(): void {
    if (this.phase.value !== "left") return;
    void this.media.start();
    this.phase.value = "waiting";
    this.#openCounterpart();
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

  /** The professional lets in participant `id`, who is knocking. */
  letIn(id: string): void {
    if (this.opts.role !== "pro") return;
    this.knocks.value = this.knocks.value.filter((k) => k.id !== id);
    this.#signaling?.send({ type: "admit", id });
  }

  /** The professional declines participant `id`'s knock ("Not now"). */
  decline(id: string): void {
    if (this.opts.role !== "pro") return;
    this.knocks.value = this.knocks.value.filter((k) => k.id !== id);
    this.#signaling?.send({ type: "decline", id });
  }

  /**
   * The professional removes participant `id` from the call and revokes their link (the server
   * closes their page with 4004; the roster then drops them).
   */
  remove(id: string): void {
    if (this.opts.role !== "pro" || id === "pro") return;
    this.#signaling?.send({ type: "remove", id });
  }

  /** Releases camera, microphone and sockets (page leaving). */
  dispose(): void {
    removeEventListener("offline", this.#onOffline);
    removeEventListener("online", this.#onOnline);
    this.#stopMediaState?.();
    this.connection.dispose();
    for (const timer of this.#halfMade.values()) clearTimeout(timer);
    this.#halfMade.clear();
    this.#mesh.dispose();
    this.#signaling?.close();
    this.media.dispose();
    this.screen.stop();
  }

  #connect(standby?: SignalingClient): void {
    const handlers: SignalingHandlers = {
      onMessage: (msg) =>
        this.#order.run(
          () => this.#handle(msg),
          msg.type === "offer" || msg.type === "answer" || msg.type === "ice"
            ? msg.from
            : undefined,
        ),
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

  /** Mute state and the shared screen's stream id, told before the screen's track goes in. */
  #sendMediaState() {
    const { micOn, camOn } = this.media;
    const screen = this.screen.stream.value?.id;
    this.#signaling?.send({
      type: "media",
      audio: micOn.value,
      video: camOn.value,
      ...(screen ? { screen } : {}),
    });
  }

  /** This page's id: from the welcome; the professional and the client know theirs ahead. */
  #selfId(): string | null {
    return this.selfId.value ?? (this.opts.role === "guest" ? null : this.opts.role);
  }

  /**
   * The session with the counterpart, made ahead of their arrival: a client's or guest's offer to
   * the professional is held by the server until they come (a guest's once its id is known).
   */
  #openCounterpart() {
    if (this.#selfId() !== null) this.#session(this.counterpart, roleOfId(this.counterpart));
  }

  /** The session with `id`, made if there is none (by the pair rule: peer_mesh.ts). */
  #session(id: string, role: ParticipantRole): PeerSession | undefined {
    const self = this.#selfId();
    if (self === null || self === id) return undefined;
    return this.#mesh.open({ id: self, role: this.opts.role }, { id, role });
  }

  /** Drops the session with `id` and what it received. */
  #closeSession(id: string) {
    clearTimeout(this.#halfMade.get(id));
    this.#halfMade.delete(id);
    if (this.#mesh.close(id) && id === this.counterpart) this.connection.reset();
  }

  #onConnected() {
    markStep("connected");
    batch(() => {
      this.phase.value = "in_call";
      this.startedAt.value ??= Date.now();
    });
  }

  /**
   * `id` is gone (left, or away past its grace): its session goes. For the counterpart a fresh
   * one waits, so whenever they come back a new negotiation runs by the pair rule; anyone else
   * gets a new session when the roster shows them again.
   */
  #peerLeft(id: string) {
    this.#closeSession(id);
    if (id === this.counterpart) {
      this.peer.value = "left";
      this.#openCounterpart();
    }
    if (
      (this.phase.value === "in_call" || this.phase.value === "connecting") &&
      (id === this.counterpart || !this.#mesh.anyConnected())
    ) {
      this.phase.value = "waiting";
    }
  }

  /**
   * Keeps the half-made connection with `id` for {@linkcode HALF_MADE_KEEP_MS}; if they are not
   * back in the room by then, they left (their page closed while the server was down).
   */
  #keepHalfMade(id: string, session: PeerSession) {
    if (this.#halfMade.has(id)) return;
    this.#halfMade.set(
      id,
      setTimeout(() =>
        this.#order.run(() => {
          this.#halfMade.delete(id);
          const back = this.roster.value.some((p) => p.id === id);
          const flowing = session.pc.connectionState === "connected";
          if (this.#mesh.sessions.get(id) === session && !back && !flowing) this.#peerLeft(id);
        }), HALF_MADE_KEEP_MS),
    );
  }

  /** The roster changed: the others as they are now, a session with each one present. */
  #applyRoster(participants: RosterEntry[]) {
    const self = this.#selfId();
    const others = participants.filter((p) => p.id !== self);
    batch(() => {
      this.roster.value = others;
      this.me.value = participants.find((p) => p.id === self) ?? this.me.value;
      const counterpart = others.find((p) => p.id === this.counterpart);
      if (counterpart) {
        this.peer.value = counterpart.presence;
        // A note was for the wait: stale once the professional is here.
        if (counterpart.presence === "present") this.note.value = null;
        if (this.phase.value === "waiting" && counterpart.presence === "present") {
          this.phase.value = "connecting";
        }
      }
    });
    // A session with everyone, at once: what clients and guests send each other before the
    // professional is in waits on the server (PROTOCOL.md "The mesh in the browser"), so their
    // connections are ready to be negotiated the moment the professional arrives.
    for (const p of others) this.#session(p.id, p.role);
  }

  async #handle(msg: ServerMessage) {
    // Frames the left socket had already delivered: the call is not on here any more.
    if (this.phase.value === "left" || this.phase.value === "ended") return;
    switch (msg.type) {
      case "knocking":
        this.knocking.value = true;
        return;
      case "knocks":
        this.knocks.value = msg.knocking;
        return;
      case "welcome": {
        markStep("welcome");
        this.knocking.value = false;
        if (msg.id !== null) this.selfId.value = msg.id;
        this.#openCounterpart();
        const present = new Set(
          msg.participants.filter((p) => p.presence === "present").map((p) => p.id),
        );
        // Someone we had a session with is not in the room now: they left while this socket was
        // down. Not if media still flows, nor while their offer or answer is being completed:
        // the server restarted (it may have between an offer and its answer) and they are not
        // back on it yet. The counterpart is then away, as when their own socket drops.
        for (const [id, session] of [...this.#mesh.sessions]) {
          const known = id !== this.counterpart ||
            this.peer.value === "present" || this.peer.value === "away";
          const inRoom = msg.participants.some((p) => p.id === id);
          if (inRoom || !known || session.pc.connectionState === "connected") continue;
          if (session.isSettingUp()) {
            if (id === this.counterpart) this.peer.value = "away";
            this.#keepHalfMade(id, session);
          } else if (id !== this.counterpart || session.pc.remoteDescription) this.#peerLeft(id);
        }
        this.#applyRoster(msg.participants);
        // Held messages follow the welcome at once. From whoever is here and does not offer
        // first toward us, if no offer came with them, this is a reloaded page joining a call in
        // progress: offer ourselves. Not while clients and guests wait for the professional:
        // their offers to each other are held on the server until then, so none came yet.
        const waiting = this.opts.role !== "pro" && !present.has("pro");
        for (const id of present) {
          if (waiting && id !== "pro") continue;
          const session = this.#mesh.sessions.get(id);
          if (session && !session.opts.offersFirst) {
            setTimeout(
              () => this.#order.run(() => this.#mesh.sessions.get(id)?.negotiateIfIdle(), id),
              OFFER_FALLBACK_MS,
            );
          }
        }
        return;
      }
      case "roster":
        this.#applyRoster(msg.participants);
        return;
      case "peer":
        if (msg.state === "left") return this.#peerLeft(msg.id);
        if (msg.id !== this.counterpart) return;
        if (msg.state === "away") {
          this.peer.value = "away";
          return;
        }
        batch(() => {
          this.peer.value = "present";
          if (this.phase.value === "waiting") this.phase.value = "connecting";
        });
        return;
      case "offer": {
        markStep("offer");
        if (this.#mesh.sessions.get(msg.from)?.isFromNewPeer(msg.sdp)) this.#closeSession(msg.from);
        const session = this.#session(msg.from, roleOfId(msg.from));
        batch(() => {
          if (msg.from === this.counterpart) this.peer.value = "present";
          if (this.phase.value === "waiting") this.phase.value = "connecting";
        });
        // Answered at once, with the camera and microphone if they are up (else as they come).
        await session?.handleDescription({ type: "offer", sdp: msg.sdp });
        return;
      }
      case "answer":
        await this.#mesh.sessions.get(msg.from)?.handleDescription({
          type: "answer",
          sdp: msg.sdp,
        });
        return;
      case "ice":
        await this.#mesh.sessions.get(msg.from)?.handleCandidate(msg.candidate);
        return;
      case "note":
        this.note.value = msg.text;
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
