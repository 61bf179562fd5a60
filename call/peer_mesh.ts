/**
 * The peer sessions of one call, one per remote participant (a full mesh of up to four
 * people), and what each of them sends: made by the pair rule (who offers first, who is
 * polite), taking over the connection answered ahead with that person where there is one,
 * dropped with their streams and screen, and every camera sender's bitrate and size shared out
 * among them. Who is in the room, and when a session is made or dropped, is the call
 * controller's business (call_controller.ts); this module keeps the sessions themselves.
 *
 * Browser module: no Deno APIs.
 */
import { type ReadonlySignal, signal } from "@preact/signals";
import type { SessionMessage } from "../signaling/protocol.ts";
import { PeerSession } from "./peer_session.ts";
import { type CallParticipant, pairRoles } from "./pair_rule.ts";
import { videoEncodingFor } from "./sender_bitrate.ts";
import { RemoteScreens } from "./remote_screens.ts";
import type { LocalMedia } from "./local_media.ts";
import type { AnswerAhead } from "./answers_ahead.ts";

/** Options of {@linkcode PeerMesh}. */
export interface PeerMeshOptions {
  rtcConfig: RTCConfiguration;
  /** This page's camera and microphone, sent to everyone. */
  media: LocalMedia;
  /** This page's shared screen, sent to everyone while it is not null. */
  screen: ReadonlySignal<MediaStream | null>;
  /** The stream id of the screen participant `id` says they share (the roster's), if any. */
  sharedScreenOf(id: string): string | undefined;
  /** Sends a negotiation message to participant `to` over signaling. */
  send(msg: SessionMessage, to: string): void;
  /** Each new connection with participant `id`, before its first offer or answer (the chat). */
  onPeerConnection?(id: string, pc: RTCPeerConnection): void;
  /** The connection with participant `id` changed state. */
  onConnectionState(id: string, state: RTCPeerConnectionState): void;
}

/** One call's sessions with the others (see the module doc). */
export class PeerMesh {
  /** What each remote participant sends, by id. */
  readonly remoteStreams = signal<Record<string, MediaStream>>({});
  /** The screens the others share. */
  readonly screens = new RemoteScreens();
  readonly #sessions = new Map<string, PeerSession>();
  /** Connections answered ahead and not taken over yet, by participant id. */
  readonly #answersAhead = new Map<string, AnswerAhead>();

  constructor(readonly opts: PeerMeshOptions) {}

  /** The sessions by participant id. */
  get sessions(): ReadonlyMap<string, PeerSession> {
    return this.#sessions;
  }

  /** Connections answered ahead (call/answers_ahead.ts): the first session with each takes its one. */
  takeAnswersAhead(answers: ReadonlyMap<string, AnswerAhead>): void {
    for (const [id, answer] of answers) this.#answersAhead.set(id, answer);
  }

  /** The session between `local` and `remote`, made if there is none. */
  open(local: CallParticipant, remote: CallParticipant): PeerSession {
    const id = remote.id;
    const existing = this.#sessions.get(id);
    if (existing) return existing;
    const roles = pairRoles(local, remote);
    // Answered ahead: an answer to their offer, so only where this end does not offer first.
    let adopt = this.#answersAhead.get(id);
    this.#answersAhead.delete(id);
    if (adopt && roles.offersFirst) {
      adopt.pc.close();
      adopt = undefined;
    }
    const current = () => this.#sessions.get(id) === session;
    const session: PeerSession = new PeerSession({
      remoteId: id,
      ...roles,
      adopt,
      config: this.opts.rtcConfig,
      media: this.opts.media,
      screen: this.opts.screen,
      isScreen: (streamId) => this.opts.sharedScreenOf(id) === streamId,
      onScreen: (streamId, stream) => {
        if (current()) this.screens.set(id, streamId, stream);
      },
      send: (msg) => this.opts.send(msg, id),
      onTrack: (stream) => {
        if (current()) this.remoteStreams.value = { ...this.remoteStreams.value, [id]: stream };
      },
      beforeFirstDescription: (pc) => this.opts.onPeerConnection?.(id, pc),
      onConnectionState: (state) => {
        if (current()) this.opts.onConnectionState(id, state);
      },
    });
    this.#sessions.set(id, session);
    this.#shareUpload();
    return session;
  }

  /** Drops the session with `id` and what it received; false if there was none. */
  close(id: string): boolean {
    const session = this.#sessions.get(id);
    if (!session) return false;
    session.close();
    this.#sessions.delete(id);
    const { [id]: _gone, ...rest } = this.remoteStreams.value;
    this.remoteStreams.value = rest;
    this.screens.drop(id);
    this.#shareUpload();
    return true;
  }

  /** Whether media flows with anyone. */
  anyConnected(): boolean {
    return [...this.#sessions.values()].some((s) => s.pc.connectionState === "connected");
  }

  /** Restarts ICE with everyone (back online, maybe on another network). */
  restartIce(): void {
    for (const session of this.#sessions.values()) session.restartIce();
  }

  /** Closes every session and every connection answered ahead. */
  dispose(): void {
    for (const session of this.#sessions.values()) session.close();
    this.#sessions.clear();
    for (const { pc } of this.#answersAhead.values()) pc.close();
    this.#answersAhead.clear();
  }

  /** Every camera sender's bitrate and size for as many peers as there are sessions. */
  #shareUpload() {
    const encoding = videoEncodingFor(Math.max(1, this.#sessions.size));
    for (const session of this.#sessions.values()) void session.setVideoEncoding(encoding);
  }
}
