/** ICE candidates between the browser's RTCIceCandidateInit and the protocol's `ice` message. */
import type { IceCandidate } from "../signaling/protocol.ts";

/** A local candidate (`RTCIceCandidate.toJSON()`) as the protocol carries it: no undefined fields. */
export function candidateToWire(c: RTCIceCandidateInit): IceCandidate {
  return {
    candidate: c.candidate ?? "",
    sdpMid: c.sdpMid ?? null,
    sdpMLineIndex: c.sdpMLineIndex ?? null,
    usernameFragment: c.usernameFragment ?? null,
  };
}

/** A remote candidate from the protocol, for `addIceCandidate` (nulls become absent). */
export function candidateFromWire(c: IceCandidate): RTCIceCandidateInit {
  return {
    candidate: c.candidate,
    sdpMid: c.sdpMid ?? undefined,
    sdpMLineIndex: c.sdpMLineIndex ?? undefined,
    usernameFragment: c.usernameFragment ?? undefined,
  };
}
