import assert from "node:assert/strict";
import {
  type ConnectionQuality,
  describeQuality,
  pollQuality,
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
  /** availableOutgoingBitrate, bits per second. */
  estimate?: number;
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
      ...(t.estimate === undefined ? {} : { availableOutgoingBitrate: t.estimate }),
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
      sendEstimateBps: null,
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

Deno.test("qualityFrom: two fair figures together are poor (late and patchy)", () => {
  // The network lab's poor link: 300 ms round trip and 5 % loss each way.
  const lateAndPatchy = qualityFrom(report(10), report(12, { rtt: 0.304, videoLost: 21 }));
  assert.ok(lateAndPatchy.lossPercent! > 3 && lateAndPatchy.rttMs! > 300, "each alone is fair");
  assert.equal(lateAndPatchy.level, "poor");
  assert.equal(qualityFrom(report(10), report(12, { rtt: 0.304 })).level, "fair");
  assert.equal(qualityFrom(report(10), report(12, { videoLost: 21 })).level, "fair");
  assert.equal(qualityFrom(report(10), report(12, { rtt: 0.304, jitter: 0.05 })).level, "poor");
});

Deno.test("qualityFrom: the sender's bandwidth estimate from the selected pair", () => {
  assert.equal(
    qualityFrom(report(10), report(12, { estimate: 640_123.4 })).sendEstimateBps,
    640_123,
  );
  assert.equal(qualityFrom(null, report(12, { estimate: 640_000 })).sendEstimateBps, 640_000);
  assert.equal(qualityFrom(report(10), report(12)).sendEstimateBps, null, "Firefox has none");
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
      sendEstimateBps: null,
    }),
    "Connection quality not known yet",
  );
});

/**
 * The levels pollQuality reports for `reports` read in turn (2 s of call apart), polling every
 * 5 ms and comparing over `windowMs`. The connection is a stand-in that only serves the reports:
 * what is under test is which report each one is compared with.
 */
async function polledLevels(reports: Map<string, StatsEntry>[], windowMs: number) {
  let i = 0;
  const pc = {
    connectionState: "connected",
    getStats: () => Promise.resolve(reports[Math.min(i++, reports.length - 1)]),
  } as unknown as RTCPeerConnection;
  const levels: string[] = [];
  await new Promise<void>((done) => {
    const stop = pollQuality(pc, (q) => {
      levels.push(q.level);
      if (levels.length === reports.length) {
        stop();
        done();
      }
    }, { everyMs: 5, windowMs });
  });
  return levels;
}

Deno.test("pollQuality: loss is read over the window, so one bad poll is not the whole picture", async () => {
  // 30 packets lost between the third and fourth report (2 s: 500 received), none otherwise.
  const blip = [0, 2, 4, 6, 8].map((s) => report(s, { videoLost: s >= 6 ? 30 : 0 }));
  // Compared with the report just before (no window): 30 of 530 ≈ 5.7 % is fair, then good.
  assert.deepEqual(await polledLevels(blip, 0), ["unknown", "good", "good", "fair", "good"]);
  // Over a window holding all five reports: 30 of 1,530 ≈ 2 %, good throughout.
  assert.deepEqual(await polledLevels(blip, 60_000), ["unknown", "good", "good", "good", "good"]);
  // 80 lost at once: poor for one poll without a window; over the window 80 of 1,580 ≈ 5 % is
  // fair, and still fair a poll later (80 of 2,080 ≈ 3.8 %).
  const burst = [0, 2, 4, 6, 8].map((s) => report(s, { videoLost: s >= 6 ? 80 : 0 }));
  assert.deepEqual(await polledLevels(burst, 0), ["unknown", "good", "good", "poor", "good"]);
  assert.deepEqual(await polledLevels(burst, 60_000), ["unknown", "good", "good", "fair", "fair"]);
});

Deno.test("pollQuality: a report from before the media started is not what loss is read against", async () => {
  const beforeMedia = new Map([...report(0)].filter(([, e]) => !e.type.endsWith("-rtp")));
  const levels = await polledLevels([beforeMedia, report(2), report(4, { videoLost: 30 })], 60_000);
  // The third compares with the second (30 of 530 lost, fair), not with the first (nothing).
  assert.deepEqual(levels, ["unknown", "good", "fair"]);
});
