/**
 * The transceiver an answering end's track of `kind` goes on: one the other side offered that
 * carries nothing yet and is not stopped (`skip`: ones kept for something else, such as screens).
 * Shared by the answers made ahead (answers_ahead.ts) and the peer sessions that take them over.
 */
export function idleTransceiver(
  pc: RTCPeerConnection,
  kind: string,
  skip: (t: RTCRtpTransceiver) => boolean = () => false,
): RTCRtpTransceiver | undefined {
  return pc.getTransceivers().find((t) =>
    t.receiver.track.kind === kind && !t.sender.track && t.currentDirection !== "stopped" &&
    !skip(t)
  );
}
