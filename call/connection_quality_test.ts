import assert from "node:assert/strict";
import {
  type ConnectionQuality,
  describeQuality,
  qualityFrom,
  selectedPair,
  type StatsEntry,
} from "./connection_quality.ts";
import "./ui/english_words.ts";

/**
 * A report shaped like Chromium's getStats() on a call of audio and video (fields and ids as
 * Chromium names them, trimmed to those that matter), `seconds` into the call, with `t` tweaks.
 */
function report(seconds: number, t: {
  rtt?: number;
  audioLost?: number;
  videoLost?: number;
  jitter?: number;
  fps?: number | null;
  framesDecoded?: number;
  selected?: boolean;
} = {}): Map<string, StatsEntry> {
  const ts = 1_733_000_000_000 + seconds * 1000;
  const entries: StatsEntry[] = [
    {
      id: "T01",
      type: "transport",
      timestamp: ts,
      dtlsState: "connected",
      ...(t.selected === false ? {} : { selectedCandidatePairId: "CPabc_def" }),
    },
    {
      id: "CPabc_def",
      type: "candidate-pair",
      timestamp: ts,
      transportId: "T01",
      state: t.selected === false ? "in-progress" : "succeeded",
      nominated: t.selected !== false,
      currentRoundTripTime: t.rtt ?? 0.042,
      bytesSent: 400_000 * seconds,
    },
    {
      id: "CPother",
      type: "candidate-pair",
      timestamp: ts,
      transportId: "T01",
      state: "failed",
      nominated: false,
      currentRoundTripTime: 9,
    },
    {
      id: "IT01A1234",
      type: "inbound-rtp",
      kind: "audio",
      timestamp: ts,
      ssrc: 1234,
      packetsReceived: 50 * seconds,
      packetsLost: t.audioLost ?? 0,
      bytesReceived: 4_000 * seconds,
      jitter: 0.004,
      audioLevel: 0.03,
    },
    {
      id: "IT01V5678",
      type: "inbound-rtp",
      kind: "video",
      timestamp: ts,
      ssrc: 5678,
      packetsReceived: 200 * seconds,
      packetsLost: t.videoLost ?? 0,
      bytesReceived: 250_000 * seconds,
      jitter: t.jitter ?? 0.012,
      framesDecoded: t.framesDecoded ?? 30 * seconds,
      ...(t.fps === null ? {} : { framesPerSecond: t.fps ?? 30 }),
    },
    {
      id: "OT01V91",
      type: "outbound-rtp",
      kind: "video",
      timestamp: ts,
      ssrc: 91,
      bytesSent: 300_000 * seconds,
    },
    {
      id: "OT01A92",
      type: "outbound-rtp",
      kind: "audio",
      timestamp: ts,
      ssrc: 92,
      bytesSent: 5_000 * seconds,
    },
  ];
  return new Map(entries.map((e) => [e.id, e]));
}

Deno.test("qualityFrom: one report alone is unknown, with the figures it carries", () => {
  const q = qualityFrom(null, report(10));
  assert.equal(q.level, "unknown");
  assert.equal(q.rttMs, 42);
  assert.equal(q.jitterMs, 12);
  assert.equal(q.fps, 30);
  assert.equal(q.lossPercent, null, "loss needs two reports");
  assert.equal(q.sendBps, null);
  assert.equal(q.receiveBps, null);
});

Deno.test("qualityFrom: a clean call between two reports is good, bitrates from the deltas", () => {
  const q = qualityFrom(report(10), report(12));
  assert.deepEqual(
    q,
    {
      level: "good",
      rttMs: 42,
      lossPercent: 0,
      jitterMs: 12,
      fps: 30,
      // (300,000 + 5,000) bytes a second, of every outbound stream.
      sendBps: 305_000 * 8,
      receiveBps: 254_000 * 8,
    } satisfies ConnectionQuality,
  );
});

Deno.test("qualityFrom: the selected pair's RTT counts, not a failed pair's", () => {
  const q = qualityFrom(report(10), report(12, { rtt: 0.35 }));
  assert.equal(q.rttMs, 350);
  assert.equal(q.level, "fair");
  assert.equal(qualityFrom(report(10), report(12, { rtt: 0.8 })).level, "poor");
  assert.equal(selectedPair(report(1))?.id, "CPabc_def");
});

Deno.test("qualityFrom: loss is the lost share of packets since the previous report", () => {
  // 2 s: 100 audio + 400 video packets received; 25 lost of 525 expected ≈ 4.8 %.
  const q = qualityFrom(report(10, { videoLost: 100 }), report(12, { videoLost: 125 }));
  assert.ok(Math.abs(q.lossPercent! - (25 / 525) * 100) < 1e-9);
  assert.equal(q.level, "fair");
  // Loss long ago (the counter is cumulative) does not count now.
  assert.equal(
    qualityFrom(report(10, { videoLost: 900 }), report(12, { videoLost: 900 })).level,
    "good",
  );
  // A lot of it now is poor.
  assert.equal(qualityFrom(report(10), report(12, { audioLost: 60, videoLost: 40 })).level, "poor");
});

Deno.test("qualityFrom: jitter and a low frame rate make it worse", () => {
  assert.equal(qualityFrom(report(10), report(12, { jitter: 0.05 })).level, "fair");
  assert.equal(qualityFrom(report(10), report(12, { jitter: 0.2 })).level, "poor");
  assert.equal(qualityFrom(report(10), report(12, { fps: 10 })).level, "fair");
  assert.equal(qualityFrom(report(10), report(12, { fps: 2 })).level, "poor");
});

Deno.test("qualityFrom: a camera turned off is not a poor frame rate", () => {
  const q = qualityFrom(report(10), report(12, { fps: 1 }), { videoExpected: false });
  assert.equal(q.fps, 1);
  assert.equal(q.level, "good");
});

Deno.test("qualityFrom: without framesPerSecond, frames decoded over time", () => {
  const q = qualityFrom(
    report(10, { fps: null, framesDecoded: 100 }),
    report(12, { fps: null, framesDecoded: 124 }),
  );
  assert.equal(q.fps, 12);
  assert.equal(q.level, "fair");
  // Frozen video: nothing decoded.
  const frozen = qualityFrom(
    report(10, { fps: null, framesDecoded: 100 }),
    report(12, { fps: null, framesDecoded: 100 }),
  );
  assert.equal(frozen.fps, 0);
  assert.equal(frozen.level, "poor");
});

Deno.test("qualityFrom: no selected candidate pair (not connected yet) is unknown", () => {
  const q = qualityFrom(report(10, { selected: false }), report(12, { selected: false }));
  assert.equal(q.level, "unknown");
  assert.equal(q.rttMs, null);
});

Deno.test("qualityFrom: an audio-only call has no frame rate and can be good", () => {
  const audioOnly = (s: number) => {
    const r = report(s);
    r.delete("IT01V5678");
    r.delete("OT01V91");
    return r;
  };
  const q = qualityFrom(audioOnly(10), audioOnly(12));
  assert.equal(q.fps, null);
  assert.equal(q.level, "good");
});

Deno.test("describeQuality: the figures in words", () => {
  const text = describeQuality(qualityFrom(report(10), report(12)));
  assert.equal(
    text,
    "Good connection: round trip 42 ms, packet loss 0.0%, jitter 12 ms, 30 frames per second, " +
      "receiving 2.0 Mbit/s, sending 2.4 Mbit/s",
  );
  assert.equal(
    describeQuality({
      level: "unknown",
      rttMs: null,
      lossPercent: null,
      jitterMs: null,
      fps: null,
      sendBps: null,
      receiveBps: null,
    }),
    "Connection quality not known yet",
  );
});
