/**
 * The connection with one remote participant: one RTCPeerConnection driven by the W3C "perfect
 * negotiation" pattern, so either end can (re)negotiate — a reloaded page, ICE restarts — without
 * glare. Which end is polite and which offers first is a fixed rule (see pair_rule.ts). The
 * session alone decides when the local tracks go in (see #sendTracks); a
 * call has one LocalMedia and one session per remote participant.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { IceCandidate, SessionMessage } from "../signaling/protocol.ts";
import type { LocalTracks } from "./local_media.ts";
import type { AnswerAhead } from "./answers_ahead.ts";
import { candidateFromWire, candidateToWire } from "./ice_candidate.ts";
import { markStep } from "./marks.ts";
import { idleTransceiver } from "./idle_transceiver.ts";
import { RAMP_UP_MS, UplinkFit } from "./uplink_fit.ts";
import { dropWarmVideo } from "./warm_video.ts";
import {
  atLeastScale,
  encodeSender,
  sameEncoding,
  sendEncoding,
  START_SMALL_MS,
  startingEncoding,
  type VideoEncoding,
} from "./sender_bitrate.ts";

/** Options of {@linkcode PeerSession}. */
export interface PeerSessionOptions {
  /** Who is on the other end (a participant id; in a call of two, the other side's role). */
  remoteId: string;
  /** Yields when both ends offer at once (see pair_rule.ts). */
  polite: boolean;
  /** Sends its tracks, and so offers, at once; otherwise it waits for an offer. */
  offersFirst: boolean;
  config: RTCConfiguration;
  /** The camera and microphone to send, shared by every session of the call. */
  media: LocalTracks;
  /** Sends a message to the remote participant over signaling (which addresses it to them). */
  send(msg: SessionMessage): void;
  onTrack(stream: MediaStream): void;
  /**
   * This page's shared screen, sent on a transceiver of its own (sendonly, in its own stream) next
   * to the camera while it is not null; a new session of a share in progress sends it too.
   */
  screen?: ReadonlySignal<MediaStream | null>;
  /** Whether a received track's stream id is the remote participant's announced screen. */
  isScreen?(streamId: string): boolean;
  /** The remote participant's screen arrived (its stream id and a stream of its track alone). */
  onScreen?(streamId: string, stream: MediaStream): void;
  onConnectionState(state: RTCPeerConnectionState): void;
  /**
   * Called once, just before this end's first offer or answer: what is added to `pc` then (the
   * chat's negotiated data channel) rides on that negotiation instead of starting another.
   */
  beforeFirstDescription?(pc: RTCPeerConnection): void;
  /**
   * A connection answered ahead and released at the click (call/answers_ahead.ts): this session
   * takes it over instead of making its own; its answer is out, sending on every transceiver,
   * and the tracks go in as they come (replaceTrack, no new negotiation).
   */
  adopt?: AnswerAhead;
}

/**
 * How long "disconnected" may last before an ICE restart. Chromium says "disconnected" only after
 * about 5 s without answers to its connectivity checks, so the path is most likely gone already:
 * waiting longer only adds to the time to frames again (the network lab measured ~8 s with
 * 2.5 s here, against a 10 s goal). A restart on a path that comes back by itself costs one
 * offer and answer; media keeps flowing on the old pair until a new one is chosen.
 */
const DISCONNECTED_GRACE_MS = 1_000;

/** The DTLS fingerprint of an SDP: it changes only when the other side made a new connection. */
export function fingerprintOf(sdp: string | undefined): string | undefined {
  return sdp?.match(/^a=fingerprint:(.+)$/m)?.[1]?.trim();
}

/** A peer connection with perfect negotiation, automatic ICE restarts and its own local tracks. */
export class PeerSession {
  readonly pc: RTCPeerConnection;
  #makingOffer = false;
  #ignoreOffer = false;
  #settingRemoteAnswer = false;
  #closed = false;
  #disconnectTimer?: ReturnType<typeof setTimeout>;
  #remoteStream = new MediaStream();
  /** Local tracks may go in: this end offers first, has an offer to answer, or was asked to offer. */
  #tracksWanted = false;
  /** Answered as sending before having tracks (see #answerWithTracks). */
  #tracksAfterAnswer = false;
  #encoding?: VideoEncoding;
  /** The camera goes small (START_SCALE) at least until START_SMALL_MS after the connection is up. */
  #startingSmall = true;
  #startSmallTimer?: ReturnType<typeof setTimeout>;
  /** The picture size the link allows, after the start (see uplinkReading). */
  #uplink = new UplinkFit();
  /** When the connection was first up. */
  #connectedAt?: number;
  #encodingSet: Promise<void> = Promise.resolve();
  /**
   * The camera sender as last set, and what it was set to: asking a sender for its parameters
   * waits for the WebRTC signaling thread, which is busiest while calls set up (in a call of four
   * the professional's page spent ~140 ms blocked in getParameters), so it is asked only when
   * something is to change.
   */
  #encoded?: { sender: RTCRtpSender; as: VideoEncoding | undefined };
  #unsubscribe: () => void;
  #unsubscribeScreen: () => void;
  #prepared = false;
  /** The remote candidates added, as sent (see handleCandidate). */
  #candidatesAdded = new Set<string>();
  /**
   * The SDP of the last remote offer taken. Not `pc.remoteDescription.sdp`: Chromium adds the
   * remote candidates to that as they come in, so the same offer delivered again no longer
   * matched it and was answered twice (a second negotiation, ~100–500 ms, on every call).
   */
  #offerTaken: string | undefined;
  /** The transceiver sending this page's screen, while it shares. */
  #screenOut: RTCRtpTransceiver | null = null;
  /** Transceivers receiving the other side's screens: never used for this page's camera. */
  #screensIn = new Set<RTCRtpTransceiver>();

  constructor(readonly opts: PeerSessionOptions) {
    const pc = opts.adopt?.pc ?? new RTCPeerConnection(opts.config);
    this.pc = pc;
    pc.onnegotiationneeded = async () => {
      try {
        this.#prepare();
        this.#makingOffer = true;
        await pc.setLocalDescription();
        if (pc.localDescription) opts.send({ type: "offer", sdp: pc.localDescription.sdp });
      } catch {
        // A newer negotiation superseded this one.
      } finally {
        this.#makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) opts.send({ type: "ice", candidate: candidateToWire(candidate.toJSON()) });
    };
    // One stream for everything the other side sends, whatever stream ids it gives (tracks sent
    // after an answer come without one): the video element keeps one srcObject.
    // A shared screen comes in a stream of its own, announced before its offer (`media`.screen):
    // it never joins the camera's stream.
    pc.ontrack = ({ track, streams, transceiver }) => {
      const streamId = streams[0]?.id;
      if (streamId && opts.isScreen?.(streamId)) {
        this.#screensIn.add(transceiver);
        opts.onScreen?.(streamId, new MediaStream([track]));
        return;
      }
      if (!this.#remoteStream.getTracks().includes(track)) this.#remoteStream.addTrack(track);
      opts.onTrack(this.#remoteStream);
    };
    pc.onconnectionstatechange = () => this.#connectionChanged();
    // A finished negotiation gives new senders their encodings: set them now.
    pc.onsignalingstatechange = () => {
      if (pc.signalingState === "stable") this.#applyEncoding();
    };
    // Camera up, or a device switched: the new tracks go in (replaceTrack, no renegotiation).
    this.#unsubscribe = opts.media.subscribe(() => this.#sendTracks());
    this.#unsubscribeScreen =
      opts.screen?.subscribe(() => void this.#sendTracks().catch(() => {})) ??
        (() => {});
    if (opts.adopt) this.#takeOver(opts.adopt);
    else if (opts.offersFirst) {
      this.#prepare();
      this.#wantTracks();
    }
  }

  /**
   * Takes over a connection answered ahead (see {@linkcode PeerSessionOptions.adopt}): what it
   * received so far becomes the remote stream and its state is told, after the caller has this
   * session (a microtask later).
   */
  #takeOver(adopt: AnswerAhead) {
    this.#offerTaken = adopt.offer;
    for (const key of adopt.candidatesAdded) this.#candidatesAdded.add(key);
    // The answer went out without stream ids: setting them now would negotiate again.
    this.#tracksAfterAnswer = true;
    this.#prepare();
    // The stream its warm video plays (call/warm_video.ts), so the tile takes that video.
    this.#remoteStream = adopt.stream;
    for (const t of this.pc.getTransceivers()) {
      const track = t.receiver.track;
      const fresh = !this.#remoteStream.getTracks().includes(track);
      if (t.currentDirection !== "stopped" && track.readyState === "live" && fresh) {
        this.#remoteStream.addTrack(track);
      }
    }
    queueMicrotask(() => {
      if (this.#closed) return;
      if (this.#remoteStream.getTracks().length > 0) this.opts.onTrack(this.#remoteStream);
      if (this.pc.connectionState !== "new") this.#connectionChanged();
    });
    this.#wantTracks();
  }

  /** Tells the connection's state and restarts ICE once the path is gone. */
  #connectionChanged() {
    const pc = this.pc;
    const state = pc.connectionState;
    this.opts.onConnectionState(state);
    clearTimeout(this.#disconnectTimer);
    if (state === "connected") this.#connectedAt ??= performance.now();
    if (state === "connected" && this.#startingSmall && !this.#startSmallTimer) {
      this.#startSmallTimer = setTimeout(() => {
        this.#startingSmall = false;
        this.#applyEncoding();
      }, START_SMALL_MS);
    }
    if (state === "failed") this.restartIce();
    if (state === "disconnected") {
      this.#disconnectTimer = setTimeout(() => {
        if (pc.connectionState === "disconnected") this.restartIce();
      }, DISCONNECTED_GRACE_MS);
    }
  }

  /** Whether an incoming offer comes from a different connection than the current one. */
  isFromNewPeer(sdp: string): boolean {
    const current = fingerprintOf(this.pc.remoteDescription?.sdp);
    return current !== undefined && current !== fingerprintOf(sdp);
  }

  /**
   * Whether a negotiation with the other end is under way: their offer or answer is applied and
   * the connection is not up yet, nor lost. Both ends still hold it; whatever they send next (the
   * answer, candidates) completes it, and a different connection of theirs would come with a new
   * fingerprint (see {@linkcode isFromNewPeer}).
   */
  isSettingUp(): boolean {
    const state = this.pc.connectionState;
    return this.pc.remoteDescription !== null && (state === "new" || state === "connecting");
  }

  /**
   * Offers this end's tracks when nothing is negotiated yet (a reloaded page joining a call in
   * progress, whose other end has no reason to offer); they go in as soon as they are up.
   */
  negotiateIfIdle(): void {
    if (this.pc.remoteDescription || this.pc.signalingState !== "stable") return;
    this.#prepare();
    this.#wantTracks();
  }

  /**
   * Sets the bitrate and picture size of the camera this session sends (the camera as captured,
   * no cap, when undefined), now and for later senders.
   */
  setVideoEncoding(encoding: VideoEncoding | undefined): Promise<void> {
    this.#encoding = encoding;
    return this.#applyEncoding();
  }

  /**
   * One reading of this connection's bandwidth estimate and of what it sends, bits per second
   * (the stage's quality poll gives them, so the stats are read once): the camera's picture size
   * follows the link (uplink_fit.ts). Readings of the connection's first seconds are left out
   * (RAMP_UP_MS): its estimate is still climbing from 300 kbit/s.
   */
  uplinkReading(estimateBps: number | null, sentBps: number | null): void {
    const up = this.#connectedAt;
    if (this.#closed || up === undefined || performance.now() - up < RAMP_UP_MS) return;
    const before = this.#uplink.scale;
    if (this.#uplink.reading(estimateBps, sentBps, performance.now()) !== before) {
      void this.#applyEncoding();
    }
  }

  /** Handles a remote description; an offer is answered at once (see #answerWithTracks). */
  async handleDescription(description: RTCSessionDescriptionInit): Promise<void> {
    const pc = this.pc;
    // The same offer again (the professional answered what its standby socket was shown, and its
    // seat then delivered it as held): answered already, or being answered.
    if (description.type === "offer" && description.sdp === this.#offerTaken) return;
    const readyForOffer = !this.#makingOffer &&
      (pc.signalingState === "stable" || this.#settingRemoteAnswer);
    const collision = description.type === "offer" && !readyForOffer;
    this.#ignoreOffer = !this.opts.polite && collision;
    if (this.#ignoreOffer) return;
    this.#settingRemoteAnswer = description.type === "answer";
    if (description.type === "offer") this.#offerTaken = description.sdp;
    try {
      await pc.setRemoteDescription(description);
    } catch (err) {
      // Not taken after all: the same offer sent again is tried again.
      if (description.type === "offer") this.#offerTaken = undefined;
      throw err;
    } finally {
      this.#settingRemoteAnswer = false;
    }
    if (description.type === "offer") {
      this.#prepare();
      this.#answerWithTracks();
      await pc.setLocalDescription();
      if (pc.localDescription) {
        this.opts.send({ type: "answer", sdp: pc.localDescription.sdp });
        markStep("answer");
      }
    }
  }

  /** Adds a remote candidate; failures for an ignored offer are expected. */
  async handleCandidate(candidate: IceCandidate | null): Promise<void> {
    if (candidate === null) return;
    // Delivered twice, like the offer above: added already.
    const key = JSON.stringify(candidate);
    if (this.#candidatesAdded.has(key)) return;
    try {
      await this.pc.addIceCandidate(candidateFromWire(candidate));
      this.#candidatesAdded.add(key);
    } catch (err) {
      if (!this.#ignoreOffer && this.pc.remoteDescription) throw err;
    }
  }

  /** Restarts ICE (a new offer follows through negotiationneeded). */
  restartIce(): void {
    if (this.#closed || this.pc.signalingState === "closed") return;
    this.pc.restartIce();
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe();
    this.#unsubscribeScreen();
    clearTimeout(this.#disconnectTimer);
    clearTimeout(this.#startSmallTimer);
    this.pc.close();
    dropWarmVideo(this.#remoteStream);
  }

  /**
   * Puts the current local tracks in, once they may go in (see #tracksWanted): into the sender
   * already carrying that kind (a switched device), into an offered transceiver not sending yet
   * (the answering end), else with addTrack (which negotiates). Resolves once replaced tracks are
   * in the senders; a replaced track may be stopped then.
   */
  #sendTracks(): Promise<void> {
    if (!this.#tracksWanted || this.#closed) return Promise.resolve();
    const stream = this.opts.media.stream.peek();
    const replacing: Promise<void>[] = [this.#sendScreen()];
    for (const track of stream?.getTracks() ?? []) {
      const carrying = this.pc.getSenders().find((s) =>
        s.track?.kind === track.kind && s !== this.#screenOut?.sender
      );
      if (carrying) {
        if (carrying.track !== track) replacing.push(carrying.replaceTrack(track));
        continue;
      }
      const idle = idleTransceiver(this.pc, track.kind, (t) => this.#isScreenTransceiver(t));
      if (idle) {
        // A camera's encoding is set before its first frame reaches the encoder.
        const encoded = track.kind === "video"
          ? this.#applyEncoding(idle.sender)
          : Promise.resolve();
        replacing.push(encoded.then(() => idle.sender.replaceTrack(track)));
        // Tracks arriving after an answer get no stream id: setting one would renegotiate.
        if (!this.#tracksAfterAnswer) idle.sender.setStreams?.(stream!);
        idle.direction = "sendrecv";
      } else if (track.kind === "video") {
        // The camera's encoding from the start: set after addTrack, it could land after the
        // answer had started the encoder at full size (then libwebrtc dropped the first frames).
        const encoding = this.#encodingNow();
        const { sender } = this.pc.addTransceiver(track, {
          direction: "sendrecv",
          streams: [stream!],
          sendEncodings: [sendEncoding(encoding)],
        });
        this.#encoded = { sender, as: encoding };
      } else {
        this.pc.addTrack(track, stream!);
      }
    }
    return Promise.all(replacing).then(() => this.#applyEncoding());
  }

  /**
   * The shared screen: a sendonly transceiver of its own in the screen's stream (addTransceiver
   * negotiates, and the offer carries the stream id the others were told); stopped when the
   * share ends, so the others' track ends with it. The camera's sender is never touched.
   */
  #sendScreen(): Promise<void> {
    const screen = this.opts.screen?.peek() ?? null;
    const track = screen?.getVideoTracks()[0] ?? null;
    const out = this.#screenOut;
    if (track && screen && !out) {
      this.#screenOut = this.pc.addTransceiver(track, { direction: "sendonly", streams: [screen] });
    } else if (track && out && out.sender.track !== track) {
      return out.sender.replaceTrack(track);
    } else if (!track && out) {
      this.#screenOut = null;
      out.stop();
    }
    return Promise.resolve();
  }

  #isScreenTransceiver(t: RTCRtpTransceiver): boolean {
    return t === this.#screenOut || this.#screensIn.has(t);
  }

  /** Runs beforeFirstDescription, once. */
  #prepare() {
    if (this.#prepared || this.#closed) return;
    this.#prepared = true;
    this.opts.beforeFirstDescription?.(this.pc);
  }

  #wantTracks() {
    this.#tracksWanted = true;
    this.#sendTracks().catch(() => {/* closed meanwhile */});
  }

  /**
   * Between applying an offer and answering it: the local tracks go in if they are up. If the
   * camera and microphone are still starting, the offered transceivers are answered as sending,
   * so the connection comes up now and the tracks go in later with no renegotiation.
   */
  #answerWithTracks() {
    const media = this.opts.media;
    if (!media.stream.peek() && !media.settled.peek()) {
      this.#tracksAfterAnswer = true;
      for (const t of this.pc.getTransceivers()) {
        if (this.#isScreenTransceiver(t)) continue;
        if (!t.sender.track && t.currentDirection !== "stopped") t.direction = "sendrecv";
      }
    }
    this.#wantTracks();
  }

  /**
   * The sender carrying the camera; before the camera is up on an answering end, the offered video
   * transceiver's that will carry it (see #answerWithTracks): its encoding is set once the answer
   * is applied, so the camera goes in with replaceTrack alone when it comes (setParameters then
   * took 40 ms, the signaling thread busy with the connection coming up).
   */
  #cameraSender(): RTCRtpSender | undefined {
    const carrying = this.pc.getSenders().find((s) =>
      s.track?.kind === "video" && s !== this.#screenOut?.sender
    );
    if (carrying || !this.#tracksAfterAnswer) return carrying;
    return idleTransceiver(this.pc, "video", (t) => this.#isScreenTransceiver(t))?.sender;
  }

  /** The camera's encoding now: as set, small at the start, and no larger than the link allows. */
  #encodingNow(): VideoEncoding {
    return this.#startingSmall
      ? startingEncoding(this.#encoding)
      : atLeastScale(this.#encoding, this.#uplink.scale);
  }

  /**
   * Sets the camera sender's encoding (see setVideoEncoding, START_SMALL_MS); one setParameters
   * at a time. `sender`: the one that is about to carry the camera, if it carries nothing yet.
   */
  #applyEncoding(sender = this.#cameraSender()): Promise<void> {
    if (!sender || this.#closed) return this.#encodingSet;
    this.#encodingSet = this.#encodingSet.then(async () => {
      const encoding = this.#encodingNow();
      const done = this.#encoded;
      if (done?.sender === sender && sameEncoding(done.as, encoding)) return;
      if (await encodeSender(sender, encoding)) this.#encoded = { sender, as: encoding };
    }).catch(() => {/* not negotiated yet: set at the next stable state */});
    return this.#encodingSet;
  }
}
