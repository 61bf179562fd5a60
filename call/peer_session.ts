/**
 * One RTCPeerConnection driven by the W3C "perfect negotiation" pattern, so
 * either side can (re)negotiate — device changes, ICE restarts — without
 * glare. The client is the polite peer and makes the first offer (as in the
 * seeds); the professional attaches its tracks when answering.
 */
import type { ClientMessage, IceCandidate } from "../signaling/protocol.ts";
import { markStep } from "./marks.ts";

/** Options of {@linkcode PeerSession}. */
export interface PeerSessionOptions {
  polite: boolean;
  config: RTCConfiguration;
  send(msg: ClientMessage): void;
  onTrack(stream: MediaStream): void;
  onConnectionState(state: RTCPeerConnectionState): void;
}

/** How long "disconnected" may last before an ICE restart. */
const DISCONNECTED_GRACE_MS = 2_500;

/** The DTLS fingerprint of an SDP: it changes only when the other side made a new connection. */
export function fingerprintOf(sdp: string | undefined): string | undefined {
  return sdp?.match(/^a=fingerprint:(.+)$/m)?.[1]?.trim();
}

/** A peer connection with perfect negotiation and automatic ICE restarts. */
export class PeerSession {
  readonly pc: RTCPeerConnection;
  #makingOffer = false;
  #ignoreOffer = false;
  #settingRemoteAnswer = false;
  #closed = false;
  #disconnectTimer?: ReturnType<typeof setTimeout>;
  #remoteStream = new MediaStream();
  /** Answered as sending before having tracks (see answerAsSending). */
  #tracksAfterAnswer = false;

  constructor(readonly opts: PeerSessionOptions) {
    const pc = new RTCPeerConnection(opts.config);
    this.pc = pc;
    pc.onnegotiationneeded = async () => {
      try {
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
      if (!candidate) return;
      const c = candidate.toJSON();
      opts.send({
        type: "ice",
        candidate: {
          candidate: c.candidate ?? "",
          sdpMid: c.sdpMid ?? null,
          sdpMLineIndex: c.sdpMLineIndex ?? null,
          usernameFragment: c.usernameFragment ?? null,
        },
      });
    };
    // One stream for everything the other side sends, whatever stream ids it gives (tracks sent
    // after an answer come without one): the video element keeps one srcObject.
    pc.ontrack = ({ track }) => {
      if (!this.#remoteStream.getTracks().includes(track)) this.#remoteStream.addTrack(track);
      opts.onTrack(this.#remoteStream);
    };
    pc.onconnectionstatechange = () => {
      const state = pc.connectionState;
      opts.onConnectionState(state);
      clearTimeout(this.#disconnectTimer);
      if (state === "failed") this.restartIce();
      if (state === "disconnected") {
        this.#disconnectTimer = setTimeout(() => {
          if (pc.connectionState === "disconnected") this.restartIce();
        }, DISCONNECTED_GRACE_MS);
      }
    };
  }

  /** Whether an incoming offer comes from a different connection than the current one. */
  isFromNewPeer(sdp: string): boolean {
    const current = fingerprintOf(this.pc.remoteDescription?.sdp);
    return current !== undefined && current !== fingerprintOf(sdp);
  }

  /**
   * Sends `tracks`: into existing transceivers of the same kind when there
   * are some (the answering side), else with addTrack (which negotiates).
   */
  attach(tracks: MediaStreamTrack[], stream: MediaStream): void {
    for (const track of tracks) {
      const transceiver = this.pc.getTransceivers().find((t) =>
        t.receiver.track.kind === track.kind && !t.sender.track &&
        t.currentDirection !== "stopped"
      );
      if (transceiver) {
        transceiver.sender.replaceTrack(track);
        // Tracks arriving after an answer get no stream id: setting one would renegotiate.
        if (!this.#tracksAfterAnswer) transceiver.sender.setStreams?.(stream);
        transceiver.direction = "sendrecv";
      } else if (!this.pc.getSenders().some((s) => s.track === track)) {
        this.pc.addTrack(track, stream);
      }
    }
  }

  /**
   * Answering before the camera and microphone are up: the offered transceivers are answered as
   * sending, so the connection comes up now and {@linkcode attach} later needs no renegotiation.
   */
  answerAsSending(): void {
    this.#tracksAfterAnswer = true;
    for (const t of this.pc.getTransceivers()) {
      if (!t.sender.track && t.currentDirection !== "stopped") t.direction = "sendrecv";
    }
  }

  /** Whether an offer from the other side is applied (we answer, or have answered, it). */
  get isAnswerer(): boolean {
    return this.pc.remoteDescription?.type === "offer" ||
      this.pc.localDescription?.type === "answer";
  }

  /** The sender currently carrying `kind`, if any. */
  sender(kind: "audio" | "video"): RTCRtpSender | undefined {
    return this.pc.getSenders().find((s) => s.track?.kind === kind) ??
      this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender;
  }

  /**
   * Handles a remote description. `beforeAnswer` runs between applying an
   * offer and answering it (the answering side attaches its tracks there,
   * once its camera has started: the offer is applied meanwhile).
   */
  async handleDescription(
    description: RTCSessionDescriptionInit,
    beforeAnswer?: () => void | Promise<void>,
  ): Promise<void> {
    const pc = this.pc;
    const readyForOffer = !this.#makingOffer &&
      (pc.signalingState === "stable" || this.#settingRemoteAnswer);
    const collision = description.type === "offer" && !readyForOffer;
    this.#ignoreOffer = !this.opts.polite && collision;
    if (this.#ignoreOffer) return;
    this.#settingRemoteAnswer = description.type === "answer";
    try {
      await pc.setRemoteDescription(description);
    } finally {
      this.#settingRemoteAnswer = false;
    }
    if (description.type === "offer") {
      await beforeAnswer?.();
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
    try {
      await this.pc.addIceCandidate({
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid ?? undefined,
        sdpMLineIndex: candidate.sdpMLineIndex ?? undefined,
        usernameFragment: candidate.usernameFragment ?? undefined,
      });
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
    clearTimeout(this.#disconnectTimer);
    this.pc.close();
  }
}
