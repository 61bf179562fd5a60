/**
 * Browser code for tests: two RTCPeerConnections in one page, connected by handing each one's
 * descriptions and candidates straight to the other (no signaling server), the floor the call's
 * modules can be tested on without the call flow. `a` offers; `b` answers.
 */

/** Options of {@linkcode connectPair}. */
export interface PairOptions {
  /** Sends a fake camera and microphone from `a` (and from `b` with `both`). */
  media?: "none" | "a" | "both";
  /** Runs on each connection before the offer (e.g. to open data channels on `a`). */
  beforeOffer?(a: RTCPeerConnection, b: RTCPeerConnection): void;
  /** Runs on `b` once it holds `a`'s offer, before it answers (how the answering end opens channels). */
  beforeAnswer?(b: RTCPeerConnection): void;
}

/** Two connected peer connections; resolves once both are "connected". */
export async function connectPair(opts: PairOptions = {}) {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = ({ candidate }) => candidate && b.addIceCandidate(candidate);
  b.onicecandidate = ({ candidate }) => candidate && a.addIceCandidate(candidate);
  const senders = opts.media === "both" ? [a, b] : opts.media === "a" ? [a] : [];
  for (const pc of senders) {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
  }
  opts.beforeOffer?.(a, b);
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  opts.beforeAnswer?.(b);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  await Promise.all([a, b].map(connected));
  return { a, b };
}

const connected = (pc: RTCPeerConnection) =>
  new Promise<void>((resolve, reject) => {
    const check = () => {
      if (pc.connectionState === "connected") resolve();
      if (pc.connectionState === "failed") reject(new Error("connection failed"));
    };
    pc.addEventListener("connectionstatechange", check);
    check();
  });
