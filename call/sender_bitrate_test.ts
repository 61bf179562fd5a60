import assert from "node:assert/strict";
import { DEFAULT_BITRATE_LIMITS, videoBitrateFor, withMaxBitrate } from "./sender_bitrate.ts";
import "./ui/english_words.ts";

Deno.test("videoBitrateFor: the budget shared among peers, within floor and ceiling", () => {
  const limits = { budget: 3_000_000, floor: 300_000, ceiling: 2_500_000 };
  assert.equal(videoBitrateFor(1, limits), 2_500_000, "one peer: the ceiling");
  assert.equal(videoBitrateFor(2, limits), 1_500_000);
  assert.equal(videoBitrateFor(3, limits), 1_000_000, "a call of four");
  assert.equal(videoBitrateFor(20, limits), 300_000, "many peers: the floor");
});

Deno.test("videoBitrateFor: no peers or a fraction counts as one; defaults apply", () => {
  assert.equal(videoBitrateFor(0), DEFAULT_BITRATE_LIMITS.ceiling);
  assert.equal(videoBitrateFor(-3), DEFAULT_BITRATE_LIMITS.ceiling);
  assert.equal(videoBitrateFor(2.7), videoBitrateFor(2));
  assert.equal(videoBitrateFor(3), 1_000_000);
});

Deno.test("videoBitrateFor: never more than the ceiling, never less than the floor", () => {
  const limits = { budget: 1_000_000, floor: 400_000, ceiling: 800_000 };
  for (let peers = 1; peers <= 8; peers++) {
    const bps = videoBitrateFor(peers, limits);
    assert.ok(bps >= limits.floor && bps <= limits.ceiling, `${peers}: ${bps}`);
    assert.ok(bps <= videoBitrateFor(peers - 1 || 1, limits), "more peers, no more each");
  }
});

const params = (encodings: RTCRtpEncodingParameters[]) =>
  ({
    transactionId: "t1",
    encodings,
    codecs: [],
    headerExtensions: [],
    rtcp: {},
  }) as RTCRtpSendParameters;

Deno.test("withMaxBitrate: caps the first encoding and keeps the rest as they were", () => {
  const before = params([{ active: true, maxBitrate: 100 }, { active: false, rid: "h" }]);
  const after = withMaxBitrate(before, 1_000_000)!;
  assert.equal(after.transactionId, "t1");
  assert.deepEqual(after.encodings, [{ active: true, maxBitrate: 1_000_000 }, {
    active: false,
    rid: "h",
  }]);
  assert.equal(before.encodings[0].maxBitrate, 100, "the input is not changed");
});

Deno.test("withMaxBitrate: undefined lifts the cap; no encoding yet gives null", () => {
  const lifted = withMaxBitrate(params([{ active: true, maxBitrate: 5 }]), undefined)!;
  assert.equal("maxBitrate" in lifted.encodings[0], false);
  assert.equal(withMaxBitrate(params([]), 1_000), null);
});
