import type { CallController } from "../call_controller.ts";
import { w } from "./words.ts";

/**
 * What the stage says while the person the call is about is not in it: not there yet (the
 * waiting room), knocking, or left (they may come back). The whole stage when nobody else is
 * in; a banner above the others' tiles otherwise (`banner`). The professional's note to someone
 * waiting ("Running five minutes late") shows under it, in a live region there from the start
 * so screen readers announce it when it arrives.
 */
export function WaitingPanel(
  props: { call: CallController; peerName: string; side: "client" | "pro"; banner?: boolean },
) {
  const c = props.call;
  const peer = c.peer.value;
  // An instant call has no client name: whoever comes knocks.
  const unnamed = props.peerName.trim() === "";
  const name = unnamed ? w(props.side === "pro" ? "theClient" : "theProfessional") : props.peerName;
  const text = unnamed && props.side === "pro" && peer !== "left"
    ? w("waiting.others")
    : peer === "left"
    ? w(props.side === "client" ? "waiting.leftClient" : "waiting.leftPro", { name })
    : c.knocking.value
    ? w("waiting.knocked", { name })
    : w(props.side === "client" ? "waiting.letYouIn" : "waiting.forPeer", { name });
  return (
    <div
      class={props.banner ? "stage-notice waiting-banner" : "waiting-room"}
      data-testid="waiting-room"
      data-peer={peer}
      data-knocking={c.knocking.value ? "1" : undefined}
    >
      <p class="lead">{text}</p>
      <p class="waiting-note" role="status" data-testid="waiting-note">
        {c.note.value && props.side !== "pro" && peer !== "present" && (
          w("waiting.note", { name, note: c.note.value })
        )}
      </p>
    </div>
  );
}
