/**
 * Answers made ahead on the dashboard. While people wait, the professional's standby socket is
 * shown what they sent the professional (protocol `held`: their offers and candidates). Each
 * offer is answered here in a peer connection of its own: the offer applied, the answer made and
 * this end's candidates (and TURN relay) gathered, and nothing sent, so nobody learns that the
 * professional is looking. "Join call" releases them once the camera is up (at most
 * `ANSWERS_WAIT_MS` after the click, call/ui/use_in_page_call.ts): each answer goes out on the
 * socket that has sent `join`, with the candidates gathered so far in it, the waiting person's
 * candidates go in, and later ones follow; the call's peer sessions then take the connections over (PeerSession
 * `adopt`). Without this the answer left ~90 ms after the click (the camera first, then the call
 * view, then the offer applied and answered) and this end's first candidate ~45 ms after that.
 * The waiting person's candidates are added only then: before the click, this end's
 * connectivity checks would tell them the professional's address.
 */
import type { ClientMessage, IceCandidate, ServerMessage } from "../signaling/protocol.ts";
import { candidateFromWire, candidateToWire } from "./ice_candidate.ts";
import { markStep } from "./marks.ts";
import { idleTransceiver } from "./idle_transceiver.ts";
import { encodeSender, startingEncoding, videoEncodingFor } from "./sender_bitrate.ts";
import { dropWarmVideo, warmVideo } from "./warm_video.ts";
import { primeEncoder } from "./prime_encoder.ts";

/** An answered connection handed to the call at the click. */
export interface AnswerAhead {
  /** Who sent the offer (a participant id). */
  readonly from: string;
  readonly pc: RTCPeerConnection;
  /** The offer's SDP, as held: delivered again by the seat, it is not answered twice. */
  readonly offer: string;
  /** The held candidates added at the click (as sent: JSON), so they are not added twice. */
  readonly candidatesAdded: readonly string[];
  /**
   * Everything the waiting person sends, one stream, already playing in a warm video
   * (call/warm_video.ts): the session takes it as its remote stream, so the tile takes that video.
   */
  readonly stream: MediaStream;
}

interface Entry {
  readonly from: string;
  readonly pc: RTCPeerConnection;
  readonly offer: string;
  readonly stream: MediaStream;
  candidates: IceCandidate[];
  /** The answer is made (set as the local description). */
  ready: boolean;
  /** The camera's encoder being set up (prime_encoder.ts): ended early by the click. */
  priming?: { stop: AbortController; done: Promise<void> };
}

/** By appointment, by who offered. */
const ahead = new Map<string, Map<string, Entry>>();

/** Each sender's latest offer in `held`, with the candidates that followed it. */
function offersIn(held: readonly ServerMessage[]) {
  const latest = new Map<string, { sdp: string; candidates: IceCandidate[] }>();
  for (const msg of held) {
    if (msg.type === "offer") latest.set(msg.from, { sdp: msg.sdp, candidates: [] });
    else if (msg.type === "ice" && msg.candidate) {
      latest.get(msg.from)?.candidates.push(msg.candidate);
    }
  }
  return latest;
}

/**
 * Answers the offers `held` for appointment `appointmentId` (the latest `held` of its standby
 * socket), each once: an offer already answered keeps its connection (its later candidates are
 * noted), one replaced by a new offer, or gone from `held`, is closed.
 */
export function prepareAnswers(
  appointmentId: string,
  held: readonly ServerMessage[],
  config: RTCConfiguration,
): void {
  if (typeof RTCPeerConnection === "undefined") return;
  const entries = ahead.get(appointmentId) ?? new Map<string, Entry>();
  ahead.set(appointmentId, entries);
  const offers = offersIn(held);
  for (const [from, entry] of entries) {
    if (offers.get(from)?.sdp !== entry.offer) {
      close(entry);
      entries.delete(from);
    }
  }
  for (const [from, { sdp, candidates }] of offers) {
    const known = entries.get(from);
    if (known) {
      known.candidates = candidates;
      continue;
    }
    const entry: Entry = {
      from,
      pc: new RTCPeerConnection(config),
      offer: sdp,
      stream: new MediaStream(),
      candidates,
      ready: false,
    };
    entries.set(from, entry);
    void answer(entry, offers.size).catch(() => {
      // Refused (not an offer this browser takes): the call answers it itself, as without this.
      close(entry);
      if (entries.get(from) === entry) entries.delete(from);
    });
  }
}

/**
 * Applies the offer and makes the answer, sending on every offered transceiver: the camera and
 * microphone go in later (replaceTrack) with no new negotiation, the camera at the size a camera
 * starts at for `peers` peers, set now: setParameters at the click waited ~85 ms for the
 * connection coming up. The camera's encoder is set up ahead too (prime_encoder.ts).
 */
async function answer(entry: Entry, peers: number): Promise<void> {
  const { pc } = entry;
  await pc.setRemoteDescription({ type: "offer", sdp: entry.offer });
  for (const t of pc.getTransceivers()) {
    if (t.currentDirection !== "stopped") t.direction = "sendrecv";
  }
  await pc.setLocalDescription();
  const camera = idleTransceiver(pc, "video");
  if (camera) await encodeSender(camera.sender, startingEncoding(videoEncodingFor(peers)));
  for (const t of pc.getTransceivers()) {
    if (t.currentDirection !== "stopped") entry.stream.addTrack(t.receiver.track);
  }
  warmVideo(entry.stream);
  entry.ready = true;
  if (camera) {
    const stop = new AbortController();
    entry.priming = { stop, done: primeEncoder(camera.sender, stop.signal).catch(() => {}) };
  }
}

/** Closes an entry's connection and its warm video. */
function close(entry: Entry): void {
  entry.priming?.stop.abort();
  entry.pc.close();
  dropWarmVideo(entry.stream);
}

/**
 * "Join call" on appointment `appointmentId`: sends each ready answer with `send` (on the socket
 * that has sent `join`), adds the held candidates and forwards this end's later ones until
 * the call takes the connections over; `camera` (the professional's camera and microphone, asked
 * for at the same click) goes in as soon as it is there, at the size a camera starts at, rather
 * than once the call view is drawn. Connections not answered yet are closed (the call makes its
 * own). Returns the released ones by participant id.
 */
export function releaseAnswers(
  appointmentId: string,
  send: (msg: ClientMessage) => void,
  camera: Promise<MediaStream | undefined> = Promise.resolve(undefined),
): Map<string, AnswerAhead> {
  const entries = ahead.get(appointmentId);
  ahead.delete(appointmentId);
  const released = new Map<string, AnswerAhead>();
  for (const entry of entries?.values() ?? []) {
    const { pc, from } = entry;
    const sdp = pc.localDescription?.sdp;
    if (!entry.ready || !sdp || pc.signalingState === "closed") {
      close(entry);
      continue;
    }
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) {
        send({ type: "ice", to: from, candidate: candidateToWire(candidate.toJSON()) });
      }
    };
    entry.priming?.stop.abort();
    send({ type: "answer", to: from, sdp });
    markStep("answer");
    for (const c of entry.candidates) {
      pc.addIceCandidate(candidateFromWire(c)).catch(() => {/* one bad candidate: others go on */});
    }
    released.set(from, {
      from,
      pc,
      offer: entry.offer,
      candidatesAdded: entry.candidates.map((c) => JSON.stringify(c)),
      stream: entry.stream,
    });
  }
  // The blank frame is out of the sender before the camera goes in (prime_encoder.ts).
  const primed = [...entries?.values() ?? []].map((e) => e.priming?.done);
  Promise.all([camera, ...primed]).then(([stream]) => {
    for (const { pc } of released.values()) sendCamera(pc, stream);
  });
  return released;
}

/**
 * Puts the tracks of `stream` on the answered transceivers of `pc` that carry nothing yet; what
 * the call's session finds there already is left as it is.
 */
function sendCamera(pc: RTCPeerConnection, stream: MediaStream | undefined): void {
  if (!stream || pc.signalingState === "closed") return;
  for (const track of stream.getTracks()) {
    idleTransceiver(pc, track.kind)?.sender.replaceTrack(track).catch(() => {/* closed */});
  }
}

/** Closes what was answered ahead for `appointmentId` (nobody waits any more, or no call came). */
export function dropAnswers(appointmentId: string): void {
  for (const entry of ahead.get(appointmentId)?.values() ?? []) close(entry);
  ahead.delete(appointmentId);
}
