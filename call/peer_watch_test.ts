import assert from "node:assert/strict";
import { PeerWatch } from "./peer_watch.ts";
import "./ui/english_words.ts";

/** A connection with no stats and a state the test sets. */
function fakePc(state: RTCPeerConnectionState) {
  return { connectionState: state, getStats: () => Promise.resolve(new Map()) } as unknown as
    & RTCPeerConnection
    & { connectionState: RTCPeerConnectionState };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

Deno.test("PeerWatch: quality per participant, failing connections, and forgetting the gone", async () => {
  const client = fakePc("connected");
  const guest = fakePc("failed");
  let peers: [string, RTCPeerConnection][] = [["client", client], ["guest:m", guest]];
  const watch = new PeerWatch(() => peers);
  watch.start();
  try {
    await tick();
    assert.deepEqual(Object.keys(watch.quality.value).sort(), ["client", "guest:m"]);
    // One report so far: the level is not known yet.
    assert.equal(watch.quality.value.client.level, "unknown");
    assert.deepEqual(watch.failing.value, { "guest:m": true });
    assert.equal(watch.speaker.value, null);

    // The guest left; a new connection with the client replaces the old one.
    const again = fakePc("connected");
    peers = [["client", again]];
    await new Promise((r) => setTimeout(r, 1_100));
    assert.deepEqual(watch.failing.value, {});
    assert.deepEqual(Object.keys(watch.quality.value), ["client"]);
  } finally {
    watch.stop();
  }
});
