import assert from "node:assert/strict";
import {
  DEFAULT_BITRATE_LIMITS,
  HALF_SIZE_BELOW_BPS,
  sameEncoding,
  sendEncoding,
  START_SCALE,
  startingEncoding,
  videoBitrateFor,
  videoEncodingFor,
  withEncoding,
} from "./sender_bitrate.ts";
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

Deno.test("videoEncodingFor: full size for one or two peers, half the width and height for three", () => {
  assert.deepEqual(videoEncodingFor(1), { maxBitrate: 2_500_000, scaleResolutionDownBy: 1 });
  assert.deepEqual(videoEncodingFor(2), { maxBitrate: 1_500_000, scaleResolutionDownBy: 1 });
  assert.deepEqual(videoEncodingFor(3), { maxBitrate: 1_000_000, scaleResolutionDownBy: 2 });
  const limits = { budget: 10_000_000, floor: 300_000, ceiling: 2_500_000 };
  assert.equal(videoEncodingFor(3, limits).scaleResolutionDownBy, 1, "a bigger upload: full size");
  const justBelow = { budget: HALF_SIZE_BELOW_BPS - 1, floor: 1, ceiling: 10_000_000 };
  assert.equal(videoEncodingFor(1, justBelow).scaleResolutionDownBy, 2);
});

Deno.test("startingEncoding: a quarter of the width and height at least, the bitrate as given", () => {
  assert.equal(START_SCALE, 4);
  assert.deepEqual(startingEncoding(videoEncodingFor(1)), {
    maxBitrate: 2_500_000,
    scaleResolutionDownBy: 4,
  });
  assert.deepEqual(startingEncoding(undefined), { scaleResolutionDownBy: 4 });
  const tiny = { maxBitrate: 100_000, scaleResolutionDownBy: 8 };
  assert.deepEqual(startingEncoding(tiny), tiny, "already smaller: kept");
});

Deno.test("withEncoding: sets the first encoding and keeps the rest as they were", () => {
  const before = params([{ active: true, maxBitrate: 100 }, { active: false, rid: "h" }]);
  const after = withEncoding(before, { maxBitrate: 1_000_000, scaleResolutionDownBy: 2 })!;
  assert.equal(after.transactionId, "t1");
  assert.deepEqual(after.encodings, [
    { active: true, maxBitrate: 1_000_000, scaleResolutionDownBy: 2 },
    { active: false, rid: "h" },
  ]);
  assert.equal(before.encodings[0].maxBitrate, 100, "the input is not changed");
});

Deno.test("withEncoding: undefined lifts the cap at full size; no encoding yet gives null", () => {
  const before = params([{ active: true, maxBitrate: 5, scaleResolutionDownBy: 2 }]);
  const lifted = withEncoding(before, undefined)!;
  assert.equal("maxBitrate" in lifted.encodings[0], false);
  assert.equal(lifted.encodings[0].scaleResolutionDownBy, 1);
  assert.equal(withEncoding(params([]), { maxBitrate: 1_000, scaleResolutionDownBy: 1 }), null);
});

Deno.test("sameEncoding: a missing scale is full size; undefined is no cap at full size", () => {
  assert.ok(sameEncoding({ maxBitrate: 5, scaleResolutionDownBy: 1 }, { maxBitrate: 5 } as never));
  assert.ok(sameEncoding(undefined, { scaleResolutionDownBy: 1 }));
  assert.ok(!sameEncoding(undefined, { maxBitrate: 5, scaleResolutionDownBy: 1 }));
  assert.ok(!sameEncoding({ maxBitrate: 5, scaleResolutionDownBy: 2 }, videoEncodingFor(3)));
});

Deno.test("sendEncoding: a new sender's encoding, no cap when undefined", () => {
  assert.deepEqual(sendEncoding({ maxBitrate: 1_000_000, scaleResolutionDownBy: 2 }), {
    maxBitrate: 1_000_000,
    scaleResolutionDownBy: 2,
  });
  assert.deepEqual(sendEncoding(undefined), { scaleResolutionDownBy: 1 });
});
