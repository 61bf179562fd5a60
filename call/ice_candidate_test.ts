import assert from "node:assert/strict";
import { parseClientMessage } from "../signaling/protocol.ts";
import { candidateFromWire, candidateToWire } from "./ice_candidate.ts";
import "./ui/english_words.ts";

const init: RTCIceCandidateInit = {
  candidate: "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host",
  sdpMid: "0",
  sdpMLineIndex: 0,
  usernameFragment: "abcd",
};

Deno.test("candidateToWire: a full candidate passes the protocol's schema unchanged", () => {
  const wire = candidateToWire(init);
  assert.deepEqual(wire, init);
  const parsed = parseClientMessage(JSON.stringify({ type: "ice", to: "pro", candidate: wire }));
  assert.ok(parsed.ok);
});

Deno.test("candidateToWire: missing fields become null, and back to absent", () => {
  const wire = candidateToWire({ candidate: init.candidate });
  assert.deepEqual(wire, {
    candidate: init.candidate,
    sdpMid: null,
    sdpMLineIndex: null,
    usernameFragment: null,
  });
  assert.ok(parseClientMessage(JSON.stringify({ type: "ice", to: "pro", candidate: wire })).ok);
  assert.deepEqual(candidateFromWire(wire), {
    candidate: init.candidate,
    sdpMid: undefined,
    sdpMLineIndex: undefined,
    usernameFragment: undefined,
  });
});

Deno.test("candidateFromWire: index 0 and an empty mid are kept", () => {
  const back = candidateFromWire({ candidate: "", sdpMid: "", sdpMLineIndex: 0 });
  assert.equal(back.sdpMLineIndex, 0);
  assert.equal(back.sdpMid, "");
});
