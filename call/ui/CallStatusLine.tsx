import type { CallController } from "../call_controller.ts";
import { CallTimer } from "./CallTimer.tsx";

/**
 * Connection state in words (connecting, connected, reconnecting, failed; the other side away or
 * gone) and the timer.
 */
export function CallStatusLine(
  props: { call: CallController; peerName: string; role: "client" | "pro" },
) {
  const c = props.call;
  const phase = c.phase.value;
  let state: string;
  let text: string;
  const peer = c.peer.value;
  if (peer === "left" && (phase === "waiting" || phase === "connecting")) {
    state = "peer-left";
    text = `${props.peerName} left`;
  } else if (peer === "away") {
    state = "peer-away";
    text = `${props.peerName} is reconnecting…`;
  } else if (c.connection.gaveUp.value && peer === "present" && phase !== "waiting") {
    state = "failed";
    text = "Could not connect. A firewall or VPN may be blocking the call; try another network " +
      "(for example your phone's), or ask the operator to set up a TURN server.";
  } else if (c.reconnecting.value) {
    state = "reconnecting";
    text = "Reconnecting…";
  } else if (phase === "in_call") {
    state = "connected";
    text = "Connected";
  } else if (phase === "connecting") {
    state = "connecting";
    text = `Connecting to ${props.peerName}…`;
  } else {
    state = "waiting";
    text = props.role === "client" ? "In the waiting room" : "Waiting";
  }
  const started = c.startedAt.value;
  return (
    <p class={`call-status state-${state}`} role="status" data-state={state}>
      <span data-testid="connection-state">{text}</span>
      {started !== null && phase === "in_call" && <CallTimer since={started} />}
    </p>
  );
}
