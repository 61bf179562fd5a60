import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { CallController } from "../call_controller.ts";
import { CallStatusLine } from "./CallStatusLine.tsx";
import "./english_words.ts";

function stateOf(set: (c: CallController) => void): string {
  const call = new CallController({ role: "pro", wsUrl: "ws://127.0.0.1/ws", rtcConfig: {} });
  set(call);
  const html = renderToString(<CallStatusLine call={call} peerName="Maria" role="pro" />);
  return html.match(/data-state="([^"]+)"/)![1];
}

Deno.test("CallStatusLine: the firewall hint only when ICE gave up with the other person there", () => {
  assert.equal(
    stateOf((c) => {
      c.phase.value = "in_call";
      c.peer.value = "present";
      c.connection.gaveUp.value = true;
    }),
    "failed",
  );
  // They left: "Maria left", not "a firewall may be blocking the call".
  assert.equal(
    stateOf((c) => {
      c.phase.value = "waiting";
      c.peer.value = "left";
      c.connection.gaveUp.value = true;
    }),
    "peer-left",
  );
  assert.equal(
    stateOf((c) => {
      c.phase.value = "in_call";
      c.peer.value = "away";
      c.connection.gaveUp.value = true;
    }),
    "peer-away",
  );
  // Not there (yet, or any more) while waiting: never the hint.
  assert.equal(
    stateOf((c) => {
      c.phase.value = "waiting";
      c.peer.value = "absent";
      c.connection.gaveUp.value = true;
    }),
    "waiting",
  );
});
