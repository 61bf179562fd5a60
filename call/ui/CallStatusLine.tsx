import type { CallController } from "../call_controller.ts";
import { CallTimer } from "./CallTimer.tsx";
import { w } from "./words.ts";

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
    text = w("status.peerLeft", { name: props.peerName });
  } else if (peer === "away") {
    state = "peer-away";
    text = w("status.peerAway", { name: props.peerName });
  } else if (c.connection.gaveUp.value && peer === "present" && phase !== "waiting") {
    state = "failed";
    text = w("status.failed");
  } else if (c.reconnecting.value) {
    state = "reconnecting";
    text = w("status.reconnecting");
  } else if (phase === "in_call") {
    state = "connected";
    text = w("status.connected");
  } else if (phase === "connecting") {
    state = "connecting";
    text = w("status.connecting", { name: props.peerName });
  } else {
    state = "waiting";
    text = w(props.role === "client" ? "status.waitingRoom" : "status.waiting");
  }
  const started = c.startedAt.value;
  return (
    <p class={`call-status state-${state}`} role="status" data-state={state}>
      <span data-testid="connection-state">{text}</span>
      {started !== null && phase === "in_call" && <CallTimer since={started} />}
    </p>
  );
}
